// Runs the configured verification commands (tests, typecheck, lint) through the same runner
// as the run_command tool, but only those the policy allows outright.
import { headTail } from '../shared/head-tail';
import { oneLine } from './added-lines';
import { analyzeCommandOutput } from './command-feedback';
import { plainText } from './failure-extract';
import { rememberFeedback } from './feedback-sources';
import type { CheckFailure, CheckResult, CommandOutcomeLike, Severity, VerifyInput } from './types';

/** A check's `details` (the --json report, the panel, the readable report) hold at most this much. */
export const CHECK_DETAILS_MAX_CHARS = 8000;
/** Within the details, the raw output after the extracted failures takes at most this much. */
const DETAILS_OUTPUT_MAX_CHARS = 2500;
/** Failures listed in a check's `failures` (the JSON report); the details say how many there were. */
export const MAX_CHECK_FAILURES = 50;

/** Failing tests and type errors break the build; lint findings usually do not. */
export function severityForCommand(command: string): Severity {
  return /\b(?:eslint|lint|prettier|stylelint|ruff|flake8|black)\b/i.test(command) ? 'medium' : 'high';
}

export const commandCheckName = (command: string) => `command: ${command}`;

export function resultForOutcome(command: string, outcome: CommandOutcomeLike, root?: string): CheckResult {
  const name = commandCheckName(command);
  const severity = severityForCommand(command);
  if (outcome.cancelled) {
    return { name, status: 'not_run', passed: false, skipped: true, severity: 'low', summary: 'cancelled before it finished', details: headTail(plainText(outcome.output), CHECK_DETAILS_MAX_CHARS) };
  }
  if (outcome.exitCode === 0 && !outcome.timedOut) {
    return { name, status: 'passed', passed: true, severity, summary: `${command} passed`, details: headTail(plainText(outcome.output), CHECK_DETAILS_MAX_CHARS) };
  }
  const feedback = analyzeCommandOutput(command, outcome.output, root);
  const details = feedback.render(CHECK_DETAILS_MAX_CHARS, { maxOutputChars: DETAILS_OUTPUT_MAX_CHARS });
  const failures: CheckFailure[] = feedback.report.extractions
    .flatMap((e) => e.failures)
    .slice(0, MAX_CHECK_FAILURES)
    .map((f) => ({ test: f.title.slice(0, 500), message: f.message.slice(0, 2000), ...(f.file ? { file: f.file } : {}), ...(f.line ? { line: f.line } : {}) }));
  const first = failures.find((f) => f.file);
  const what = outcome.timedOut
    ? `timed out${outcome.durationMs ? ` after ${Math.round(outcome.durationMs / 1000)}s` : ''}`
    : `failed (${outcome.exitCode === null ? 'killed' : `exit ${outcome.exitCode}`})`;
  const result: CheckResult = {
    name,
    status: 'failed',
    passed: false,
    severity,
    summary: oneLine(`${command} ${what}${feedback.headline ? `: ${feedback.headline}` : ''}`, 300),
    details,
    ...(first ? { file: first.file, line: first.line } : {}),
    ...(failures.length ? { failures } : {}),
  };
  return rememberFeedback(result, feedback);
}

export async function commandChecks(input: VerifyInput): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const { command, timeoutMs } of input.commands) {
    const name = commandCheckName(command);
    if (input.signal?.aborted) {
      results.push({ name, status: 'not_run', passed: false, skipped: true, severity: 'low', summary: 'not run: the task was cancelled' });
      continue;
    }
    const verdict = await input.commandAllowed(command);
    if (!verdict.allowed) {
      // A check the workspace asked for did not run, so the work is not verified (verdict.ts).
      results.push({
        name,
        status: 'not_run',
        passed: false,
        skipped: true,
        severity: severityForCommand(command),
        summary: oneLine(`not run: ${verdict.reason}. Approve it when asked, or allow it with a policy rule, to verify with it.`),
      });
      continue;
    }
    try {
      results.push(resultForOutcome(command, await input.runCommand(command, timeoutMs), input.root));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      results.push({ name, status: 'failed', passed: false, severity: severityForCommand(command), summary: oneLine(`${command} could not run: ${message}`) });
    }
  }
  return results;
}
