// The task's memory of what the model has seen, kept as events: a read, the model's own write and
// its applied edit each record `file-seen`; a write over a file the model has not seen, or that
// changed since it saw it, is refused (`stale-write-refused`) and the model told to read it again.
// Hashes are taken of what the applier reads (in the editor: the open buffer, dirty or not), which
// is what a write would replace, so the model is shown exactly that.
import type { SeenHow } from '../events/schema';
import type { Proposal } from '../shared/types';
import { ABSENT, contentHash, lineHashes } from '../shared/hash';
import type { ReadFileArgs } from '../tools/definitions';
import type { EditArgs } from '../tools/edit-plan';
import { describeRead } from '../tools/read-tools';
import { checkWriteBase, seenAfterEdit, sighting } from '../tools/write-base';
import { readTextFile } from '../workspace/files';
import { WorkspaceError } from '../workspace/paths';
import type { TaskContext } from './context';
import type { ToolOutcome } from './edit-flow';

/** read_file: the file as the applier has it, numbered; records what the model saw. */
export async function readFileSeen(ctx: TaskContext, args: ReadFileArgs): Promise<string> {
  // The disk read keeps read_file's checks and errors (scope, folder, size, binary) as they were.
  const { rel } = await readTextFile(ctx.root, args.path, { maxFileBytes: ctx.limits.maxFileBytes });
  const text = await ctx.applier.read(rel);
  if (text === null) throw new WorkspaceError(`File ${rel} not found: check the path with list_files.`);
  const hash = contentHash(text);
  const prior = ctx.state.seen.get(rel);
  const note = prior && prior.hash !== hash && prior.hash !== ABSENT ? `changed since you ${sighting(prior)}` : '';
  const read = describeRead(rel, text, args, ctx.limits, note);
  // Nothing seen whole (one line longer than the read cap): nothing to record.
  if (read.endLine < read.startLine) return read.content;
  const range = read.whole ? undefined : { start: read.startLine, end: read.endLine };
  await ctx.emit({
    type: 'file-seen',
    path: rel,
    hash,
    step: ctx.step,
    how: range ? 'partial' : 'read',
    ...(range ? { range } : {}),
    lines: lineHashes(text, read.startLine, read.endLine),
  });
  return read.content;
}

/** After an edit landed: the model has seen what it wrote (`null`: it deleted the file). */
export async function noteWritten(ctx: TaskContext, rel: string, content: string | null, how: Extract<SeenHow, 'wrote' | 'applied'>): Promise<void> {
  await ctx.emit({
    type: 'file-seen',
    path: rel,
    hash: contentHash(content),
    step: ctx.step,
    how: content === null ? 'deleted' : how,
    lines: content === null ? '' : lineHashes(content),
  });
}

/**
 * After a proposal landed: the model has seen what it wrote. Of an edit_file, the lines it wrote and
 * those it had seen around them; not a partly accepted proposal: that mix it never saw.
 */
export async function noteApplied(ctx: TaskContext, proposal: Proposal, landed: string | null): Promise<void> {
  if (landed !== proposal.after) return;
  const tool = ctx.state.toolCalls.findLast((c) => c.id === proposal.toolCallId)?.tool;
  if (tool !== 'edit_file' || landed === null || proposal.before === null) return noteWritten(ctx, proposal.path, landed, 'wrote');
  const prior = ctx.state.seen.get(proposal.path);
  const { lines, range } = seenAfterEdit(prior, proposal.before, landed);
  // Edited beside someone else's unread change: the lines are known, the whole file is not.
  const foreign = !prior || prior.foreign || prior.hash !== proposal.beforeHash;
  await ctx.emit({ type: 'file-seen', path: proposal.path, hash: contentHash(landed), step: ctx.step, how: 'applied', ...(range ? { range } : {}), lines, ...(foreign ? { foreign } : {}) });
}

/**
 * On resume, a write that landed before the process stopped. Without the text it replaced, the model
 * has seen all of the result only if it wrote the whole file or had seen all it edited.
 */
export async function noteLanded(ctx: TaskContext, toolCallId: string, rel: string, beforeHash: string, landed: string | null): Promise<void> {
  const tool = ctx.state.toolCalls.findLast((c) => c.id === toolCallId)?.tool;
  const prior = ctx.state.seen.get(rel);
  if (tool === 'edit_file' && !(prior?.whole && prior.hash === beforeHash)) return;
  await noteWritten(ctx, rel, landed, tool === 'edit_file' ? 'applied' : 'wrote');
}

/** Refuses a write whose base the model has not seen (records why); null lets it go ahead. */
export async function refuseUnseenBase(ctx: TaskContext, toolCallId: string, edit: EditArgs, rel: string, current: string | null): Promise<ToolOutcome | null> {
  const refusal = checkWriteBase(edit, rel, current, ctx.state.seen.get(rel));
  if (!refusal) return null;
  const { reason, message, currentHash, seenStep, seenHash } = refusal;
  await ctx.emit({
    type: 'stale-write-refused',
    toolCallId,
    tool: edit.tool,
    path: rel,
    reason,
    ...(seenStep !== undefined ? { seenStep } : {}),
    ...(seenHash !== undefined ? { seenHash } : {}),
    currentHash,
    message,
  });
  const unseen = reason === 'not-seen' || reason === 'region-not-seen';
  return { outcome: unseen ? 'failed' : 'stale', content: message, error: unseen ? 'not read' : 'stale' };
}
