// Real runner outputs (fixtures/runners, see its README) with failures among many passes: the
// extraction finds every failing test with its workspace location, and the feedback the model gets
// names each one with its expected and actual values, the runner's counts and how to rerun one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFailures, type RunnerName } from '../../../src/core/verify/failure-extract';
import { parseInput } from '../../../src/core/verify/failure-extract/text';
import { analyzeCommandOutput } from '../../../src/core/verify/command-feedback';

const FIXTURES = join(__dirname, 'fixtures', 'runners');
/** The size one round's feedback gets by default (DEFAULT_FEEDBACK_MAX_CHARS). */
const DEFAULT_FEEDBACK_MAX_CHARS = 8000;
const read = (file: string) => readFileSync(join(FIXTURES, file), 'utf8');

interface Expected {
  title: string;
  at?: string;
  /** Text that must reach the model with this failure: the expected and actual values, the diff. */
  values: string[];
}

interface Row {
  file: string;
  command: string;
  root: string;
  runner: RunnerName;
  failed: number;
  summary: RegExp;
  failures: Expected[];
  rerun?: string;
}

const SAMPLE = '/tmp/i18-sample';
const mochaFailures = (file: string): Expected[] => [
  { title: 'cart > slug() > trims surrounding spaces', at: `${file}:11`, values: ["+ '-hello-world-'", "- 'hello-world'"] },
  { title: 'cart > total() > multiplies price by quantity', at: `${file}:14`, values: ['12 !== 13'] },
  { title: 'cart > summary() > counts items and totals them', at: `${file}:17`, values: ['+   total: 6', '-   total: 8'] },
];
const nodeFailures = (values: string[][]): Expected[] => [
  { title: 'cart > slug() > trims surrounding spaces', at: 'test/cart.node.test.js:12', values: values[0] },
  { title: 'cart > total() > multiplies price by quantity', at: 'test/cart.node.test.js:15', values: values[1] },
  { title: 'cart > summary() > counts items and totals them', at: 'test/cart.node.test.js:18', values: values[2] },
];
const goFailures: Expected[] = [
  { title: 'TestSlug/trims_surrounding_spaces', at: 'cart_test.go:34', values: ['Slug("  Hello World ") = "--hello-world-", want "hello-world"'] },
  { title: 'TestTotal', at: 'cart_test.go:21', values: ['Total(items) = 12, want 13'] },
];

