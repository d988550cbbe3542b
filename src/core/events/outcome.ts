// What a task came to, told honestly: "verified" only when checks ran on work it did, "answered" or
// "no changes" when it changed nothing, and "restored"/"undone" once its edits were put back (that
// replaces whatever verdict the work had). Pure: the loop, the panel, the status bar and the CLI
// report all say the same words.
import type { TaskOutcome } from './schema';
import type { TaskState } from './fold';

export type OutcomeInput = Pick<TaskState, 'status' | 'edits' | 'verification' | 'restored'>;

export function taskOutcome(s: OutcomeInput): TaskOutcome | undefined {
  if (s.status === 'running') return undefined;
  const applied = s.edits.filter((e) => e.status === 'applied').length;
  const reverted = s.edits.filter((e) => e.status === 'reverted').length;
  if (reverted > 0) return applied > 0 ? 'partly_undone' : s.restored ? 'restored' : 'undone';
  if (s.status === 'cancelled' || s.status === 'budget_exceeded' || s.status === 'error') return s.status;
  const verdict = s.verification?.verdict ?? 'not_run';
  if (verdict === 'failed_verification' || verdict === 'needs_review') return verdict;
  if (s.status === 'failed') return 'error';
  if (verdict === 'verified' && applied > 0) return 'verified';
  if (applied > 0) return 'not_verified';
  // Nothing of the task's is in the workspace: it answered, or its proposals were all turned down.
  return s.edits.length === 0 ? 'answered' : 'no_changes';
}

/** The outcome in words, as the status bar, the notification and the view say it. */
export const OUTCOME_WORDS: Record<TaskOutcome, string> = {
  verified: 'verified',
  failed_verification: 'failed verification',
  needs_review: 'needs review',
  not_verified: 'changed, not verified',
  answered: 'answered, no changes',
  no_changes: 'no changes made',
  restored: 'edits restored',
  undone: 'edits undone',
  partly_undone: 'some edits undone',
  cancelled: 'cancelled',
  budget_exceeded: 'budget exceeded',
  error: 'error',
};

/** Outcomes that mean "look at this". */
export const OUTCOME_ATTENTION: ReadonlySet<TaskOutcome> = new Set(['failed_verification', 'needs_review', 'error', 'budget_exceeded']);
