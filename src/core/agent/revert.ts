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
  const first = ctx.state.edits.find((e) => e.status === 'applied' && e.checkpointId);
  if (!first?.checkpointId) return null;
  // The files are this task's edits: hold them like an edit does, so no other task (or process)
  // writes one between the restore's check and its write.
  const paths = [...new Set(ctx.state.edits.filter((e) => e.status === 'applied').map((e) => e.path))];
  const releases: (() => void)[] = [];
  let report;
  try {
    for (const p of paths) releases.push(await ctx.locks.acquire(p, ctx.taskId, { wait: true, timeoutMs: 30_000, signal: ctx.signal }));
    report = await ctx.checkpoints.restore(first.checkpointId);
  } catch (e) {
    await ctx.emit({ type: 'error', during: 'revert', message: `could not revert the task's edits: ${(e as Error).message}` });
    return { reverted: [], conflicts: paths.map((path) => ({ path, reason: (e as Error).message })) };
  } finally {
    for (const release of releases) release();
  }
  const back = new Set([...report.restored, ...report.deleted, ...report.unchanged]);
  const reverted: string[] = [];
  const reason = 'the work did not pass verification (--revert-unverified)';
  // Copied first: each event below changes the state's edit list as it is recorded.
  for (const e of ctx.state.edits.filter((x) => x.status === 'applied' && back.has(x.path))) {
    if (!reverted.includes(e.path)) reverted.push(e.path);
    // One event per edit, with its own checkpoint: the fold marks exactly the edits undone.
    await ctx.emit({ type: 'edit-reverted', path: e.path, ...(e.checkpointId ? { checkpointId: e.checkpointId } : {}), by: 'harness', reason });
  }
  await ctx.emit({ type: 'checkpoint-restored', checkpointId: first.checkpointId, reason, reverted, conflicts: report.conflicts });
  return { reverted, conflicts: report.conflicts };
}
