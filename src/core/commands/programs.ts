// Built-in knowledge of programs that are dangerous through their flags, even when a rule allows them.
import type { Concern, Part } from './parts';
import { baseName, DOWNLOADERS, INTERPRETERS, SHELLS } from './parts';
import type { Word } from './words';
import { sedScriptIsDangerous } from './sed-script';
import { innerCommands, RUNS_OTHERS } from './wrappers';
import { gitConcerns } from './git-checks';
import { systemConcerns } from './system-checks';
import { configConcerns } from './config-checks';

const risky = (reason: string): Concern => ({ level: 'risky', reason });
const critical = (reason: string): Concern => ({ level: 'critical', reason });
const confined = (reason: string): Concern => ({ level: 'confined', reason });

/** Programs that destroy or give away what they are run on: `find -exec` or `xargs` with one of these asks even in the sandbox. */
const PER_FILE_DESTRUCTIVE = new Set(['rm', 'rmdir', 'unlink', 'shred', 'truncate', 'mv', 'dd', 'chmod', 'chown', 'chgrp', 'ln', 'tee', 'kill', 'pkill', 'killall', 'curl', 'wget', 'nc', 'scp', 'rsync', 'sudo', 'doas', 'su']);

/** What `find -exec PROGRAM` / `xargs PROGRAM` runs on every file: confined by the sandbox unless it destroys or sends. */
function perFile(what: string, program: string | null | undefined): Concern {
  // `xargs -I{} {} …` runs whatever its input names.
  const name = program && !program.includes('{}') ? baseName(program) : null;
  if (name && !PER_FILE_DESTRUCTIVE.has(name) && !SHELLS.has(name)) return confined(`${what} runs ${name} on every file it is given`);
  return risky(`${what} runs ${name ?? 'a program only known at run time'} on every file it is given`);
}

const vals = (ws: Word[]): (string | null)[] => ws.map((w) => w.value);
/** A short-option bundle (`-rf`, `-fu`) containing the letter. */
const shortHas = (a: string | null, letter: string): boolean => !!a && /^-[A-Za-z0-9]+$/.test(a) && a.slice(1).includes(letter);

const INLINE_CODE: Record<string, string[]> = {
  python: ['-c'], python2: ['-c'], python3: ['-c'], perl: ['-e', '-E'], ruby: ['-e'], node: ['-e', '-p', '--eval', '--print'],
  nodejs: ['-e', '-p', '--eval', '--print'], php: ['-r'], lua: ['-e'], bun: ['-e', '--eval'], deno: ['eval'],
  osascript: ['-e'], pwsh: ['-c', '-command', '-encodedcommand', '-ec', '-e'], powershell: ['-c', '-command', '-encodedcommand', '-ec', '-e'], Rscript: ['-e'], R: ['-e'],
  julia: ['-e', '-E', '--eval', '--print'], groovy: ['-e'], scala: ['-e'], elixir: ['-e'], erl: ['-eval'], ghc: ['-e'], racket: ['-e'], guile: ['-c'],
  vim: ['-c', '--cmd', '-S'], nvim: ['-c', '--cmd', '-S'], vi: ['-c', '--cmd', '-S'], ex: ['-c', '--cmd', '-S'], view: ['-c', '--cmd', '-S'],
  emacs: ['--eval', '-l', '--load', '-f', '--funcall', '--script'],
};
/** A script named like this is the program's own input. */
const STDIN_PATHS = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);
/** Editors that also run `+command` arguments. */
const PLUS_COMMANDS = new Set(['vim', 'nvim', 'vi', 'ex', 'view']);

const AS_OTHER_USER = new Set(['sudo', 'sudoedit', 'doas', 'su', 'pkexec', 'run0', 'runuser', 'machinectl']);

