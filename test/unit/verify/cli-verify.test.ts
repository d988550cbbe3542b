// `harness run --verify` end to end through main() against the scripted model: the failure reaches
// the model, the fix round verifies, a leaked key needs review, and the exit code says which.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { startMockLlm, type Script } from '../../support/mock-llm-server';
import { API_KEY, tempWorkspace, type Workspace } from '../agent/helpers';
import { useTempStateHome } from '../../support/state-home';

const KEY_ENV = 'HARNESS_VERIFY_UNIT_KEY';
process.env[KEY_ENV] = API_KEY;
useTempStateHome();

const TEST_JS = "const assert = require('assert');\nconst { add } = require('./math');\nassert.strictEqual(add(2, 3), 5, 'add(2, 3) should be 5');\nconsole.log('ok');\n";
const MATH = 'exports.add = (a, b) => a + b;\n';
// Each edit reads the file first, as the harness requires before changing it.
const edit = (id: string, oldText: string, newText: string) => ({ toolCalls: [{ id: `${id}-read`, name: 'read_file', arguments: { path: 'math.js' } }, { id, name: 'edit_file', arguments: { path: 'math.js', old_text: oldText, new_text: newText } }] });

async function run(ws: Workspace, script: Script, flags: string[]) {
  const mock = await startMockLlm(script);
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(['run', '--workspace', ws.root, '--task', 'scripted', '--base-url', mock.url, '--api-key-env', KEY_ENV, ...flags], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr, requests: mock.requests.map((r) => r.body.messages as { role: string; content: string }[]) };
  } finally {
    await mock.close();
  }
}

