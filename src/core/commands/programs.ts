// Built-in knowledge of programs that are dangerous through their flags, even when a rule allows them.
import type { Concern, Part } from './parts';
import { baseName, DOWNLOADERS, INTERPRETERS, SHELLS } from './parts';
import type { Word } from './words';
import { sedScriptIsDangerous } from './sed-script';
import { innerCommands } from './wrappers';

const risky = (reason: string): Concern => ({ level: 'risky', reason });
const critical = (reason: string): Concern => ({ level: 'critical', reason });

const vals = (ws: Word[]): (string | null)[] => ws.map((w) => w.value);
/** A short-option bundle (`-rf`, `-fu`) containing the letter. */
const shortHas = (a: string | null, letter: string): boolean => !!a && /^-[A-Za-z0-9]+$/.test(a) && a.slice(1).includes(letter);

const INLINE_CODE: Record<string, string[]> = {
  python: ['-c'], python2: ['-c'], python3: ['-c'], perl: ['-e', '-E'], ruby: ['-e'], node: ['-e', '-p', '--eval', '--print'],
  nodejs: ['-e', '-p', '--eval', '--print'], php: ['-r'], lua: ['-e'], bun: ['-e', '--eval'], deno: ['eval'],
};

const RUNS_OTHERS = new Set(['strace', 'ltrace', 'chroot', 'unshare', 'nsenter', 'flock', 'parallel', 'script', 'coproc', 'entr', 'watch', 'gdb', 'busybox']);
const AS_OTHER_USER = new Set(['sudo', 'doas', 'su', 'pkexec', 'run0', 'runuser']);

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
    case 'compgen':
      if (args.length === 0 || a.some((x) => x === '-p' || (name === 'compgen' && (x === '-v' || x === '-e')))) out.push(risky(`${name} can print variables, which can hold secrets`));
      break;
    case 'eval':
    case 'trap':
      out.push(risky(`${name} runs text as a command`));
      break;
    case 'source':
    case '.':
      if (args.some((w) => w.procSubst || w.substNames.some((n) => DOWNLOADERS.has(n)))) out.push(critical(`${name} runs downloaded or generated code`));
      break;
    case 'xargs':
      out.push(risky('xargs runs a command with arguments the rules cannot see'));
      break;
    case 'find':
      for (const x of a) {
        if (x && /^-(exec|execdir|ok|okdir)$/.test(x)) out.push(risky(`find ${x} runs a command on every match`));
        if (x === '-delete') out.push(risky('find -delete removes every match'));
        if (x && /^-(fprint|fprint0|fprintf|fls)$/.test(x)) out.push(risky(`find ${x} writes a file`));
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
  return out;
}

function sedConcerns(args: Word[]): Concern[] {
  const out: Concern[] = [];
  const scripts: string[] = [];
  let positional: string | null | undefined;
  for (let i = 0; i < args.length; i++) {
    const x = args[i].value;
    if (x === null) continue;
    if (x === '-i' || x.startsWith('--in-place') || (/^-[A-Za-z]+/.test(x) && !x.startsWith('--') && /^-[nrEsuz]*i/.test(x))) out.push(risky('sed -i edits files in place'));
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

function gitConcerns(args: Word[]): Concern[] {
  const a = vals(args);
  const out: Concern[] = [];
  let i = 0;
  while (i < a.length && (a[i] ?? '').startsWith('-')) {
    const x = a[i]!;
    if (x === '-c' || x.startsWith('--config-env')) out.push(risky(`git ${x} sets configuration that can run programs`));
    if (x === '-C' || /^--(git-dir|work-tree|exec-path|namespace)/.test(x)) out.push(risky(`git ${x} points git somewhere else`));
    i += x === '-c' || x === '-C' || x === '--git-dir' || x === '--work-tree' || x === '--namespace' || x === '--config-env' ? 2 : 1;
  }
  if (a[i] === null) return [...out, risky('git subcommand only known at run time')];
  const sub = a[i];
  const rest = a.slice(i + 1);
  if (sub === 'push' && rest.some((x) => x !== null && (x === '--force' || x.startsWith('--force-with-lease') || x === '--force-if-includes' || x === '--mirror' || shortHas(x, 'f') || (x.startsWith('+') && x.length > 1)))) {
    out.push(critical('git push --force rewrites remote history'));
  }
  if (sub === 'config' && !gitConfigIsRead(rest)) out.push(critical('git config changes git configuration (which can run programs)'));
  if (sub === 'submodule' && rest.includes('foreach')) out.push(risky('git submodule foreach runs a command'));
  if (sub === 'bisect' && rest[0] === 'run') out.push(risky('git bisect run runs a command'));
  if (sub === 'rebase' && rest.some((x) => x === '-x' || (x ?? '').startsWith('--exec'))) out.push(risky('git rebase --exec runs a command'));
  if (sub === 'filter-branch' || sub === 'filter-repo') out.push(risky(`git ${sub} runs commands and rewrites history`));
  if ((sub === 'difftool' || sub === 'mergetool') && rest.some((x) => x === '-x' || (x ?? '').startsWith('--extcmd') || (x ?? '').startsWith('--tool'))) out.push(risky(`git ${sub} runs a program`));
  return out;
}

function gitConfigIsRead(rest: (string | null)[]): boolean {
  if (rest.some((x) => x === null)) return false;
  const opts = rest.filter((x) => x!.startsWith('-')) as string[];
  const positional = rest.filter((x) => !x!.startsWith('-'));
  if (opts.some((o) => /^--(unset|add|replace-all|rename-section|remove-section|edit)/.test(o) || o === '-e')) return false;
  if (opts.some((o) => /^--(get|list)/.test(o) || o === '-l')) return true;
  return positional[0] === 'get' || positional[0] === 'list' || positional.length <= 1;
}

function interpreterConcerns(name: string, part: Part, args: Word[]): Concern[] {
  const out: Concern[] = [];
  const a = vals(args);
  const downloaded = args.some((w) => w.substNames.some((n) => DOWNLOADERS.has(n)));
  if (downloaded) out.push(critical(`${name} runs code fetched from the network`));
  else if (args.some((w) => w.procSubst)) out.push(risky(`${name} runs code produced by another command`));
  const inline = INLINE_CODE[name.replace(/[0-9.]+$/, '') in INLINE_CODE ? name.replace(/[0-9.]+$/, '') : name];
  if (inline && a.some((x) => x !== null && inline.some((f) => x === f || (f.length === 2 && x.startsWith(f) && !x.startsWith('--'))))) {
    out.push(risky(`${name} runs inline code the rules cannot read`));
  }
  const readsStdin = a.includes('-') || (SHELLS.has(name) && a.some((x) => shortHas(x, 's')));
  const hasScript = !readsStdin && (a.some((x) => x === null || !x.startsWith('-')) || (SHELLS.has(name) && a.some((x) => shortHas(x, 'c'))));
  if (part.stdin && !hasScript) {
    if (part.upstream.some((u) => DOWNLOADERS.has(u))) out.push(critical(`pipes a download into ${name}`));
    else out.push(risky(`${name} runs a script from its input, which the rules cannot read`));
  }
  return out;
}
