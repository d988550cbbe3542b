// Runs the configured verification commands (tests, typecheck, lint) through the same runner
// as the run_command tool, but only those the policy allows outright.
import { oneLine } from './added-lines';
import type { CheckResult, CommandOutcomeLike, Severity, VerifyInput } from './types';

/** Most of a log is noise; these lines say what broke. */
const FAILING_LINE =
  /\b(?:error|errors|fail|failed|failing|failure|exception|traceback|assert(?:ion)?|panic|not ok)\b|✖|✗|×|\bTS\d{4}\b/i;
/** Lines that mention failure only to say there was none. */
const ZERO_FAILURES = /\b(?:0|no) (?:fail|failed|failures|errors?)\b|\bfail(?:ed|ures)?:? 0\b|\berrors?:? 0\b/i;

const DETAILS_MAX = 4000;

export function failingLines(output: string, max = 12): string[] {
  const lines = output.split(/\r?\n/).filter((l) => l.trim() && FAILING_LINE.test(l) && !ZERO_FAILURES.test(l));
  return lines.slice(0, max).map((l) => l.trimEnd().slice(0, 300));
}

/** Failing tests and type errors break the build; lint findings usually do not. */
export function severityForCommand(command: string): Severity {
  return /\b(?:eslint|lint|prettier|stylelint|ruff|flake8|black)\b/i.test(command) ? 'medium' : 'high';
}

export const commandCheckName = (command: string) => `command: ${command}`;

/** A log excerpt: the failing lines first, then the tail, within a fixed size. */
function excerpt(output: string, omittedBytes = 0): string {
  const key = failingLines(output);
  const tail = output.slice(-Math.max(0, DETAILS_MAX - key.join('\n').length - 100));
  const parts = [];
  if (key.length) parts.push(`Key lines:\n${key.join('\n')}`);
  parts.push(`${omittedBytes > 0 ? `(${omittedBytes} bytes omitted)\n` : ''}Output tail:\n${tail}`);
  return parts.join('\n\n').slice(0, DETAILS_MAX);
}

export function resultForOutcome(command: string, outcome: CommandOutcomeLike): CheckResult {
  const name = commandCheckName(command);
  const severity = severityForCommand(command);
  const details = excerpt(outcome.output, outcome.omittedBytes);
  if (outcome.cancelled) return { name, passed: true, skipped: true, severity: 'low', summary: 'cancelled before it finished', details };
  if (outcome.timedOut) {
    const secs = outcome.durationMs ? ` after ${Math.round(outcome.durationMs / 1000)}s` : '';
    return { name, passed: false, severity, summary: `${command} timed out${secs}`, details };
  }
  if (outcome.exitCode === 0) return { name, passed: true, severity, summary: `${command} passed`, details };
  const first = failingLines(outcome.output, 1)[0];
  const exit = outcome.exitCode === null ? 'killed' : `exit ${outcome.exitCode}`;
  return { name, passed: false, severity, summary: oneLine(`${command} failed (${exit})${first ? `: ${first}` : ''}`), details };
}

export async function commandChecks(input: VerifyInput): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const { command, timeoutMs } of input.commands) {
    const name = commandCheckName(command);
    if (input.signal?.aborted) {
      results.push({ name, passed: true, skipped: true, severity: 'low', summary: 'not run: the task was cancelled' });
      continue;
    }
    const verdict = await input.commandAllowed(command);
    if (!verdict.allowed) {
      results.push({
        name,
        passed: true,
        skipped: true,
        severity: 'low',
        summary: oneLine(`not run: needs approval (${verdict.reason}). Allow it with a policy rule to verify with it.`),
      });
      continue;
    }
    try {
      results.push(resultForOutcome(command, await input.runCommand(command, timeoutMs)));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      results.push({ name, passed: false, severity: severityForCommand(command), summary: oneLine(`${command} could not run: ${message}`) });
    }
  }
  return results;
}
