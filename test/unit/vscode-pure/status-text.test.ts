import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTokens, statusText, type PhaseEvent } from '../../../src/core/ui/status-text';
import { foldProgress } from '../../../src/core/events/progress';

function phase(p: Partial<PhaseEvent>): PhaseEvent {
  return { taskId: 't1', phase: 'thinking', step: 0, maxSteps: 20, pendingApprovals: 0, usage: { promptTokens: 0, completionTokens: 0 }, ...p };
}

test('idle when no task has run', () => {
  assert.equal(statusText({}).text, '$(hubot) Harness: idle');
});

test('a running step shows step i of max and the tokens used', () => {
  const s = statusText({ phase: phase({ phase: 'running-tool', step: 3, usage: { promptTokens: 1000, completionTokens: 234 } }) });
  assert.equal(s.text, '$(sync~spin) Harness: step 3/20 · 1.2k tok');
  assert.match(s.tooltip, /tokens 1234 \(prompt 1000, completion 234\)/);
  assert.equal(s.attention, false);
});

test('thinking before the first step says thinking without a step', () => {
  assert.equal(statusText({ phase: phase({ phase: 'thinking' }) }).text, '$(sync~spin) Harness: thinking');
  assert.equal(statusText({ phase: phase({ phase: 'thinking', step: 2 }) }).text, '$(sync~spin) Harness: thinking · step 2/20');
});

test('waiting for approval shows the count, wants attention and says a click opens it', () => {
  const s = statusText({ phase: phase({ phase: 'waiting-approval', step: 2, pendingApprovals: 2 }) });
  assert.match(s.text, /Harness: waiting for approval \(2\)/);
  assert.equal(s.attention, true);
  assert.match(s.tooltip, /review the pending approval/);
});

test('verifying, done, failed and cancelled each read as such', () => {
  assert.match(statusText({ phase: phase({ phase: 'verifying' }) }).text, /^\$\(beaker~spin\) Harness: verifying$/);
  assert.match(statusText({ phase: phase({ phase: 'done', usage: { promptTokens: 50, completionTokens: 7 } }) }).text, /^\$\(check\) Harness: done · 57 tok$/);
  const failed = statusText({ phase: phase({ phase: 'failed', detail: 'model unreachable' }) });
  assert.match(failed.text, /Harness: failed/);
  assert.match(failed.tooltip, /model unreachable/);
  assert.equal(failed.attention, true);
  assert.match(statusText({ phase: phase({ phase: 'cancelled' }) }).text, /Harness: cancelled/);
});

test('an unconfirmed workspace policy is marked in the text and explained in the tooltip', () => {
  const s = statusText({ policyUnconfirmed: true });
  assert.equal(s.text, '$(hubot) Harness: idle · $(shield) policy unconfirmed');
  assert.match(s.tooltip, /Workspace policy not confirmed — using your user policy/);
  assert.doesNotMatch(statusText({}).tooltip, /not confirmed/);
});

test('more than one running task is counted', () => {
  assert.match(statusText({ phase: phase({ phase: 'running-tool', step: 1 }), runningTasks: 3 }).text, /step 1\/20 \(\+2\)$/);
});

test('token counts are short', () => {
  assert.equal(formatTokens(999), '999');
  assert.equal(formatTokens(1234), '1.2k');
  assert.equal(formatTokens(123_456), '123k');
  assert.equal(formatTokens(1_500_000), '1.5M');
});

test('an ended task says its outcome in words; a question waiting for an answer wants attention', () => {
  assert.match(statusText({ phase: phase({ phase: 'done', outcome: 'verified' }) }).text, /Harness: done — verified/);
  assert.match(statusText({ phase: phase({ phase: 'done', outcome: 'answered' }) }).text, /Harness: done — answered, no changes/);
  const review = statusText({ phase: phase({ phase: 'failed', outcome: 'needs_review' }) });
  assert.match(review.text, /Harness: failed — needs review/);
  assert.equal(review.attention, true);
  assert.match(statusText({ phase: phase({ phase: 'cancelled', outcome: 'cancelled' }) }).text, /Harness: cancelled$/);
  const waiting = statusText({ phase: phase({ phase: 'waiting-answer' }) });
  assert.match(waiting.text, /waiting for your answer/);
  assert.equal(waiting.attention, true);
});

test('the status bar follows an ended task being restored: the old verdict gives way', () => {
  let p = foldProgress({ phase: 'idle', step: 0, maxSteps: 5, pendingApprovals: 0, usage: { promptTokens: 0, completionTokens: 0 } }, { type: 'task-ended', status: 'completed', summary: '', verdict: 'verified', steps: 2, usage: { promptTokens: 1, completionTokens: 1 }, outcome: 'verified' });
  assert.match(statusText({ phase: { ...p, taskId: 't' } }).text, /done — verified/);
  p = foldProgress(p, { type: 'checkpoint-restored', checkpointId: 'c1', reason: 'user', reverted: ['a.txt'], conflicts: [] });
  assert.match(statusText({ phase: { ...p, taskId: 't' } }).text, /done — edits restored/);
});

test('a priced task shows what it cost; an unpriced one says the cost is unknown, never $0', () => {
  const priced = statusText({ phase: phase({ phase: 'running-tool', step: 2, usage: { promptTokens: 9000, completionTokens: 1000, cachedTokens: 4000, costUsd: 0.0345 } }) });
  assert.equal(priced.text, '$(sync~spin) Harness: step 2/20 · 10k tok · $0.0345');
  assert.match(priced.tooltip, /prompt 9000, 4000 of them cached, completion 1000\) · cost \$0\.0345/);
  const unpriced = statusText({ phase: phase({ phase: 'running-tool', step: 2, usage: { promptTokens: 900, completionTokens: 100 } }) });
  assert.doesNotMatch(unpriced.text, /\$\d/);
  assert.match(unpriced.tooltip, /cost unknown/);
});

test('without a sandbox the status bar says unsandboxed, and why; with autonomy on it wants attention', () => {
  const s = statusText({ unsandboxed: { reason: 'bubblewrap (bwrap) is not installed', autonomy: false } });
  assert.equal(s.text, '$(hubot) Harness: idle · $(unlock) unsandboxed');
  assert.match(s.tooltip, /without a sandbox \(bubblewrap \(bwrap\) is not installed\): they ask first, except known read-only ones/);
  assert.equal(s.attention, false);
  const risky = statusText({ phase: phase({ phase: 'running-tool', step: 1 }), unsandboxed: { reason: 'harness.sandbox is "off"', autonomy: true } });
  assert.match(risky.text, /step 1\/20 · \$\(unlock\) unsandboxed$/);
  assert.match(risky.tooltip, /WITHOUT a sandbox.*unsandboxedAutonomy is on/);
  assert.equal(risky.attention, true);
  assert.doesNotMatch(statusText({}).text, /unsandboxed/);
});

test('a task carrying out a plan shows the steps closed of all, and each step in the tooltip', () => {
  const plan = { steps: [{ title: 'Fix add', status: 'done' as const }, { title: 'Add a test', status: 'in_progress' as const }, { title: 'Docs', status: 'pending' as const }] };
  const s = statusText({ phase: phase({ phase: 'running-tool', step: 4, plan }) });
  assert.equal(s.text, '$(sync~spin) Harness: step 4/20 · plan 1/3');
  assert.match(s.tooltip, /☑ 1\. Fix add\n▶ 2\. Add a test\n☐ 3\. Docs/);
  assert.doesNotMatch(statusText({ phase: phase({ phase: 'running-tool', step: 4 }) }).text, /plan/);
});
