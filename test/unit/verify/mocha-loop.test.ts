// End to end through `harness run` against the scripted model, with real mocha (a devDependency,
// copied into the workspace's node_modules, as in a user's project): a wrong edit makes
// 2 of 62 tests fail after 60 pass; the model's next request names both failing tests with their
// expected and actual values and where they failed; the fix round ends verified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { startMockLlm, type ScriptedTurn } from '../../support/mock-llm-server';
import { API_KEY, tempWorkspace } from '../agent/helpers';
import { useTempStateHome } from '../../support/state-home';

const KEY_ENV = 'HARNESS_MOCHA_UNIT_KEY';
process.env[KEY_ENV] = API_KEY;
useTempStateHome();
const NODE_MODULES = path.resolve(__dirname, '../../../node_modules');
const skip = fs.existsSync(path.join(NODE_MODULES, 'mocha', 'bin', 'mocha.js')) ? false : 'mocha is not installed: run npm ci';

const CART = `'use strict';
exports.add = (a, b) => a + b;
exports.slug = (text) => text.trim().toLowerCase().replace(/\\s+/g, '-');
exports.total = (items) => items.reduce((sum, item) => sum + item.price * item.qty, 0);
`;
const SPEC = `'use strict';
const assert = require('node:assert');
const cart = require('../lib/cart');

describe('cart', () => {
  describe('add()', () => {
    for (let i = 0; i < 30; i++) it(\`adds \${i} and \${i + 1}\`, () => assert.strictEqual(cart.add(i, i + 1), 2 * i + 1));
  });
  describe('slug()', () => {
    for (let i = 0; i < 30; i++) it(\`slugs "Item \${i}"\`, () => assert.strictEqual(cart.slug(\` Item \${i} \`), \`item-\${i}\`));
  });
  describe('total()', () => {
    it('multiplies price by quantity', () => assert.strictEqual(cart.total([{ price: 2, qty: 4 }, { price: 5, qty: 1 }]), 13));
    it('counts nothing for an empty cart', () => assert.deepStrictEqual({ total: cart.total([{ price: 3, qty: 0 }]) }, { total: 0 }));
  });
});
`;
const WRONG = 'sum + item.price + item.qty';
const RIGHT = 'sum + item.price * item.qty';
// Each edit reads the file first, as the harness requires before changing it.
const edit = (id: string, from: string, to: string): ScriptedTurn => ({
  toolCalls: [{ id: `${id}-read`, name: 'read_file', arguments: { path: 'lib/cart.js' } }, { id, name: 'edit_file', arguments: { path: 'lib/cart.js', old_text: from, new_text: to } }],
});
type Message = { role: string; content: string | null; tool_call_id?: string };
const lastUser = (messages: Message[]) => [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';

function mochaWorkspace() {
  const ws = tempWorkspace({
    'package.json': JSON.stringify({ name: 'cart', version: '1.0.0', private: true, scripts: { test: 'mocha test/' } }, null, 2),
    'lib/cart.js': CART,
    'test/cart.spec.js': SPEC,
  });
  copyPackageTree('mocha', path.join(ws.root, 'node_modules'));
  return ws;
}

/**
 * Copies a package and everything it depends on into a workspace's node_modules, as npm would have
 * installed them there: the command sandbox shows the workspace, not a link out of it.
 */
function copyPackageTree(name: string, into: string, seen = new Set<string>()): void {
  if (seen.has(name)) return;
  seen.add(name);
  const from = path.join(NODE_MODULES, name);
  if (!fs.existsSync(from)) return; // an optional dependency not installed here
  fs.cpSync(from, path.join(into, name), { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(from, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; bin?: string | Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies ?? {})) copyPackageTree(dep, into, seen);
  if (name === 'mocha') {
    fs.mkdirSync(path.join(into, '.bin'), { recursive: true });
    fs.symlinkSync('../mocha/bin/mocha.js', path.join(into, '.bin', 'mocha'));
  }
}

async function harnessRun(root: string, script: (messages: Message[], index: number) => ScriptedTurn) {
  const mock = await startMockLlm(({ body, index }) => script(body.messages as Message[], index));
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(
      ['run', '--workspace', root, '--task', 'make total() add the quantity', '--base-url', mock.url, '--api-key-env', KEY_ENV, '--automation', '4', '--on-approval', 'accept', '--verify', 'npm test', '--json'],
      { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) },
    );
    return { code, stdout, stderr, requests: mock.requests.map((r) => r.body.messages as Message[]) };
  } finally {
    await mock.close();
  }
}