const TABLE: Row[] = [
  { file: 'mocha-spec.txt', command: 'npx mocha test/cart.mocha.js', root: SAMPLE, runner: 'mocha', failed: 3, summary: /57 passing \(17ms\) · 3 failing/, failures: mochaFailures('test/cart.mocha.js'), rerun: 'npx mocha test/cart.mocha.js --fgrep "cart slug() trims surrounding spaces"' },
  { file: 'mocha-dot.txt', command: 'npx mocha --reporter dot test/cart.mocha.js', root: SAMPLE, runner: 'mocha', failed: 3, summary: /57 passing/, failures: mochaFailures('test/cart.mocha.js') },
  { file: 'npm-mocha.txt', command: 'npm test', root: SAMPLE, runner: 'mocha', failed: 3, summary: /57 passing/, failures: mochaFailures('test/cart.mocha.js'), rerun: 'npm test -- --fgrep "cart slug() trims surrounding spaces"' },
  {
    file: 'jest.txt', command: 'npx jest', root: SAMPLE, runner: 'jest', failed: 3, summary: /Tests: 3 failed, 57 passed, 60 total/,
    failures: [
      { title: 'cart > slug() > trims surrounding spaces', at: 'test/cart.jest.test.js:10', values: ['Expected: "hello-world"', 'Received: "-hello-world-"'] },
      { title: 'cart > total() > multiplies price by quantity', at: 'test/cart.jest.test.js:13', values: ['Expected: 13', 'Received: 12'] },
      { title: 'cart > summary() > counts items and totals them', at: 'test/cart.jest.test.js:16', values: ['-   "total": 8,', '+   "total": 6,'] },
    ],
    rerun: 'npx jest -t "cart slug\\\\(\\\\) trims surrounding spaces"',
  },
  {
    file: 'vitest.txt', command: 'npx vitest run', root: SAMPLE, runner: 'vitest', failed: 3, summary: /Tests 3 failed \| 57 passed \(60\)/,
    failures: [
      { title: 'cart > slug() > trims surrounding spaces', at: 'vt/cart.vitest.test.mjs:10', values: ["expected '-hello-world-' to be 'hello-world'", 'Received: "-hello-world-"'] },
      { title: 'cart > total() > multiplies price by quantity', at: 'vt/cart.vitest.test.mjs:13', values: ['expected 12 to be 13'] },
      { title: 'cart > summary() > counts items and totals them', at: 'vt/cart.vitest.test.mjs:16', values: ['-   "total": 8,', '+   "total": 6,'] },
    ],
  },
  {
    file: 'node-spec.txt', command: 'node --test test/', root: SAMPLE, runner: 'node-test', failed: 3, summary: /^Summary \(node-test\): tests 60 · pass 57 · fail 3$/m,
    failures: nodeFailures([["actual: '-hello-world-'", "expected: 'hello-world'"], ['12 !== 13', 'actual: 12', 'expected: 13'], ["actual: { count: 1, total: 6, currency: 'EUR' }", "expected: { count: 1, total: 8, currency: 'EUR' }"]]),
    rerun: 'node --test --test-name-pattern="trims surrounding spaces" test/',
  },
  {
    file: 'node-tap.txt', command: 'node --test', root: SAMPLE, runner: 'node-test', failed: 3, summary: /^Summary \(node-test\): tests 60 · pass 57 · fail 3$/m,
    failures: nodeFailures([['expected: hello-world', 'actual: -hello-world-'], ['12 !== 13', 'expected: 13', 'actual: 12'], ['+   total: 6', '-   total: 8']]),
  },
  {
    file: 'tap.txt', command: 'npx tap', root: SAMPLE, runner: 'tap', failed: 3, summary: /\{ total: 60, pass: 57, fail: 3 \}/,
    failures: [
      { title: 'test/cart.tap.js > slug() > trims surrounding spaces', at: 'test/cart.tap.js:10', values: ['-hello-world', '+-hello-world-'] },
      { title: 'test/cart.tap.js > total() > multiplies price by quantity', at: 'test/cart.tap.js:13', values: ['-13', '+12'] },
      { title: 'test/cart.tap.js > summary() > counts items and totals them', at: 'test/cart.tap.js:16', values: ['-  "total": 8,', '+  "total": 6,'] },
    ],
    rerun: 'npx tap --grep="slug\\\\(\\\\)" --grep="trims surrounding spaces"',
  },
  {
    file: 'pytest.txt', command: 'python -m pytest -q', root: `${SAMPLE}/py`, runner: 'pytest', failed: 3, summary: /3 failed, 57 passed in 1\.64s/,
    failures: [
      { title: 'tests/test_cart.py::test_slug_trims', at: 'tests/test_cart.py:16', values: ["assert '--hello-world-' == 'hello-world'", '- hello-world', '+ --hello-world-'] },
      { title: 'tests/test_cart.py::TestTotals::test_total_multiplies', at: 'tests/test_cart.py:21', values: ['assert 12 == 13'] },
      { title: 'tests/test_cart.py::TestTotals::test_summary', at: 'tests/test_cart.py:24', values: ["{'total': 6} != {'total': 8}"] },
    ],
    rerun: 'python -m pytest "tests/test_cart.py::test_slug_trims"',
  },
  ...['cargo.txt', 'cargo-backtrace.txt'].map((file): Row => {
    const failures = [
      { title: 'tests::slug_trims_spaces', at: 'src/lib.rs:43', values: ['left: "--hello-world-"', 'right: "hello-world"'] },
      { title: 'tests::total_multiplies_price_by_quantity', at: 'src/lib.rs:49', values: ['failed: total of 2 items', 'left: 12', 'right: 13'] },
    ];
    // Tests run in parallel: the two runs reported them in different orders.
    const ordered = file === 'cargo.txt' ? failures : failures.reverse();
    return { file, command: 'cargo test', root: `${SAMPLE}/cartrs`, runner: 'cargo', failed: 2, summary: /test result: FAILED\. 58 passed; 2 failed/, failures: ordered, rerun: `cargo test "${ordered[0].title}" -- --exact` };
  }),
  {
    file: 'cargo-compile.txt', command: 'cargo test', root: `${SAMPLE}/cartrs`, runner: 'cargo', failed: 2, summary: /could not compile `cartrs`/,
    failures: [
      { title: 'src/lib.rs:2:9 E0308', at: 'src/lib.rs:2', values: ['mismatched types', 'expected `i64`, found `i32`'] },
      { title: 'src/lib.rs:2:7 E0277', at: 'src/lib.rs:2', values: ['cannot add `i32` to `i64`'] },
    ],
  },
  ...['tsc.txt', 'tsc-pretty.txt'].map((file): Row => ({
    file, command: 'npx tsc -p .', root: `${SAMPLE}/ts`, runner: 'tsc', failed: 4, summary: file === 'tsc.txt' ? /type errors/ : /Found 4 errors in 2 files\./,
    failures: [
      { title: 'src/cart.ts:6:9 TS2322', values: ["Type 'string' is not assignable to type 'number'."] },
      { title: 'src/cart.ts:7:3 TS2322', values: ["Type 'number' is not assignable to type 'string'."] },
      { title: 'src/checkout.ts:3:31 TS2554', values: ['Expected 1 arguments, but got 2.'] },
      { title: 'src/checkout.ts:7:3 TS2322', values: ["Type 'Item | undefined' is not assignable to type 'Item'.", "Type 'undefined' is not assignable to type 'Item'."] },
    ],
  })),
  {
    file: 'eslint.txt', command: 'npx eslint src', root: `${SAMPLE}/lint`, runner: 'eslint', failed: 2, summary: /3 problems \(2 errors, 1 warning\)/,
    failures: [
      { title: 'src/cart.js:2:7 no-unused-vars', values: ["'unused' is assigned a value but never used"] },
      { title: 'src/cart.js:7:10 no-undef', values: ["'summ' is not defined"] },
    ],
    rerun: 'npx eslint "src/cart.js"',
  },
  { file: 'go-test.txt', command: 'go test ./...', root: '/home/dev/cart', runner: 'go', failed: 2, summary: /FAIL example\.com\/cart 0\.004s · 1 package\(s\) ok/, failures: goFailures, rerun: "go test -run '^TestSlug$/^trims_surrounding_spaces$' example.com/cart" },
  { file: 'go-test-verbose.txt', command: 'go test -v ./...', root: '/home/dev/cart', runner: 'go', failed: 2, summary: /FAIL example\.com\/cart/, failures: goFailures },
  {
    file: 'go-test-panic.txt', command: 'go test ./...', root: '/home/dev/cart', runner: 'go', failed: 1, summary: /FAIL example\.com\/cart/,
    failures: [{ title: 'TestFirst', at: 'cart.go:31', values: ['panic: runtime error: index out of range [0] with length 0'] }],
  },
  {
    file: 'go-build.txt', command: 'go test ./...', root: '/home/dev/cart', runner: 'go', failed: 2, summary: /\[build failed\]/,
    failures: [
      { title: 'cart.go:12:9', values: ['cannot use total (variable of type float64) as int value in return statement'] },
      { title: 'cart_test.go:18:14', values: ['undefined: Totals'] },
    ],
  },
];

