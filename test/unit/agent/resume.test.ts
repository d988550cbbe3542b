// Resume at the unit level: a journal left with a pending proposal (the process died while the human
// was being asked) makes the resumed task ask the approver again, with the same proposal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildProposal } from '../../../src/core/diff/proposal';
import { fsStateStore } from '../../../src/core/state/store';
import { TaskJournal } from '../../../src/core/state/journal';
import { recordingApprover, rejectAll, runWithScript, tempWorkspace, toolMessage } from './helpers';

async function journalWithPendingProposal(root: string, taskId: string, before: string, after: string) {
  const store = fsStateStore(path.join(root, '.harness'));
  const journal = await TaskJournal.open(store, taskId);
  await journal.append({ type: 'task-started', task: 'rename things', root, budgets: { maxSteps: 10 } });
  await journal.append({ type: 'message', message: { role: 'system', content: 'You are a careful coding agent working inside a harness.' } });
  await journal.append({ type: 'message', message: { role: 'user', content: 'rename things' } });
  await journal.append({
    type: 'message',
    message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'write_file', arguments: JSON.stringify({ path: 'a.txt', content: after }) } }] },
  });
  const proposal = buildProposal({ id: 'call_1:p', taskId, toolCallId: 'call_1', path: 'a.txt', before, after });
  await journal.append({ type: 'edit-proposed', proposal });
  await journal.flush();
  return proposal;
}

test('resume asks the approver again about a proposal that was pending, then applies it once', async () => {
  const ws = tempWorkspace({ 'a.txt': 'old name\n' });
  const taskId = 'task-resume-unit-1';
  const proposal = await journalWithPendingProposal(ws.root, taskId, 'old name\n', 'new name\n');
  const approver = recordingApprover(() => ({ approved: true, by: 'user' }));
  const { result, mock } = await runWithScript([{ content: 'renamed' }], { ws, approver, taskId, resume: true, task: '' });
  assert.equal(result.status, 'completed');
  assert.equal(approver.requests.length, 1, 'the pending approval is asked again');
  const req = approver.requests[0];
  assert.equal(req.kind, 'edit');
  if (req.kind === 'edit') assert.equal(req.proposal.diff, proposal.diff);
  assert.equal(ws.read('a.txt'), 'new name\n');
  // The conversation continues where it stopped: the model sees the outcome as the call's result.
  assert.match(toolMessage(mock, 'call_1') ?? '', /Applied the edit to a\.txt/);
  assert.equal(mock.requests.length, 1);
});

test('resume with a rejecting approver leaves the file alone and tells the model', async () => {
  const ws = tempWorkspace({ 'a.txt': 'old name\n' });
  const taskId = 'task-resume-unit-2';
  await journalWithPendingProposal(ws.root, taskId, 'old name\n', 'new name\n');
  const approver = rejectAll('not now');
  const { mock } = await runWithScript([{ content: 'ok' }], { ws, approver, taskId, resume: true, task: '' });
  assert.equal(approver.requests.length, 1);
  assert.equal(ws.read('a.txt'), 'old name\n');
  assert.match(toolMessage(mock, 'call_1') ?? '', /rejected.*not now/);
});

test('a pending proposal whose file changed while stopped is not asked again and not applied', async () => {
  const ws = tempWorkspace({ 'a.txt': 'old name\n' });
  const taskId = 'task-resume-unit-3';
  await journalWithPendingProposal(ws.root, taskId, 'old name\n', 'new name\n');
  ws.write('a.txt', 'user changed it\n');
  const approver = recordingApprover(() => ({ approved: true, by: 'user' }));
  const { mock } = await runWithScript([{ content: 'ok' }], { ws, approver, taskId, resume: true, task: '' });
  assert.equal(approver.requests.length, 0);
  assert.equal(ws.read('a.txt'), 'user changed it\n');
  assert.match(toolMessage(mock, 'call_1') ?? '', /changed while the harness was stopped/);
});

test('a write killed before its rename: resume reports it not applied and removes its stray temp file', async () => {
  const ws = tempWorkspace({ 'src/a.txt': 'old name\n', 'src/.other.txt.0123456789ab.harness-tmp': 'not ours to remove' });
  const taskId = 'task-resume-unit-4';
  const proposal = await journalWithPendingProposal(ws.root, taskId, 'old name\n', 'new name\n');
  const store = fsStateStore(path.join(ws.root, '.harness'));
  const journal = await TaskJournal.open(store, taskId);
  // Re-point the pending proposal at src/a.txt and record the write as started (approved, in flight).
  await journal.append({ type: 'approval-answered', toolCallId: 'call_1', outcome: 'approved', by: 'user' });
  await journal.append({ type: 'tool-started', toolCallId: 'call_1', tool: 'write_file', args: { path: 'src/a.txt' }, intent: { path: 'src/a.txt', beforeHash: proposal.beforeHash, afterHash: 'sha256-of-new' } });
  await journal.flush();
  ws.write('src/.a.txt.deadbeef0123.harness-tmp', 'new na');
  const approver = recordingApprover(() => ({ approved: true, by: 'user' }));
  const { mock } = await runWithScript([{ content: 'ok' }], { ws, approver, taskId, resume: true, task: '' });
  assert.equal(approver.requests.length, 0, 'an in-flight write is re-checked, not asked again');
  assert.equal(ws.read('src/a.txt'), 'old name\n');
  assert.equal(ws.exists('src/.a.txt.deadbeef0123.harness-tmp'), false, 'the stray temp file of the killed write is gone');
  assert.equal(ws.exists('src/.other.txt.0123456789ab.harness-tmp'), true, 'other files are left alone');
  assert.match(toolMessage(mock, 'call_1') ?? '', /not applied|unchanged/);
});
