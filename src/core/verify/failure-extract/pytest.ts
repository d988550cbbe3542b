// pytest: "=== FAILURES ===" (and "=== ERRORS ===") sections with a "___ test_name ___" header per
// failure, "E   " lines holding the assertion and its comparison, "path.py:12: AssertionError" locations,
// the "short test summary info" with node ids, and "=== 3 failed, 57 passed in 1.64s ===".
import { workspacePath } from './text';
import type { FailedTest, Parser } from './types';

const FINAL = /^=+ (.*\b(?:passed|failed|errors?|skipped|deselected|no tests ran)\b.* in [\d.]+s\b.*?) =+$/;
const SECTION = /^=+ (FAILURES|ERRORS) =+$/;
const ANY_SECTION = /^=+ .* =+$/;
const HEADER = /^_{2,} (.+?) _{2,}$/;
const LOCATION = /^(\S+\.py):(\d+): (?:in \S+|[\w.]+)$/;
const SHORT = /^(FAILED|ERROR) (\S+::\S+|\S+\.py)(?: - (.*))?$/;

export const parsePytest: Parser = ({ lines, root }) => {
  const finalLine = lines.map((l) => FINAL.exec(l.trim())).filter(Boolean).pop();
  const hasSection = lines.some((l) => SECTION.test(l.trim()));
  if (!finalLine && !hasSection) return undefined;
  const ids = lines.map((l) => SHORT.exec(l.trim())).filter((m): m is RegExpExecArray => !!m).map((m) => m[2]);
  const failures: FailedTest[] = [];
  let inSection = false;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (ANY_SECTION.test(t)) {
      inSection = SECTION.test(t);
      continue;
    }
    const h = inSection ? HEADER.exec(t) : null;
    if (!h) continue;
    let end = i + 1;
    while (end < lines.length && !HEADER.test(lines[end].trim()) && !ANY_SECTION.test(lines[end].trim())) end++;
    failures.push(failure(h[1], lines.slice(i + 1, end), ids, root));
    i = end - 1;
  }
  const summary = finalLine ? [finalLine[1]] : [];
  const from = lines.findIndex((l) => SECTION.test(l.trim()));
  const counted = finalLine ? [...finalLine[1].matchAll(/(\d+) (failed|errors?)\b/g)].reduce((n, m) => n + Number(m[1]), 0) : 0;
  return { runner: 'pytest', noun: 'failing test', failures, failedCount: Math.max(counted, failures.length), summary, ...(from >= 0 ? { shown: [[from, lines.length]] as [number, number][] } : {}) };
};

function failure(name: string, body: string[], ids: string[], root?: string): FailedTest {
  const message = body
    .filter((l) => /^E(?: |$)/.test(l))
    .map((l) => l.replace(/^E {0,7}/, ''))
    .join('\n')
    .replace(/\n+$/, '');
  // The innermost frame in the workspace: where the assertion or the exception was.
  let at: { file: string; line: number } | undefined;
  for (const l of body) {
    const m = LOCATION.exec(l.trim());
    const file = m && workspacePath(m[1], root);
    if (file) at = { file, line: Number(m![2]) };
  }
  // "TestTotals.test_total" is "tests/test_x.py::TestTotals::test_total" in the short summary.
  const id = ids.find((x) => x.split('::').slice(1).join('.') === name) ?? (/^ERROR collecting (\S+)/.exec(name)?.[1] || undefined);
  return { title: id ?? name, message: message || body.filter((l) => l.trim()).slice(-3).join('\n'), ...(at ? { file: at.file, line: at.line } : {}), ...(id ? { rerunKey: id } : {}) };
}