for (const row of TABLE) {
  test(`${row.file}: every failing test, its place, and its values reach the model`, () => {
    const output = read(row.file);
    const { extractions } = extractFailures(output, { command: row.command, root: row.root });
    assert.deepEqual(extractions.map((e) => e.runner), [row.runner]);
    const [e] = extractions;
    assert.equal(e.failedCount, row.failed);
    assert.deepEqual(e.failures.map((f) => f.title), row.failures.map((f) => f.title));
    for (const [i, want] of row.failures.entries()) {
      const got = e.failures[i];
      if (want.at) assert.equal(`${got.file}:${got.line}`, want.at, `${want.title}: first workspace frame`);
      for (const v of want.values) assert.ok(got.message.includes(v), `${want.title}: message lacks ${JSON.stringify(v)}:\n${got.message}`);
    }

    const feedback = analyzeCommandOutput(row.command, output, row.root);
    const text = feedback.render(DEFAULT_FEEDBACK_MAX_CHARS, { maxOutputChars: 1500 });
    assert.ok(text.length <= DEFAULT_FEEDBACK_MAX_CHARS);
    for (const want of row.failures) {
      const at = text.indexOf(want.title);
      assert.ok(at >= 0, `the feedback names ${want.title}:\n${text}`);
      for (const v of want.values) assert.ok(text.includes(v), `the feedback carries ${JSON.stringify(v)} for ${want.title}`);
    }
    assert.match(text, row.summary);
    // Failing tests come first: before the runner's summary and before any raw output.
    const firstFailure = text.indexOf(row.failures[0].title);
    assert.ok(firstFailure < text.indexOf('Summary') || !text.includes('Summary'), 'failures before the summary');
    const other = text.indexOf('\nOther output');
    if (other >= 0) {
      assert.ok(firstFailure < other, 'failures before the rest of the output');
      // The rest of the output leaves out what was read into the failures above (go's format is not cut up).
      if (row.runner !== 'go') assert.ok(!text.slice(other).includes(row.failures[0].values[0]), `the failure is not repeated in the other output:\n${text.slice(other)}`);
    }
    if (row.rerun) assert.ok(text.includes(row.rerun), `rerun hint ${row.rerun} in:\n${text}`);
    assert.ok(feedback.headline?.startsWith(`${row.failed} `), `headline: ${feedback.headline}`);
  });
}

