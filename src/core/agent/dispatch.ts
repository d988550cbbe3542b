// One tool call from the model to a result string: known tool, valid arguments, policy, run.
// Every failure the model can act on becomes its tool result; only cancellation escapes. The call's
// life is recorded as events: proposed, decided, (started), ended with its outcome.
import { briefArgs } from '../events/audit-entry';
import { decideFileOperation } from '../policy/engine';
import { isDynamicTool, parseCallArguments, ToolArgumentError, type ToolRegistry } from '../tools/registry';
import { runListFiles, runSearchFiles } from '../tools/read-tools';
import type { AskUserArgs, DeleteFileArgs, EditFileArgs, ListFilesArgs, ReadFileArgs, RunCommandArgs, SearchFilesArgs, WriteFileArgs } from '../tools/definitions';
import { ScopeError, WorkspaceError } from '../workspace/paths';
import { LockedError } from '../state/locks';
import { scrub } from '../model/errors';
import type { TaskContext } from './context';
import { decided, deniedForScope, refusedForScope, resolveTarget, runEditTool, type ToolOutcome } from './edit-flow';
import { runCommandTool } from './command-flow';
import { runAskUser } from './ask-flow';
import { readFileSeen } from './seen-flow';
import { CancelledError } from './errors';
import { runPlanTool } from './plan-flow';
import { folderInstructionsFor } from './instructions-flow';
import { postToolUse, preToolUse } from './hook-flow';
import { runMcpTool } from './mcp-flow';

export interface ModelToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** How much of a result the panel and the journal keep (the model gets it whole). */
const RESULT_SHOWN = 4000;

/** A call that never reached the policy (unknown tool, bad arguments) is refused by the tool contract. */
async function notRun(ctx: TaskContext, call: ModelToolCall, msg: string): Promise<ToolOutcome> {
  await decided(ctx, call.id, call.name, { decision: 'deny', risk: 'low', rule: 'builtin:tool-contract', reason: msg });
  return { outcome: 'failed', content: msg, error: msg };
}

async function runReadTool(ctx: TaskContext, id: string, name: string, args: ReadFileArgs | ListFilesArgs | SearchFilesArgs): Promise<ToolOutcome> {
  const target = await resolveTarget(ctx, args.path ?? '.');
  if ('denied' in target) return refusedForScope(ctx, id, name, args.path ?? '.', target.denied);
  const decision = await decided(ctx, id, name, decideFileOperation({ tool: name, path: target.rel, realPath: target.realRel }, ctx.policy), { path: target.rel });
  if (decision.decision === 'deny') return { outcome: 'denied', content: `Denied: ${decision.reason}`, error: decision.reason };
  if (decision.decision === 'ask') {
    const answer = await ctx.askHuman({ kind: 'tool', taskId: ctx.taskId, toolCallId: id, tool: name, args, decision });
    if (!answer.approved) return { outcome: 'rejected', content: `Not allowed: ${answer.reason ?? 'the user declined'}.`, error: 'rejected' };
  }
  const content =
    name === 'read_file'
      ? await readFileSeen(ctx, args as ReadFileArgs)
      : name === 'list_files'
        ? await runListFiles(ctx.root, args as ListFilesArgs, ctx.limits)
        : await runSearchFiles(ctx.root, args as SearchFilesArgs, ctx.limits, ctx.signal);
  return { outcome: 'ok', content };
}

async function execute(ctx: TaskContext, registry: ToolRegistry, call: ModelToolCall): Promise<ToolOutcome> {
  const def = registry.get(call.name);
  if (!def) return notRun(ctx, call, `Unknown tool "${call.name}". Available tools: ${registry.names().join(', ')}.`);
  let args: unknown;
  try {
    args = parseCallArguments(def, call.arguments);
  } catch (err) {
    if (err instanceof ToolArgumentError) return notRun(ctx, call, err.message);
    throw err;
  }
  try {
    await preToolUse(ctx, call, args);
    if (isDynamicTool(def)) return await runMcpTool(ctx, call.id, def, args as Record<string, unknown>);
    if (def.kind === 'read') return await runReadTool(ctx, call.id, call.name, args as ReadFileArgs);
    if (def.kind === 'command') return await runCommandTool(ctx, call.id, args as RunCommandArgs);
    if (def.kind === 'plan') return await runPlanTool(ctx, call.id, call.name, args);
    if (def.kind === 'ask') return await runAskUser(ctx, call.id, args as AskUserArgs);
    return await runEditTool(ctx, call.id, { tool: call.name, args } as { tool: 'write_file'; args: WriteFileArgs } | { tool: 'edit_file'; args: EditFileArgs } | { tool: 'delete_file'; args: DeleteFileArgs });
  } catch (err) {
    if (err instanceof CancelledError || ctx.signal.aborted) throw err instanceof CancelledError ? err : new CancelledError();
    // By name, not instanceof: the editor's applier and lock manager may come from another bundle.
    const name = (err as Error)?.name;
    const known = err instanceof WorkspaceError || err instanceof LockedError || name === 'WorkspaceError' || name === 'ScopeError' || name === 'LockedError';
    const msg = known ? (err as Error).message : `${call.name} failed: ${(err as Error).message ?? String(err)}`;
    // A path that turned out to lead outside (a link swapped in) is a scope denial; any other failure
    // after the policy answered keeps that answer (already recorded), so the report says what it decided.
    if (err instanceof ScopeError || name === 'ScopeError') {
      await decided(ctx, call.id, call.name, deniedForScope(err as Error));
      return { outcome: 'denied', content: msg, error: msg };
    }
    return { outcome: 'failed', content: msg, error: msg };
  }
}

/** The model's arguments as recorded: parsed when they are JSON, long strings shortened. */
function recordedArgs(raw: string): unknown {
  try {
    return briefArgs(JSON.parse(raw));
  } catch {
    return briefArgs(raw);
  }
}

/** The model's arguments whole, for the hooks (a formatter needs the path, a checker the content). */
function parsedArgs(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Runs one call and records it; returns the text for the model's tool message. */
export async function dispatchToolCall(ctx: TaskContext, registry: ToolRegistry, call: ModelToolCall): Promise<string> {
  await ctx.emit({ type: 'tool-call-proposed', step: ctx.step, toolCallId: call.id, tool: call.name, args: recordedArgs(call.arguments) });
  const out = await execute(ctx, registry, call);
  // The first call into a folder with its own AGENTS.md brings that file along (not a refused call).
  const note = out.outcome === 'denied' ? '' : await folderInstructionsFor(ctx, call);
  // PostToolUse hooks see what the tool did, and what they say goes to the model with it.
  if (out.outcome === 'ok') out.content = await postToolUse(ctx, call, parsedArgs(call.arguments), out.content);
  // A workspace file may hold the API key (a .env the user approved reading): it never goes to the model.
  const content = scrub(out.content + note, ctx.options.secretValues ?? []);
  await ctx.emit({
    type: 'tool-call-ended',
    toolCallId: call.id,
    tool: call.name,
    outcome: out.outcome,
    result: content.length > RESULT_SHOWN ? content.slice(0, RESULT_SHOWN) + '…' : content,
    ...(out.error ? { error: out.error } : {}),
    ...(out.sandboxed !== undefined ? { sandboxed: out.sandboxed } : {}),
  });
  return content;
}
