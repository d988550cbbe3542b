import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, applyUpdate, diffState, emptyPanelState, setCheckpoints, setLimits, TIMELINE_CAP, newEntries } from '../../../src/core/ui/panel-model';
import { PanelStateSchema, type PanelState } from '../../../src/core/ui/panel-protocol';
import type { TaskEvent, TaskEventBody } from '../../../src/core/events/schema';

const ev = (body: TaskEventBody, at = 1000, taskId = 't1'): TaskEvent => ({ ...body, taskId, at }) as TaskEvent;
const decision = { decision: 'allow' as const, risk: 'low' as const, reason: 'reads are allowed' };

/** A read tool call as the loop records it: proposed, decided, ended. */
function toolCall(s: PanelState, i: number, at = 1000 + i, taskId = 't1', id = `call_${i}`): PanelState {
  s = applyEvent(s, ev({ type: 'tool-call-proposed', step: i, toolCallId: id, tool: 'read_file', args: { path: `src/f${i}.ts` } }, at, taskId));
  s = applyEvent(s, ev({ type: 'policy-decision', toolCallId: id, tool: 'read_file', path: `src/f${i}.ts`, decision }, at, taskId));
  return applyEvent(s, ev({ type: 'tool-call-ended', toolCallId: id, tool: 'read_file', outcome: 'ok', result: 'x'.repeat(100) }, at, taskId));
}

test('1,000 tool calls give 1,000 timeline entries, each filled in with its decision and result', () => {
  let s = emptyPanelState();
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) s = toolCall(s, i);
  const ms = performance.now() - t0;
  assert.equal(s.timeline.length, 1000);
  const last = s.timeline[999];
  assert.deepEqual([last.title, last.decision, last.reason, last.ok, last.text], ['read_file src/f999.ts', 'allow', 'reads are allowed', true, 'x'.repeat(100)]);
  assert.ok(ms < 2000, `reducer took ${ms}ms`);
  assert.ok(PanelStateSchema.safeParse(s).success);
});

test('the timeline is capped and counts what it dropped', () => {
  let s = emptyPanelState();
  for (let i = 0; i < TIMELINE_CAP + 50; i++) s = toolCall(s, i, i);
  assert.equal(s.timeline.length, TIMELINE_CAP);
  assert.equal(s.droppedEntries, 50);
  assert.equal(s.timeline[0].title, 'read_file src/f50.ts');
});

test('approvals are pending until answered, with the reason, the risk and the outcome in words', () => {
  let s = emptyPanelState();
  s = applyEvent(s, ev({ type: 'approval-asked', toolCallId: 'c1', request: 'command', subject: 'npm publish', decision: { decision: 'ask', risk: 'high', reason: 'publishing needs a human' } }));
  assert.deepEqual(s.approvals.map((a) => [a.toolCallId, a.title, a.risk, a.reason]), [['c1', 'run npm publish', 'high', 'publishing needs a human']]);
  assert.equal(s.tasks[0].phase, 'waiting-approval');
  assert.equal(s.tasks[0].pendingApprovals, 1);
  s = applyEvent(s, ev({ type: 'approval-answered', toolCallId: 'c1', outcome: 'rejected', by: 'user', reason: 'not now' }));
  assert.deepEqual(s.approvals, []);
  assert.equal(s.tasks[0].pendingApprovals, 0);
  assert.equal(s.timeline.at(-1)!.title, 'Rejected by user');
  assert.equal(s.timeline.at(-1)!.reason, 'not now');
  s = applyEvent(s, ev({ type: 'approval-answered', toolCallId: 'c2', outcome: 'stale', by: 'user' }));
  assert.equal(s.timeline.at(-1)!.title, 'Not applied (stale) by user');
});

