// ESLint's stylish format: a file path line, then "  2:7  error  message  rule-id" per problem,
// and "✖ 3 problems (2 errors, 1 warning)". Errors fail the run; warnings are counted, not listed.
import { workspacePath } from './text';
import type { FailedTest, Parser } from './types';

const PROBLEM = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)(?:\s{2,}(\S+))?\s*$/;
const TOTAL = /^✖ (\d+) problems? \((\d+) errors?, (\d+) warnings?\)/;

export const parseEslint: Parser = ({ lines, root }) => {
  const total = lines.map((l) => TOTAL.exec(l.trim())).filter(Boolean).pop();
  if (!total) return undefined;
  const failures: FailedTest[] = [];
  const shown: [number, number][] = [];
  let file: string | undefined;
  for (const [i, line] of lines.entries()) {
    if (/^\S/.test(line) && !TOTAL.test(line.trim())) {
      file = workspacePath(line.trim(), root) ?? line.trim();
      continue;
    }
    const p = PROBLEM.exec(line);
    if (p || TOTAL.test(line.trim())) shown.push([i, i + 1]);
    if (!p || !file || p[3] !== 'error') continue;
    const [, row, col, , text, rule] = p;
    failures.push({ title: `${file}:${row}:${col}${rule ? ` ${rule}` : ''}`, message: text, file, line: Number(row) });
  }
  return { runner: 'eslint', noun: 'lint error', failures, failedCount: Math.max(Number(total[2]), failures.length), summary: [total[0]], shown };
};
