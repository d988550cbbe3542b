// One round's feedback to the model: failing checks only, failing tests first inside each, one size
// cap for the whole message (an option the context budget can set), shared fairly between checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { feedbackForModel, fairShares, DEFAULT_FEEDBACK_MAX_CHARS } from '../../../src/core/verify/model-feedback';
import { resultForOutcome } from '../../../src/core/verify/command-checks';
import type { CheckResult } from '../../../src/core/shared/types';

const pass = (name: string): CheckResult => ({ name, status: 'passed', passed: true, severity: 'high', summary: 'ok' });
const fail = (name: string, severity: CheckResult['severity'] = 'high', details?: string): CheckResult => ({ name, status: 'failed', passed: false, severity, summary: `${name} failed`, details });
const outcome = (output: string, exitCode = 1) => ({ exitCode, output, timedOut: false, cancelled: false });
const fixture = (file: string) => readFileSync(join(__dirname, 'fixtures', 'runners', file), 'utf8');

test('feedback names the failing checks with what they found, not the passing, skipped or not-run ones', () => {
  const text = feedbackForModel([
    pass('secrets'),
    { name: 'diagnostics', status: 'skipped', passed: false, skipped: true, severity: 'low', summary: 'diagnostics are only available in the editor' },
    { name: 'command: npm run lint', status: 'not_run', passed: false, skipped: true, severity: 'medium', summary: 'not run: rejected by user' },
    fail('placeholders', 'medium', 'src/a.ts:3: TODO: implement'),
  ]);
  assert.match(text, /^Verification failed: 1 of 2 checks\./, 'only checks that ran are counted');
  assert.match(text, /- placeholders \[medium\]: placeholders failed\n {2}src\/a\.ts:3: TODO: implement/);
  for (const absent of [/secrets/, /diagnostics/, /npm run lint/]) assert.doesNotMatch(text, absent);
});

test('a failing test command: its failing tests and values come first, then the summary', () => {
  const check = resultForOutcome('npm test', outcome(fixture('npm-mocha.txt')), '/tmp/i18-sample');
  const text = feedbackForModel([pass('secrets'), check]);
  assert.match(text, /- command: npm test \[high\] \(test\/cart\.mocha\.js:11\): npm test failed \(exit 1\): 3 failing tests \(mocha\); first: cart > slug\(\) > trims surrounding spaces/);
  const body = text.slice(text.indexOf('\n  3 failing tests (mocha):'));
  assert.match(body, /^\n {2}3 failing tests \(mocha\):\n {2}1\) cart > slug\(\) > trims surrounding spaces\n {5}at test\/cart\.mocha\.js:11\n/);
  assert.ok(body.indexOf("+ '-hello-world-'") < body.indexOf('Summary (mocha): 57 passing'), 'values before the summary');
  assert.ok(body.indexOf('12 !== 13') > 0 && body.indexOf('-   total: 8') > 0);
});

test('the size cap holds however long the logs are, and is an option', () => {
  const huge = Array.from({ length: 500 }, (_, i) => `error line ${i} ${'x'.repeat(150)}`).join('\n');
  const checks = [...Array.from({ length: 30 }, (_, i) => fail(`check-${i}`, 'high', huge)), resultForOutcome('npx mocha', outcome(fixture('mocha-express.txt')), '/tmp/i18-express')];
  const text = feedbackForModel(checks);
  assert.ok(text.length <= DEFAULT_FEEDBACK_MAX_CHARS, `${text.length}`);
  assert.match(text, /check-0/);
  for (const max of [1200, 3000, 20_000]) {
    const t = feedbackForModel(checks, { maxChars: max });
    assert.ok(t.length <= max, `${t.length} > ${max}`);
  }
  const small = feedbackForModel([resultForOutcome('npx mocha', outcome(fixture('mocha-express.txt')), '/tmp/i18-express')], { maxChars: 1500 });
  assert.ok(small.length <= 1500);
  assert.match(small, /1\) res > \.send\(String\) > should set ETag/);
  assert.match(small, /\d+ more not shown.*rerun it alone: npx mocha --fgrep "/);
});

test('checks share the cap fairly: a short failure keeps all of its text beside a long one', () => {
  const lint = resultForOutcome('npx eslint src', outcome(fixture('eslint.txt')), '/tmp/i18-sample/lint');
  const tests = resultForOutcome('npm test', outcome(fixture('mocha-express.txt')), '/tmp/i18-express');
  const text = feedbackForModel([tests, lint], { maxChars: 4000 });
  assert.ok(text.length <= 4000);
  assert.match(text, /src\/cart\.js:2:7 no-unused-vars\n {5}'unused' is assigned a value but never used/);
  assert.match(text, /src\/cart\.js:7:10 no-undef\n {5}'summ' is not defined/);
  assert.match(text, /44 failing tests \(mocha\):/);
});

test('fairShares meets small wants in full and splits the rest evenly', () => {
  assert.deepEqual(fairShares([100, 5000, 5000], 3100), [100, 1500, 1500]);
  assert.deepEqual(fairShares([100, 200], 1000), [100, 200]);
  assert.deepEqual(fairShares([900, 900, 900], 900), [300, 300, 300]);
});

test('all checks passed: a short confirmation', () => {
  assert.equal(feedbackForModel([pass('a'), pass('b')]), 'Verification passed.');
});
