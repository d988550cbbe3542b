// A command that names a path outside the workspace (or runs in a folder outside it) reads what lies
// there and hands it to the model: the file tools refuse that outright, so a command doing it is
// critical, like every other call that reaches outside (a human decides, at every level). The
// sandbox does not help here: it keeps the file system read-only, not unreadable.
import type { Concern, Part } from './parts';
import { baseName } from './parts';
import { placeOf, resolveAll } from './paths';
import type { Word } from './words';

const HARMLESS = new Set(['/dev/null', '/dev/stdin', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/zero', '/dev/random', '/dev/urandom']);
/** Programs whose arguments are text, not files (and `ln`, whose targets path-checks judges relative to the link). */
const TEXT_ONLY = new Set(['ln', 'echo', 'printf', 'true', 'false', 'test', '[', 'cd', 'export', 'set', 'unset', 'exit', 'return', 'shift', 'read', 'type', 'which', 'command', 'hash']);
/** Programs whose first operand is a pattern or script (unless given by -e/-f), not a path. */
const PATTERN_FIRST = new Set(['grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'sed', 'awk', 'gawk', 'mawk', 'nawk', 'jq', 'yq', 'perl']);

const outside = (abs: string, root: string) => {
  const place = placeOf(abs, root);
  return place === 'outside' || place === 'above';
};

/** A word that names a file: absolute, home-relative or climbing out with `..`. URLs and plain words do not. */
function pathOf(value: string): string | null {
  let v = value;
  if (v.startsWith('--') && v.includes('=')) v = v.slice(v.indexOf('=') + 1);
  else if (v.startsWith('-')) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return null;
  if (v.startsWith('/') || v === '..' || v.startsWith('../') || v.includes('/../') || v.endsWith('/..')) return v;
  return null;
}

export function outsideReadConcerns(part: Part, root: string, home: string): Concern[] {
  const name = part.words[0]?.value ? baseName(part.words[0].value) : null;
  if (part.cwds && part.cwds.length && part.cwds.every((c) => outside(c, root))) {
    return [{ level: 'critical', reason: `runs in a folder outside the workspace (${part.cwds[0]})` }];
  }
  if (!name || TEXT_ONLY.has(name)) return [];
  let args: Word[] = part.words.slice(1);
  if (PATTERN_FIRST.has(name) && !args.some((w) => /^-(e|f|-regexp|-file|-expression)/.test(w.value ?? ''))) {
    const first = args.findIndex((w) => w.value === null || !w.value.startsWith('-'));
    if (first >= 0) args = args.filter((_, i) => i !== first);
  }
  for (const w of args) {
    if (w.procSubst) continue;
    if (w.value === null) {
      if (/^(~|\$HOME\b|\$\{HOME\})/.test(w.text)) return [{ level: 'critical', reason: `reads under the home folder (${w.text})` }];
      // An absolute path with a part only known at run time (/proc/$PPID/environ): outside, wherever it ends.
      if (/^["']?\//.test(w.text)) return [{ level: 'critical', reason: `reads outside the workspace (${w.text})` }];
      continue;
    }
    const p = pathOf(w.value);
    if (!p || HARMLESS.has(p) || /^\/dev\/fd\/\d+$/.test(p) || /^\/proc\/self\/fd\/\d+$/.test(p)) continue;
    const abs = resolveAll(p, part.cwds);
    if (abs?.some((a) => outside(a, root))) {
      const where = abs.some((a) => a === home || a.startsWith(home + '/')) ? 'under the home folder' : 'outside the workspace';
      return [{ level: 'critical', reason: `reads ${where} (${w.value}): its content would reach the model` }];
    }
  }
  return [];
}
