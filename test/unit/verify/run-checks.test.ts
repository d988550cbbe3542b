import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks, formatReport, verdictFor } from '../../../src/core/verify';
import type { VerifyInput, CommandOutcomeLike, CheckResult } from '../../../src/core/verify';
import { CHECK_DETAILS_MAX_CHARS } from '../../../src/core/verify/command-checks';

function input(over: Partial<VerifyInput> = {}): VerifyInput & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    root: '/w',
    touched: [{ path: 'src/a.ts', before: 'export const a = 1;\n', after: 'export const a = 2;\n' }],
    commands: [],
    runCommand: async (command: string): Promise<CommandOutcomeLike> => {
      ran.push(command);
      return { exitCode: 0, output: 'ok', timedOut: false, cancelled: false };
    },
    commandAllowed: async () => ({ allowed: true, reason: 'allowed by rule' }),
    rejectedPaths: [],
    finalMessage: 'Done.',
    ...over,
  };
}

test('without a diagnostics provider (CLI) the check is skipped, not passed, and says why', async () => {
  const checks = await runChecks(input());
  const diag = checks.find((c) => c.name === 'diagnostics')!;
  assert.deepEqual([diag.status, diag.passed, diag.skipped], ['skipped', false, true]);
  assert.equal(diag.summary, 'diagnostics are only available in the editor');
  assert.match(formatReport({ verdict: 'verified', rounds: [{ checks }] }), /SKIP diagnostics/);
});

test('every check says the same thing in status, passed and skipped', async () => {
  const outcomes: CommandOutcomeLike[] = [
    { exitCode: 0, output: 'ok', timedOut: false, cancelled: false },
    { exitCode: 1, output: 'boom', timedOut: false, cancelled: false },
    { exitCode: null, output: '', timedOut: true, cancelled: false },
    { exitCode: null, output: '', timedOut: false, cancelled: true },
  ];
  const all: CheckResult[] = [];
  for (const outcome of outcomes) all.push(...(await runChecks(input({ commands: [{ command: 'npm test' }], runCommand: async () => outcome }))));
  all.push(...(await runChecks(input({ commands: [{ command: 'npm test' }], commandAllowed: async () => ({ allowed: false, reason: 'no' }) }))));
  all.push(...(await runChecks(input({ diagnostics: { before: async () => { throw new Error('gone'); }, after: async () => [] } }))));
  assert.deepEqual(new Set(all.map((c) => c.status)), new Set(['passed', 'failed', 'skipped', 'not_run']));
  for (const c of all) {
    assert.equal(c.passed, c.status === 'passed', `${c.name}: ${c.status} with passed ${c.passed}`);
    assert.equal(!!c.skipped, c.status === 'skipped' || c.status === 'not_run', `${c.name}: ${c.status} with skipped ${c.skipped}`);
  }
});

test('only new editor errors count, matched regardless of moved lines', async () => {
  const old = { path: 'src/a.ts', line: 3, message: 'old problem', severity: 'error' as const };
  const checks = await runChecks(
    input({
      diagnostics: {
        before: async () => [old],
        after: async () => [{ ...old, line: 9 }, { path: 'src/a.ts', line: 4, message: "Cannot find name 'b'.", severity: 'error' }, { path: 'src/a.ts', line: 5, message: 'unused', severity: 'warning' }],
      },
    }),
  );
  const diag = checks.find((c) => c.name === 'diagnostics')!;
  assert.equal(diag.passed, false);
  assert.equal(diag.line, 4);
  assert.match(diag.summary, /1 new error/);
});

test('a command the policy does not allow is not run and is reported as needing approval', async () => {
  const inp = input({ commands: [{ command: 'npm test' }], commandAllowed: async () => ({ allowed: false, reason: 'level 2 asks before commands' }) });
  const checks = await runChecks(inp);
  assert.deepEqual(inp.ran, []);
  const c = checks.find((x) => x.name === 'command: npm test')!;
  assert.equal(c.skipped, true);
  assert.equal(c.passed, false, 'a check that did not run did not pass');
  assert.match(c.summary, /^not run: level 2 asks before commands\. Approve it when asked, or allow it with a policy rule/);
  // The work is therefore not verified: a human has to look (and no fix round: the model cannot approve).
  const d = verdictFor([{ checks }], { maxFixAttempts: 2 });
  assert.deepEqual([d.verdict, d.action, d.needsHuman], ['needs_review', 'stop', true]);
  assert.match(d.reason, /command: npm test did not run/);
  assert.match(formatReport({ verdict: d.verdict, rounds: [{ checks }] }), /NOT RUN command: npm test/);
});

