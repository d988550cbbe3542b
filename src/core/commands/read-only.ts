// Commands known to only read, with their flags checked: where no sandbox confines commands (macOS,
// Windows, Linux without bwrap, harness.sandbox "off"), these are all level 4 runs unasked. Modelled on
// the idea of Codex CLI's safe-command list and VS Code's terminal auto-approve defaults: plain
// readers (ls, cat, head, grep, rg, wc …), find without -exec/-delete/-fprint, sed that only prints,
// read-only git (status, diff, log, show, branch listing …) and version queries. Anything that writes
// (an output flag, a redirection to a file), runs another program or is not listed here asks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Part } from './parts';
import { baseName } from './parts';
import { sedScriptIsDangerous } from './sed-script';
import { resolveAll } from './paths';
import { globRegExp } from './secrets';
import type { ReadHazards } from './sandbox-workspace';

type Check = (args: string[]) => boolean;

const any: Check = () => true;
const none = (...bad: RegExp[]): Check => (args) => !args.some((a) => bad.some((b) => b.test(a)));
/** At most `n` operands (`uniq IN OUT` and `xxd IN OUT` write OUT). */
const atMostOperands = (n: number, also: Check = any): Check => (args) => args.filter((a) => !a.startsWith('-')).length <= n && also(args);

const PLAIN: Record<string, Check> = {
  ls: any, cat: any, head: any, tail: any, wc: any, nl: any, pwd: any, echo: any, printf: any, true: any, false: any, test: any, '[': any,
  grep: any, egrep: any, fgrep: any, cut: any, tr: any, paste: any, rev: any, tac: any, seq: any, column: any, fold: any, fmt: any, expand: any, unexpand: any,
  stat: any, file: none(/^-C$/, /^--compile$/), du: any, df: any, diff: any, cmp: any, comm: any, basename: any, dirname: any, realpath: any, readlink: any, which: any, type: any,
  id: any, whoami: any, uname: any, nproc: any, od: any, hexdump: any, md5sum: any, sha1sum: any, sha256sum: any, sha512sum: any, cksum: any, b2sum: any,
  date: none(/^-s/, /^--set/), uniq: atMostOperands(1), xxd: atMostOperands(1, none(/^-r/)), base64: none(/^-o/, /^--output/),
  sort: none(/^-o/, /^--output/, /^--compress-program/), tree: none(/^-o$/, /^--output/), jq: any, yq: none(/^-i/, /^--inplace/),
  rg: none(/^--pre(-glob)?(=|$)/, /^--hostname-bin(=|$)/, /^-z$/, /^--search-zip$/, /^-[A-Za-z]*z[A-Za-z]*$/),
  find: none(/^-(exec|execdir|ok|okdir|delete|fls|fprint|fprint0|fprintf)$/),
};

/** sed that only prints: no in-place edit, no script file, no w/r/e commands in its script. */
function sedReadOnly(args: string[]): boolean {
  if (args.some((a) => a === '-i' || a.startsWith('--in-place') || (/^-[A-Za-z]+$/.test(a) && a.includes('i')) || a === '-f' || a.startsWith('--file') || a === '--sandbox')) return false;
  const scripts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-e' || args[i] === '--expression') scripts.push(args[++i] ?? '');
    else if (args[i].startsWith('--expression=')) scripts.push(args[i].slice(13));
  }
  if (!scripts.length) {
    const first = args.find((a) => !a.startsWith('-'));
    if (first !== undefined) scripts.push(first);
  }
  return !scripts.some((s) => sedScriptIsDangerous(s));
}

/** git subcommands that only read, with the flags that would make them write or run something left out. */
const GIT: Record<string, Check> = {
  status: any, log: none(/^--output/), show: none(/^--output/), diff: none(/^--output/, /^--ext-diff$/), shortlog: any, blame: none(/^--output/), annotate: any,
  'rev-parse': any, 'rev-list': any, 'ls-files': any, 'ls-tree': any, 'cat-file': any, describe: any, 'merge-base': any, 'name-rev': any, cherry: any, 'show-ref': none(/^-d$/, /^--delete/),
  'for-each-ref': any, 'count-objects': any, 'check-ignore': any, 'check-attr': any, whatchanged: any, version: any,
  grep: none(/^-O/, /^--open-files-in-pager/),
  // Listing only: a name without --list creates a branch or tag, and these flags change them.
  branch: (a) => !a.some((x) => /^-(d|D|m|M|c|C|f|u|t)$|^--(delete|move|copy|force|set-upstream|unset-upstream|edit-description|track|no-track)/.test(x)) && (!a.some((x) => !x.startsWith('-')) || a.some((x) => x === '-l' || x === '--list')),
  tag: (a) => !a.some((x) => !x.startsWith('-')) || a.some((x) => x === '-l' || x === '--list'),
  remote: (a) => a.every((x) => x === '-v' || x === '--verbose'),
  stash: (a) => a[0] === 'list' || a[0] === 'show',
  reflog: (a) => a.length === 0 || a[0] === 'show',
  config: (a) => a.some((x) => /^--(get|get-all|get-regexp|list)$/.test(x) || x === '-l') && !a.some((x) => /^--(unset|add|replace-all|rename-section|remove-section|edit)/.test(x) || x === '-e'),
};
/** Options before the subcommand that change nothing (`-C`, `-c`, `--git-dir` point git elsewhere or set config). */
const GIT_GLOBAL_OK = /^(--no-pager|-P|--no-optional-locks|--literal-pathspecs|--no-replace-objects)$/;