test('npm test (mocha): 60 pass, 2 fail; the feedback names both with their values; the fix round verifies', { skip, timeout: 120_000 }, async () => {
  const ws = mochaWorkspace();
  // The model fixes the code only once it has been told which tests failed and why, like a real one.
  const told = (text: string) =>
    /cart > total\(\) > multiplies price by quantity/.test(text) && /12 !== 13/.test(text) && /cart > total\(\) > counts nothing for an empty cart/.test(text) && /total: 3/.test(text) && /total: 0/.test(text);
  const r = await harnessRun(ws.root, (messages, index) => {
    if (index === 0) return edit('e1', RIGHT, WRONG);
    if (index === 1) return { content: 'Done.' };
    if (index === 2) return told(lastUser(messages)) ? edit('e2', WRONG, RIGHT) : { content: 'I do not know what failed.' };
    return { content: 'Fixed total().' };
  });
  assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
  const out = JSON.parse(r.stdout);
  assert.equal(out.verification.verdict, 'verified');
  assert.equal(out.verification.rounds.length, 2);

  // What the model was told after round 1.
  const feedback = lastUser(r.requests[2]);
  assert.match(feedback, /^Verification failed \(round 1\)/);
  assert.match(feedback, /- command: npm test \[high\] \(test\/cart\.spec\.js:\d+\): npm test failed \(exit 2\): 2 failing tests \(mocha\); first: cart > total\(\) > multiplies price by quantity/);
  assert.match(feedback, /1\) cart > total\(\) > multiplies price by quantity\n {5}at test\/cart\.spec\.js:13\n {5}AssertionError \[ERR_ASSERTION\]: Expected values to be strictly equal:\n[\s\S]*12 !== 13/);
  assert.match(feedback, /2\) cart > total\(\) > counts nothing for an empty cart\n {5}at test\/cart\.spec\.js:14\n[\s\S]*\+ {3}total: 3\n[\s\S]*- {3}total: 0/);
  assert.match(feedback, /Summary \(mocha\): 60 passing \(\d+m?s\) · 2 failing/);
  assert.match(feedback, /To rerun one alone: npm test -- --fgrep "cart total\(\) multiplies price by quantity"/);
  assert.ok(feedback.indexOf('1) cart > total()') < feedback.indexOf('Summary (mocha)'), 'failing tests before the summary');
  assert.ok(!/adds 17 and 18/.test(feedback.slice(0, feedback.indexOf('Summary (mocha)'))), 'no passing test titles before the summary');

  // The --json report carries the same: details start with the failures, and a failures list.
  const check = out.verification.rounds[0].checks.find((c: { name: string }) => c.name === 'command: npm test');
  assert.equal(check.status, 'failed');
  assert.match(check.details, /^2 failing tests \(mocha\):\n1\) cart > total\(\) > multiplies price by quantity\n {3}at test\/cart\.spec\.js:13\n/);
  assert.deepEqual(
    check.failures.map((f: { test: string; file: string; line: number }) => [f.test, f.file, f.line]),
    [['cart > total() > multiplies price by quantity', 'test/cart.spec.js', 13], ['cart > total() > counts nothing for an empty cart', 'test/cart.spec.js', 14]],
  );
  const diagnostics = out.verification.rounds[1].checks.find((c: { name: string }) => c.name === 'diagnostics');
  assert.deepEqual([diagnostics.status, diagnostics.passed], ['skipped', false], 'skipped is not passed in the report');
  assert.equal(ws.read('lib/cart.js'), CART);
});

test('run_command of a failing test command: the failing tests come first in the tool result', { skip, timeout: 120_000 }, async () => {
  const ws = mochaWorkspace();
  const r = await harnessRun(ws.root, (_messages, index) => {
    if (index === 0) return edit('e1', RIGHT, WRONG);
    if (index === 1) return { toolCalls: [{ id: 'run1', name: 'run_command', arguments: { command: 'npm test' } }] };
    if (index === 2) return edit('e2', WRONG, RIGHT);
    return { content: 'Fixed.' };
  });
  const result = r.requests[2].find((m) => m.role === 'tool' && m.tool_call_id === 'run1')?.content ?? '';
  assert.match(result, /^\$ npm test\n\[exit code 2; (?:sandboxed|not sandboxed[^\]]*)\]\n2 failing tests \(mocha\):\n1\) cart > total\(\) > multiplies price by quantity\n {3}at test\/cart\.spec\.js:13\n/);
  assert.match(result, /12 !== 13/);
  // The rest of the output follows, within the command output cap: the passing tests are still there to read.
  assert.match(result, /Other output(?: \(start and end\))?:\n[\s\S]*adds 0 and 1/);
  assert.equal(JSON.parse(r.stdout).verification.verdict, 'verified');
});
