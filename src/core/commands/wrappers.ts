// Commands that run other commands: finds the inner command (or script text) so it is judged too.
import type { Word } from './words';
import { baseName, SHELLS } from './parts';

export interface Inner {
  via: string;
  /** The inner command's words, when it is given as separate words. */
  words?: Word[];
  /** Shell text the wrapper runs (`bash -c STR`, `eval …`): parsed and judged in turn; null value = unknown. */
  script?: Word;
  /** Something the unwrapper could not follow (unknown option): fail closed. */
  unknown?: string;
  /** A guess (`git rm -rf .`, `foo sudo x`): judged for its concerns, needs no allow rule of its own. */
  speculative?: boolean;
}

/** Wrappers that add nothing by themselves: the inner command decides (allow rules are not needed for them). */
export const TRANSPARENT = new Set(['env', 'command', 'builtin', 'exec', 'time', 'nice', 'nohup', 'timeout', 'stdbuf', 'setsid']);

/**
 * Programs that run another command in ways the rules cannot fully follow: they always ask, and the
 * command they run is found as well as can be, so its risk (and any deny rule) still shows.
 */
export const RUNS_OTHERS = new Set(['strace', 'ltrace', 'chroot', 'unshare', 'nsenter', 'flock', 'parallel', 'script', 'coproc', 'entr', 'watch', 'gdb', 'busybox',
  'ionice', 'chrt', 'taskset', 'numactl', 'prlimit', 'setpriv', 'cgexec', 'unbuffer', 'fakeroot', 'fakechroot', 'proot', 'firejail', 'systemd-run', 'xvfb-run', 'valgrind',
  'catchsegv', 'caffeinate', 'sg', 'newgrp', 'proxychains', 'proxychains4', 'torsocks', 'tsocks', 'cross-env', 'dotenv', 'env-cmd', 'nodemon', 'ts-node-dev', 'concurrently',
  'direnv', 'nix-shell', 'with-contenv', 's6-setuidgid', 'chpst', 'runuser', 'retry', 'rlwrap', 'expect', 'dbus-run-session', 'dbus-launch']);
/** Options of those programs whose value is the command line to run. */
const SCRIPT_OPTIONS = new Set(['-c', '--command', '--exec', '--run', '-x', '--eval']);
/** Options (of those programs) that take the next word as their value. */
/** Of those, the ones whose first operand is a lock file, group or root folder, not the command. */
const SKIP_FIRST = new Set(['flock', 'sg', 'newgrp', 'chroot', 's6-setuidgid', 'chpst']);
/**
 * Programs named as an argument of an unknown program, which that program may well run (`foo rm -rf ~`,
 * `git rm -r .`): judged as a possible inner command. Programs known to only print or look up names are not.
 */
const LIKELY_RUN = new Set(['rm', 'sudo', 'doas', 'su', 'pkexec', 'run0', 'sh', 'bash', 'dash', 'zsh', 'ksh', 'fish', 'busybox', 'eval', 'dd', 'mkfs', 'chmod', 'chown', 'shred', 'env', 'printenv', 'curl', 'wget']);
const NAMES_ONLY = new Set(['echo', 'printf', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'man', 'info', 'help', 'whatis', 'apropos', 'tldr', 'which', 'whereis', 'type', 'hash', 'alias', 'unalias',
  'complete', 'compgen', 'apt', 'apt-get', 'apt-cache', 'dpkg', 'dnf', 'yum', 'brew', 'pacman', 'apk', 'snap', 'pip', 'pip3', 'cat', 'ls', 'head', 'tail', 'wc', 'sort', 'uniq', 'diff', 'file', 'stat', 'sed', 'awk', 'tr', 'cut', 'test', '[', 'true', 'false', ':', 'read', 'export', 'declare', 'local', 'readonly', 'unset', 'set', 'shopt', 'cd', 'pushd', 'popd', 'kill', 'pkill', 'pgrep', 'killall', 'trap', 'touch', 'mkdir', 'cp', 'mv', 'ln', 'git-grep', 'jq', 'yq', 'basename', 'dirname', 'realpath', 'readlink']);
