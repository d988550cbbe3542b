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
  const report = await ctx.checkpoints.restore(first.checkpointId);
  const back = new Set([...report.restored, ...report.deleted, ...report.unchanged]);
  const reverted: string[] = [];
  for (const e of ctx.edits) {
    if (e.status !== 'applied' || !back.has(e.path)) continue;
    e.status = 'reverted';
    if (!reverted.includes(e.path)) reverted.push(e.path);
  }
  for (const path of reverted) {
    await ctx.journalAppend({ type: 'edit', path, status: 'reverted', checkpointId: first.checkpointId });
    ctx.emit({ type: 'edit', taskId: ctx.taskId, path, status: 'reverted', checkpointId: first.checkpointId });
  }
  ctx.record({ kind: 'checkpoint', action: 'restored', checkpointId: first.checkpointId, reason: 'the work did not pass verification (--revert-unverified)', reverted, conflicts: report.conflicts });
  return { reverted, conflicts: report.conflicts };
}
