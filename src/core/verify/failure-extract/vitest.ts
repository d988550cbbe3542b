// Vitest: a "Failed Tests N" section where each failure is " FAIL  file > suite > test", the
// assertion, Expected/Received or a diff, and " ❯ file:line:col"; "Tests  3 failed | 57 passed (60)".
import { dedent, locationIn } from './text';
import type { FailedTest, Parser } from './types';

const TESTS = /^\s*Tests\s{2,}(.*\(\d+\))\s*$/;
const FILES = /^\s*Test Files\s{2,}.*\(\d+\)\s*$/;
const FAIL = /^\s*FAIL\s+(.+?)\s*$/;
const FRAME = /^\s*❯ (.+?:\d+:\d+)\s*$/;
const CODE_FRAME = /^\s*\d+\|/;
const SEPARATOR = /^⎯{3,}/;

export const parseVitest: Parser = ({ lines, root }) => {
  const tests = lines.findIndex((l) => TESTS.test(l));
  const files = lines.findIndex((l) => FILES.test(l));
  if (tests < 0 && files < 0) return undefined;
  const summary = [files, tests].filter((i) => i >= 0).map((i) => lines[i].trim().replace(/\s{2,}/g, ' '));
  const failures: FailedTest[] = [];
  const shown: [number, number][] = [files, tests].filter((i) => i >= 0).map((i) => [i, i + 1]);
  const sectionAt = lines.findIndex((l) => /⎯ Failed (?:Tests|Suites) \d+ ⎯/.test(l));
  for (let i = Math.max(0, sectionAt); sectionAt >= 0 && i < lines.length; i++) {
    const f = FAIL.exec(lines[i]);
    if (!f) continue;
    let end = i + 1;
    while (end < lines.length && !FAIL.test(lines[end]) && !SEPARATOR.test(lines[end].trim()) && !FILES.test(lines[end])) end++;
    failures.push(failure(f[1], lines.slice(i + 1, end), root));
    shown.push([i, end + 1]);
    i = end - 1;
  }
  const counted = tests >= 0 ? /(\d+) failed/.exec(lines[tests]) : null;
  return { runner: 'vitest', noun: 'failing test', failures, failedCount: Math.max(counted ? Number(counted[1]) : 0, failures.length), summary, shown };
};

function failure(header: string, body: string[], root?: string): FailedTest {
  // "file > suite > test", or "file [ file ]" when the whole file failed to load.
  const [file, ...names] = header.replace(/\s*\[.*\]$/, '').split(' > ');
  const stop = body.findIndex((l) => FRAME.test(l) || CODE_FRAME.test(l));
  const message = dedent(stop >= 0 ? body.slice(0, stop) : body).join('\n');
  let at;
  for (const l of body) {
    const m = FRAME.exec(l);
    at = m ? locationIn(m[1], root) : undefined;
    if (at) break;
  }
  const title = names.length ? names.join(' > ') : file;
  return { title, message, ...(at ? { file: at.file, line: at.line } : {}), ...(names.length ? { rerunKey: names.join(' ') } : {}) };
}
