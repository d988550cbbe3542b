// A small record for the panel's statistics tests: one task at level 3 in which a person approved
// `npm test` six times, two seconds each, and the work verified on the first round.
import type { TaskEventBody } from '../../../src/core/events/schema';
import { taskFacts } from '../../../src/core/observe/task-facts';

export function approvedTasks() {
  const events: (TaskEventBody & { at: number })[] = [{ type: 'task-started', task: 't', root: '/w', budgets: { maxSteps: 9 }, model: 'my-local-model', level: 3, at: 1000 }];
  for (let i = 0; i < 6; i++) {
    const decision = { decision: 'ask' as const, risk: 'high' as const, reason: 'no allow rule matches' };
    events.push(
      { type: 'policy-decision', toolCallId: `c${i}`, tool: 'run_command', command: 'npm test', decision, at: 2000 + i * 10_000 },
      { type: 'approval-asked', toolCallId: `c${i}`, request: 'command', subject: 'npm test', decision, at: 2000 + i * 10_000 },
      { type: 'approval-answered', toolCallId: `c${i}`, outcome: 'approved', by: 'user', at: 4000 + i * 10_000 },
    );
  }
  events.push({ type: 'verification-round', round: 1, checks: [], verdict: 'verified', action: 'stop', reason: '', at: 70_000 });
  events.push({ type: 'task-ended', status: 'completed', summary: '', verdict: 'verified', steps: 3, usage: { promptTokens: 900, completionTokens: 100 }, at: 71_000 });
  return [taskFacts('t1', events)];
}

