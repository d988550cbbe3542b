// Opt-in for scripts and CI (`harness run --revert-unverified`): when the task's work does not pass
// verification, put the workspace back as it was before the task's first applied edit, through the
// same checkpoint restore a user would run. A file someone else changed meanwhile is a conflict and
// stays as it is; the report says so.
import type { TaskContext } from './context';
import { restoreEvents } from '../state/late-events';

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
  const reason = 'the work did not pass verification (--revert-unverified)';
  // One event per edit undone (the fold marks exactly those), then the restore itself.
  const events = restoreEvents(ctx.state, report, 'harness', reason);
  for (const e of events) await ctx.emit(e);
  const reverted = events.flatMap((e) => (e.type === 'checkpoint-restored' ? e.reverted : []));
  return { reverted, conflicts: report.conflicts };
}
