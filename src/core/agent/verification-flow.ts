// After the agent says it is done: run the checks, send failures back for a bounded number of fix
// rounds, stop for a human on a critical failure, and keep every round for the report.
import type { VerificationReport } from '../shared/types';
import { decidePolicyCommand } from '../policy/engine';
import { runCommand } from '../commands/run';
import { DEFAULT_MAX_FIX_ATTEMPTS, feedbackForModel, runChecks, verdictFor } from '../verify';
import type { TaskContext } from './context';
import { commandRunOptions } from './command-flow';
import { decided } from './edit-flow';
import { planStepsCheck } from '../plan/check';

export { DEFAULT_MAX_FIX_ATTEMPTS };

export class VerificationState {
  readonly rounds: VerificationReport['rounds'] = [];
  verdict: VerificationReport['verdict'] = 'not_run';
  /** Why the last round decided as it did (shown as the task's error when it did not verify). */
  reason = '';
  /** A critical check failed: the task stops for a human now. */
  halted = false;

  report(): VerificationReport {
    return { verdict: this.verdict, rounds: this.rounds };
  }
}

export type VerificationStep = { action: 'fix'; feedback: string } | { action: 'stop' };

/** Runs one round of checks and says whether the model should get a fix attempt. */
export async function verifyRound(ctx: TaskContext, state: VerificationState, finalMessage: string): Promise<VerificationStep> {
  const opts = ctx.options.verification;
  if (!opts || opts.when === 'never') return { action: 'stop' };
  await ctx.emit({ type: 'verification-started', round: state.rounds.length + 1 });
  const timeoutMs = opts.commandTimeoutMs ?? ctx.limits.commandTimeoutMs;
  // Checks allowed unasked because the sandbox confines them never run without it.
  const confined = new Set<string>();
  const checks = await runChecks({
    root: ctx.root,
    touched: [...ctx.touched].map(([path, t]) => ({ path, before: t.before, after: t.after })),
    commands: opts.commands.map((command) => ({ command, timeoutMs })),
    // Verification commands run exactly like run_command: same policy, sandbox, scrubbing and caps.
    runCommand: (command, t) => runCommand({ ...commandRunOptions(ctx, command, t ?? timeoutMs), ...(confined.has(command) ? { sandbox: 'required' as const } : {}) }),
    commandAllowed: async (command) => {
      const d = await decidePolicyCommand(command, ctx.policy, ctx.root);
      if (d.decision === 'allow' && d.regime?.sandboxed) confined.add(command);
      const toolCallId = `verify:${state.rounds.length + 1}:${command}`;
      await decided(ctx, toolCallId, 'run_command', d, { command });
      if (d.decision === 'allow') return { allowed: true, reason: d.reason };
      if (d.decision === 'deny') return { allowed: false, reason: d.reason };
      // Said in the request so the person asked knows this is the harness's check, not the model's call.
      const decision = { ...d, reason: `verification check: ${d.reason}` };
      const answer = await ctx.askHuman({ kind: 'command', taskId: ctx.taskId, toolCallId, command, cwd: '.', decision });
      return { allowed: answer.approved, reason: answer.approved ? `approved by ${answer.by}` : `rejected by ${answer.by}${answer.reason ? `: ${answer.reason}` : ''}` };
    },
    ...(opts.diagnostics ? { diagnostics: opts.diagnostics } : {}),
    rejectedPaths: [...ctx.rejectedPaths],
    finalMessage,
    signal: ctx.signal,
  });
  // An approved plan is part of "done": steps left open fail this check.
  const planCheck = planStepsCheck(ctx.state.plan);
  if (planCheck) checks.push(planCheck);
  state.rounds.push({ checks });
  const decision = verdictFor(state.rounds, { maxFixAttempts: opts.maxFixAttempts ?? DEFAULT_MAX_FIX_ATTEMPTS });
  state.verdict = decision.verdict;
  state.reason = decision.reason;
  state.halted = decision.critical;
  ctx.appliedSinceVerify = 0;
  await ctx.emit({ type: 'verification-round', round: state.rounds.length, checks, verdict: decision.verdict, action: decision.action, reason: decision.reason });
  if (decision.action === 'fix') {
    return { action: 'fix', feedback: `Verification failed (round ${state.rounds.length}). Fix the problems below, then reply when done.\n${feedbackForModel(checks, { maxChars: opts.feedbackMaxChars })}` };
  }
  return { action: 'stop' };
}
