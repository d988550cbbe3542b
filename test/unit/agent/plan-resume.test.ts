// The plan survives a stopped process: it lives in the task's events, so a resumed task (started
// again without being handed the plan) still offers update_plan, keeps the plan as its scope, and
// reports each step's state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fsStateStore } from '../../../src/core/state/store';
import { TaskJournal } from '../../../src/core/state/journal';
import type { Plan } from '../../../src/core/events/plan-schema';
import { recordingApprover, runWithScript, tempWorkspace } from './helpers';

const plan: Plan = { summary: 'Edit a.txt.', steps: [{ title: 'Edit a', files: ['a.txt'] }, { title: 'Check', commands: ['cat a.txt'] }], files: ['a.txt'], commands: ['cat a.txt'] };

test('a resumed plan execution keeps the plan: scope, update_plan, step states', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const taskId = 'task-plan-resume-1';
  const journal = await TaskJournal.open(fsStateStore(path.join(ws.root, '.harness')), taskId);
  await journal.append({ type: 'task-started', task: 'carry out the plan', root: ws.root, budgets: { maxSteps: 10 }, mode: 'execute' });
  await journal.append({ type: 'plan-approved', plan, by: 'user' });
  await journal.append({ type: 'message', message: { role: 'system', content: 'system prompt with the plan' } });
  await journal.append({ type: 'message', message: { role: 'user', content: 'carry out the plan' } });
  await journal.append({ type: 'model-request', step: 1 });
  await journal.append({ type: 'message', message: { role: 'assistant', content: null, tool_calls: [{ id: 't0', type: 'function', function: { name: 'update_plan', arguments: '{"step":1,"status":"in_progress"}' } }] } });
  await journal.append({ type: 'plan-step-updated', step: 0, status: 'in_progress' });
  await journal.append({ type: 'message', message: { role: 'tool', tool_call_id: 't0', content: 'Step 1 is in progress.' } });
  await journal.append({ type: 'step-ended', step: 1, usage: { promptTokens: 1, completionTokens: 1 } });
  await journal.flush();
  await journal.close();

  const approver = recordingApprover(() => ({ approved: false, by: 'user', reason: 'not in the plan' }));
  const { result, mock } = await runWithScript(
    [
      { toolCalls: [{ id: 'w-out', name: 'write_file', arguments: { path: 'b.txt', content: 'x\n' } }, { id: 'r-a', name: 'read_file', arguments: { path: 'a.txt' } }, { id: 'w-in', name: 'write_file', arguments: { path: 'a.txt', content: 'two\n' } }] },
      { toolCalls: [{ id: 't1', name: 'update_plan', arguments: { step: 1, status: 'done' } }, { id: 't2', name: 'update_plan', arguments: { step: 2, status: 'skipped', note: 'nothing to check' } }] },
      { content: 'Edited a.txt; b.txt was left alone as the user asked.' },
    ],
    { ws, approver, taskId, resume: true, task: '', level: 4, verification: { commands: [] } },
  );
  assert.equal(result.status, 'completed', result.error);
  assert.ok(mock.requests[0].body.tools.some((t: { function: { name: string } }) => t.function.name === 'update_plan'), 'the plan tools are offered again');
  assert.deepEqual(approver.requests.map((r) => (r.kind === 'edit' ? r.proposal.path : r.kind)), ['b.txt'], 'only the edit outside the plan asked');
  assert.match(approver.requests[0].decision.reason, /^Outside the plan/);
  assert.equal(ws.read('a.txt'), 'two\n');
  assert.equal(ws.exists('b.txt'), false);
  assert.deepEqual(result.plan?.steps.map((s) => s.status), ['done', 'skipped']);
  assert.equal(result.verification?.rounds[0].checks.find((c) => c.name === 'plan-steps')?.status, 'passed');
});
