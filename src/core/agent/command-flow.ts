// run_command under the harness: the shell-aware policy decides, a human answers what it asks,
// and the command runs scrubbed, capped, with a timeout, sandboxed where the policy says so.
import { decidePolicyCommand } from '../policy/engine';
import { runCommand, type RunCommandOptions } from '../commands/run';
import type { RunCommandArgs } from '../tools/definitions';
import type { TaskContext } from './context';
import type { ToolOutcome } from './edit-flow';

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

export async function runCommandTool(ctx: TaskContext, toolCallId: string, args: RunCommandArgs): Promise<ToolOutcome & { sandboxed?: boolean }> {
  const decision = await decidePolicyCommand(args.command, ctx.policy, ctx.root);
  ctx.record({ kind: 'decision', toolCallId, tool: 'run_command', command: args.command, decision: decision.decision, risk: decision.risk, rule: decision.rule, reason: decision.reason, parts: decision.parts });
  if (decision.decision === 'deny') return { ok: false, decision, content: `Denied: ${decision.reason}`, error: decision.reason };
  if (decision.decision === 'ask') {
    const answer = await ctx.askHuman({ kind: 'command', taskId: ctx.taskId, toolCallId, command: args.command, cwd: '.', decision });
    if (!answer.approved) {
      const why = answer.reason ? ` Reason: ${answer.reason}` : '';
      return { ok: false, decision, content: `The command was not run: ${answer.by === 'user' ? 'the user' : answer.by} rejected it.${why}`, error: 'rejected' };
    }
    // "Always allow": the rule holds for the rest of this task; the front end persists it where the user can see it.
    if (answer.addRule) ctx.policy.rules.push({ ...answer.addRule, source: answer.addRule.source ?? 'approval' });
  }
  await ctx.journalAppend({ type: 'tool-start', toolCallId, tool: 'run_command', args });
  const out = await runCommand({
    ...commandRunOptions(ctx, args.command, args.timeout_ms ?? ctx.limits.commandTimeoutMs),
    // Allowed unasked because the sandbox confines it: it never runs without the sandbox.
    ...(decision.decision === 'allow' && decision.regime?.sandboxed ? { sandbox: 'required' as const } : {}),
    onOutput: (chunk, stream) => ctx.emit({ type: 'command-output', taskId: ctx.taskId, toolCallId, chunk, stream }),
  });
  const status = out.timedOut
    ? `timed out after ${args.timeout_ms ?? ctx.limits.commandTimeoutMs} ms (process group killed)`
    : out.cancelled
      ? 'cancelled'
      : `exit code ${out.exitCode ?? 'none'}${out.signal ? ` (signal ${out.signal})` : ''}`;
  const where = out.sandboxed ? 'sandboxed' : `not sandboxed${out.sandboxNote ? `: ${out.sandboxNote}` : ''}`;
  const content = `$ ${args.command}\n[${status}; ${where}]\n${out.output}`;
  return { ok: !out.timedOut && !out.cancelled && out.exitCode === 0, decision, content, sandboxed: out.sandboxed, ...(out.exitCode !== 0 ? { error: status } : {}) };
}
