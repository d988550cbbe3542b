// run_command under the harness: the shell-aware policy decides, a human answers what it asks,
// and the command runs scrubbed, capped, with a timeout, sandboxed where the policy says so.
import { decidePolicyCommand } from '../policy/engine';
import { runCommand, type RunCommandOptions } from '../commands/run';
import { commandFeedbackForModel } from '../verify';
import type { RunCommandArgs } from '../tools/definitions';
import type { TaskContext } from './context';
import { decided, type ToolOutcome } from './edit-flow';
import { scopedByPlan } from './plan-flow';

/** How every command of a task runs (tool calls and verification alike): the policy's sandbox, scrubbing and caps. */
export function commandRunOptions(ctx: TaskContext, command: string, timeoutMs: number): RunCommandOptions {
  return {
    command,
    root: ctx.root,
    timeoutMs,
    maxOutputBytes: ctx.limits.maxCommandOutputBytes,
    sandbox: ctx.policy.sandbox ?? 'auto',
    allowNetwork: ctx.policy.allowNetwork ?? false,
    // The sandbox keeps these read-only (the task's state folder is among them when it is inside).
    protectedPaths: ctx.policy.protectedPaths,
    envAllowList: ctx.policy.envAllowList ?? [],
    secretValues: ctx.options.secretValues ?? [],
    signal: ctx.signal,
  };
}

/** Said when the model got a cut of the output: how much there was, and that the full output is kept. */
function cutNote(length: number, maxChars: number, saved: { bytes: number } | { skipped: string }): string {
  if (length <= maxChars) return '';
  const kept = 'bytes' in saved ? 'the full output is saved with the task for the user' : `the full output was not saved: ${saved.skipped}`;
  return `\n[Output cut to ${maxChars} of ${length} characters; ${kept}. Rerun with grep, head or tail to see a part.]`;
}

export async function runCommandTool(ctx: TaskContext, toolCallId: string, args: RunCommandArgs): Promise<ToolOutcome> {
  const decision = await decided(ctx, toolCallId, 'run_command', await scopedByPlan(ctx, await decidePolicyCommand(args.command, ctx.policy, ctx.root), { command: args.command }), { command: args.command });
  if (decision.decision === 'deny') return { outcome: 'denied', content: `Denied: ${decision.reason}`, error: decision.reason };
  if (decision.decision === 'ask') {
    const answer = await ctx.askHuman({ kind: 'command', taskId: ctx.taskId, toolCallId, command: args.command, cwd: '.', decision });
    if (!answer.approved) {
      const why = answer.reason ? ` Reason: ${answer.reason}` : '';
      return { outcome: 'rejected', content: `The command was not run: ${answer.by === 'user' ? 'the user' : answer.by} rejected it.${why}`, error: 'rejected' };
    }
    // "Always allow": the rule holds for the rest of this task; the front end persists it where the user can see it.
    if (answer.addRule) ctx.policy.rules.push({ ...answer.addRule, source: answer.addRule.source ?? 'approval' });
  }
  await ctx.emit({ type: 'tool-started', toolCallId, tool: 'run_command', args });
  const timeoutMs = args.timeout_ms ?? ctx.limits.commandTimeoutMs;
  const out = await runCommand({
    ...commandRunOptions(ctx, args.command, timeoutMs),
    // Allowed unasked because the sandbox confines it: it never runs without the sandbox.
    ...(decision.decision === 'allow' && decision.regime?.sandboxed ? { sandbox: 'required' as const } : {}),
    onOutput: (chunk, stream) => void ctx.emit({ type: 'command-output', toolCallId, chunk, stream }),
  });
  // The whole captured output stays with the task (the panel opens it); the model reads a cut of it.
  const saved = await ctx.outputs.save(toolCallId, out.output);
  await ctx.emit({
    type: 'command-finished',
    toolCallId,
    command: args.command,
    exitCode: out.exitCode,
    signal: out.signal,
    timedOut: out.timedOut,
    cancelled: out.cancelled,
    sandboxed: out.sandboxed,
    ...(out.sandboxNote ? { sandboxNote: out.sandboxNote } : {}),
    durationMs: out.durationMs,
    omittedBytes: out.omittedBytes,
    ...('bytes' in saved ? { savedBytes: saved.bytes } : {}),
    // Low risk is what the classifier gives a command whose every part is a known read-only one.
    ...(decision.risk === 'low' ? { readOnly: true } : {}),
  });
  const status = out.timedOut
    ? `timed out after ${timeoutMs} ms (process group killed)`
    : out.cancelled
      ? 'cancelled'
      : `exit code ${out.exitCode ?? 'none'}${out.signal ? ` (signal ${out.signal})` : ''}`;
  const where = out.sandboxed ? 'sandboxed' : `not sandboxed${out.sandboxNote ? `: ${out.sandboxNote}` : ''}`;
  const content = `$ ${args.command}
[${status}; ${where}]
${commandFeedbackForModel(args.command, out, { root: ctx.root, maxChars: ctx.limits.maxObservationChars })}${cutNote(out.output.length, ctx.limits.maxObservationChars, saved)}`;
  const ok = !out.timedOut && !out.cancelled && out.exitCode === 0;
  return { outcome: ok ? 'ok' : out.cancelled ? 'cancelled' : 'failed', content, sandboxed: out.sandboxed, ...(ok ? {} : { error: status }) };
}
