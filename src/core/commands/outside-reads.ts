// A command that names a path outside the workspace (or runs in a folder outside it) reads what lies
// there and hands it to the model: the file tools refuse that outright, so a command doing it is
// critical, like every other call that reaches outside (a human decides, at every level). The
// sandbox does not help here: it keeps the file system read-only, not unreadable.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Concern, Part } from './parts';
import { baseName } from './parts';
import { placeOf, resolveAll } from './paths';
import type { Word } from './words';

const HARMLESS = new Set(['/dev/null', '/dev/stdin', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/zero', '/dev/random', '/dev/urandom']);
/** Programs whose arguments are text, not files (and `ln`, whose targets path-checks judges relative to the link). */
const TEXT_ONLY = new Set(['ln', 'echo', 'printf', 'true', 'false', 'test', '[', 'cd', 'export', 'set', 'unset', 'exit', 'return', 'shift', 'read', 'type', 'which', 'command', 'hash']);
/**
 * Programs whose first operand is a pattern or script unless one is given with -e (or a file with
 * -f), with the short options that take a value of their own ("-A 2", "-g '*.ts'", "-v x=1").
 */
const PATTERN_FIRST: Record<string, { values: string; pattern: string[]; file: string[] }> = {
  grep: { values: 'ABCmdD', pattern: ['-e', '--regexp'], file: ['-f', '--file'] },
  egrep: { values: 'ABCmdD', pattern: ['-e', '--regexp'], file: ['-f', '--file'] },
  fgrep: { values: 'ABCmdD', pattern: ['-e', '--regexp'], file: ['-f', '--file'] },
  rg: { values: 'ABCmMjtTgE', pattern: ['-e', '--regexp'], file: ['-f', '--file'] },
  ag: { values: 'ABCmGg', pattern: [], file: [] },
  ack: { values: 'ABCm', pattern: [], file: [] },
  sed: { values: 'l', pattern: ['-e', '--expression'], file: ['-f', '--file'] },
  awk: { values: 'vF', pattern: [], file: ['-f', '--file'] },
  gawk: { values: 'vF', pattern: ['--source'], file: ['-f', '--file'] },
  mawk: { values: 'vF', pattern: [], file: ['-f'] },
  nawk: { values: 'vF', pattern: [], file: ['-f'] },
  jq: { values: '', pattern: [], file: ['-f', '--from-file'] },
  yq: { values: '', pattern: [], file: [] },
};

const outside = (abs: string, root: string) => {
  const place = placeOf(abs, root);
  return place === 'outside' || place === 'above';
};

/** The value of a word as a path: any word with a slash (`--opt=/x` too), or `..`; not URLs or other options. */
function pathOf(value: string): string | null {
  let v = value;
  if (v.startsWith('--') && v.includes('=')) v = v.slice(v.indexOf('=') + 1);
  else if (v.startsWith('-')) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return null;
  return v === '..' || v.includes('/') ? v : null;
}

/** The words that can name files: pattern programs' pattern operand and option values left out. */
function fileWords(name: string, args: Word[]): Word[] {
  // find -exec PROGRAM …: the program is run, not read (the run is judged as a part of its own).
  if (name === 'find') return args.filter((_, i) => !/^-(exec|execdir|ok|okdir)$/.test(args[i - 1]?.value ?? ''));
  const spec = PATTERN_FIRST[name];
  if (!spec) return args;
  const out: Word[] = [];
  let patternGiven = false;
  let patternSkipped = false;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === null) {
      out.push(args[i]);
      continue;
    }
    if (spec.pattern.includes(v)) {
      patternGiven = true;
      i++; // the pattern itself is not a path
      continue;
    }
    if (spec.file.includes(v)) {
      patternGiven = true;
      if (args[i + 1]) out.push(args[++i]); // a script or pattern file is read: it counts
      continue;
    }
    if (/^-[A-Za-z]$/.test(v) && spec.values.includes(v[1])) {
      i++; // "-A 2", "-g '*.ts'": an option's value
      continue;
    }
    if (v.startsWith('-') && v !== '-') continue;
    if (!patternGiven && !patternSkipped) {
      patternSkipped = true; // the first operand is the pattern or the script
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

function isLinkIn(name: string, cwds: string[] | null): boolean {
  if (name.startsWith('-') || !cwds) return false;
  return cwds.some((c) => fs.lstatSync(path.join(c, name), { throwIfNoEntry: false })?.isSymbolicLink() ?? false);
}

function outsideWord(w: Word, part: Part, root: string, home: string): Concern | null {
  if (w.procSubst) return null;
  if (w.value === null) {
    if (/^(~|\$HOME\b|\$\{HOME\})/.test(w.text)) return { level: 'critical', reason: `names a path under the home folder (${w.text})` };
    // An absolute path with a part only known at run time (/proc/$PPID/environ): outside, wherever it ends.
    if (/^["']?\//.test(w.text)) return { level: 'critical', reason: `names a path outside the workspace (${w.text})` };
    return null;
  }
  // A bare name counts when it is a link (`notes -> /etc/passwd`): it reads wherever the link leads.
  const p = pathOf(w.value) ?? (isLinkIn(w.value, part.cwds) ? w.value : null);
  if (!p || HARMLESS.has(p) || /^\/dev\/fd\/\d+$/.test(p) || /^\/proc\/self\/fd\/\d+$/.test(p)) return null;
  // Relative paths too: a folder the repository ships as a symlink (docs -> ~/.ssh) leads outside.
  const abs = resolveAll(p, part.cwds);
  if (!abs?.some((a) => outside(a, root))) return null;
  const where = abs.some((a) => a === home || a.startsWith(home + '/')) ? 'under the home folder' : 'outside the workspace';
  return { level: 'critical', reason: `names a path ${where} (${w.value}): what it reads there would reach the model` };
}

export function outsideReadConcerns(part: Part, root: string, home: string): Concern[] {
  if (part.cwds && part.cwds.length && part.cwds.every((c) => outside(c, root))) {
    return [{ level: 'critical', reason: `runs in a folder outside the workspace (${part.cwds[0]})` }];
  }
  // Input redirections read too (`< /etc/passwd`); here-documents and fd duplications do not.
  for (const r of part.redirects) {
    if ((r.op === '<' || r.op === '<>') && r.target) {
      const c = outsideWord(r.target, part, root, home);
      if (c) return [c];
    }
  }
  // A wrapper (timeout, env, sh -c …) is judged by the command it runs, which is a part of its own.
  if (part.wrapper) return [];
  const name = part.words[0]?.value ? baseName(part.words[0].value) : null;
  if (!name || TEXT_ONLY.has(name)) return [];
  for (const w of fileWords(name, part.words.slice(1))) {
    const c = outsideWord(w, part, root, home);
    if (c) return [c];
  }
  return [];
}
