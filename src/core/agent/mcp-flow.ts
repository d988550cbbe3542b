// A call to an MCP server's tool under the harness: the policy decides (asking at every level unless a
// rule names the tool), a human answers what it asks, the call is journaled before it goes out, and
// whatever comes back (a result, the tool's error, a crash, a timeout) becomes the model's tool result.
import { briefArgs } from '../events/audit-entry';
import { decideMcpCall } from '../policy/mcp-decision';
import { toolsFor } from './plan-flow';
import { isDynamicTool, parseCallArguments, ToolRegistry, type DynamicToolDefinition } from '../tools/registry';
import { isMcpToolName } from '../shared/mcp-names';
import { scrub } from '../model/errors';
import type { McpCallOutcome, McpServerStatus } from '../mcp/hub';
import type { TaskContext } from './context';
import { decided, type ToolOutcome } from './edit-flow';

type Failure = 'timeout' | 'crashed' | 'cancelled' | 'unavailable' | 'error';

/** Model APIs refuse a request with more tools than this (OpenAI: 128). */
export const MAX_TOOLS = 128;

/** The task's tools: the built-in ones and those of its running MCP servers, within MAX_TOOLS. */
export function taskTools(ctx: TaskContext): ToolRegistry {
  const builtIn = toolsFor(ctx.state.mode);
  // Plan mode changes nothing, and an MCP tool might: none is offered there.
  if (ctx.state.mode === 'plan') return new ToolRegistry(builtIn);
  return new ToolRegistry(builtIn, (ctx.options.mcp?.tools() ?? []).slice(0, MAX_TOOLS - builtIn.length));
}

/** Starts the servers a task needs and records what each offers; failures are recorded, not fatal. */
export async function startMcpServers(ctx: TaskContext): Promise<void> {
  const hub = ctx.options.mcp;
  if (!hub) return;
  const statuses: McpServerStatus[] = await hub.start();
  for (const s of statuses) {
    await ctx.emit({
      type: 'mcp-server',
      server: s.name,
      source: s.source,
      transport: s.transport,
      target: s.target,
      state: s.state,
      tools: s.tools,
      ...(s.sandboxed !== undefined ? { sandboxed: s.sandboxed } : {}),
      ...(s.note ? { note: s.note } : {}),
      ...(s.error ? { error: s.error } : {}),
    });
  }
  const offered = hub.tools().length;
  const room = MAX_TOOLS - toolsFor(ctx.state.mode).length;
  if (offered > room) {
    await ctx.emit({ type: 'log', level: 'warn', message: `The MCP servers offer ${offered} tools; only the first ${room} are given to the model (model APIs take at most ${MAX_TOOLS} tools). Remove servers you do not need.` });
  }
}

