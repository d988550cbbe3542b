// What a round of checks means for the task: stop verified, fix and retry, or hand to a human.
//
// Rules (issue 6): a failed critical check stops at once with `needs_review`. All passed is
// `verified`. Failures with fix attempts left go back to the model. Once the attempts are used
// up the verdict is `failed_verification` with `needsHuman: true`: the checks did run and fail,
// which is more precise than "needs review", and a human is still asked to look. A configured
// command that the policy (or the human) did not let run leaves the work unverified: that is
// `needs_review` too, never `verified`, and no fix round (the model cannot grant an approval).
// A skipped check (diagnostics outside the editor) counts neither way: it fails nothing and
// verifies nothing, so a round where no check ran at all is `not_run`.
import type { CheckResult, Verdict } from '../shared/types';

export interface RoundDecision {
  verdict: Verdict;
  /** `fix`: send feedbackForModel(...) to the model and verify again. */
  action: 'stop' | 'fix';
  needsHuman: boolean;
  /** A critical check failed: the task stops now, even in the middle with batch verification. */
  critical: boolean;
  reason: string;
}

const failed = (checks: CheckResult[]) => checks.filter((c) => c.status === 'failed');
/** Checks that should have run and did not. */
const notRun = (checks: CheckResult[]) => checks.filter((c) => c.status === 'not_run');

export function verdictFor(rounds: { checks: CheckResult[] }[], opts: { maxFixAttempts: number }): RoundDecision {
  if (!rounds.length) return { verdict: 'not_run', action: 'stop', needsHuman: false, critical: false, reason: 'verification did not run' };
  const last = rounds[rounds.length - 1].checks;
  const failures = failed(last);
  const critical = failures.filter((c) => c.severity === 'critical');
  if (critical.length) {
    return {
      verdict: 'needs_review',
      action: 'stop',
      needsHuman: true,
      critical: true,
      reason: `critical check failed: ${critical.map((c) => c.name).join(', ')}`,
    };
  }
  if (!failures.length) {
    const missing = notRun(last);
    if (missing.length) {
      return { verdict: 'needs_review', action: 'stop', needsHuman: true, critical: false, reason: `not verified: ${missing.map((c) => c.name).join(', ')} did not run` };
    }
    const passed = last.filter((c) => c.status === 'passed').length;
    if (!passed) return { verdict: 'not_run', action: 'stop', needsHuman: false, critical: false, reason: 'no check ran' };
    const skipped = last.filter((c) => c.status === 'skipped').map((c) => c.name);
    return { verdict: 'verified', action: 'stop', needsHuman: false, critical: false, reason: `all checks passed${skipped.length ? ` (skipped: ${skipped.join(', ')})` : ''}` };
  }
  if (failures.every((c) => c.forHuman)) {
    return { verdict: 'needs_review', action: 'stop', needsHuman: true, critical: false, reason: `for a human to review: ${failures.map((c) => c.summary).join('; ')}` };
  }
  // Fix attempts are counted from the last round that passed: with batch verification a later,
  // unrelated failure gets its own attempts.
  let streak = 0;
  for (let i = rounds.length - 1; i >= 0 && failed(rounds[i].checks).length; i--) streak++;
  const fixesUsed = streak - 1;
  const max = Math.max(0, Math.floor(opts.maxFixAttempts));
  if (fixesUsed < max) {
    return {
      verdict: 'failed_verification',
      action: 'fix',
      needsHuman: false,
      critical: false,
      reason: `${failures.length} check(s) failed; fix attempt ${fixesUsed + 1} of ${max}`,
    };
  }
  return {
    verdict: 'failed_verification',
    action: 'stop',
    needsHuman: true,
    critical: false,
    reason: `${failures.length} check(s) still failing after ${fixesUsed} fix attempt(s)`,
  };
}