const VALUE_OPTIONS = new Set(['-n', '-p', '-c', '-u', '-g', '-e', '-f', '-o', '-E', '-s', '-t', '-w', '--unit', '--property', '--setenv', '--uid', '--gid', '--nice', '--file', '--path', '--signal']);

const v = (w: Word | undefined): string | null => (w ? w.value : null);

/** Skips options; `withArg` lists options that take the next word. Returns the index of the first operand. */
function skipOptions(args: Word[], withArg: Set<string>, stopAtFirst = true): { index: number; unknown?: string } {
  let i = 0;
  while (i < args.length) {
    const a = v(args[i]);
    if (a === null) return { index: i, unknown: `option ${args[i].text} is only known at run time` };
    if (a === '--') return { index: i + 1 };
    if (!a.startsWith('-') || a === '-') return { index: i };
    if (withArg.has(a)) i += 2;
    else i += 1;
    if (!stopAtFirst) continue;
  }
  return { index: i };
}

function literalWord(text: string): Word {
  return { text, value: text, shape: '\u0001'.repeat(text.length), substNames: [] };
}

/** Joins words into one script (eval, watch): unknown if any word is. */
function joinScript(words: Word[]): Word {
  const text = words.map((w) => w.text).join(' ');
  if (words.some((w) => w.value === null)) return { text, value: null, shape: '', substNames: [], dynamic: 'script only known at run time' };
  return literalWord(words.map((w) => w.value).join(' '));
}

function envInner(args: Word[]): Inner {
  let i = 0;
  while (i < args.length) {
    const a = v(args[i]);
    if (a === null) return { via: 'env', unknown: `env argument ${args[i].text} is only known at run time` };
    if (a === '-i' || a === '-' || a === '--ignore-environment' || a === '-0' || a === '--null' || a === '-v' || a === '--debug') i++;
    else if (a === '-u' || a === '--unset') i += 2;
    else if (a.startsWith('--unset=') || /^-u./.test(a)) i++;
    else if (a === '--') { i++; break; }
    else if (a.startsWith('-')) return { via: 'env', unknown: `env option ${a} (changes what runs)` };
    else break;
  }
  while (i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v(args[i]) ?? '')) i++;
  return { via: 'env', words: args.slice(i) };
}

function shellInner(name: string, args: Word[]): Inner | undefined {
  let i = 0;
  let hasC = false;
  while (i < args.length) {
    const a = v(args[i]);
    if (a === null) return { via: `${name} -c`, unknown: `${name} option ${args[i].text} is only known at run time` };
    if (a === '--') { i++; break; }
    if (a === '-o' || a === '+o' || a === '-O' || a === '+O' || a === '--rcfile' || a === '--init-file') { i += 2; continue; }
    if (/^-[A-Za-z]+$/.test(a) && a.includes('c')) hasC = true;
    if (!/^[-+]/.test(a) || a === '-' ) break;
    i++;
  }
  if (!hasC) return undefined;
  const script = args[i];
  if (!script) return { via: `${name} -c`, unknown: `${name} -c without a command` };
  return { via: `${name} -c`, script };
}

function findInners(args: Word[]): Inner[] {
  const out: Inner[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = v(args[i]);
    if (a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir') {
      let j = i + 1;
      while (j < args.length && v(args[j]) !== ';' && v(args[j]) !== '+') j++;
      out.push({ via: `find ${a}`, words: args.slice(i + 1, j) });
      i = j;
    }
  }
  return out;
}

const XARGS_WITH_ARG = new Set(['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--replace', '--eof', '--process-slot-var']);

