// cargo test: "---- tests::x stdout ----" with "thread '…' panicked at src/lib.rs:49:9:" and the
// assertion (left/right), "test result: FAILED. 58 passed; 2 failed; …"; or rustc's build errors
// ("error[E0308]: mismatched types" / " --> src/lib.rs:2:9" / the labelled source line).
import { locationIn } from './text';
import type { FailedTest, Parser } from './types';

const RESULT = /^test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed;.*$/;
const SECTION = /^---- (\S+) stdout ----\s*$/;
const PANIC = /^thread '[^']*'(?: \(\d+\))? panicked at (.+?:\d+:\d+):\s*(.*)$/;
const BACKTRACE_AT = /^\s+at (\S+:\d+:\d+)\s*$/;
const COMPILE_ERROR = /^error(?:\[(E\d+)\])?: (.+)$/;
const ARROW = /^\s*--> (\S+:\d+:\d+)\s*$/;

export const parseCargo: Parser = ({ lines, root }) => {
  const results = lines.filter((l) => RESULT.test(l));
  const compile = lines.some((l) => /^error: could not compile /.test(l));
  if (!results.length && !compile) return undefined;
  const failures: FailedTest[] = [];
  const shown: [number, number][] = lines.flatMap((l, i): [number, number][] => (RESULT.test(l) || /^error: (?:could not compile|test failed)/.test(l) ? [[i, i + 1]] : []));
  for (let i = 0; i < lines.length; i++) {
    const s = SECTION.exec(lines[i]);
    if (s) {
      let end = i + 1;
      while (end < lines.length && !SECTION.test(lines[end]) && !/^failures:\s*$/.test(lines[end])) end++;
      failures.push(testFailure(s[1], lines.slice(i + 1, end), root));
      shown.push([i, end]);
      i = end - 1;
      continue;
    }
    const c = COMPILE_ERROR.exec(lines[i]);
    if (c && !/^(?:could not compile|aborting due to|test failed)/.test(c[2])) {
      let end = i + 1;
      while (end < lines.length && lines[end].trim()) end++;
      failures.push(buildError(c[1], c[2], lines.slice(i + 1, end), root));
      shown.push([i, end]);
      i = end - 1;
    }
  }
  const failed = results.reduce((n, l) => n + Number(RESULT.exec(l)![2]), 0);
  const summary = [...results, ...lines.filter((l) => /^error: (?:could not compile|test failed)/.test(l))].map((l) => l.trim());
  const noun = failures.length && failures.every((f) => !f.rerunKey) ? 'build error' : 'failing test';
  return { runner: 'cargo', noun, failures, failedCount: Math.max(failed, failures.length), summary, shown };
};

function testFailure(name: string, body: string[], root?: string): FailedTest {
  const p = body.findIndex((l) => PANIC.test(l));
  const message: string[] = [];
  let at;
  if (p >= 0) {
    const m = PANIC.exec(body[p])!;
    at = locationIn(m[1], root);
    if (m[2]) message.push(m[2]);
    for (let i = p + 1; i < body.length && !/^(?:note: |stack backtrace:)/.test(body[i]); i++) message.push(body[i]);
  } else {
    message.push(...body.filter((l) => l.trim()));
  }
  // A panic inside the standard library (an unwrap) names the test's own line in the backtrace.
  for (const l of at ? [] : body) {
    const b = BACKTRACE_AT.exec(l);
    at = b ? locationIn(b[1], root) : undefined;
    if (at) break;
  }
  return { title: name, message: message.join('\n').trim(), ...(at ? { file: at.file, line: at.line } : {}), rerunKey: name };
}

function buildError(code: string | undefined, text: string, body: string[], root?: string): FailedTest {
  const arrow = body.map((l) => ARROW.exec(l)).find(Boolean);
  const at = arrow ? locationIn(arrow[1], root) : undefined;
  // The labels under the source line ("expected `i64`, found `i32`") and the help notes.
  const labels = body.filter((l) => /^\s*\|\s*[\^-]+ \S/.test(l) || /^\s*= (?:help|note): /.test(l)).map((l) => l.replace(/^\s*\|\s*[\^-]+ /, '').trim()).slice(0, 3);
  const where = arrow ? arrow[1] : 'build';
  return { title: `${where}${code ? ` ${code}` : ''}`, message: [text, ...labels].join('\n'), ...(at ? { file: at.file, line: at.line } : {}) };
}
