// A failing command check keeps what it was rendered from beside it (not in it), so the model's
// feedback can be rendered again at the share of the round's size cap that the check gets, while
// the report and the panel carry only the rendered `details`.
import type { CommandFeedback } from './command-feedback';
import type { CheckResult } from './types';

const sources = new WeakMap<CheckResult, CommandFeedback>();

export function rememberFeedback(check: CheckResult, feedback: CommandFeedback): CheckResult {
  sources.set(check, feedback);
  return check;
}

export const feedbackOf = (check: CheckResult): CommandFeedback | undefined => sources.get(check);