function gitReadOnly(args: string[]): boolean {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) {
    if (args[i] === '--version') return args.length === 1;
    if (!GIT_GLOBAL_OK.test(args[i])) return false;
    i++;
  }
  const check = GIT[args[i] ?? ''];
  return !!check && check(args.slice(i + 1));
}

/** `node --version` and the like: the whole command is the program and one version flag. */
const VERSION_FLAGS: Record<string, string[]> = {
  node: ['--version', '-v'], npm: ['--version', '-v'], npx: ['--version'], yarn: ['--version', '-v'], pnpm: ['--version', '-v'], deno: ['--version', '-V'], bun: ['--version'],
  python: ['--version', '-V'], python3: ['--version', '-V'], pip: ['--version', '-V'], pip3: ['--version', '-V'], ruby: ['--version', '-v'], go: ['version'],
  cargo: ['--version', '-V'], rustc: ['--version', '-V'], java: ['--version', '-version'], javac: ['--version', '-version'], tsc: ['--version', '-v'],
  make: ['--version', '-v'], gcc: ['--version'], clang: ['--version'], cmake: ['--version'], dotnet: ['--version'],
};

const HARMLESS_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

/** True when the part's redirections only read, duplicate descriptors or discard output. */
function redirectionsRead(part: Part): boolean {
  return part.redirects.every((r) => {
    if (r.op === '<' || r.op === '<<<' || r.op === '<&') return true;
    if ((r.op === '>&' || r.op === '<&') && /^(\d+|-)$/.test(r.target?.value ?? '')) return true;
    // A process substitution (`> >(cat)`) is a pipe to a command judged as a part of its own.
    return !!r.target && (r.target.procSubst || (r.target.value !== null && HARMLESS_TARGETS.has(r.target.value)));
  });
}

/**
 * Whether the part is a known read-only command with harmless flags. Its paths (outside the
 * workspace, secrets) are judged by the other checks, which ask whatever this says.
 */
export function isReadOnlyPart(part: Part): boolean {
  const nameValue = part.words[0]?.value;
  // A program given by path (`./ls`) may be the workspace's own.
  if (!nameValue || nameValue.includes('/') || !redirectionsRead(part)) return false;
  const args = part.words.slice(1).map((w) => w.value);
  if (args.some((a) => a === null)) return false;
  const literal = args as string[];
  const name = baseName(nameValue);
  if (name === 'git') return gitReadOnly(literal);
  if (name === 'sed') return sedReadOnly(literal);
  if (VERSION_FLAGS[name]) return literal.length === 1 && VERSION_FLAGS[name].includes(literal[0]);
  const check = PLAIN[name];
  return !!check && check(literal);
}

/** Readers that go through whole folders: by default (rg, ag, ack) or with a flag (grep -r, diff -r). */
function recursive(name: string, args: string[]): boolean {
  if (name === 'rg' || name === 'ag' || name === 'ack') return true;
  if (['grep', 'egrep', 'fgrep'].includes(name)) return args.some((a) => /^-[A-Za-z]*[rR]/.test(a) && !a.startsWith('--') || a === '--recursive' || a === '--dereference-recursive' || a.startsWith('--directories=recurse'));
  if (name === 'diff') return args.some((a) => /^-[A-Za-z]*r/.test(a) && !a.startsWith('--') || a === '--recursive');
  return false;
}

/** Whether the recursion follows the links it meets (grep -R, rg -L, diff -r). */
function followsLinks(name: string, args: string[]): boolean {
  if (['grep', 'egrep', 'fgrep'].includes(name)) return args.some((a) => (/^-[A-Za-z]*R/.test(a) && !a.startsWith('--')) || a === '--dereference-recursive');
  if (name === 'rg' || name === 'ag') return args.some((a) => a === '--follow' || (/^-[A-Za-z]*L/.test(a) && !a.startsWith('--')) || (name === 'ag' && a === '-f'));
  return name === 'diff';
}

/**
 * Whether a read-only part could read one of the workspace's secret files, or through one of its links
 * to outside (`hazards`; undefined = unknown), by a folder it searches or a glob it expands. Without a
 * sandbox to hide them, such a read is not auto-approved: `grep -r TOKEN .` would send `.env` to the model.
 */
export async function readsHazards(part: Part, hazards: () => Promise<ReadHazards | undefined>): Promise<boolean> {
  const name = baseName(part.words[0]?.value ?? '');
  const words = part.words.slice(1);
  const args = words.map((w) => w.value ?? '');
  const globs = words.filter((w) => w.value !== null && /[*?[]/.test(w.shape));
  const searches = recursive(name, args);
  if (!globs.length && !searches) return false;
  const found = await hazards();
  if (!found) return true;
  const reachable = [...found.secrets, ...found.outsideLinks];
  for (const g of globs) {
    for (const base of g.value!.startsWith('/') ? ['/'] : (part.cwds ?? [])) {
      const re = globRegExp(g, base === '/' ? '' : base);
      if (re && reachable.some((f) => re.test(f))) return true;
    }
  }
  if (!searches) return false;
  const dirs = words.flatMap((w) => (w.value ? (resolveAll(w.value, part.cwds) ?? []) : [])).filter((p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory());
  const roots = dirs.length ? dirs : (part.cwds ?? []);
  const under = (f: string) => roots.some((d) => f.startsWith(d.endsWith(path.sep) ? d : d + path.sep));
  return found.secrets.some(under) || (followsLinks(name, args) && found.outsideLinks.some(under));
}
