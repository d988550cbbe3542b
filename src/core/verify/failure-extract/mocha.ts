// Mocha's epilogue (spec, dot, list and the other console reporters): "N passing (Tms)", "N failing",
// then each failure as "  1) suite\n       test:" with its message, diff and stack.
import { dedent, firstJsFrame, isJsFrame } from './text';
import type { Extraction, FailedTest, Parser } from './types';

const PASSING = /^\s*(\d+) passing \(\d[\w.]*\)\s*$/;
const FAILING = /^\s*(\d+) failing\s*$/;
const PENDING = /^\s*(\d+) pending\s*$/;
const HEADER = /^ {2}(\d+)\) (.*)$/;

export const parseMocha: Parser = ({ lines, root }) => {
  const passingAt = lines.findIndex((l) => PASSING.test(l));
  if (passingAt < 0) return undefined;
  const summary = [lines[passingAt].trim()];
  let i = passingAt + 1;
  let failedCount = 0;
  for (; i < lines.length && i <= passingAt + 3; i++) {
    if (PENDING.test(lines[i])) summary.push(lines[i].trim());
    const f = FAILING.exec(lines[i]);
    if (f) {
      summary.push(lines[i].trim());
      failedCount = Number(f[1]);
      i++;
      break;
    }
  }
  const failures: FailedTest[] = [];
  let expect = 1;
  while (i < lines.length && failedCount > 0) {
    const h = HEADER.exec(lines[i]);
    if (!h || Number(h[1]) !== expect) {
      i++;
      continue;
    }
    // The title: one line per suite, each indented further; the last ends with ":" before a blank line.
    const parts = [h[2]];
    let j = i + 1;
    while (j < lines.length && lines[j].trim() && !parts[parts.length - 1].endsWith(':')) parts.push(lines[j++].trim());
    parts[parts.length - 1] = parts[parts.length - 1].replace(/:$/, '');
    let end = j;
    while (end < lines.length && !isNextHeader(lines[end], expect + 1)) end++;
    failures.push(failure(parts, lines.slice(j, end), root));
    expect++;
    i = end;
  }
  return { runner: 'mocha', noun: 'failing test', failures, failedCount: Math.max(failedCount, failures.length), summary, shown: [[passingAt, lines.length]] };
};

function isNextHeader(line: string, n: number): boolean {
  const h = HEADER.exec(line);
  return !!h && Number(h[1]) === n;
}

function failure(parts: string[], body: string[], root?: string): FailedTest {
  const firstFrame = body.findIndex(isJsFrame);
  // Mocha indents its own lines by six spaces; the lines of the assertion's own message are not indented.
  const message = dedent((firstFrame >= 0 ? body.slice(0, firstFrame) : body).map((l) => l.replace(/^ {6}/, ''))).join('\n');
  const at = firstJsFrame(body, root);
  // Mocha's --grep matches the full title: the suite and test titles joined by spaces.
  return { title: parts.join(' > '), message, ...(at ? { file: at.file, line: at.line } : {}), rerunKey: parts.join(' ') };
}