test('no colour codes and no runner frames reach the feedback', () => {
  for (const file of ['jest.txt', 'vitest.txt', 'node-spec.txt']) {
    const text = analyzeCommandOutput('npm test', read(file), SAMPLE).render(DEFAULT_FEEDBACK_MAX_CHARS, { maxOutputChars: 0 });
    assert.doesNotMatch(text, /\u001b\[/, file);
    assert.doesNotMatch(text, /node:internal|node_modules/, file);
  }
});

test('express, 44 failing among 1,212 passing: distinct failures first, alike ones counted, all within the cap', () => {
  const output = read('mocha-express.txt');
  const root = '/tmp/i18-express';
  const [e] = extractFailures(output, { command: 'npm test', root }).extractions;
  assert.equal(e.failedCount, 44);
  assert.equal(e.failures.length, 44);
  const utf8 = e.failures.find((f) => f.title === 'utils.etag(body, encoding) > should support utf8 strings')!;
  assert.equal(`${utf8.file}:${utf8.line}`, 'test/utils.js:14');
  assert.match(utf8.message, /\+ '"8-pi1VDb2b4QZYcjL\+4KnN8T7\+6mU"'\n- '"a-JBiXf7GyzxwcrxY4hVXUwa7tmks"'/);

  const text = analyzeCommandOutput('npm test', output, root).render(DEFAULT_FEEDBACK_MAX_CHARS, { maxOutputChars: 1500 });
  assert.ok(text.length <= DEFAULT_FEEDBACK_MAX_CHARS);
  assert.match(text, /^44 failing tests \(mocha\):/);
  // The 33 requests that fail alike at test/res.send.js:419 are one problem, shown once and counted.
  assert.match(text, /should send ETag in response to ACL request\n {3}at test\/res\.send\.js:419\n.*\n {3}The same in 32 more: /);
  assert.match(text, /utils\.etag\(body, encoding\) > should support utf8 strings\n {3}at test\/utils\.js:14/);
  assert.match(text, /utils\.wetag\(body, encoding\) > should support utf8 strings\n {3}at test\/utils\.js:77/);
  assert.match(text, /Summary \(mocha\): 1212 passing \(10s\) · 4 pending · 44 failing/);
  const shown = (text.match(/^\d+\) /gm) ?? []).length;
  const alike = [...text.matchAll(/The same in (\d+) more/g)].reduce((n, m) => n + Number(m[1]), 0);
  const notShown = Number(/(\d+) more not shown/.exec(text)?.[1] ?? 0);
  assert.equal(shown + alike + notShown, 44, 'every failure is shown, counted with its like, or counted as not shown');
});

test('a small cap keeps the first failure and says how many were left out and how to see one', () => {
  const output = read('mocha-express.txt');
  const text = analyzeCommandOutput('npm test', output, '/tmp/i18-express').render(1500);
  assert.ok(text.length <= 1500, `${text.length}`);
  assert.match(text, /^44 failing tests \(mocha\):\n1\) res > \.send\(String\) > should set ETag\n {3}at test\/res\.send\.js:95\n {3}Error: expected "ETag" of "W\/"3e7-/);
  assert.match(text, /\d+ more not shown: .*\. To see one, rerun it alone: npm test -- --fgrep "/);
  assert.match(text, /Summary \(mocha\): 1212 passing/);
});

test('output no runner format matches: start and end kept, the end larger, the middle marked, lost error lines brought forward', () => {
  const lines = ['starting build', ...Array.from({ length: 400 }, (_, i) => (i === 200 ? 'fatal error: missing header foo.h' : `compiling unit ${i}`)), 'make: *** [all] Error 2'];
  const feedback = analyzeCommandOutput('make', lines.join('\n'));
  assert.equal(feedback.failedCount, 0);
  const text = feedback.render(2000);
  assert.ok(text.length <= 2000);
  assert.match(text, /^Error lines from the elided middle:\nfatal error: missing header foo\.h\n/);
  assert.match(text, /starting build/);
  assert.match(text, /\[… \d+ lines \(\d+ chars\) elided …\]/);
  assert.match(text, /make: \*\*\* \[all\] Error 2$/);
  const [start, end] = text.split(/\[… \d+ lines \(\d+ chars\) elided …\]/);
  assert.ok(end.length > start.length, 'the end gets the larger share');
});

test('lines are cut before parsing, so a test printing a huge line cannot stall the extraction', () => {
  const hostile = `  1 passing (1ms)\n  1 failing\n\n  1) suite\n       test:\n\n      Error: boom\n      at ${' ('.repeat(30_000)}\n      at fn (test/a.js:3:7)\n`;
  const { lines } = parseInput(hostile, '/w');
  assert.ok(lines.every((l) => l.length <= 2001), 'every line is at most 2,000 characters and a mark');
  const [e] = extractFailures(hostile, { command: 'npx mocha', root: '/w' }).extractions;
  assert.deepEqual([e.failures[0].title, e.failures[0].file, e.failures[0].line], ['suite > test', 'test/a.js', 3]);
});