/** Concerns from the program and its flags. Path-based checks (rm, writes, secrets) live in path-checks. */
export function programConcerns(part: Part): Concern[] {
  const nameValue = part.words[0]?.value;
  if (!nameValue) return [];
  const name = baseName(nameValue);
  const args = part.words.slice(1);
  const a = vals(args);
  const out: Concern[] = [];

  if (AS_OTHER_USER.has(name)) out.push(critical(`${name} runs commands as another user`));
  if (RUNS_OTHERS.has(name)) out.push(risky(`${name} runs other commands the rules may not see`));

  switch (name) {
    case 'env':
      if (!innerCommands(part.words)[0]?.words?.length) out.push(risky('env prints the environment, which can hold secrets'));
      break;
    case 'printenv':
      out.push(risky('printenv prints the environment, which can hold secrets'));
      break;
    case 'set':
    case 'export':
    case 'declare':
    case 'typeset':
    case 'readonly':
    case 'local':
    case 'compgen': {
      // Without a name, these print every variable (`declare -x` lists the environment).
      const names = a.filter((x) => x === null || !/^[-+]/.test(x));
      // `set -e` sets options; only a bare `set` prints variables.
      if ((name === 'set' ? a.length === 0 : names.length === 0 && part.assignments.length === 0) || a.some((x) => x === '-p' || (name === 'compgen' && (x === '-v' || x === '-e')))) out.push(risky(`${name} can print variables, which can hold secrets`));
      break;
    }
    case 'alias':
      // With `shopt -s expand_aliases` an alias makes a later, harmless-looking name run the alias text.
      if (a.some((x) => x === null || x.includes('='))) out.push(risky('alias makes a later command name run other text'));
      break;
    case 'hash':
      // `hash -p PATH NAME` makes NAME run PATH from then on.
      if (a.some((x) => x === null || shortHas(x, 'p'))) out.push(risky('hash -p makes a later command name run another program'));
      break;
    case 'enable':
      if (a.some((x) => x === null || shortHas(x, 'f'))) out.push(risky('enable -f loads a builtin from a shared library'));
      break;
    case 'shopt':
      if (a.includes('expand_aliases') || a.some((x) => x === null)) out.push(risky('shopt changes how later words are read'));
      break;
    case 'eval':
    case 'trap':
      out.push(risky(`${name} runs text as a command`));
      break;
    case 'source':
    case '.':
      if (args.some((w) => w.procSubst || w.substNames.some((n) => DOWNLOADERS.has(n)))) out.push(critical(`${name} runs downloaded or generated code`));
      else if (a.some((x) => x !== null && STDIN_PATHS.has(x))) {
        out.push(part.upstream.some((u) => DOWNLOADERS.has(u)) ? critical(`pipes a download into ${name}`) : risky(`${name} runs its input, which the rules cannot read`));
      }
      break;
    case 'jq':
    case 'gojq':
    case 'jaq':
      if (a.some((x) => x === null || /\$ENV|(^|[^.\w$])env\b/.test(x))) out.push(risky(`${name} env prints the environment, which can hold secrets`));
      break;
    case 'ps':
      // BSD-style `ps e`, `ps auxe`, `ps eww` print every process's environment.
      if (a.some((x) => x === null || (/^[A-Za-z]+$/.test(x) && x.includes('e')) || x === '-E')) out.push(risky('ps e prints the environment of processes'));
      break;
    case 'xargs':
      out.push(perFile('xargs', innerCommands(part.words)[0]?.words?.[0]?.value));
      break;
    case 'find':
      for (let i = 0; i < a.length; i++) {
        const x = a[i];
        if (x && /^-(exec|execdir|ok|okdir)$/.test(x)) out.push(perFile(`find ${x}`, a[i + 1]));
        if (x === '-delete') out.push(risky('find -delete removes every match'));
        // The file it writes is judged like any written path (write-targets.ts).
        if (x && /^-(fprint|fprint0|fprintf|fls)$/.test(x)) out.push(confined(`find ${x} writes a file`));
      }
      break;
    case 'sed':
    case 'gsed':
      out.push(...sedConcerns(args));
      break;
    case 'awk':
    case 'gawk':
    case 'mawk':
    case 'nawk':
      out.push(...awkConcerns(args));
      break;
    case 'rg':
      if (a.some((x) => x === '--pre' || (x ?? '').startsWith('--pre='))) out.push(risky('rg --pre runs a program on every file'));
      break;
    case 'tar':
    case 'bsdtar':
      if (a.some((x) => x !== null && (/^--(to-command|checkpoint-action|use-compress-program|info-script|new-volume-script|rsh-command)/.test(x) || x === '-I' || x === '-F'))) out.push(risky('tar option runs a program'));
      break;
    case 'rsync':
      if (a.some((x) => x !== null && (x === '-e' || /^--(rsh|rsync-path)/.test(x)))) out.push(risky('rsync option runs a program'));
      break;
    case 'chmod':
    case 'chown':
    case 'chgrp':
      if (a.some((x) => shortHas(x, 'R') || x === '--recursive')) out.push(critical(`${name} -R changes permissions of a whole tree`));
      break;
    case 'git':
      out.push(...gitConcerns(args));
      break;
  }

  if (INTERPRETERS.has(name)) out.push(...interpreterConcerns(name, part, args));
  out.push(...systemConcerns(name, args), ...configConcerns(name, a));
  return out;
}