test('verification rounds accumulate per task, and the task\'s progress drives the budgets', () => {
  let s = emptyPanelState();
  s = applyEvent(s, ev({ type: 'task-started', task: 'fix it', root: '/w', budgets: { maxSteps: 30 } }, 5000));
  s = applyEvent(s, ev({ type: 'model-request', step: 3 }, 5000));
  s = applyEvent(s, ev({ type: 'model-turn', step: 3, content: '', toolCalls: [], usage: { promptTokens: 200, completionTokens: 40 }, latencyMs: 1, finishReason: 'stop' }, 6000));
  s = applyEvent(s, ev({ type: 'verification-started', round: 1 }, 8000));
  assert.deepEqual([s.budgets.steps, s.budgets.maxSteps, s.budgets.tokens, s.budgets.elapsedMs], [3, 30, 240, 3000]);
  assert.equal(s.tasks[0].phase, 'verifying');
  assert.equal(s.tasks[0].title, 'fix it');
  const check = (passed: boolean) => ({ name: 'command: npm test', status: passed ? ('passed' as const) : ('failed' as const), passed, severity: 'high' as const, summary: passed ? 'passed' : 'failed' });
  s = applyEvent(s, ev({ type: 'verification-round', round: 1, checks: [check(false)], verdict: 'failed_verification', action: 'fix', reason: 'tests fail' }));
  s = applyEvent(s, ev({ type: 'verification-round', round: 2, checks: [check(true)], verdict: 'verified', action: 'stop', reason: 'all pass' }));
  assert.equal(s.verification[0].rounds.length, 2);
  assert.equal(s.verification[0].verdict, 'verified');
  assert.equal(s.timeline.at(-1)!.title, 'Verification: verified (2 rounds)');
});

test('model text and model-chosen ids are bounded so the state always validates', () => {
  let s = emptyPanelState();
  s = applyEvent(s, ev({ type: 'model-turn', step: 1, content: 'y'.repeat(50_000), toolCalls: [], usage: { promptTokens: 1, completionTokens: 1 }, latencyMs: 5, finishReason: 'stop' }));
  s = toolCall(s, 1, 1, 't1', '');
  s = toolCall(s, 2, 2, 't1', 'z'.repeat(5000));
  const r = PanelStateSchema.safeParse(s);
  assert.ok(r.success, r.success ? '' : r.error.message);
  assert.equal(s.timeline.at(-1)!.decision, 'allow', 'a long id still finds its entry');
});

test('diffState sends new entries, entries filled in since, and changed sections; applyUpdate rebuilds the same state', () => {
  let host = emptyPanelState();
  let view = emptyPanelState();
  const send = (next: PanelState) => {
    const u = diffState(host, next);
    if (u) {
      view = applyUpdate(view, u);
      view = applyUpdate(view, u); // idempotent
    }
    host = next;
    return u;
  };
  for (let i = 0; i < 30; i++) {
    const id = `call_${i}`;
    const proposed = send(applyEvent(host, ev({ type: 'tool-call-proposed', step: i, toolCallId: id, tool: 'read_file', args: { path: `f${i}` } }, i)))!;
    assert.equal(proposed.entries.length, 1);
    if (i > 0) assert.equal(proposed.tasks, undefined, 'unchanged sections are not resent');
    const decided = send(applyEvent(host, ev({ type: 'policy-decision', toolCallId: id, tool: 'read_file', decision }, i)))!;
    assert.deepEqual([decided.entries.length, decided.changed?.length, decided.changed?.[0].decision], [0, 1, 'allow']);
    send(applyEvent(host, ev({ type: 'tool-call-ended', toolCallId: id, tool: 'read_file', outcome: 'failed', error: 'no such file', result: 'no such file' }, i)));
  }
  const withCp = setCheckpoints(host, [{ id: 'cp1', taskId: 't1', createdAt: 1, files: ['a.ts'] }]);
  send(withCp);
  assert.deepEqual(view, withCp);
  assert.equal(view.timeline.at(-1)!.ok, false);
  assert.equal(diffState(withCp, applyEvent(withCp, ev({ type: 'text-delta', text: 'x' }))), null);
});

test('a journal replayed after a reload rebuilds the same panel as the live events did', () => {
  const events: TaskEvent[] = [
    ev({ type: 'task-started', task: 'rename', root: '/w', budgets: { maxSteps: 5 } }, 1),
    ev({ type: 'model-request', step: 1 }, 2),
    ev({ type: 'text-delta', text: 'Looking' }, 3),
    ev({ type: 'model-turn', step: 1, content: 'Looking', toolCalls: [], usage: { promptTokens: 5, completionTokens: 1 }, latencyMs: 1, finishReason: 'stop' }, 4),
    ev({ type: 'task-ended', status: 'completed', summary: 'done', verdict: 'not_run', steps: 1, usage: { promptTokens: 5, completionTokens: 1 } }, 5),
  ];
  const live = events.reduce(applyEvent, emptyPanelState());
  const stored = events.filter((e) => e.type !== 'text-delta');
  assert.deepEqual(stored.reduce(applyEvent, emptyPanelState()), live);
  assert.deepEqual([live.tasks[0].status, live.tasks[0].phase, live.tasks[0].title], ['completed', 'done', 'rename']);
});

