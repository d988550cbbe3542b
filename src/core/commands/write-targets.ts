// Files that programs write through their flags rather than through a redirection: `curl -o F`,
// `wget -O F`, `git diff --output=F`, `git clone URL DIR`, `tar -x -C DIR`, `unzip -d DIR`, `sort -o F`…
// Each is then judged like a redirection target (outside the workspace, git hooks, protected paths).
import { baseName } from './parts';
import type { Word } from './words';

const GENERIC_OUTPUT = /^--(output|out-file|outfile|output-file|output-dir|output-directory|outdir|out-dir)$/;
const GENERIC_OUTPUT_EQ = /^--(output|out-file|outfile|output-file|output-dir|output-directory|outdir|out-dir)=/;

/** A word for the text after `prefix` in `w` (`--output=x` → `x`). */
function tailWord(w: Word, prefix: number): Word {
  return { ...w, text: w.text.slice(prefix), value: w.value!.slice(prefix), shape: w.shape.slice(prefix) };
}

const looksLikePath = (v: string | null): boolean => v === null || /[/~]/.test(v) || v.startsWith('.');

/** Values of the options named (`-o X`, `-oX`, `--output X`, `--output=X`). */
function optionValues(args: Word[], short: string[], long: string[]): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (a === null) continue;
    if (a === '--') break;
    if (short.includes(a) || long.includes(a)) {
      if (args[i + 1]) out.push(args[++i]);
      continue;
    }
    const eq = long.find((l) => a.startsWith(l + '='));
    if (eq) out.push(tailWord(args[i], eq.length + 1));
    if (a.startsWith('--')) continue;
    // A bundle ending in the option takes the next word (`-sSLo FILE`); one starting with it holds the value (`-oFILE`).
    const bundled = short.find((s) => /^-[A-Za-z0-9]+$/.test(a) && a.length > 2 && a.endsWith(s[1]) && !a.startsWith(s));
    const glued = short.find((s) => a.length > 2 && a.startsWith(s));
    if (bundled && args[i + 1]) out.push(args[++i]);
    else if (glued) out.push(tailWord(args[i], 2));
  }
  return out;
}

function operands(args: Word[]): Word[] {
  return args.filter((w) => w.value === null || !w.value.startsWith('-'));
}

function gitTargets(args: Word[]): Word[] {
  let i = 0;
  while (i < args.length && (args[i].value ?? '').startsWith('-')) i += ['-c', '-C', '--git-dir', '--work-tree'].includes(args[i].value!) ? 2 : 1;
  const sub = args[i]?.value;
  const rest = args.slice(i + 1);
  const out = optionValues(rest, [], ['--output', '--output-directory']);
  if (sub === 'format-patch' || sub === 'archive') out.push(...optionValues(rest, ['-o'], []));
  const ops = operands(rest);
  if (sub === 'clone' && ops.length >= 2) out.push(ops[ops.length - 1]);
  if (sub === 'init' && ops.length) out.push(ops[ops.length - 1]);
  if (sub === 'worktree' && ops[0]?.value === 'add' && ops[1]) out.push(ops[1]);
  if (sub === 'bundle' && ops[0]?.value === 'create' && ops[1]) out.push(ops[1]);
  return out;
}

function tarTargets(args: Word[]): Word[] {
  const first = args[0]?.value ?? '';
  const bundle = /^-?[A-Za-z]+$/.test(first) && !first.startsWith('--') ? first.replace(/^-/, '') : '';
  const has = (letter: string, long: string) => bundle.includes(letter) || args.some((w) => w.value === `-${letter}` || w.value === long);
  const out: Word[] = [];
  if (has('x', '--extract') || has('x', '--get')) out.push(...optionValues(args, ['-C'], ['--directory']));
  if (has('c', '--create') || has('r', '--append') || has('u', '--update')) {
    out.push(...optionValues(args, ['-f'], ['--file']));
    // `tar czf OUT …`: in the old bundled form the f's value is the next word.
    if (bundle.includes('f') && !first.startsWith('-') && args[1]) out.push(args[1]);
  }
  return out;
}

/** The files `sed -i` edits: its operands after the script (when the script is not given with -e/-f). */
function sedInPlaceTargets(args: Word[]): Word[] {
  const inPlace = args.some((w) => w.value !== null && (w.value.startsWith('--in-place') || (/^-[A-Za-z]+/.test(w.value) && !w.value.startsWith('--') && /^-[nrEsuz]*i/.test(w.value))));
  if (!inPlace) return [];
  const out: Word[] = [];
  let scriptGiven = false;
  let scriptSkipped = false;
  for (let i = 0; i < args.length; i++) {
    const x = args[i].value;
    if (x === null) out.push(args[i]);
    else if (['-e', '--expression', '-f', '--file'].includes(x)) {
      scriptGiven = true;
      i++;
    } else if (x === '-l' || x === '--line-length') i++;
    else if (x.startsWith('--expression=') || x.startsWith('--file=')) scriptGiven = true;
    else if (x.startsWith('-') && x !== '-') continue;
    else if (!scriptGiven && !scriptSkipped) scriptSkipped = true;
    else out.push(args[i]);
  }
  return out;
}

/** Paths `words` (a command and its arguments) writes through flags or operands. */
export function flagWriteTargets(words: Word[]): Word[] {
  const name = words[0]?.value ? baseName(words[0].value) : '';
  const args = words.slice(1);
  const generic = [
    ...args.filter((w) => w.value !== null && GENERIC_OUTPUT_EQ.test(w.value)).map((w) => tailWord(w, w.value!.indexOf('=') + 1)),
    ...args.flatMap((w, i) => (w.value !== null && GENERIC_OUTPUT.test(w.value) && args[i + 1] ? [args[i + 1]] : [])),
    // `-o PATH` is an output file for most compilers and tools; only path-like values are taken.
    ...args.flatMap((w, i) => (w.value === '-o' && args[i + 1] && looksLikePath(args[i + 1].value) ? [args[i + 1]] : [])),
  ];
  switch (name) {
    case 'curl':
      return [...generic, ...optionValues(args, ['-o', '-D', '-c'], ['--output', '--output-dir', '--dump-header', '--cookie-jar', '--trace', '--trace-ascii', '--stderr'])];
    case 'wget':
      return [...generic, ...optionValues(args, ['-O', '-P', '-o', '-a'], ['--output-document', '--directory-prefix', '--output-file', '--append-output'])];
    case 'git':
      return [...generic, ...gitTargets(args)];
    case 'tar':
    case 'bsdtar':
      return [...generic, ...tarTargets(args)];
    case 'unzip':
      return [...generic, ...optionValues(args, ['-d'], [])];
    case 'sort':
      return [...generic, ...optionValues(args, [], ['--output'])];
    case 'sed':
    case 'gsed':
      return [...generic, ...sedInPlaceTargets(args)];
    case 'find':
      return [...generic, ...optionValues(args, [], ['-fprint', '-fprint0', '-fprintf', '-fls'])];
    default:
      return generic;
  }
}