/** The commands (or scripts) a wrapper part runs. Empty when the part is not a wrapper. */
export function innerCommands(words: Word[]): Inner[] {
  const nameValue = v(words[0]);
  if (nameValue === null) return [];
  const name = baseName(nameValue);
  const args = words.slice(1);
  const rest = (skip: Set<string>, via = name): Inner => {
    const r = skipOptions(args, skip);
    return { via, words: args.slice(r.index), unknown: r.unknown };
  };
  switch (name) {
    case 'env':
      return [envInner(args)];
    case 'sudo':
    case 'doas':
    case 'run0': {
      const r = skipOptions(args, new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt', '--chdir']));
      let i = r.index;
      while (i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v(args[i]) ?? '')) i++;
      return [{ via: name, words: args.slice(i), unknown: r.unknown }];
    }
    case 'command': {
      if (args.some((a) => v(a) === '-v' || v(a) === '-V')) return [];
      return [rest(new Set())];
    }
    case 'builtin':
    case 'nohup':
    case 'setsid':
      return [rest(new Set())];
    case 'exec':
      return args.length ? [rest(new Set(['-a']))] : [];
    case 'time':
      return [rest(new Set())];
    case 'nice':
      return [rest(new Set(['-n', '--adjustment']))];
    case 'stdbuf':
      return [rest(new Set(['-i', '-o', '-e', '--input', '--output', '--error']))];
    case 'timeout': {
      const r = skipOptions(args, new Set(['-s', '-k', '--signal', '--kill-after']));
      return [{ via: name, words: args.slice(r.index + 1), unknown: r.unknown }];
    }
    case 'xargs': {
      const r = skipOptions(args, XARGS_WITH_ARG);
      const inner = args.slice(r.index);
      return [{ via: 'xargs', words: inner.length ? inner : [literalWord('echo')], unknown: r.unknown }];
    }
    case 'find':
      return findInners(args);
    case 'eval':
      return args.length ? [{ via: 'eval', script: joinScript(args) }] : [];
    case 'trap':
      return args.length ? [{ via: 'trap', script: args[0] }] : [];
    case 'watch': {
      const r = skipOptions(args, new Set(['-n', '--interval', '-q', '--equexit', '-s', '--shell']));
      return [{ via: 'watch', script: joinScript(args.slice(r.index)), unknown: r.unknown }];
    }
    case 'su': {
      const i = args.findIndex((a) => v(a) === '-c' || v(a) === '--command');
      return i >= 0 && args[i + 1] ? [{ via: 'su -c', script: args[i + 1] }] : [];
    }
    case 'busybox':
      // `busybox rm -rf ~` is rm: the applet and its arguments.
      return args.length && v(args[0]) !== null && !v(args[0])!.startsWith('-') ? [{ via: 'busybox', words: args }] : [];
    default: {
      if (RUNS_OTHERS.has(name)) return othersInner(name, args);
      if (SHELLS.has(name)) {
        const inner = shellInner(name, args);
        return inner ? [inner] : [];
      }
      if (NAMES_ONLY.has(name)) return [];
      const at = args.findIndex((w) => w.value !== null && LIKELY_RUN.has(baseName(w.value)));
      return at >= 0 ? [{ via: `${name}, which may run it`, words: args.slice(at), speculative: true }] : [];
    }
  }
}

/** Best effort at what a RUNS_OTHERS program runs: a script option's text, else the first operand that names a program. */
function othersInner(name: string, args: Word[]): Inner[] {
  const out: Inner[] = [];
  let skip = SKIP_FIRST.has(name) ? 1 : 0;
  for (let i = 0; i < args.length; i++) {
    const a = v(args[i]);
    if (a !== null && SCRIPT_OPTIONS.has(a) && args[i + 1]) out.push({ via: `${name} ${a}`, script: args[i + 1] });
  }
  for (let i = 0; i < args.length; i++) {
    const a = v(args[i]);
    if (a === null) break;
    if (a === '--') {
      if (args[i + 1]) out.push({ via: name, words: args.slice(i + 1) });
      break;
    }
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    // Priorities, CPU masks, groups and files come before the command; a program name does not look like them.
    if (skip-- > 0 || /^[\d.,:x-]+$/i.test(a) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(a) || (i + 1 < args.length && !/^[\w.+/-]+$/.test(a))) continue;
    out.push({ via: name, words: args.slice(i) });
    break;
  }
  return out;
}
