// One tool call from the model to a result string: known tool, valid arguments, policy, run.
// Every failure the model can act on becomes its tool result; only cancellation escapes.
import type { PolicyDecision } from '../types';
import { decideFileOperation } from '../policy/engine';
import { parseToolArguments, ToolArgumentError, type ToolRegistry } from '../tools/registry';
import { runListFiles, runReadFile, runSearchFiles } from '../tools/read-tools';
import type { DeleteFileArgs, EditFileArgs, ListFilesArgs, ReadFileArgs, RunCommandArgs, SearchFilesArgs, WriteFileArgs } from '../tools/definitions';
import { ScopeError, WorkspaceError } from '../workspace/paths';
import { LockedError } from '../state/locks';
import type { TaskContext } from './context';
import { deniedForScope, recordScopeDenial, resolveTarget, runEditTool, type DecisionNote, type ToolOutcome } from './edit-flow';
import { runCommandTool } from './command-flow';
import { CancelledError } from './errors';
import { scrub } from '../model/errors';

export interface ModelToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A call that never reached the policy (unknown tool, bad arguments, tool error) is recorded as refused with its reason. */
const notRun = (msg: string): PolicyDecision => ({ decision: 'deny', risk: 'low', rule: 'builtin:tool-contract', reason: msg });
const failed = (msg: string, args?: unknown) => ({ ok: false, decision: notRun(msg), content: msg, error: msg, ...(args !== undefined ? { args } : {}) });

async function runReadTool(ctx: TaskContext, id: string, name: string, args: ReadFileArgs | ListFilesArgs | SearchFilesArgs, note: DecisionNote): Promise<ToolOutcome> {
  const target = await resolveTarget(ctx, args.path ?? '.');
  if ('denied' in target) return recordScopeDenial(ctx, id, name, args.path ?? '.', target.denied);
  const decision = decideFileOperation({ tool: name, path: target.rel }, ctx.policy);
  note.decision = decision;
  ctx.record({ kind: 'decision', toolCallId: id, tool: name, path: target.rel, decision: decision.decision, risk: decision.risk, rule: decision.rule, reason: decision.reason });
  if (decision.decision === 'deny') return { ok: false, decision, content: `Denied: ${decision.reason}`, error: decision.reason };
  if (decision.decision === 'ask') {
    const answer = await ctx.askHuman({ kind: 'tool', taskId: ctx.taskId, toolCallId: id, tool: name, args, decision });
    if (!answer.approved) return { ok: false, decision, content: `Not allowed: ${answer.reason ?? 'the user declined'}.`, error: 'rejected' };
  }
  const content =
    name === 'read_file'
      ? await runReadFile(ctx.root, args as ReadFileArgs, ctx.limits)
      : name === 'list_files'
        ? await runListFiles(ctx.root, args as ListFilesArgs, ctx.limits)
        : await runSearchFiles(ctx.root, args as SearchFilesArgs, ctx.limits, ctx.signal);
  return { ok: true, decision, content };
}

async function execute(ctx: TaskContext, registry: ToolRegistry, call: ModelToolCall): Promise<ToolOutcome & { args?: unknown; sandboxed?: boolean }> {
  const def = registry.get(call.name);
  if (!def) {
    const msg = `Unknown tool "${call.name}". Available tools: ${registry.names().join(', ')}.`;
    return failed(msg);
  }
  let args: unknown;
  try {
    args = parseToolArguments(def, call.arguments);
  } catch (err) {
    if (err instanceof ToolArgumentError) return failed(err.message);
    throw err;
  }
  const note: DecisionNote = {};
  try {
    let outcome: ToolOutcome & { sandboxed?: boolean };
    if (def.kind === 'read') outcome = await runReadTool(ctx, call.id, call.name, args as ReadFileArgs, note);
    else if (def.kind === 'command') outcome = await runCommandTool(ctx, call.id, args as RunCommandArgs);
    else outcome = await runEditTool(ctx, call.id, { tool: call.name, args } as { tool: 'write_file'; args: WriteFileArgs } | { tool: 'edit_file'; args: EditFileArgs } | { tool: 'delete_file'; args: DeleteFileArgs }, note);
    return { ...outcome, args };
  } catch (err) {
    if (err instanceof CancelledError || ctx.signal.aborted) throw err instanceof CancelledError ? err : new CancelledError();
    // By name, not instanceof: the editor's applier and lock manager may come from another bundle.
    const name = (err as Error)?.name;
    const known = err instanceof WorkspaceError || err instanceof LockedError || name === 'WorkspaceError' || name === 'ScopeError' || name === 'LockedError';
    const msg = known ? (err as Error).message : `${call.name} failed: ${(err as Error).message ?? String(err)}`;
    // A path that turned out to lead outside (a link swapped in) is a scope denial; any other failure
    // after the policy answered keeps that answer, so the report says what the policy decided.
    const decision = err instanceof ScopeError || name === 'ScopeError' ? deniedForScope(err as Error) : (note.decision ?? notRun(msg));
    return { ok: false, decision, content: msg, error: msg, args };
  }
}

/** The call's arguments for the audit log: long strings (a whole file's content) shortened to their size. */
function briefArgs(args: unknown): unknown {
  const cut = (v: unknown) => (typeof v === 'string' && v.length > 300 ? `${v.slice(0, 200)}… [${v.length} chars]` : v);
  if (!args || typeof args !== 'object' || Array.isArray(args)) return cut(args);
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, cut(v)]));
}

/** Runs one call and records it everywhere; returns the text for the model's tool message. */
export async function dispatchToolCall(ctx: TaskContext, registry: ToolRegistry, call: ModelToolCall): Promise<string> {
  ctx.setPhase('running-tool', call.name);
  const raw = await execute(ctx, registry, call);
  // A workspace file may hold the API key (a .env the user approved reading): it never goes to the model.
  const out = { ...raw, content: scrub(raw.content, ctx.options.secretValues ?? []) };
  const decision = out.decision;
  ctx.toolCalls.push({
    id: call.id,
    tool: call.name,
    args: out.args ?? call.arguments,
    decision: decision.decision,
    reason: decision.reason,
    risk: decision.risk,
    ...(decision.rule ? { rule: decision.rule } : {}),
    ok: out.ok,
    ...(out.error ? { error: out.error } : {}),
    ...(out.sandboxed !== undefined ? { sandboxed: out.sandboxed } : {}),
  });
  ctx.record({ kind: 'tool-call', toolCallId: call.id, tool: call.name, args: briefArgs(out.args ?? call.arguments), ok: out.ok, decision: decision.decision, risk: decision.risk, rule: decision.rule, reason: decision.reason, ...(out.error ? { error: out.error } : {}) });
  ctx.emit({
    type: 'tool-call',
    taskId: ctx.taskId,
    step: ctx.step,
    id: call.id,
    tool: call.name,
    args: out.args ?? call.arguments,
    decision,
    ok: out.ok,
    result: out.content.length > 4000 ? out.content.slice(0, 4000) + '…' : out.content,
    ...(out.error ? { error: out.error } : {}),
    ...(out.sandboxed !== undefined ? { sandboxed: out.sandboxed } : {}),
  });
  return out.content;
}