test('a task listed from history and then replayed counts its tokens and cost once', () => {
  const events: TaskEvent[] = [
    ev({ type: 'task-started', task: 'rename', root: '/w', budgets: { maxSteps: 5 } }, 1),
    ev({ type: 'model-turn', step: 1, content: 'ok', toolCalls: [], usage: { promptTokens: 5, completionTokens: 1, costUsd: 0.01 }, latencyMs: 1, finishReason: 'stop' }, 2),
    ev({ type: 'task-ended', status: 'completed', summary: 'done', verdict: 'not_run', steps: 1, usage: { promptTokens: 5, completionTokens: 1, costUsd: 0.01 } }, 3),
  ];
  // What panelFromHistory lists before it replays the newest task: the totals from the task list.
  const listed: PanelState = { ...emptyPanelState(), tasks: [{ id: 't1', title: 'rename', phase: 'done', status: 'completed', startedAt: 1, tokens: 6, costUsd: 0.01 }], activeTaskId: 't1' };
  const replayed = events.reduce(applyEvent, listed);
  assert.deepEqual([replayed.tasks[0].tokens, replayed.tasks[0].costUsd], [6, 0.01]);
});

test('streamed text fills the model entry as it arrives, bounded; the finished turn replaces it in place', () => {
  let s = emptyPanelState();
  s = applyEvent(s, ev({ type: 'task-started', task: 'explain', root: '/w', budgets: { maxSteps: 5 } }));
  s = applyEvent(s, ev({ type: 'model-request', step: 1 }));
  const before = s;
  s = applyEvent(s, ev({ type: 'text-delta', text: 'The answer ' }));
  s = applyEvent(s, ev({ type: 'text-delta', text: 'is 42.' }));
  const entry = s.timeline.at(-1)!;
  assert.deepEqual([entry.kind, entry.text, entry.streaming], ['model', 'The answer is 42.', true]);
  const update = diffState(before, s)!;
  assert.deepEqual(update.entries, [], 'no new entry per delta');
  assert.equal(update.changed?.[0].text, 'The answer is 42.', 'the entry already sent is filled in');
  for (let i = 0; i < 2000; i++) s = applyEvent(s, ev({ type: 'text-delta', text: 'long text ' }));
  assert.ok((s.timeline.at(-1)!.text ?? '').length <= 4000, 'a runaway stream stays bounded');
  s = applyEvent(s, ev({ type: 'model-turn', step: 1, content: 'The answer is 42.', toolCalls: [], usage: { promptTokens: 1, completionTokens: 1 }, latencyMs: 1, finishReason: 'stop' }));
  const models = s.timeline.filter((e) => e.kind === 'model');
  assert.equal(models.length, 1, 'one entry per turn, streamed or replayed');
  assert.deepEqual([models[0].text, models[0].streaming], ['The answer is 42.', undefined]);
  assert.deepEqual(s.timeline.map((e) => e.kind), ['user', 'model']);
  assert.ok(PanelStateSchema.safeParse(s).success);
});

