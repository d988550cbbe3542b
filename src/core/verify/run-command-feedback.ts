// run_command's result when a test, type-check or lint command fails: the same extraction as a
// verification check (failing tests first, then the runner's summary, then the output's start and
// end), so the model reads the failures before thousands of passing lines. Anything else, and any
// output no runner format matches, is passed through as it came.
import { analyzeCommandOutput } from './command-feedback';

export function commandFeedbackForModel(command: string, outcome: { exitCode: number | null; output: string }, opts: { root: string; maxChars: number }): string {
  if (outcome.exitCode === 0) return outcome.output;
  const feedback = analyzeCommandOutput(command, outcome.output, opts.root);
  return feedback.failedCount ? feedback.render(opts.maxChars) : outcome.output;
}
