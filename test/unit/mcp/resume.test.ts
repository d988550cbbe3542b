// Resume with MCP calls left open: one that was running when the process died is asked about again
// (whatever the rules say: it may have run), and one that was waiting for approval is decided again.
// Neither is ever re-run without a decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fsStateStore } from '../../../src/core/state/store';
import { TaskJournal } from '../../../src/core/state/journal';
import type { TaskEvent, TaskEventBody } from '../../../src/core/events/schema';
import { recordingApprover, rejectAll, runWithScript, tempWorkspace, toolMessage } from '../agent/helpers';
import { everythingConfig, testHub } from './helpers';

const ALLOW = { action: 'allow' as const, tool: 'mcp__everything__*', source: 'user' };

async function journalWithOpenCall(root: string, taskId: string, started: boolean): Promise<void> {
  const journal = await TaskJournal.open(fsStateStore(path.join(root, '.harness')), taskId);
  const args = JSON.stringify({ message: 'once' });
  const records: TaskEventBody[] = [
    { type: 'task-started', task: 'echo once', root, budgets: { maxSteps: 10 } },
    { type: 'message', message: { role: 'system', content: 'You are a careful coding agent working inside a harness.' } },
    { type: 'message', message: { role: 'user', content: 'echo once' } },
    { type: 'message', message: { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'mcp__everything__echo', arguments: args } }] } },
    { type: 'tool-call-proposed', step: 1, toolCallId: 'c1', tool: 'mcp__everything__echo', args: { message: 'once' } },
    started
      ? { type: 'policy-decision', toolCallId: 'c1', tool: 'mcp__everything__echo', decision: { decision: 'allow', risk: 'medium', rule: 'allow tool mcp__everything__* (user)', reason: 'Allowed by rule.' } }
      : { type: 'policy-decision', toolCallId: 'c1', tool: 'mcp__everything__echo', decision: { decision: 'ask', risk: 'medium', rule: 'builtin:mcp', reason: 'Needs a human.' } },
    ...(started ? [{ type: 'tool-started', toolCallId: 'c1', tool: 'mcp__everything__echo', args: { message: 'once' } } as TaskEventBody] : []),
  ];
  for (const r of records) await journal.append(r);
  await journal.flush();
  await journal.close();
}

test('an MCP call that was running when the harness stopped is asked about again, even under an allow rule', async () => {
  const ws = tempWorkspace();
  await journalWithOpenCall(ws.root, 'task-mcp-resume-1', true);
  const mcp = await testHub(ws.root, { everything: everythingConfig() });
  const approver = recordingApprover(() => ({ approved: true, by: 'user' }));
  const events: TaskEvent[] = [];
  const { result, mock } = await runWithScript([{ content: 'done' }], { ws, approver, rules: [ALLOW], mcp, taskId: 'task-mcp-resume-1', resume: true, task: '', onEvent: (e) => events.push(e) });
  assert.equal(result.status, 'completed');
  assert.equal(approver.requests.length, 1, 'a person decides whether it runs again');
  assert.match(approver.requests[0].decision.reason, /in flight when the harness stopped/);
  assert.equal(toolMessage(mock, 'c1'), 'Echo: once');
  const check = events.find((e) => e.type === 'resume-check');
  assert.equal(check?.type === 'resume-check' && check.outcome, 'unknown');
  assert.deepEqual(result.toolCalls.map((c) => [c.id, c.outcome]), [['c1', 'ok']]);
});

test('rejecting the resumed call leaves it not run, and the model is told', async () => {
  const ws = tempWorkspace();
  await journalWithOpenCall(ws.root, 'task-mcp-resume-2', true);
  const mcp = await testHub(ws.root, { everything: everythingConfig() });
  const events: TaskEvent[] = [];
  const { mock } = await runWithScript([{ content: 'done' }], { ws, approver: rejectAll('it already ran'), rules: [ALLOW], mcp, taskId: 'task-mcp-resume-2', resume: true, task: '', onEvent: (e) => events.push(e) });
  assert.match(toolMessage(mock, 'c1') ?? '', /was not made: the user rejected it\. Reason: it already ran/);
  assert.equal(events.filter((e) => e.type === 'mcp-call-finished').length, 0, 'nothing was sent to the server');
});

test('an MCP call that was waiting for approval is decided again and asked', async () => {
  const ws = tempWorkspace();
  await journalWithOpenCall(ws.root, 'task-mcp-resume-3', false);
  const mcp = await testHub(ws.root, { everything: everythingConfig() });
  const approver = recordingApprover(() => ({ approved: true, by: 'user' }));
  const { mock } = await runWithScript([{ content: 'done' }], { ws, approver, mcp, taskId: 'task-mcp-resume-3', resume: true, task: '' });
  assert.equal(approver.requests.length, 1);
  assert.match(approver.requests[0].decision.reason, /MCP calls ask at every level/);
  assert.equal(toolMessage(mock, 'c1'), 'Echo: once');
});

test('a follow-up to an ended task starts the MCP servers again and offers their tools', async () => {
  const ws = tempWorkspace();
  const first = await runWithScript([{ content: 'nothing to do' }], { ws, task: 'Say hello' });
  assert.equal(first.result.status, 'completed');
  // A new process: its hub has not started any server yet.
  const mcp = await testHub(ws.root, { everything: everythingConfig() });
  const { result, mock } = await runWithScript([{ content: 'done' }], { ws, rules: [ALLOW], mcp, taskId: first.result.taskId, continue: true, task: 'Now echo something' });
  assert.equal(result.status, 'completed', result.error);
  const offered = (mock.requests[0].body.tools as { function: { name: string } }[]).map((t) => t.function.name);
  assert.ok(offered.includes('mcp__everything__echo'), `the follow-up is offered the server's tools: ${offered.join(', ')}`);
});