test('a question waits in the state until answered; a follow-up adds the person\'s message; the end says the outcome', () => {
  let s = emptyPanelState();
  s = applyEvent(s, ev({ type: 'task-started', task: 'pick a db', root: '/w', budgets: { maxSteps: 5 } }));
  s = applyEvent(s, ev({ type: 'question-asked', toolCallId: 'q1', question: 'Which database?', options: ['sqlite', 'postgres'] }));
  assert.deepEqual(s.questions, [{ taskId: 't1', toolCallId: 'q1', question: 'Which database?', options: ['sqlite', 'postgres'] }]);
  assert.equal(s.tasks[0].phase, 'waiting-answer');
  s = applyEvent(s, ev({ type: 'question-answered', toolCallId: 'q1', answer: 'sqlite', by: 'user' }));
  assert.deepEqual(s.questions, []);
  assert.equal(s.timeline.find((e) => e.kind === 'question')!.reason, 'Answered by user: sqlite');
  s = applyEvent(s, ev({ type: 'task-ended', status: 'completed', summary: 'ok', verdict: 'not_run', steps: 1, usage: { promptTokens: 1, completionTokens: 1 }, outcome: 'answered' }));
  assert.equal(s.tasks[0].outcome, 'answered');
  assert.equal(s.timeline.at(-1)!.title, 'Task completed — answered, no changes');
  s = applyEvent(s, ev({ type: 'task-continued', message: 'now use postgres', budgets: { maxSteps: 10 } }));
  assert.deepEqual([s.tasks[0].status, s.tasks[0].outcome], [undefined, undefined]);
  assert.deepEqual([s.timeline.at(-1)!.kind, s.timeline.at(-1)!.text], ['user', 'now use postgres']);
});

test('tokens, cached tokens and cost follow the task; a compaction and a saved full output show in the timeline', () => {
  let s = setLimits(emptyPanelState(), { maxCostUsd: 2 });
  s = applyEvent(s, ev({ type: 'task-started', task: 't', root: '/w', budgets: { maxSteps: 10, maxCostUsd: 2 } }));
  s = applyEvent(s, ev({ type: 'model-turn', step: 1, content: '', toolCalls: [], usage: { promptTokens: 1000, completionTokens: 100, cachedTokens: 600, costUsd: 0.25 }, latencyMs: 1, finishReason: 'stop' }));
  s = applyEvent(s, ev({ type: 'step-ended', step: 1, usage: { promptTokens: 1000, completionTokens: 100, cachedTokens: 600, costUsd: 0.25 } }));
  assert.deepEqual([s.budgets.tokens, s.budgets.cachedTokens, s.budgets.costUsd, s.budgets.maxCostUsd], [1100, 600, 0.25, 2]);
  assert.equal(s.tasks[0].costUsd, 0.25);
  s = applyEvent(s, ev({ type: 'context-compacted', step: 2, reason: 'threshold', replaced: [{ index: 3, message: { role: 'tool', tool_call_id: 'a', content: '[harness: masked]' } }], tokensBefore: 90_000, tokensAfter: 30_000, window: 128_000, summary: { from: 2, to: 9, text: 'notes' }, usage: { promptTokens: 500, completionTokens: 50, costUsd: 0.01 } }));
  assert.equal(s.timeline.at(-1)!.title, 'Context compacted before step 2: masked 1 old observation and summarized 7 earlier messages (~90k → ~30k of 128k tokens)');
  assert.equal(s.budgets.costUsd, 0.26, 'the summary call is counted');
  s = applyEvent(s, ev({ type: 'tool-call-proposed', step: 2, toolCallId: 'c9', tool: 'run_command', args: { command: 'npm test' } }));
  s = applyEvent(s, ev({ type: 'command-finished', toolCallId: 'c9', command: 'npm test', exitCode: 0, signal: null, timedOut: false, cancelled: false, sandboxed: true, durationMs: 5, omittedBytes: 0, savedBytes: 70_000 }));
  assert.equal(s.timeline.at(-1)!.fullOutput, true);
  assert.ok(PanelStateSchema.safeParse(s).success);
});

test('a page adds each new timeline entry once, even when the host sends a batch twice or out of date', () => {
  let s = emptyPanelState();
  s = applyEvent(s, { type: 'task-started', task: 't', root: '/w', budgets: { maxSteps: 5 }, taskId: 't1', at: 1 } as TaskEvent);
  const before = s;
  s = applyEvent(s, { type: 'log', level: 'info', message: 'one', taskId: 't1', at: 2 } as TaskEvent);
  const update = diffState(before, s)!;
  const fresh = newEntries([update, update], before.nextSeq);
  assert.deepEqual(fresh.map((e) => e.title), ['one'], 'the repeated batch adds nothing');
  assert.deepEqual(newEntries([update], s.nextSeq), [], 'entries the page has seen are not added again');
});
