// Which .gitignore files ripgrep reads exactly as ignore.ts does.
//
// ripgrep's gitignore (the `ignore` crate) and ours agree on the common forms, and the search relies on
// that only where this says so. A file with anything rarer (escapes, braces, `**` inside a name, a
// class with `]` or `/`, spaces at either end of a pattern, \r, non-ASCII, a BOM) is read differently
// by one of them in some corner, so the folder it governs is searched in JavaScript instead, where
// only our reading counts. test/unit/workspace/ignore-rg.test.ts compares both on generated trees.

const PLAIN = /^[A-Za-z0-9._\-+@=,%~:$&'()#^]$/;
const CLASS_CHAR = /^[A-Za-z0-9._]$/;

/** Index just past a simple class `[abc]`, `[a-z]`, `[!a-z]` starting at `i`, or -1. */
function simpleClassEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '!' || p[j] === '^') j++;
  const bodyStart = j;
  while (j < p.length && p[j] !== ']') {
    if (CLASS_CHAR.test(p[j])) j++;
    else if (p[j] === '-' && j > bodyStart && CLASS_CHAR.test(p[j - 1]) && CLASS_CHAR.test(p[j + 1] ?? '') && p[j - 1] <= p[j + 1]) j += 2;
    else return -1;
  }
  return j < p.length && j > bodyStart ? j + 1 : -1;
}

/** One pattern line (not blank, not a comment) in the subset both implementations read alike. */
function simplePattern(line: string): boolean {
  let p = line.startsWith('!') ? line.slice(1) : line;
  if (p.startsWith('/')) p = p.slice(1);
  if (p.endsWith('/')) p = p.slice(0, -1);
  if (p === '' || p.startsWith('/') || p.endsWith('/') || p.includes('//')) return false;
  const segments = p.split('/');
  for (const seg of segments) {
    if (seg === '**') continue;
    for (let i = 0; i < seg.length; ) {
      const c = seg[i];
      if (c === '*') {
        if (seg[i + 1] === '*') return false; // `**` inside a name
        i++;
      } else if (c === '?' || PLAIN.test(c)) i++;
      else if (c === '[') {
        const end = simpleClassEnd(seg, i);
        if (end < 0) return false;
        i = end;
      } else return false;
    }
  }
  return !segments.every((s) => s === '**');
}

/** Whether ripgrep applies the .gitignore text exactly as parseGitignore does. */
export function ripgrepReadsAlike(text: string): boolean {
  if (!/^[\x20-\x7e\n]*$/.test(text)) return false; // \r, tabs, BOM, non-ASCII
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (line.trim() !== line || !simplePattern(line)) return false;
  }
  return true;
}
