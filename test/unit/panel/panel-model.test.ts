import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, applyUpdate, diffState, emptyPanelState, setCheckpoints, TIMELINE_CAP } from '../../../src/core/panel-model';
import { PanelStateSchema } from '../../../src/core/panel-protocol';
import type { HarnessEvent } from '../../../src/core/types';

const decision = { decision: 'allow' as const, risk: 'low' as const, reason: 'reads are allowed' };
const toolCall = (i: number, taskId = 't1'): HarnessEvent => ({
  type: 'tool-call', taskId, step: i, id: `call_${i}`, tool: 'read_file', args: { path: `src/f${i}.ts` }, decision, ok: true, result: 'x'.repeat(100),
});

test('1,000 events give 1,000 timeline entries quickly, and the state stays valid', () => {
  let s = emptyPanelState();
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) s = applyEvent(s, toolCall(i), 1000 + i);
  const ms = performance.now() - t0;
  assert.equal(s.timeline.length, 1000);
  assert.equal(s.timeline[999].title, 'read_file src/f999.ts');
  assert.equal(s.timeline[999].decision, 'allow');
  assert.equal(s.timeline[999].reason, 'reads are allowed');
  assert.ok(ms < 2000, `reducer took ${ms}ms`);
  assert.ok(PanelStateSchema.safeParse(s).success);
});

test('the timeline is capped and counts what it dropped', () => {
  let s = emptyPanelState();
  for (let i = 0; i < TIMELINE_CAP + 50; i++) s = applyEvent(s, toolCall(i), i);
  assert.equal(s.timeline.length, TIMELINE_CAP);
  assert.equal(s.droppedEntries, 50);
  assert.equal(s.timeline[0].title, 'read_file src/f50.ts');
});

test('approvals are pending until resolved, with the reason and the risk', () => {
  let s = emptyPanelState();
  s = applyEvent(s, {
    type: 'approval-requested', taskId: 't1',
    request: { kind: 'command', taskId: 't1', toolCallId: 'c1', command: 'npm publish', cwd: '.', decision: { decision: 'ask', risk: 'high', reason: 'publishing needs a human' } },
  });
  assert.deepEqual(s.approvals.map((a) => [a.toolCallId, a.title, a.risk, a.reason]), [['c1', 'run npm publish', 'high', 'publishing needs a human']]);
  s = applyEvent(s, { type: 'approval-resolved', taskId: 't1', toolCallId: 'c1', result: { approved: false, by: 'user', reason: 'not now' } });
  assert.deepEqual(s.approvals, []);
  assert.equal(s.timeline.at(-1)!.title, 'Rejected by user');
  assert.equal(s.timeline.at(-1)!.reason, 'not now');
});

test('verification keeps every round and phase events drive the budgets', () => {
  let s = emptyPanelState();
  s = applyEvent(s, { type: 'phase', taskId: 't1', phase: 'thinking', step: 3, maxSteps: 30, pendingApprovals: 0, usage: { promptTokens: 100, completionTokens: 20 } }, 5000);
  s = applyEvent(s, { type: 'phase', taskId: 't1', phase: 'verifying', step: 4, maxSteps: 30, pendingApprovals: 0, usage: { promptTokens: 200, completionTokens: 40 } }, 8000);
  assert.deepEqual([s.budgets.steps, s.budgets.maxSteps, s.budgets.tokens, s.budgets.elapsedMs], [4, 30, 240, 3000]);
  s = applyEvent(s, {
    type: 'verification', taskId: 't1',
    report: { verdict: 'verified', rounds: [{ checks: [{ name: 'command: npm test', status: 'failed' as const, passed: false, severity: 'high', summary: 'failed' }] }, { checks: [{ name: 'command: npm test', status: 'passed' as const, passed: true, severity: 'high', summary: 'passed' }] }] },
  });
  assert.equal(s.verification[0].rounds.length, 2);
  assert.equal(s.timeline.at(-1)!.title, 'Verification: verified (2 rounds)');
});

test('model text and model-chosen ids are bounded so the state always validates', () => {
  let s = emptyPanelState();
  s = applyEvent(s, { type: 'model-turn', taskId: 't1', step: 1, content: 'y'.repeat(50_000), toolCalls: [], usage: { promptTokens: 1, completionTokens: 1 }, latencyMs: 5 });
  s = applyEvent(s, { ...(toolCall(1) as Extract<HarnessEvent, { type: 'tool-call' }>), id: '' });
  s = applyEvent(s, { ...(toolCall(2) as Extract<HarnessEvent, { type: 'tool-call' }>), id: 'z'.repeat(5000) });
  const r = PanelStateSchema.safeParse(s);
  assert.ok(r.success, r.success ? '' : r.error.message);
});

test('diffState sends only new entries and changed sections; applyUpdate rebuilds the same state', () => {
  let host = emptyPanelState();
  let view = emptyPanelState();
  for (let i = 0; i < 30; i++) {
    const next = applyEvent(host, toolCall(i), i);
    const u = diffState(host, next)!;
    assert.equal(u.entries.length, 1);
    if (i > 0) assert.equal(u.tasks, undefined, 'unchanged sections are not resent');
    view = applyUpdate(view, u);
    view = applyUpdate(view, u); // idempotent
    host = next;
  }
  const withCp = setCheckpoints(host, [{ id: 'cp1', taskId: 't1', createdAt: 1, files: ['a.ts'] }]);
  view = applyUpdate(view, diffState(host, withCp)!);
  assert.deepEqual(view, withCp);
  assert.equal(diffState(withCp, applyEvent(withCp, { type: 'model-delta', taskId: 't1', text: 'x' })), null);
});
