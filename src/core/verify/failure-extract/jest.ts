// Jest: each failure is "  ● suite › test" followed by the matcher's message (Expected/Received or
// a diff), a code frame and the stack; "Tests: 3 failed, 57 passed, 60 total" sums it up.
import { dedent, firstJsFrame, isJsFrame } from './text';
import type { FailedTest, Parser } from './types';

const TESTS = /^Tests:\s+(.*\btotal)\s*$/;
const SUITES = /^Test Suites:\s+.*\btotal\s*$/;
const BULLET = /^ {2}● (.+)$/;
const CODE_FRAME = /^\s*>?\s*\d+ \|/;
const SECTION_END = /^(?:PASS|FAIL) |^Test Suites:|^Summary of all failing tests$/;

export const parseJest: Parser = ({ lines, root }) => {
  const tests = lines.findIndex((l) => TESTS.test(l));
  const suites = lines.findIndex((l) => SUITES.test(l));
  if (tests < 0 && suites < 0) return undefined;
  const summary = [suites, tests].filter((i) => i >= 0).map((i) => lines[i].trim().replace(/\s{2,}/g, ' '));
  const failures: FailedTest[] = [];
  const seen = new Set<string>();
  const shown: [number, number][] = [suites, tests].filter((i) => i >= 0).map((i) => [i, i + 1]);
  for (let i = 0; i < lines.length; i++) {
    const b = BULLET.exec(lines[i]);
    if (!b) continue;
    let end = i + 1;
    while (end < lines.length && !BULLET.test(lines[end]) && !SECTION_END.test(lines[end])) end++;
    const f = failure(b[1], lines.slice(i + 1, end), root);
    shown.push([i, end]);
    // "Summary of all failing tests" repeats each failure once more.
    const key = `${f.title}\u0000${f.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      failures.push(f);
    }
    i = end - 1;
  }
  const counted = tests >= 0 ? /(\d+) failed/.exec(lines[tests]) : null;
  return { runner: 'jest', noun: 'failing test', failures, failedCount: Math.max(counted ? Number(counted[1]) : 0, failures.length), summary, shown };
};

function failure(title: string, body: string[], root?: string): FailedTest {
  const stop = body.findIndex((l) => CODE_FRAME.test(l) || isJsFrame(l));
  const message = dedent(stop >= 0 ? body.slice(0, stop) : body).join('\n');
  const at = firstJsFrame(body, root);
  const parts = title.split(' › ');
  // Jest's -t matches the full name: describe and test titles joined by spaces.
  return { title: parts.join(' > '), message, ...(at ? { file: at.file, line: at.line } : {}), rerunKey: parts.join(' ') };
}
