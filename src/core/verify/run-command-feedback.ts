// run_command's result as the model reads it, within `maxChars`. When a test, type-check or lint
// command fails: the same extraction as a verification check (failing tests first, then the runner's
// summary, then the output's start and end), so the model reads the failures before thousands of
// passing lines. Any other output longer than the cap reaches it as its start and end, the middle
// elided (with error lines from the middle brought forward when the command failed).
import { headTail } from '../shared/head-tail';
import { analyzeCommandOutput } from './command-feedback';

export function commandFeedbackForModel(command: string, outcome: { exitCode: number | null; output: string }, opts: { root: string; maxChars: number }): string {
  const fits = outcome.output.length <= opts.maxChars;
  if (outcome.exitCode === 0) return fits ? outcome.output : headTail(outcome.output, opts.maxChars);
  const feedback = analyzeCommandOutput(command, outcome.output, opts.root);
  return feedback.failedCount || !fits ? feedback.render(opts.maxChars) : outcome.output;
}