test('--verify: the broken first edit fails the test, the failure reaches the model, the fix verifies (exit 0)', async () => {
  const ws = tempWorkspace({ 'math.js': MATH, 'test.js': TEST_JS });
  const r = await run(ws, [edit('e1', 'a + b', 'a - b'), { content: 'Done.' }, edit('e2', 'a - b', 'a + b'), { content: 'Fixed.' }], ['--automation', '4', '--verify', 'node test.js', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, 'completed');
  assert.equal(out.verification.verdict, 'verified');
  assert.equal(out.verification.rounds.length, 2);
  const check = (round: number) => out.verification.rounds[round].checks.find((c: { name: string }) => c.name === 'command: node test.js');
  for (const k of ['name', 'passed', 'severity', 'summary']) assert.ok(k in check(0), `check has ${k}`);
  assert.deepEqual([check(0).passed, check(1).passed], [false, true]);
  assert.match(check(0).summary, /AssertionError \[ERR_ASSERTION\]: add\(2, 3\) should be 5/);
  const feedback = r.requests[2].at(-1)!;
  assert.equal(feedback.role, 'user');
  assert.match(feedback.content, /Verification failed \(round 1\)/);
  assert.match(feedback.content, /add\(2, 3\) should be 5/);
  assert.equal(ws.read('math.js'), MATH);
});

test('without --json a readable summary lists each round; a leaked key is needs review, status failed, exit 1', async () => {
  const ws = tempWorkspace({ 'math.js': MATH, 'test.js': TEST_JS });
  const key = 'sk-proj-' + 'Zq8xW3vN7mK2pL9rT4yB6cD1fG5hJ0sA';
  const script: Script = [{ toolCalls: [{ id: 'w1', name: 'write_file', arguments: { path: 'client.js', content: `module.exports = { apiKey: '${key}' };\n` } }] }, { content: 'Done.' }, { content: 'never asked' }];
  const r = await run(ws, script, ['--automation', '4', '--verify', 'node test.js']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /: failed — The task needs review: secrets \(1 possible secret\(s\) added/);
  assert.match(r.stdout, /Verification: NEEDS REVIEW \(1 round\)\n\s+Round 1:/);
  assert.match(r.stdout, /FAIL secrets \[critical\]: 1 possible secret\(s\) added, first: .* at client\.js:1/);
  assert.match(r.stdout, /PASS command: node test\.js/);
  assert.equal(r.requests.length, 2, 'no fix round after the critical finding');
  assert.ok(!r.stdout.includes(key.slice(8)), 'the report masks the key');
});

test('--verify replaces the workspace list; a workspace cannot switch verification off', async () => {
  const ws = tempWorkspace({
    'math.js': MATH,
    'test.js': TEST_JS,
    '.vscode/settings.json': JSON.stringify({ 'harness.verification.commands': ['node nothing.js'], 'harness.verification.when': 'never' }),
  });
  const r = await run(ws, [edit('e1', 'a + b', 'a - b'), { content: 'Done.' }, { content: 'Still done.' }, { content: 'x' }], ['--automation', '4', '--verify', 'node test.js', '--max-fix-attempts', '1', '--json']);
  assert.match(r.stderr, /ignored harness\.verification\.when "never"/);
  const out = JSON.parse(r.stdout);
  assert.equal(out.verification.verdict, 'failed_verification');
  assert.equal(out.verification.rounds.length, 2, '--max-fix-attempts 1: one fix round');
  assert.deepEqual(out.verification.rounds[0].checks.filter((c: { name: string }) => c.name.startsWith('command:')).map((c: { name: string }) => c.name), ['command: node test.js']);
  assert.equal(out.status, 'failed');
  assert.equal(r.code, 1);
});

test('--verify "" is bad input: one line, exit 2', async () => {
  const ws = tempWorkspace({ 'math.js': MATH });
  const r = await run(ws, [{ content: 'x' }], ['--verify', ' ']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^harness run: --verify needs a command/);
});

test('--revert-unverified: work that still fails verification is put back, its edits reported reverted', async () => {
  const ws = tempWorkspace({ 'math.js': MATH, 'test.js': TEST_JS });
  const script = [
    edit('e1', 'a + b', 'a - b'),
    { toolCalls: [{ id: 'w1', name: 'write_file', arguments: { path: 'notes.md', content: 'subtract now\n' } }] },
    { content: 'Done.' },
  ];
  const r = await run(ws, script, ['--automation', '4', '--verify', 'node test.js', '--max-fix-attempts', '0', '--revert-unverified', '--json']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, 'failed');
  assert.equal(out.verification.verdict, 'failed_verification');
  assert.deepEqual(out.edits.map((e: { path: string; status: string }) => [e.path, e.status]), [['math.js', 'reverted'], ['notes.md', 'reverted']]);
  assert.match(out.error, /Reverted 2 file\(s\) to their state before the task/);
  assert.equal(ws.read('math.js'), MATH, 'the broken edit is undone');
  assert.equal(ws.exists('notes.md'), false, 'the file the task created is gone');
  // Without the flag the same run leaves the work in place for a human to look at.
  const ws2 = tempWorkspace({ 'math.js': MATH, 'test.js': TEST_JS });
  const kept = await run(ws2, script, ['--automation', '4', '--verify', 'node test.js', '--max-fix-attempts', '0', '--json']);
  assert.deepEqual(JSON.parse(kept.stdout).edits.map((e: { status: string }) => e.status), ['applied', 'applied']);
  assert.equal(ws2.read('math.js'), MATH.replace('a + b', 'a - b'));
});

test('checkpoint retention comes from the user\'s settings file, never from the workspace\'s', async () => {
  const ws = tempWorkspace({ 'math.js': MATH, 'test.js': TEST_JS, '.vscode/settings.json': '{ "harness.checkpoints.maxCount": 1 }' });
  const three = [edit('e1', 'a + b', 'b + a'), edit('e2', 'b + a', '(b + a)'), edit('e3', '(b + a)', 'a + b'), { content: 'Tidied add (no change in behaviour).' }];
  const listed = async () => (JSON.parse((await cliOut(['checkpoints', 'list', '--workspace', ws.root, '--json'])).stdout) as unknown[]).length;
  const cfg = path.join(ws.base, 'user-settings.json');
  const prev = process.env.HARNESS_CONFIG;
  process.env.HARNESS_CONFIG = cfg;
  try {
    fs.writeFileSync(cfg, '{}');
    await run(ws, three, ['--automation', '4', '--json']);
    assert.equal(await listed(), 3, 'the workspace asking to keep 1 checkpoint is ignored');
    fs.writeFileSync(cfg, '{ "harness.checkpoints.maxCount": 2 }');
    await run(ws, three, ['--automation', '4', '--json']);
    assert.equal(await listed(), 2, "the user's own limit prunes at the end of the task");
  } finally {
    if (prev === undefined) delete process.env.HARNESS_CONFIG;
    else process.env.HARNESS_CONFIG = prev;
  }
});

async function cliOut(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}
