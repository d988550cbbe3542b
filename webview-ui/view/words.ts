// How the view names a task's state: its outcome in words once ended, else where it is.
import type { TaskSummary } from '../../src/core/ui/panel-protocol';

export const RUNNING = new Set(['thinking', 'running-tool', 'waiting-approval', 'waiting-answer', 'verifying', 'idle']);

const OUTCOME: Record<NonNullable<TaskSummary['outcome']>, string> = {
  verified: 'Verified',
  failed_verification: 'Failed verification',
  needs_review: 'Needs review',
  not_verified: 'Changed, not verified',
  answered: 'Answered, no changes',
  no_changes: 'No changes made',
  restored: 'Edits restored',
  undone: 'Edits undone',
  partly_undone: 'Some edits undone',
  cancelled: 'Cancelled',
  budget_exceeded: 'Budget exceeded',
  error: 'Error',
};

const PHASE: Record<TaskSummary['phase'], string> = {
  idle: 'Starting',
  thinking: 'Thinking',
  'running-tool': 'Working',
  'waiting-approval': 'Waiting for approval',
  'waiting-answer': 'Waiting for your answer',
  verifying: 'Verifying',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function outcomeText(t: TaskSummary): string {
  if (t.interrupted) return 'Interrupted';
  if (t.outcome) return OUTCOME[t.outcome];
  if (t.status) return t.status === 'completed' ? 'Done' : t.status.replace('_', ' ');
  return PHASE[t.phase];
}

export type Tone = 'good' | 'bad' | 'neutral' | 'busy';

export function outcomeTone(t: TaskSummary): Tone {
  if (t.outcome === 'verified') return 'good';
  if (t.outcome === 'failed_verification' || t.outcome === 'needs_review' || t.outcome === 'error' || t.outcome === 'budget_exceeded' || t.status === 'error' || t.status === 'failed') return 'bad';
  if (!t.status && !t.interrupted) return t.phase === 'waiting-approval' || t.phase === 'waiting-answer' ? 'bad' : 'busy';
  return 'neutral';
}
