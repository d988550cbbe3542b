// When verification runs and how many fix rounds it gets, from the user's settings and the
// workspace's. The workspace may only tighten: run more often, or fewer fix rounds. Turning the
// checks off (the secret scan among them) is a loosening and needs the user's own setting.
export type VerifyWhen = 'afterTask' | 'afterEachBatch' | 'never';

export const DEFAULT_MAX_FIX_ATTEMPTS = 2;
const MAX_FIX_ATTEMPTS_CAP = 20;
const WHEN: readonly VerifyWhen[] = ['never', 'afterTask', 'afterEachBatch']; // loosest first

export interface VerificationSettingsInput {
  user: { when?: unknown; maxFixAttempts?: unknown };
  workspace: { when?: unknown; maxFixAttempts?: unknown };
}

export interface VerificationSettings {
  when: VerifyWhen;
  maxFixAttempts: number;
  /** One line per workspace value that was ignored, saying why. */
  warnings: string[];
}

const asWhen = (v: unknown): VerifyWhen | undefined => (WHEN as readonly unknown[]).includes(v) ? (v as VerifyWhen) : undefined;
const asCount = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? Math.min(v, MAX_FIX_ATTEMPTS_CAP) : undefined);

export function resolveVerificationSettings(input: VerificationSettingsInput): VerificationSettings {
  const warnings: string[] = [];
  const userWhen = asWhen(input.user.when) ?? 'afterTask';
  const wsWhen = asWhen(input.workspace.when);
  let when = userWhen;
  if (input.workspace.when !== undefined && !wsWhen) {
    warnings.push(`ignored harness.verification.when ${JSON.stringify(input.workspace.when)} in the workspace settings: use afterTask, afterEachBatch or never.`);
  } else if (wsWhen && WHEN.indexOf(wsWhen) > WHEN.indexOf(userWhen)) when = wsWhen;
  else if (wsWhen && wsWhen !== userWhen) {
    warnings.push(`ignored harness.verification.when "${wsWhen}" from the workspace settings: a workspace may not run verification less than you do (${userWhen}); set it in your own settings to change it.`);
  }
  const userMax = asCount(input.user.maxFixAttempts) ?? DEFAULT_MAX_FIX_ATTEMPTS;
  const wsMax = asCount(input.workspace.maxFixAttempts);
  if (input.workspace.maxFixAttempts !== undefined && wsMax === undefined) {
    warnings.push('ignored harness.verification.maxFixAttempts in the workspace settings: use a whole number from 0.');
  }
  // More fix rounds means more unreviewed model turns: the workspace may lower the number, not raise it.
  if (wsMax !== undefined && wsMax > userMax) {
    warnings.push(`ignored harness.verification.maxFixAttempts ${wsMax} from the workspace settings: a workspace may lower the number of fix rounds (${userMax}), not raise it.`);
  }
  const maxFixAttempts = wsMax === undefined ? userMax : Math.min(userMax, wsMax);
  return { when, maxFixAttempts, warnings };
}
