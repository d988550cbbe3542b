// go test: "--- FAIL: TestX (0.00s)" per failed test (subtests nested by four spaces), its t.Error
// lines ("    x_test.go:21: got 12, want 13") after it, or before it with -v ("=== RUN   TestX");
// a panic with its goroutine trace; "FAIL\tpkg\t0.01s" / "ok  \tpkg" per package; build errors.
import { indentOf, workspacePath } from './text';
import type { FailedTest, Parser } from './types';

const FAIL = /^(\s*)--- FAIL: (\S+) \([\d.]+s\)\s*$/;
const RUN = /^=== (?:RUN|CONT|NAME|PAUSE)\s+(\S+)\s*$/;
const PKG = /^(FAIL|ok)\s+(\S+)\s+(?:[\d.]+s|\(cached\)|\[build failed\]|\[setup failed\]|\[no test files\])/;
const BUILD_HEADER = /^# (\S+)/;
const BUILD_ERROR = /^(?:\.\/)?(\S+\.go):(\d+):(\d+): (.+)$/;
const LOG = /^(\S+\.go):(\d+): ?(.*)$/;
const GOROUTINE_FRAME = /^\t(\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?$/;

export const parseGoTest: Parser = ({ lines, root }) => {
  if (!lines.some((l) => FAIL.test(l) || PKG.test(l))) return undefined;
  const verboseLogs = new Map<string, string[]>();
  const failures: (FailedTest & { pkg?: string })[] = [];
  let current: string | undefined;
  let buildPkg: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const run = RUN.exec(line);
    if (run) {
      current = run[1];
      continue;
    }
    const b = BUILD_HEADER.exec(line);
    if (b) buildPkg = b[1];
    const be = buildPkg ? BUILD_ERROR.exec(line) : null;
    if (be) {
      failures.push({ title: `${be[1]}:${be[2]}:${be[3]}`, message: be[4], file: be[1], line: Number(be[2]), pkg: buildPkg });
      continue;
    }
    const pkg = PKG.exec(line);
    if (pkg) {
      for (const f of failures) f.pkg ??= pkg[2];
      buildPkg = undefined;
      current = undefined;
      continue;
    }
    const f = FAIL.exec(line);
    if (!f) {
      if (current && line.trim() && !/^(?:PASS|FAIL|exit status \d+|\s*--- (?:PASS|SKIP): .*)$/.test(line)) verboseLogs.set(current, [...(verboseLogs.get(current) ?? []), line]);
      continue;
    }
    const indent = f[1].length;
    let end = i + 1;
    while (end < lines.length && lines[end].trim() && indentOf(lines[end]) > indent && !FAIL.test(lines[end])) end++;
    // A test whose subtests failed only repeats them: the leaves are the failures.
    const hasFailingChild = end < lines.length && FAIL.test(lines[end]) && FAIL.exec(lines[end])![1].length > indent;
    const own = lines.slice(i + 1, end).filter((l) => !/^\s*--- (?:PASS|SKIP): /.test(l));
    const panic = panicAfter(lines, end);
    if (hasFailingChild && !own.length) continue;
    const logs = [...(verboseLogs.get(f[2]) ?? []), ...own];
    failures.push(failure(f[2], logs, panic, root));
    i = end - 1;
  }
  const pkgLines = lines.filter((l) => PKG.test(l));
  const ok = pkgLines.filter((l) => l.startsWith('ok')).length;
  const summary = [...pkgLines.filter((l) => l.startsWith('FAIL')).map((l) => l.trim().replace(/\s+/g, ' ')), ...(ok ? [`${ok} package(s) ok`] : [])];
  const tests = failures.map(({ pkg, ...rest }) => ({ ...rest, ...(rest.rerunKey && pkg ? { rerunKey: `${rest.rerunKey} ${pkg}` } : {}) }));
  const build = tests.length > 0 && tests.every((t) => !t.rerunKey);
  return { runner: 'go', noun: build ? 'build error' : 'failing test', failures: tests, failedCount: tests.length, summary };
};

/** "panic: …" and the first goroutine frame in the workspace, right after a failed test. */
function panicAfter(lines: string[], from: number): string[] {
  if (!/^panic: /.test(lines[from] ?? '')) return [];
  const out: string[] = [];
  for (let i = from; i < lines.length && !PKG.test(lines[i]) && !FAIL.test(lines[i]) && out.length < 200; i++) out.push(lines[i]);
  return out;
}

function failure(name: string, logs: string[], panic: string[], root?: string): FailedTest {
  const message: string[] = [];
  let at: { file: string; line: number } | undefined;
  for (const l of logs) {
    const t = l.trim();
    const m = LOG.exec(t);
    if (m && !at) at = { file: m[1], line: Number(m[2]) };
    message.push(t);
  }
  if (panic.length) {
    const panics = panic.filter((l) => /^\s*panic: /.test(l)).map((l) => l.trim().replace(/ \[recovered(?:, repanicked)?\]$/, ''));
    message.push(...new Set(panics));
    for (const l of panic) {
      const g = GOROUTINE_FRAME.exec(l);
      const file = g && workspacePath(g[1], root);
      if (file) {
        at = { file, line: Number(g![2]) };
        break;
      }
    }
  }
  // -run takes one anchored pattern per level of subtest.
  const pattern = name
    .split('/')
    .map((p) => `^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
    .join('/');
  return { title: name, message: message.join('\n'), ...(at ? { file: at.file, line: at.line } : {}), rerunKey: `-run '${pattern}'` };
}
