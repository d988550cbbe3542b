// Runs the configured verification commands (tests, typecheck, lint) through the same runner
// as the run_command tool, but only those the policy allows outright.
import { oneLine } from './added-lines';
import type { CheckResult, CommandOutcomeLike, Severity, VerifyInput } from './types';

/** Most of a log is noise; these lines say what broke. */
const FAILING_LINE =
  /\b(?:error|errors|fail|failed|failing|failure|exception|traceback|assert(?:ion)?|panic(?:ked)?|not ok)\b|\b[A-Za-z]\w*(?:Error|Exception)\b|\bERR_[A-Z_]+|✖|✗|×|\bTS\d{4}\b/i;
/** The lines that say *what* failed (`AssertionError: …`, `not ok 3 - …`), better for a one-line summary than a stack location. */
const TELLING_LINE = /\b[A-Za-z]\w*(?:Error|Exception)\b(?: \[\w+\])?:|\bnot ok\b|\bFAIL(?:ED)?\b|✖|✗|\bTS\d{4}\b|\bpanicked\b|^E {2,}|^\s*error(?:\[\w+\])?:/;
/** Lines that mention failure only to say there was none. */
const ZERO_FAILURES = /\b(?:0|no) (?:fail|failed|failures|errors?)\b|\bfail(?:ed|ures)?:? 0\b|\berrors?:? 0\b/i;

const DETAILS_MAX = 4000;

export function failingLines(output: string, max = 12): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trimEnd().slice(0, 300);
    if (!line.trim() || !FAILING_LINE.test(line) || ZERO_FAILURES.test(line) || seen.has(line)) continue;
    seen.add(line);
    out.push(line);
    if (out.length >= max) break;
  }
  return out;
}

/** The one line that best says what failed, for the summary. */
export function tellingLine(output: string): string | undefined {
  const lines = failingLines(output, 200);
  return lines.find((l) => TELLING_LINE.test(l)) ?? lines[0];
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
  if (outcome.cancelled) return { name, status: 'not_run', passed: false, skipped: true, severity: 'low', summary: 'cancelled before it finished', details };
  if (outcome.timedOut) {
    const secs = outcome.durationMs ? ` after ${Math.round(outcome.durationMs / 1000)}s` : '';
    return { name, status: 'failed', passed: false, severity, summary: `${command} timed out${secs}`, details };
  }
  if (outcome.exitCode === 0) return { name, status: 'passed', passed: true, severity, summary: `${command} passed`, details };
  const first = tellingLine(outcome.output);
  const exit = outcome.exitCode === null ? 'killed' : `exit ${outcome.exitCode}`;
  return { name, status: 'failed', passed: false, severity, summary: oneLine(`${command} failed (${exit})${first ? `: ${first}` : ''}`), details };
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
      results.push(resultForOutcome(command, await input.runCommand(command, timeoutMs)));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      results.push({ name, status: 'failed', passed: false, severity: severityForCommand(command), summary: oneLine(`${command} could not run: ${message}`) });
    }
  }
  return results;
}