test("node's assert output: the AssertionError line is the summary and a key line, not the stack location", async () => {
  const output = [
    'node:assert:90',
    '  throw new AssertionError(obj);',
    '  ^',
    '',
    "AssertionError [ERR_ASSERTION]: add(2, 3) should be 5",
    '',
    '-1 !== 5',
    '',
    '    at Object.<anonymous> (/w/test.js:3:8)',
    ...Array.from({ length: 60 }, (_, i) => `    at frame${i} (node:internal/x:${i}:1)`),
  ].join('\n');
  const checks = await runChecks(input({ commands: [{ command: 'node test.js' }], runCommand: async () => ({ exitCode: 1, output, timedOut: false, cancelled: false }) }));
  const c = checks.find((x) => x.name === 'command: node test.js')!;
  assert.equal(c.summary, 'node test.js failed (exit 1): AssertionError [ERR_ASSERTION]: add(2, 3) should be 5');
  assert.match(c.details!, /AssertionError \[ERR_ASSERTION\]: add\(2, 3\) should be 5/);
});

test('a Python traceback: the summary is the exception line', async () => {
  const output = 'Traceback (most recent call last):\n  File "t.py", line 3, in <module>\n    assert add(2, 3) == 5\nAssertionError: expected 5\n';
  const checks = await runChecks(input({ commands: [{ command: 'python t.py' }], runCommand: async () => ({ exitCode: 1, output, timedOut: false, cancelled: false }) }));
  assert.match(checks.find((x) => x.name === 'command: python t.py')!.summary, /: AssertionError: expected 5$/);
});

test('a failing test command is high severity with the first failing line as summary', async () => {
  const output = 'TAP version 13\n# Subtest: adds\nnot ok 1 - adds numbers\n  AssertionError: 3 !== 4\n# pass 0\n# fail 1\n';
  const inp = input({
    commands: [{ command: 'npm test', timeoutMs: 5000 }, { command: 'npx eslint .' }],
    runCommand: async (command) => (command === 'npm test' ? { exitCode: 1, output, timedOut: false, cancelled: false } : { exitCode: 1, output: 'src/a.ts\n  1:1 error no-var', timedOut: false, cancelled: false }),
  });
  const checks = await runChecks(inp);
  const t = checks.find((c) => c.name === 'command: npm test')!;
  assert.equal(t.passed, false);
  assert.equal(t.severity, 'high');
  assert.match(t.summary, /exit 1\): 1 failing test \(tap\); first: adds numbers: AssertionError: 3 !== 4/);
  assert.deepEqual(t.failures, [{ test: 'adds numbers', message: 'AssertionError: 3 !== 4' }]);
  assert.match(t.details!, /AssertionError: 3 !== 4/);
  assert.equal(checks.find((c) => c.name === 'command: npx eslint .')!.severity, 'medium');
});

test('a timed-out command fails and says so', async () => {
  const checks = await runChecks(input({ commands: [{ command: 'npm test' }], runCommand: async () => ({ exitCode: null, output: '', timedOut: true, cancelled: false, durationMs: 60000 }) }));
  assert.match(checks.find((c) => c.name === 'command: npm test')!.summary, /timed out after 60s/);
});

test('command details are capped even for huge output', async () => {
  const output = 'x'.repeat(200_000);
  const checks = await runChecks(input({ commands: [{ command: 'make check' }], runCommand: async () => ({ exitCode: 2, output, timedOut: false, cancelled: false }) }));
  assert.ok(checks.find((c) => c.name === 'command: make check')!.details!.length <= CHECK_DETAILS_MAX_CHARS);
});

test('formatReport prints the verdict and each round with PASS/FAIL/SKIP', () => {
  const text = formatReport({
    verdict: 'verified',
    rounds: [
      { checks: [{ name: 'command: npm test', status: 'failed', passed: false, severity: 'high', summary: 'npm test failed (exit 1)' }] },
      {
        checks: [
          { name: 'command: npm test', status: 'passed', passed: true, severity: 'high', summary: 'npm test passed' },
          { name: 'diagnostics', status: 'skipped', passed: false, skipped: true, severity: 'low', summary: 'diagnostics are only available in the editor' },
          { name: 'command: npm run lint', status: 'not_run', passed: false, skipped: true, severity: 'medium', summary: 'not run: rejected' },
        ],
      },
    ],
  });
  assert.match(text, /^Verification: verified \(2 rounds\)/);
  assert.match(text, /Round 1:\n\s+FAIL command: npm test \[high\]: npm test failed/);
  assert.match(text, /Round 2:\n\s+PASS command: npm test/);
  assert.match(text, /SKIP diagnostics: diagnostics are only available/);
  assert.match(text, /NOT RUN command: npm run lint: not run: rejected/);
  assert.doesNotMatch(text, /PASS diagnostics/);
});
