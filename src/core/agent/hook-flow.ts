// The task's hooks at their four points: before a tool call (may deny, ask or allow), after it (its
// output goes to the model), when the agent says it is done (a block is a failed check), and when
// the task's prompt is submitted (may block it or add context). Every run is a `hook-run` event.
import type { CheckResult } from '../shared/types';
import { hookMatches, type HookEntry, type HookEvent } from '../policy/hook-settings';
import { interpretHook, runHook, type HookInput, type HookResult } from '../hooks/run';
import { preToolVerdict } from '../hooks/pre-tool';
import type { TaskContext } from './context';
import { commandRunOptions } from './command-flow';
import { holdVerdict } from './hook-verdicts';

/** The user stopped the task's prompt with a hook: the task ends without a model call. */
export class PromptBlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptBlockedError';
  }
}

const hooksFor = (ctx: TaskContext, event: HookEvent, tool?: string): HookEntry[] =>
  (ctx.options.hooks ?? []).filter((h) => h.event === event && (event === 'PreToolUse' || event === 'PostToolUse' ? hookMatches(h, tool) : true));

/** Runs the hooks of one event in order and records each run. */
async function runAll(ctx: TaskContext, event: HookEvent, extra: Partial<HookInput>, call?: { id: string; tool: string }): Promise<{ hook: HookEntry; command: string; result: HookResult }[]> {
  const out: { hook: HookEntry; command: string; result: HookResult }[] = [];
  for (const hook of hooksFor(ctx, event, call?.tool)) {
    const timeoutMs = hook.timeout ? hook.timeout * 1000 : ctx.limits.commandTimeoutMs;
    const input: HookInput = { hook_event_name: event, session_id: ctx.taskId, task_id: ctx.taskId, cwd: ctx.root, ...extra };
    const run = await runHook(hook, input, commandRunOptions(ctx, hook.command, timeoutMs));
    const result = interpretHook(event, run, Math.round(timeoutMs / 1000));
    await ctx.emit({
      type: 'hook-run',
      hookEvent: event,
      command: hook.command,
      source: hook.source,
      ...(call ? { toolCallId: call.id, tool: call.tool } : {}),
      result: result.kind,
      ...(result.reason ? { reason: result.reason.slice(0, 2000) } : {}),
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      sandboxed: run.sandboxed,
      durationMs: run.durationMs,
    });
    if (result.message) await ctx.emit({ type: 'log', level: 'info', message: `${event} hook: ${result.message}` });
    out.push({ hook, command: hook.command, result });
  }
  return out;
}

/** Before a tool call: the hooks' verdict waits for the policy's decision on it (hook-verdicts.ts). */
export async function preToolUse(ctx: TaskContext, call: { id: string; name: string }, toolInput: unknown): Promise<void> {
  if (!hooksFor(ctx, 'PreToolUse', call.name).length) return;
  const results = await runAll(ctx, 'PreToolUse', { tool_name: call.name, tool_input: toolInput }, { id: call.id, tool: call.name });
  const verdict = preToolVerdict(results);
  if (verdict) holdVerdict(ctx, call.id, verdict);
}

/** After a call that ran: what the hooks say goes to the model with the tool's result. */
export async function postToolUse(ctx: TaskContext, call: { id: string; name: string }, toolInput: unknown, result: string): Promise<string> {
  if (!hooksFor(ctx, 'PostToolUse', call.name).length) return result;
  const results = await runAll(ctx, 'PostToolUse', { tool_name: call.name, tool_input: toolInput, tool_response: result }, { id: call.id, tool: call.name });
  const notes = results.flatMap(({ command, result: r }) =>
    r.kind === 'block' ? [`[PostToolUse hook \`${command}\` objects]\n${r.reason}`] : r.context ? [`[PostToolUse hook \`${command}\`]\n${r.context}`] : [],
  );
  return notes.length ? `${result}\n\n${notes.join('\n\n')}` : result;
}

/** Tasks in which a Stop hook already blocked once (told to the hooks as `stop_hook_active`). */
const stopBlocked = new WeakSet<TaskContext>();

/** When the agent says it is done: each Stop hook is a check; a block fails it (a fix round follows). */
export async function stopHookChecks(ctx: TaskContext, finalMessage: string): Promise<CheckResult[]> {
  if (!hooksFor(ctx, 'Stop').length) return [];
  const results = await runAll(ctx, 'Stop', { stop_hook_active: stopBlocked.has(ctx), ...(finalMessage ? { last_assistant_message: finalMessage } : {}) });
  const checks = results.map(({ command, result: r }): CheckResult => {
    const name = `Stop hook: ${command}`.slice(0, 400);
    if (r.kind === 'block') return { name, status: 'failed', passed: false, severity: 'high', summary: `blocked: ${r.reason}`.slice(0, 1000), details: r.reason };
    if (r.kind === 'error') return { name, status: 'not_run', passed: false, skipped: true, severity: 'high', summary: `could not decide: ${r.reason}`.slice(0, 1000) };
    return { name, status: 'passed', passed: true, severity: 'high', summary: 'did not block' };
  });
  if (checks.some((c) => c.status === 'failed')) stopBlocked.add(ctx);
  return checks;
}

/** When the task's prompt is submitted: a block ends the task; context is added for the model. */
export async function userPromptSubmit(ctx: TaskContext, prompt: string): Promise<void> {
  if (!hooksFor(ctx, 'UserPromptSubmit').length) return;
  const results = await runAll(ctx, 'UserPromptSubmit', { prompt });
  const blocked = results.filter((r) => r.result.kind === 'block');
  if (blocked.length) throw new PromptBlockedError(`A UserPromptSubmit hook blocked the task: ${blocked.map((r) => r.result.reason).join('; ')}`);
  const context = results.flatMap((r) => (r.result.context ? [r.result.context] : []));
  if (context.length) await ctx.emit({ type: 'message', message: { role: 'user', content: `Context added by the UserPromptSubmit hook:\n${context.join('\n\n')}` } });
}