function sedConcerns(args: Word[]): Concern[] {
  const out: Concern[] = [];
  const scripts: string[] = [];
  let positional: string | null | undefined;
  for (let i = 0; i < args.length; i++) {
    const x = args[i].value;
    if (x === null) continue;
    // The files it edits are judged like any written path (write-targets.ts); the sandbox confines the rest.
    if (x === '-i' || x.startsWith('--in-place') || (/^-[A-Za-z]+/.test(x) && !x.startsWith('--') && /^-[nrEsuz]*i/.test(x))) out.push(confined('sed -i edits files in place'));
    else if (x === '-e' || x === '--expression') scripts.push(args[++i]?.value ?? '\0');
    else if (x.startsWith('--expression=')) scripts.push(x.slice(13));
    else if (x === '-f' || x.startsWith('--file')) out.push(risky('sed -f runs a script file the rules cannot read'));
    else if (!x.startsWith('-') && positional === undefined) positional = x;
  }
  if (!scripts.length && positional) scripts.push(positional);
  if (scripts.some((s) => sedScriptIsDangerous(s))) out.push(risky('sed script writes files, reads files or runs commands (w/r/e)'));
  return out;
}

function awkConcerns(args: Word[]): Concern[] {
  const a = vals(args);
  if (a.some((x) => x === '-f' || (x ?? '').startsWith('--file') || x === '-E' || x === '--exec')) return [risky('awk runs a script file the rules cannot read')];
  let script: string | null | undefined;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (x === '-F' || x === '-v') { i++; continue; }
    if (x !== null && x.startsWith('-')) continue;
    script = x;
    break;
  }
  if (script === null) return [risky('awk program only known at run time')];
  if (script && /system|getline|ENVIRON|PROCINFO|@load|@include|\||>/.test(script)) return [risky('awk program can run commands, write files or read the environment')];
  return [];
}

function interpreterConcerns(name: string, part: Part, args: Word[]): Concern[] {
  const out: Concern[] = [];
  const a = vals(args);
  const downloaded = args.some((w) => w.substNames.some((n) => DOWNLOADERS.has(n)));
  if (downloaded) out.push(critical(`${name} runs code fetched from the network`));
  else if (args.some((w) => w.procSubst)) out.push(risky(`${name} runs code produced by another command`));
  const inline = INLINE_CODE[name.replace(/[0-9.]+$/, '') in INLINE_CODE ? name.replace(/[0-9.]+$/, '') : name];
  const lower = name === 'pwsh' || name === 'powershell' ? a.map((x) => x?.toLowerCase() ?? null) : a;
  // A one-letter flag counts anywhere in a bundle (`perl -we`, `python3 -Bc`), glued to its code
  // (`-cprint(1)`) too; a long one also with `=` (`--eval=…`). PowerShell has no bundles.
  const bundles = name !== 'pwsh' && name !== 'powershell';
  const inlineFlag = (x: string, f: string) =>
    x === f || (f.startsWith('--') ? x.startsWith(f + '=') : x.startsWith(f) && !x.startsWith('--')) || (bundles && f.length === 2 && /^-[A-Za-z0-9]+$/.test(x) && x.includes(f[1]));
  if ((inline && lower.some((x) => x !== null && inline.some((f) => inlineFlag(x, f)))) || (PLUS_COMMANDS.has(name) && a.some((x) => x !== null && x.length > 1 && x.startsWith('+')))) {
    out.push(risky(`${name} runs inline code the rules cannot read`));
  }
  const readsStdin = a.some((x) => x !== null && STDIN_PATHS.has(x)) || (SHELLS.has(name) && a.some((x) => shortHas(x, 's')));
  const hasScript = !readsStdin && (a.some((x) => x === null || !x.startsWith('-')) || (SHELLS.has(name) && a.some((x) => shortHas(x, 'c'))));
  if (part.stdin && !hasScript) {
    if (part.upstream.some((u) => DOWNLOADERS.has(u))) out.push(critical(`pipes a download into ${name}`));
    else out.push(risky(`${name} runs a script from its input, which the rules cannot read`));
  }
  return out;
}
