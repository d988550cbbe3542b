// After the agent says it is done: run the checks, send failures back for a bounded number of fix
// rounds, stop for a human on a critical failure, and keep every round for the report.
import type { CheckResult, PolicyDecision, VerificationReport } from '../shared/types';
import { decidePolicyCommand } from '../policy/engine';
import { runCommand } from '../commands/run';
import { DEFAULT_MAX_FIX_ATTEMPTS, feedbackForModel, runChecks, verdictFor } from '../verify';
import { completenessChecks } from '../verify/completeness';
import type { TaskContext } from './context';
import { commandRunOptions } from './command-flow';
import { decided } from './edit-flow';
import { planStepsCheck } from '../plan/check';
import { stopHookChecks } from './hook-flow';

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

/**
 * Runs one round of checks and says whether the model should get a fix attempt. `stopping`: the agent
 * says it is done (not a batch in between), so the Stop hooks run too, as checks.
 */
export async function verifyRound(ctx: TaskContext, state: VerificationState, finalMessage: string, stopping = true): Promise<VerificationStep> {
  const hooked = stopping && (ctx.options.hooks ?? []).some((h) => h.event === 'Stop');
  // No verification, or "never", turns off the harness's checks; the user's own Stop hooks still have their say.
  const builtIn = !!ctx.options.verification && ctx.options.verification.when !== 'never';
  if (!builtIn && !hooked) return { action: 'stop' };
  const opts = ctx.options.verification ?? { commands: [] };
  // Checks run on work: with no edit applied since the last round there is nothing to verify, and
  // a "verified" would claim what never happened. A fix round is checked again whatever it did, and
  // a "done" over rejected edits, or a Stop hook that blocks, still makes a round.
  if (ctx.state.unverifiedEdits === 0 && state.verdict !== 'failed_verification') {
    const claims = builtIn ? completenessChecks([], [...ctx.rejectedPaths], finalMessage).filter((c) => c.status === 'failed') : [];
    // An approved plan's open steps fail "done" even when nothing new was changed.
    const planCheck = planStepsCheck(ctx.state.plan);
    if (planCheck?.status === 'failed') claims.push(planCheck);
    const hookChecks = stopping ? await stopHookChecks(ctx, finalMessage) : [];
    if (!claims.length && !hookChecks.some((c) => c.status === 'failed')) return { action: 'stop' };
    await ctx.emit({ type: 'verification-started', round: state.rounds.length + 1 });
    return record(ctx, state, opts, [...claims, ...hookChecks]);
  }
  await ctx.emit({ type: 'verification-started', round: state.rounds.length + 1 });
  const timeoutMs = opts.commandTimeoutMs ?? ctx.limits.commandTimeoutMs;
  // Checks allowed unasked because the sandbox confines them never run without it.
  const confined = new Set<string>();
  const checks = !builtIn ? [] : await runChecks({
    root: ctx.root,
    touched: [...ctx.touched].map(([path, t]) => ({ path, before: t.before, after: t.after })),
    commands: opts.commands.map((command) => ({ command, timeoutMs })),
    // Verification commands run exactly like run_command: same policy, sandbox, scrubbing and caps.
    runCommand: (command, t) => runCommand({ ...commandRunOptions(ctx, command, t ?? timeoutMs), ...(confined.has(command) ? { sandbox: 'required' as const } : {}) }),
    commandAllowed: async (command) => {
      const d = ownCheck(await decidePolicyCommand(command, ctx.policy, ctx.root), opts.userCommands?.includes(command) ?? false);
      if (d.decision === 'allow' && d.regime?.sandboxed) confined.add(command);
      const toolCallId = `verify:${state.rounds.length + 1}:${command}`;
      await decided(ctx, toolCallId, 'run_command', d, { command });
      if (d.decision === 'allow') return { allowed: true, reason: d.reason };
      if (d.decision === 'deny') return { allowed: false, reason: d.reason };
      // Said in the request so the person asked knows this is the harness's check, not the model's call.
      const decision = { ...d, reason: `verification check: ${d.reason}` };
      const answer = await ctx.askHuman({ kind: 'command', taskId: ctx.taskId, toolCallId, command, cwd: '.', decision });
      // "Always allow" holds for the rest of the task (the next round does not ask again).
      if (answer.approved && answer.addRule) ctx.policy.rules.push({ ...answer.addRule, source: answer.addRule.source ?? 'approval' });
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
  if (stopping) checks.push(...(await stopHookChecks(ctx, finalMessage)));
  return record(ctx, state, opts, checks);
}

/**
 * Every command is "high" risk to the classifier. The person's own verification command (their user
 * settings, --verify) with nothing the classifier flagged is medium: asked about, never alarming for
 * being theirs. The decision itself is unchanged; a flagged part keeps its risk.
 */
function ownCheck(d: PolicyDecision, own: boolean): PolicyDecision {
  if (!own || d.risk !== 'high' || d.decision === 'deny') return d;
  const flagged = [d.rule, ...(d.parts ?? []).map((p) => p.rule)].some((r) => r?.startsWith('builtin:'));
  if (flagged) return d;
  return { ...d, risk: 'medium', reason: `your verification command; ${d.reason}`, ...(d.parts ? { parts: d.parts.map((p) => ({ ...p, risk: p.risk === 'high' ? 'medium' : p.risk })) } : {}) };
}

/** Keeps a round's checks, decides what they mean, and says whether the model gets a fix attempt. */
async function record(ctx: TaskContext, state: VerificationState, opts: NonNullable<TaskContext['options']['verification']>, checks: CheckResult[]): Promise<VerificationStep> {
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
