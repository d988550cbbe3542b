// Issue 2's adversarial list, through runTask with a scripted model: the model is assumed hostile and
// every test checks what reached the disk and what reached the model (the mock's recorded requests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { API_KEY, OUTSIDE_SECRET, acceptAll, rejectAll, runWithScript, stateText, tempWorkspace, toolMessage } from './helpers';

const call = (id: string, name: string, args: string | object) => ({ id, name, arguments: args });
const turn = (...calls: ReturnType<typeof call>[]) => ({ toolCalls: calls });
const done = { content: 'done' };

test('traversal (../x, a/../../x) is refused for writes and reads; nothing lands outside', async () => {
  const ws = tempWorkspace({ 'a/keep.txt': 'keep\n' });
  const { result, mock, bodies } = await runWithScript(
    [
      turn(
        call('w1', 'write_file', { path: '../x', content: 'pwned' }),
        call('w2', 'write_file', { path: 'a/../../x2', content: 'pwned' }),
        call('r1', 'read_file', { path: '../outside/secret.txt' }),
        call('r2', 'read_file', { path: 'a/../../outside/secret.txt' }),
      ),
      done,
    ],
    { ws, level: 4, approver: acceptAll() },
  );
  assert.equal(result.status, 'completed');
  assert.equal(fs.existsSync(path.join(ws.base, 'x')), false);
  assert.equal(fs.existsSync(path.join(ws.base, 'x2')), false);
  for (const id of ['w1', 'w2', 'r1', 'r2']) assert.match(toolMessage(mock, id) ?? '', /^Refused: /, id);
  assert.ok(!bodies.some((b) => b.includes(OUTSIDE_SECRET)), 'outside content reached the model');
  assert.deepEqual(result.toolCalls.map((c) => c.decision), ['deny', 'deny', 'deny', 'deny']);
});

test('absolute paths are refused, even when they point inside the workspace', async () => {
  const ws = tempWorkspace({ 'in.txt': 'inside\n' });
  const { mock, bodies } = await runWithScript(
    [
      turn(
        call('r1', 'read_file', { path: path.join(ws.outside, 'secret.txt') }),
        call('w1', 'write_file', { path: path.join(ws.outside, 'new.txt'), content: 'x' }),
        call('w2', 'write_file', { path: path.join(ws.root, 'in.txt'), content: 'changed' }),
      ),
      done,
    ],
    { ws, level: 4, approver: acceptAll() },
  );
  for (const id of ['r1', 'w1', 'w2']) assert.match(toolMessage(mock, id) ?? '', /^Refused:/, id);
  assert.equal(fs.existsSync(path.join(ws.outside, 'new.txt')), false);
  assert.equal(ws.read('in.txt'), 'inside\n');
  assert.ok(!bodies.some((b) => b.includes(OUTSIDE_SECRET)));
});

test('symlink escape for reads: the outside file never reaches the model (read, list, search)', async () => {
  const ws = tempWorkspace({ 'ok.txt': 'fine\n' });
  fs.symlinkSync(path.join(ws.outside, 'secret.txt'), path.join(ws.root, 'link.txt'));
  fs.symlinkSync(ws.outside, path.join(ws.root, 'ext'));
  const { result, mock, bodies } = await runWithScript(
    [
      turn(
        call('r1', 'read_file', { path: 'link.txt' }),
        call('r2', 'read_file', { path: 'ext/secret.txt' }),
        call('s1', 'search_files', { pattern: 'OUTSIDE' }),
        call('s2', 'search_files', { pattern: 'OUTSIDE', path: 'ext' }),
        call('l1', 'list_files', { path: 'ext' }),
      ),
      done,
    ],
    { ws, level: 4, approver: acceptAll() },
  );
  assert.equal(result.status, 'completed');
  assert.match(toolMessage(mock, 'r1') ?? '', /outside/i);
  assert.match(toolMessage(mock, 'r2') ?? '', /outside/i);
  assert.ok(!bodies.some((b) => b.includes(OUTSIDE_SECRET)), 'outside content reached the model through a symlink');
});

test('symlink escape for writes: a symlinked dir or file never redirects a write outside', async () => {
  const ws = tempWorkspace();
  fs.symlinkSync(ws.outside, path.join(ws.root, 'ext'));
  fs.symlinkSync(path.join(ws.outside, 'secret.txt'), path.join(ws.root, 'link.txt'));
  const { mock } = await runWithScript(
    [
      turn(
        call('w1', 'write_file', { path: 'ext/secret.txt', content: 'overwritten' }),
        call('w2', 'write_file', { path: 'ext/new.txt', content: 'created' }),
        call('w3', 'write_file', { path: 'link.txt', content: 'overwritten' }),
        call('w4', 'delete_file', { path: 'link.txt' }),
      ),
      done,
    ],
    { ws, level: 4, approver: acceptAll() },
  );
  assert.equal(fs.readFileSync(path.join(ws.outside, 'secret.txt'), 'utf8'), OUTSIDE_SECRET + '\n');
  assert.equal(fs.existsSync(path.join(ws.outside, 'new.txt')), false);
  for (const id of ['w1', 'w2', 'w3', 'w4']) assert.match(toolMessage(mock, id) ?? '', /^Refused:/, id);
});

