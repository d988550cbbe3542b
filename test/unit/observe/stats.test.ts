// The statistics as a fold over events: approvals with their waits, time across a stop and a
// resume, verification rounds, and cost only where a price is known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TaskEventBody } from '../../../src/core/events/schema';
import { costUsd } from '../../../src/core/observe/cost';
import { taskFacts } from '../../../src/core/observe/task-facts';
import { median, workspaceStats } from '../../../src/core/observe/workspace-stats';

type Ev = TaskEventBody & { at: number };
const usage = (p: number, c: number) => ({ promptTokens: p, completionTokens: c });
const started = (at: number, model = 'm1', level = 3): Ev => ({ type: 'task-started', task: 't', root: '/w', budgets: { maxSteps: 10 }, model, level, at });
const ended = (at: number, status: 'completed' | 'failed', verdict: 'verified' | 'failed_verification' | 'not_run', u = usage(100, 10)): Ev => ({ type: 'task-ended', status, summary: '', verdict, steps: 1, usage: u, at });
const ask = (at: number, id: string, command: string, risk: 'high' | 'critical' = 'high'): Ev[] => [
  { type: 'policy-decision', toolCallId: id, tool: 'run_command', command, decision: { decision: 'ask', risk, reason: 'r' }, at },
  { type: 'approval-asked', toolCallId: id, request: 'command', subject: command, decision: { decision: 'ask', risk, reason: 'r' }, at },
];
const answer = (at: number, id: string, outcome: 'approved' | 'rejected' | 'partly' | 'stale', by = 'user'): Ev => ({ type: 'approval-answered', toolCallId: id, outcome, by, at });
const round = (at: number, n: number, verdict: 'verified' | 'failed_verification'): Ev => ({ type: 'verification-round', round: n, checks: [], verdict, action: verdict === 'verified' ? 'stop' : 'fix', reason: '', at });

test('task facts: the wait of each approval, and wall time without the pause between a stop and a resume', () => {
  const f = taskFacts('t1', [
    started(1000),
    ...ask(1100, 'c1', 'npm test'),
    answer(4100, 'c1', 'approved'),
    // The process stopped at 5000; resumed an hour later.
    { type: 'step-ended', step: 1, usage: usage(50, 5), at: 5000 },
    { type: 'task-resumed', step: 1, usage: usage(50, 5), at: 3_605_000 },
    ...ask(3_606_000, 'c2', 'npm  test'),
    answer(3_606_500, 'c2', 'rejected', 'cli:reject'),
    ended(3_607_000, 'completed', 'not_run'),
  ]);
  assert.equal(f.wallMs, 4000 + 2000, 'two running stretches, the hour between them left out');
  assert.deepEqual(f.approvals.map((a) => [a.command, a.outcome, a.by, a.waitMs, a.level]), [['npm test', 'approved', 'user', 3000, 3], ['npm  test', 'rejected', 'cli:reject', 500, 3]]);
  assert.equal(f.status, 'completed');
});

test('workspace stats: statuses, verdicts, first-round share, fix rounds, approvals per tool and command, median wait', () => {
  const a = taskFacts('a', [started(0), round(10, 1, 'verified'), ended(20, 'completed', 'verified')]);
  const b = taskFacts('b', [started(0), round(10, 1, 'failed_verification'), round(20, 2, 'failed_verification'), round(30, 3, 'verified'), ended(40, 'completed', 'verified')]);
  const c = taskFacts('c', [started(0), ...ask(0, 'x1', 'npm test'), answer(1000, 'x1', 'approved'), ...ask(2000, 'x2', 'npm test'), answer(5000, 'x2', 'rejected'), ...ask(6000, 'x3', 'make'), answer(8000, 'x3', 'approved', 'cli:accept'), ended(9000, 'failed', 'failed_verification')]);
  const d = taskFacts('d', [started(0), ...ask(0, 'y1', 'make')]); // stopped while asking
  const s = workspaceStats([a, b, c, d]);
  assert.deepEqual(s.tasks, { total: 4, byStatus: { completed: 2, failed: 1, unfinished: 1 }, byVerdict: { verified: 2, failed_verification: 1, not_run: 1 } });
  assert.deepEqual(s.verification, { tasksVerified: 2, verifiedFirstRound: 1, firstRoundShare: 0.5, fixRounds: 2, maxFixRounds: 2 });
  assert.deepEqual(s.humanReviews, { total: 2, edits: 0, commands: 2, tools: 0, tasksNeedingReview: 0 });
  assert.deepEqual([s.approvals.asked, s.approvals.approved, s.approvals.rejected, s.approvals.unanswered, s.approvals.medianWaitMs], [4, 2, 1, 1, 2000]);
  assert.deepEqual(s.approvals.byCommand.map((r) => [r.key, r.asked, r.approved, r.rejected, r.byHuman, r.medianWaitMs]), [['make', 2, 1, 0, 0, 2000], ['npm test', 2, 1, 1, 2, 2000]]);
  assert.deepEqual(s.approvals.byTool.map((r) => [r.key, r.asked]), [['run_command', 4]]);
  assert.equal(s.usage.totalTokens, 330);
  assert.deepEqual(s.cost, { usd: null, pricedTasks: 0, unpricedModels: ['m1'] });
});

test('cost: from the record when it has one, else tokens × the price the lookup knows, else null', () => {
  const price = (m: string) => (m === 'm1' ? { input: 2, output: 10, cachedInput: 1 } : undefined);
  const cost = costUsd({ promptTokens: 1_000_000, completionTokens: 100_000, cachedTokens: 400_000 }, 'm1', price);
  assert.ok(cost !== null && Math.abs(cost - (1.2 + 0.4 + 1)) < 1e-9, `cached tokens at their own price: ${cost}`);
  assert.equal(costUsd(usage(10, 1), 'other', price), null);
  assert.equal(costUsd(usage(10, 1), 'm1'), null, 'not in the built-in table: unknown');
  const nano = costUsd({ promptTokens: 1_000_000, completionTokens: 1_000_000 }, 'gpt-5-nano');
  assert.ok(nano !== null && Math.abs(nano - 0.45) < 1e-9, `the built-in table prices a known model: ${nano}`);
  assert.equal(costUsd({ ...usage(10, 1), costUsd: 0.25 }, 'other'), 0.25, 'a cost the endpoint reported wins');
  const s = workspaceStats([taskFacts('a', [started(0), ended(1, 'completed', 'not_run', usage(1_000_000, 0))]), taskFacts('b', [started(0, 'm2'), ended(1, 'completed', 'not_run')])], price);
  assert.deepEqual(s.cost, { usd: 2, pricedTasks: 1, unpricedModels: ['m2'] });
  assert.deepEqual([median([]), median([3, 1, 2]), median([4, 1, 2, 3])], [null, 2, 2.5]);
});
