// node --test with the spec reporter (the default on a terminal): "▶ suite" lines, "✖ test (1.2ms)"
// followed by the indented error, "ℹ fail 3" counts, then a "✖ failing tests:" section repeating them.
import { dedent, firstJsFrame, indentOf, isJsFrame } from './text';
import type { FailedTest, Parser } from './types';

const SUITE = /^(\s*)▶ (.*)$/;
const RESULT = /^(\s*)([✔✖﹣]) (.*?)(?: \([\d.]+m?s\))?(?: # .*)?$/;
const COUNT = /^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ([\d.]+)\s*$/;
const SECTION = /^✖ failing tests:\s*$/;

export const parseNodeSpec: Parser = ({ lines, root }) => {
  const counts = lines.filter((l) => COUNT.test(l));
  if (!counts.length) return undefined;
  const sectionAt = lines.findIndex((l) => SECTION.test(l));
  const tree = sectionAt >= 0 ? lines.slice(0, sectionAt) : lines;
  const shown: [number, number][] = sectionAt >= 0 ? [[sectionAt, lines.length]] : [];
  let failures = collect(tree, root, shown);
  // Without the tree's failures (another reporter nested, or a cut output), the summary section still names them.
  if (!failures.length && sectionAt >= 0) failures = collect(lines.slice(sectionAt + 1), root, []);
  const fail = counts.map((l) => COUNT.exec(l)!).find((m) => m[1] === 'fail');
  return {
    runner: 'node-test',
    noun: 'failing test',
    failures,
    failedCount: Math.max(fail ? Number(fail[2]) : 0, failures.length),
    shown: [...shown, ...lines.flatMap((l, i): [number, number][] => (COUNT.test(l) ? [[i, i + 1]] : []))],
    // The counts, without those that say nothing (no suites, nothing skipped, cancelled or todo).
    summary: counts.filter((l) => /^ℹ (?:tests|pass|fail) /.test(l) || /^ℹ (?:cancelled|skipped|todo) [1-9]/.test(l)).map((l) => l.replace(/^ℹ /, '').trim()),
  };
};

function collect(lines: string[], root: string | undefined, shown: [number, number][]): FailedTest[] {
  const failures: FailedTest[] = [];
  const suites: { name: string; indent: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const s = SUITE.exec(lines[i]);
    if (s) {
      while (suites.length && suites[suites.length - 1].indent >= s[1].length) suites.pop();
      suites.push({ name: s[2].trim(), indent: s[1].length });
      continue;
    }
    const r = RESULT.exec(lines[i]);
    if (!r) continue;
    const indent = r[1].length;
    while (suites.length && suites[suites.length - 1].indent > indent) suites.pop();
    const top = suites[suites.length - 1];
    if (top && top.indent === indent && top.name === r[3]) {
      suites.pop(); // the suite's own result line
      continue;
    }
    if (r[2] !== '✖') continue;
    let end = i + 1;
    while (end < lines.length && (!lines[end].trim() || indentOf(lines[end]) > indent)) end++;
    const body = lines.slice(i + 1, end);
    if (!body.some((l) => l.trim())) continue;
    failures.push(failure([...suites.map((x) => x.name), r[3]], body, root));
    shown.push([i, end]);
    i = end - 1;
  }
  return failures;
}

function failure(path: string[], body: string[], root?: string): FailedTest {
  const firstFrame = body.findIndex(isJsFrame);
  const head = firstFrame >= 0 ? body.slice(0, firstFrame) : body;
  // The error's own properties after the stack ("actual: …", "expected: …") are the values, plainly.
  const props = body.slice(Math.max(0, firstFrame)).map((l) => l.trim()).filter((l) => /^(?:actual|expected): .*[^{[]$/.test(l));
  const message = [...dedent(head), ...props.map((l) => l.replace(/,$/, ''))].join('\n');
  const at = firstJsFrame(body, root);
  return { title: path.join(' > '), message, ...(at ? { file: at.file, line: at.line } : {}), rerunKey: path[path.length - 1] };
}
