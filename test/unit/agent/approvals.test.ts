// Approvals through runTask: rejection reasons reach the model, per-hunk acceptance, stale proposals,
// what each automation level asks about, and deny rules winning over everything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptAll, recordingApprover, rejectAll, runWithScript, tempWorkspace, toolMessage } from './helpers';

const call = (id: string, name: string, args: object) => ({ id, name, arguments: args });
const done = { content: 'done' };

test('a rejection with a reason reaches the model in the very next request', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const { result, mock } = await runWithScript([{ toolCalls: [call('r1', 'read_file', { path: 'a.txt' }), call('e1', 'write_file', { path: 'a.txt', content: 'two\n' })] }, done], {
    ws,
    approver: rejectAll('use tabs, not spaces'),
  });
  assert.equal(result.status, 'completed');
  const msgs = mock.requests[1].body.messages as { role: string; tool_call_id?: string; content: string }[];
  const tool = msgs.find((m) => m.role === 'tool' && m.tool_call_id === 'e1');
  assert.ok(tool, 'the rejection is the tool result of the call');
  assert.match(tool.content, /rejected by the user.*use tabs, not spaces/);
  assert.equal(ws.read('a.txt'), 'one\n');
  assert.deepEqual(result.edits.map((e) => e.status), ['rejected']);
});

test('per-hunk partial acceptance writes exactly the accepted hunk and tells the model which were rejected', async () => {
  const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
  const before = lines.join('\n') + '\n';
  const wanted = lines.map((l, i) => (i === 1 ? 'LINE TWO' : i === 17 ? 'LINE EIGHTEEN' : l)).join('\n') + '\n';
  const ws = tempWorkspace({ 'f.txt': before });
  const approver = recordingApprover((req) => {
    assert.equal(req.kind, 'edit');
    if (req.kind === 'edit') assert.equal(req.proposal.hunks.length, 2, 'the proposal has two hunks');
    return { approved: true, by: 'user', acceptedHunks: [0], rejectedReasons: { 1: 'keep line 18' } };
  });
  const { mock, result } = await runWithScript([{ toolCalls: [call('r1', 'read_file', { path: 'f.txt' }), call('e1', 'write_file', { path: 'f.txt', content: wanted })] }, done], { ws, approver });
  const expected = lines.map((l, i) => (i === 1 ? 'LINE TWO' : l)).join('\n') + '\n';
  assert.equal(ws.read('f.txt'), expected);
  assert.match(toolMessage(mock, 'e1') ?? '', /Only some hunks were accepted\. Rejected: hunk 2 \(line \d+\): keep line 18/);
  assert.deepEqual(result.edits.map((e) => e.status), ['applied']);
});

test('a stale proposal (file changed while waiting for approval) is not applied and the user content survives', async () => {
  const ws = tempWorkspace({ 'a.txt': 'original\n' });
  const approver = recordingApprover(() => {
    fs.writeFileSync(path.join(ws.root, 'a.txt'), 'the user typed this\n');
    return { approved: true, by: 'user' };
  });
  const { mock, result } = await runWithScript([{ toolCalls: [call('r1', 'read_file', { path: 'a.txt' }), call('e1', 'edit_file', { path: 'a.txt', old_text: 'original', new_text: 'agent' })] }, done], { ws, approver });
  assert.equal(ws.read('a.txt'), 'the user typed this\n');
  assert.deepEqual(result.edits.map((e) => e.status), ['stale']);
  assert.match(toolMessage(mock, 'e1') ?? '', /stale/);
});

test('level 3 applies edits without asking but commands still ask', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const approver = rejectAll('no commands today');
  const { mock, result } = await runWithScript(
    [{ toolCalls: [call('r1', 'read_file', { path: 'a.txt' }), call('e1', 'write_file', { path: 'a.txt', content: 'two\n' }), call('c1', 'run_command', { command: 'node -e "require(\'fs\').writeFileSync(\'ran.txt\',\'x\')"' })] }, done],
    { ws, level: 3, approver },
  );
  assert.equal(ws.read('a.txt'), 'two\n');
  assert.deepEqual(approver.requests.map((r) => r.kind), ['command']);
  assert.equal(ws.exists('ran.txt'), false);
  assert.match(toolMessage(mock, 'c1') ?? '', /not run.*no commands today/);
  assert.equal(result.edits[0].status, 'applied');
  assert.ok(result.edits[0].checkpointId, 'a level-3 edit keeps a checkpoint so it stays undoable');
});

for (const level of [1, 2] as const) {
  test(`level ${level}: edits ask, and an approved edit applies`, async () => {
    const ws = tempWorkspace({ 'a.txt': 'one\n' });
    const approver = acceptAll();
    await runWithScript([{ toolCalls: [call('r1', 'read_file', { path: 'a.txt' }), call('e1', 'write_file', { path: 'a.txt', content: 'two\n' })] }, done], { ws, level, approver });
    assert.deepEqual(approver.requests.map((r) => r.kind), ['edit'], 'the edit asks, the read does not');
    assert.equal(ws.read('a.txt'), 'two\n');
  });
}

test('deny rules win over allow rules, the level and an accepting human', async () => {
  const ws = tempWorkspace({ 'src/a.ts': 'a\n', '.env': 'X=1\n' });
  const approver = acceptAll();
  const { mock, result } = await runWithScript(
    [
      {
        toolCalls: [
          call('e1', 'write_file', { path: 'src/a.ts', content: 'b\n' }),
          call('e2', 'write_file', { path: '.env', content: 'X=2\n' }),
          call('c1', 'run_command', { command: 'node -e "1"' }),
        ],
      },
      done,
    ],
    {
      ws,
      level: 4,
      approver,
      rules: [
        { action: 'allow', path: 'src/**' },
        { action: 'deny', path: 'src/**' },
        { action: 'deny', path: '.env' },
        { action: 'allow', command: 'node' },
        { action: 'deny', command: 'node' },
      ],
    },
  );
  assert.equal(ws.read('src/a.ts'), 'a\n');
  assert.equal(ws.read('.env'), 'X=1\n');
  assert.equal(approver.requests.length, 0, 'a denied call never reaches the human');
  for (const id of ['e1', 'e2', 'c1']) assert.match(toolMessage(mock, id) ?? '', /^Denied/, id);
  assert.deepEqual(result.toolCalls.map((c) => c.decision), ['deny', 'deny', 'deny']);
});
