// tsc: "src/a.ts(6,9): error TS2322: …" (or "src/a.ts:6:9 - error TS2322: …" with --pretty), the
// elaboration indented below it, and "Found 4 errors in 2 files." at the end.
import { workspacePath } from './text';
import type { FailedTest, Parser } from './types';

const PLAIN = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const PRETTY = /^(.+?):(\d+):(\d+) - error (TS\d+): (.*)$/;
const FOUND = /^Found (\d+) errors?\b.*$/;

export const parseTsc: Parser = ({ lines, root }) => {
  const failures: FailedTest[] = [];
  const shown: [number, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = PLAIN.exec(lines[i]) ?? PRETTY.exec(lines[i]);
    if (!m) continue;
    const [, rawFile, line, col, code, text] = m;
    const message = [text];
    // The elaboration ("Type 'undefined' is not assignable to …") is indented under the error.
    for (let j = i + 1; j < lines.length && /^ {2,}\S/.test(lines[j]) && !/^\s*\d+\s/.test(lines[j]); j++) message.push(lines[j].trim());
    shown.push([i, i + message.length]);
    const file = workspacePath(rawFile, root) ?? rawFile;
    failures.push({ title: `${file}:${line}:${col} ${code}`, message: message.join('\n'), file, line: Number(line) });
  }
  const found = lines.map((l) => FOUND.exec(l.trim())).filter(Boolean).pop();
  if (!failures.length && !found) return undefined;
  return { runner: 'tsc', noun: 'type error', failures, failedCount: Math.max(found ? Number(found[1]) : 0, failures.length), summary: found ? [found[0]] : [], shown };
};