test('protected paths at level 4 ask a human (first creation too) and a rejection writes nothing', async () => {
  const ws = tempWorkspace();
  const approver = rejectAll('not on my watch');
  const { result, mock } = await runWithScript(
    [
      turn(
        call('p1', 'write_file', { path: '.vscode/settings.json', content: '{"harness.automationLevel": 4}' }),
        call('p2', 'write_file', { path: '.env', content: 'TOKEN=x' }),
        call('p3', 'write_file', { path: '.git/config', content: '[core]\n\thooksPath = /tmp/evil\n' }),
        call('ok', 'write_file', { path: 'src/plain.txt', content: 'plain' }),
      ),
      done,
    ],
    { ws, level: 4, approver },
  );
  assert.deepEqual(approver.requests.map((r) => (r.kind === 'edit' ? r.proposal.path : r.kind)), ['.vscode/settings.json', '.env', '.git/config']);
  for (const r of approver.requests) assert.equal(r.decision.risk, 'critical');
  assert.equal(ws.exists('.vscode/settings.json'), false);
  assert.equal(ws.exists('.env'), false);
  assert.equal(ws.exists('.git/config'), false);
  assert.equal(ws.read('src/plain.txt'), 'plain', 'a plain edit at level 4 applies without asking');
  for (const id of ['p1', 'p2', 'p3']) assert.match(toolMessage(mock, id) ?? '', /rejected.*not on my watch/, id);
  assert.deepEqual(result.edits.map((e) => e.status), ['rejected', 'rejected', 'rejected', 'applied']);
});

test('unknown tool, invalid arguments and malformed JSON go back to the model as tool results', async () => {
  const ws = tempWorkspace();
  const { result, mock } = await runWithScript(
    [
      turn(
        call('u1', 'rm_rf', { path: '.' }),
        call('i1', 'write_file', { path: 'a.txt' }),
        call('i2', 'read_file', { path: 'a.txt', start_line: 'one' }),
        call('m1', 'write_file', '{"path": "a.txt", "content": '),
      ),
      done,
    ],
    { ws, level: 4 },
  );
  assert.equal(result.status, 'completed');
  assert.match(toolMessage(mock, 'u1') ?? '', /Unknown tool "rm_rf".*write_file/);
  assert.match(toolMessage(mock, 'i1') ?? '', /Invalid arguments for write_file: content/);
  assert.match(toolMessage(mock, 'i2') ?? '', /start_line/);
  assert.match(toolMessage(mock, 'm1') ?? '', /not valid JSON/);
  assert.equal(ws.exists('a.txt'), false);
  assert.deepEqual(result.toolCalls.map((c) => c.ok), [false, false, false, false]);
});

test('a runaway loop is stopped by maxSteps with status budget_exceeded', async () => {
  const ws = tempWorkspace({ 'a.txt': 'a\n' });
  const forever = () => turn(call(`r${Math.random().toString(36).slice(2)}`, 'read_file', { path: 'a.txt' }));
  const { result, mock } = await runWithScript(() => forever(), { ws, maxSteps: 3 });
  assert.equal(result.status, 'budget_exceeded');
  assert.match(result.error ?? '', /Step budget of 3/);
  assert.equal(mock.requests.length, 3);
  assert.equal(result.steps, 3);
});

test('a 429 (with Retry-After) is retried and the task still completes', async () => {
  const ws = tempWorkspace();
  const { result, mock } = await runWithScript([{ fault: 'status', status: 429, retryAfterMs: '20' }, { fault: 'status', status: 503 }, done], { ws });
  assert.equal(result.status, 'completed');
  assert.equal(result.summary, 'done');
  assert.equal(mock.requests.length, 3);
});

test('an oversized write is refused with the limit in the message and nothing written', async () => {
  const ws = tempWorkspace();
  const { mock, result } = await runWithScript([turn(call('big', 'write_file', { path: 'big.txt', content: 'x'.repeat(300) })), done], {
    ws,
    level: 4,
    limits: { maxFileBytes: 200 },
  });
  assert.match(toolMessage(mock, 'big') ?? '', /300 bytes, over the 200-byte limit/);
  assert.equal(ws.exists('big.txt'), false);
  assert.equal(result.toolCalls[0].ok, false);
});

test('the API key never reaches a request body, the audit log, the journal or a command', async () => {
  const ws = tempWorkspace({ 'a.txt': 'hello\n' });
  process.env.HARNESS_AGENT_TEST_TOKEN = API_KEY;
  try {
    const { result, mock, bodies } = await runWithScript(
      [
        turn(call('c1', 'run_command', { command: 'printenv HARNESS_AGENT_TEST_TOKEN' }), call('c2', 'run_command', { command: 'env' })),
        turn(call('r1', 'read_file', { path: 'a.txt' }), call('w1', 'write_file', { path: 'a.txt', content: 'bye\n' })),
        done,
      ],
      { ws, level: 4, approver: acceptAll() },
    );
    assert.equal(result.status, 'completed');
    assert.equal(mock.requests[0].headers.authorization, `Bearer ${API_KEY}`, 'the key is sent only as the Authorization header');
    assert.match(toolMessage(mock, 'c2') ?? '', /PATH=/, 'env ran and its output went to the model');
    assert.ok(!bodies.some((b) => b.includes(API_KEY)), 'API key in a request body');
    assert.ok(!bodies.some((b) => b.includes('SECRETKEY')), 'part of the API key in a request body');
    const state = stateText(path.join(ws.root, '.harness'));
    assert.ok(state.includes('task-start'), 'the audit log was read');
    assert.ok(!state.includes(API_KEY), 'API key in the audit log, journal or checkpoints');
  } finally {
    delete process.env.HARNESS_AGENT_TEST_TOKEN;
  }
});
