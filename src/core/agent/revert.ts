// Opt-in for scripts and CI (`harness run --revert-unverified`): when the task's work does not pass
// verification, put the workspace back as it was before the task's first applied edit, through the
// same checkpoint restore a user would run. A file someone else changed meanwhile is a conflict and
// stays as it is; the report says so.
import type { TaskContext } from './context';

export interface RevertOutcome {
  reverted: string[];
  conflicts: { path: string; reason: string }[];
}

export async function revertTaskEdits(ctx: TaskContext): Promise<RevertOutcome | null> {
  const first = ctx.edits.find((e) => e.status === 'applied' && e.checkpointId);
  if (!first?.checkpointId) return null;
  // The files are this task's edits: hold them like an edit does, so no other task (or process)
  // writes one between the restore's check and its write.
  const paths = [...new Set(ctx.edits.filter((e) => e.status === 'applied').map((e) => e.path))];
  const releases: (() => void)[] = [];
  let report;
  try {
    for (const p of paths) releases.push(await ctx.locks.acquire(p, ctx.taskId, { wait: true, timeoutMs: 30_000, signal: ctx.signal }));
    report = await ctx.checkpoints.restore(first.checkpointId);
  } catch (e) {
    ctx.record({ kind: 'error', message: `could not revert the task's edits: ${(e as Error).message}` });
    return { reverted: [], conflicts: paths.map((path) => ({ path, reason: (e as Error).message })) };
  } finally {
    for (const release of releases) release();
  }
  const back = new Set([...report.restored, ...report.deleted, ...report.unchanged]);
  const reverted: string[] = [];
  for (const e of ctx.edits) {
    if (e.status !== 'applied' || !back.has(e.path)) continue;
    e.status = 'reverted';
    if (!reverted.includes(e.path)) reverted.push(e.path);
    // One record per edit, with its own checkpoint: replay marks exactly the edits undone.
    await ctx.journalAppend({ type: 'edit', path: e.path, status: 'reverted', ...(e.checkpointId ? { checkpointId: e.checkpointId } : {}) });
    ctx.emit({ type: 'edit', taskId: ctx.taskId, path: e.path, status: 'reverted', ...(e.checkpointId ? { checkpointId: e.checkpointId } : {}) });
  }
  ctx.record({ kind: 'checkpoint', action: 'restored', checkpointId: first.checkpointId, reason: 'the work did not pass verification (--revert-unverified)', reverted, conflicts: report.conflicts });
  return { reverted, conflicts: report.conflicts };
}
