// TAP, as node --test (the default reporter when not on a terminal in Node 20), node-tap and
// mocha's tap reporter print it: nested "# Subtest:" blocks, "not ok N - name" with a YAML block
// (error, diff, expected/actual, location, stack). A failing parent only repeats its children.
import { dedent, firstJsFrame, indentOf, locationIn, workspacePath } from './text';
import type { FailedTest, Parser, RunnerName } from './types';

const SUBTEST = /^(\s*)# Subtest: (.*)$/;
const RESULT = /^(\s*)(not ok|ok)\b(?:\s+\d+)?(?:\s+-)?\s*(.*)$/;
const DIRECTIVE = /\s+#\s*(SKIP|TODO|time=)\S*.*$/i;

interface Open {
  name: string;
  indent: number;
  childFailed: boolean;
}

export function tapParser(runner: RunnerName): Parser {
  return ({ lines, root }) => {
    if (!lines.some((l) => /^TAP version \d+/.test(l)) && !lines.some((l) => /^\s*not ok\b/.test(l))) return undefined;
    const failures: FailedTest[] = [];
    const stack: Open[] = [];
    const shown: [number, number][] = [];
    for (let i = 0; i < lines.length; i++) {
      const sub = SUBTEST.exec(lines[i]);
      if (sub) {
        stack.push({ name: sub[2].trim(), indent: sub[1].length, childFailed: false });
        continue;
      }
      const r = RESULT.exec(lines[i]);
      if (!r) continue;
      const indent = r[1].length;
      while (stack.length && stack[stack.length - 1].indent > indent) stack.pop();
      const own = stack.length && stack[stack.length - 1].indent === indent ? stack.pop()! : undefined;
      if (r[2] === 'ok') continue;
      const directive = DIRECTIVE.exec(r[3]);
      if (directive && /^(SKIP|TODO)/i.test(directive[1])) continue;
      const name = r[3].replace(DIRECTIVE, '').trim() || own?.name || '(unnamed test)';
      const { yaml, body, next } = readDiagnostics(lines, i + 1, indent);
      shown.push([i, next]);
      i = next - 1;
      const parent = own?.childFailed || yaml.get('failureType') === 'subtestsFailed';
      for (const o of stack) o.childFailed = true;
      if (parent) continue;
      failures.push(failure([...stack.map((o) => o.name), name], yaml, body, root));
    }
    const failLine = lastCount(lines);
    return { runner, noun: 'failing test', failures, failedCount: Math.max(failLine ?? 0, failures.length), summary: summaryLines(lines), shown };
  };
}

export const parseNodeTap = tapParser('node-test');
export const parseTap = tapParser('tap');

/** The YAML block ("---" … "...") or the indented lines after a result. */
function readDiagnostics(lines: string[], from: number, indent: number): { yaml: Map<string, string>; body: string[]; next: number } {
  const yaml = new Map<string, string>();
  let i = from;
  if (i < lines.length && lines[i].trim() === '---' && indentOf(lines[i]) > indent) {
    const block: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== '...'; i++) block.push(lines[i]);
    parseYaml(block, yaml);
    return { yaml, body: [], next: i + 1 };
  }
  const body: string[] = [];
  for (; i < lines.length && (!lines[i].trim() || indentOf(lines[i]) > indent) && !RESULT.test(lines[i]) && !SUBTEST.test(lines[i]); i++) body.push(lines[i]);
  return { yaml, body, next: i };
}

/** Enough YAML for TAP diagnostics: top-level keys, scalars and indented or `|`/`>` blocks, as text. */
function parseYaml(block: string[], into: Map<string, string>): void {
  const base = Math.min(...block.filter((l) => l.trim()).map(indentOf));
  for (let i = 0; i < block.length; i++) {
    const m = /^(\s*)([\w$-]+):\s?(.*)$/.exec(block[i]);
    if (!m || m[1].length !== base) continue;
    const value = m[3].trim();
    const nested: string[] = [];
    while (i + 1 < block.length && (!block[i + 1].trim() || indentOf(block[i + 1]) > base)) nested.push(block[++i]);
    const text = /^[|>][-+0-9]*$/.test(value) || !value ? dedent(nested).join('\n') : unquote(value);
    into.set(m[2], text);
  }
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v.slice(1, -1);
    }
  }
  return v;
}

function failure(path: string[], yaml: Map<string, string>, body: string[], root?: string): FailedTest {
  const parts: string[] = [];
  const error = yaml.get('error') ?? yaml.get('message');
  if (error) parts.push(error);
  const diff = yaml.get('diff');
  if (diff) parts.push(diff);
  const expected = yaml.get('expected') ?? yaml.get('wanted');
  const actual = yaml.get('actual') ?? yaml.get('found');
  // Short values say it plainly; long ones are already in the diff or the error when there is one.
  const short = expected !== undefined && actual !== undefined && !expected.includes('\n') && !actual.includes('\n');
  if (expected !== undefined && actual !== undefined && (short || (!diff && !error))) {
    parts.push(`expected: ${expected}\nactual: ${actual}`);
  }
  if (!parts.length && body.length) parts.push(dedent(body.filter((l) => !/^\s*at /.test(l))).join('\n'));
  const stack = (yaml.get('stack') ?? '').split('\n').map((l) => (/^\s*at /.test(l) ? l : `at ${l.trim()}`));
  const at = firstJsFrame([...stack, ...body], root) ?? fromLocation(yaml, root);
  return { title: path.join(' > '), message: parts.join('\n'), ...(at ? { file: at.file, line: at.line } : {}), rerunKey: path[path.length - 1] };
}

/** node's `location: 'path:line:col'` or node-tap's `at: {fileName, lineNumber}`. */
function fromLocation(yaml: Map<string, string>, root?: string) {
  const loc = yaml.get('location');
  if (loc) return locationIn(loc, root);
  const at = yaml.get('at');
  const file = at && /fileName: (.+)/.exec(at)?.[1];
  const line = at && /lineNumber: (\d+)/.exec(at)?.[1];
  const rel = file ? workspacePath(unquote(file.trim()), root) : undefined;
  return rel && line ? { file: rel, line: Number(line) } : undefined;
}

/** The counts, without those that say nothing (no suites, nothing skipped, cancelled or todo). */
function summaryLines(lines: string[]): string[] {
  const out = lines.filter((l) => /^# (?:tests|pass|fail)\s+\d+\s*$/.test(l) || /^# (?:cancelled|skipped|todo)\s+[1-9]\d*\s*$/.test(l) || /^# \{ total: \d+.*\}\s*$/.test(l));
  return out.map((l) => l.replace(/^# /, '').trim());
}

function lastCount(lines: string[]): number | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^# fail\s+(\d+)\s*$/.exec(lines[i]) ?? /^# \{ total: \d+.*\bfail: (\d+)/.exec(lines[i]);
    if (m) return Number(m[1]);
  }
  return undefined;
}
