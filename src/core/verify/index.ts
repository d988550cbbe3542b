// Verification entry point: every check for one round, in a fixed order (cheap static checks first).
import { commandChecks } from './command-checks';
import { completenessChecks } from './completeness';
import { diagnosticsCheck } from './diagnostics-check';
import { secretScanCheck } from './secrets';
import type { CheckResult, VerifyInput } from './types';

export type * from './types';
export { suggestVerificationCommands } from './default-commands';
export { verdictFor } from './verdict';
export { feedbackForModel, DEFAULT_FEEDBACK_MAX_CHARS, type FeedbackOptions } from './model-feedback';
export { commandFeedbackForModel } from './run-command-feedback';
export type { RoundDecision } from './verdict';
export { formatReport } from './format';
export { commandCheckName } from './command-checks';
export { resolveVerificationSettings, DEFAULT_MAX_FIX_ATTEMPTS, type VerifyWhen } from './settings';

export async function runChecks(input: VerifyInput): Promise<CheckResult[]> {
  const results: CheckResult[] = [secretScanCheck(input.touched), ...completenessChecks(input.touched, input.rejectedPaths, input.finalMessage)];
  const present = input.touched.filter((t) => t.after !== null).map((t) => t.path);
  try {
    results.push(await diagnosticsCheck(input.diagnostics, present));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    results.push({ name: 'diagnostics', status: 'skipped', passed: false, skipped: true, severity: 'low', summary: `diagnostics unavailable: ${message}` });
  }
  results.push(...(await commandChecks(input)));
  return results;
}
