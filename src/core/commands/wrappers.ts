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
}

/** Wrappers that add nothing by themselves: the inner command decides (allow rules are not needed for them). */
export const TRANSPARENT = new Set(['env', 'command', 'builtin', 'exec', 'time', 'nice', 'nohup', 'timeout', 'stdbuf', 'setsid']);

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
    default: {
      if (SHELLS.has(name)) {
        const inner = shellInner(name, args);
        return inner ? [inner] : [];
      }
      return [];
    }
  }
}