/** Decides, asks where needed, and calls. `args` were validated against the server's schema. */
export async function runMcpTool(ctx: TaskContext, toolCallId: string, def: DynamicToolDefinition, args: Record<string, unknown>, opts: { forceAsk?: string } = {}): Promise<ToolOutcome> {
  let decision = await decided(ctx, toolCallId, def.name, decideMcpCall({ tool: def.name, server: def.server, ...(def.annotations ? { annotations: def.annotations } : {}) }, ctx.policy));
  if (decision.decision === 'deny') return { outcome: 'denied', content: `Denied: ${decision.reason}`, error: decision.reason };
  // After a restart, a call that may already have run is never repeated without a person saying so.
  if (opts.forceAsk && decision.decision === 'allow') decision = { ...decision, decision: 'ask', reason: `${opts.forceAsk} ${decision.reason}` };
  if (decision.decision === 'ask') {
    const answer = await ctx.askHuman({ kind: 'tool', taskId: ctx.taskId, toolCallId, tool: def.name, args, decision });
    if (!answer.approved) {
      const why = answer.reason ? ` Reason: ${answer.reason}` : '';
      return { outcome: 'rejected', content: `The call to ${def.name} was not made: ${answer.by === 'user' ? 'the user' : answer.by} rejected it.${why}`, error: 'rejected' };
    }
  }
  const hub = ctx.options.mcp;
  if (!hub) return { outcome: 'failed', content: `MCP server "${def.server}" is not available in this task.`, error: 'no MCP servers' };
  await ctx.emit({ type: 'tool-started', toolCallId, tool: def.name, args: briefArgs(args) });
  let out: McpCallOutcome;
  const started = Date.now();
  try {
    out = await hub.call(def.server, def.tool, args, { signal: ctx.signal, timeoutMs: ctx.limits.commandTimeoutMs, maxChars: ctx.limits.maxCommandOutputBytes });
  } catch (err) {
    // By name, not instanceof: the hub may come from another bundle (the editor's agent-core.js).
    const failure: Failure = (err as { name?: string }).name === 'McpCallError' ? (err as { kind: Failure }).kind : 'error';
    const message = (err as Error).message ?? String(err);
    await ctx.emit({ type: 'mcp-call-finished', toolCallId, server: def.server, tool: def.tool, isError: true, failure, durationMs: Date.now() - started, contentTypes: [], omittedChars: 0 });
    return { outcome: failure === 'cancelled' ? 'cancelled' : 'failed', content: message, error: message };
  }
  await ctx.emit({ type: 'mcp-call-finished', toolCallId, server: def.server, tool: def.tool, isError: out.isError, durationMs: out.durationMs, contentTypes: out.contentTypes, omittedChars: out.omittedChars });
  if (out.isError) return { outcome: 'failed', content: `${def.name} reported an error:\n${out.text}`, error: 'the tool reported an error' };
  return { outcome: 'ok', content: out.text };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const IN_FLIGHT = 'This call was in flight when the harness stopped, so it may already have run; say whether to run it again.';

/**
 * On resume: the MCP calls of the last turn that never finished. One that had started is asked about
 * again whatever the policy says (it may have run); one that was waiting for approval is decided
 * again under today's policy. Returns the tool result for each, by call id.
 */
export async function resumeMcpCalls(ctx: TaskContext): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  const turn = ctx.state.messages.findLast((m) => m.role === 'assistant');
  if (!turn || turn.role !== 'assistant' || !turn.tool_calls?.length) return answers;
  const answered = new Set(ctx.state.messages.flatMap((m) => (m.role === 'tool' ? [m.tool_call_id] : [])));
  const ended = new Set(ctx.state.toolCalls.filter((c) => c.outcome !== undefined).map((c) => c.id));
  const started = new Set(ctx.state.pendingToolCalls.map((c) => c.toolCallId));
  const tools = taskTools(ctx);
  for (const c of turn.tool_calls) {
    const call = { id: c.id, name: c.function.name, arguments: c.function.arguments };
    if (!isMcpToolName(call.name) || answered.has(call.id) || (ended.has(call.id) && !started.has(call.id))) continue;
    const inFlight = started.has(call.id);
    if (!ctx.state.toolCalls.some((r) => r.id === call.id)) {
      await ctx.emit({ type: 'tool-call-proposed', step: ctx.step, toolCallId: call.id, tool: call.name, args: briefArgs(safeJson(call.arguments)) });
    }
    if (inFlight) await ctx.emit({ type: 'resume-check', toolCallId: call.id, tool: call.name, outcome: 'unknown', message: `${call.name} was running when the harness stopped; its result is unknown, so a person is asked before it runs again.` });
    const def = tools.get(call.name);
    let out: ToolOutcome;
    if (!def || !isDynamicTool(def)) {
      const msg = `The harness stopped while ${call.name} was ${inFlight ? 'running' : 'waiting for approval'}; the tool is not available now, so it was not run again.`;
      out = { outcome: 'failed', content: msg, error: msg };
    } else {
      try {
        out = await runMcpTool(ctx, call.id, def, parseCallArguments(def, call.arguments) as Record<string, unknown>, inFlight ? { forceAsk: IN_FLIGHT } : {});
      } catch (err) {
        const msg = (err as Error).message;
        out = { outcome: 'failed', content: msg, error: msg };
      }
    }
    const content = scrub(out.content, ctx.options.secretValues ?? []);
    await ctx.emit({ type: 'tool-call-ended', toolCallId: call.id, tool: call.name, outcome: out.outcome, result: content.slice(0, 4000), ...(out.error ? { error: out.error } : {}) });
    answers.set(call.id, content);
  }
  return answers;
}
