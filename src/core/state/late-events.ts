// What happens to a task's work after the task ended (an Undo, a checkpoint restore) is the task's
// own record too: appended to its journal and audit log like any event, so its outcome, its entry in
// the history and its report say "restored" instead of the verdict the work once had.
import * as path from 'node:path';
import type { TaskEvent, TaskEventBody } from '../events/schema';
import type { TaskState } from '../events/fold';
import { AuditLog } from './audit-log';
import { readJournal, replay, TaskJournal } from './journal';
import { TaskRecorder } from './recorder';
import type { RestoreReport } from './checkpoints';
import type { StateStore } from './store';

/** Appends events to an existing task's journal and audit log; `listener` sees each (panel, status bar). */
export async function recordLateEvents(state: StateStore, taskId: string, bodies: TaskEventBody[], listener?: (e: TaskEvent) => void, now: () => number = Date.now): Promise<void> {
  const journal = await TaskJournal.open(state, taskId, now);
  const audit = new AuditLog(path.join(state.dir, 'audit'), taskId, [], now);
  try {
    const recorder = new TaskRecorder(taskId, journal, audit, listener, now);
    for (const body of bodies) await recorder.emit(body);
  } finally {
    await journal.close();
    audit.close();
  }
}

/**
 * The events a restore of `report.checkpointId` means for its task: each applied edit from that
 * checkpoint on whose file went back is reverted, then the restore itself.
 */
export function restoreEvents(task: Pick<TaskState, 'edits'>, report: RestoreReport, by: string, reason: string): TaskEventBody[] {
  const back = new Set([...report.restored, ...report.deleted, ...report.unchanged]);
  const from = task.edits.findIndex((e) => e.checkpointId === report.checkpointId);
  const undone = from === -1 ? [] : task.edits.slice(from).filter((e) => e.status === 'applied' && back.has(e.path));
  const reverted = [...new Set(undone.map((e) => e.path))];
  return [
    ...undone.map((e): TaskEventBody => ({ type: 'edit-reverted', path: e.path, ...(e.checkpointId ? { checkpointId: e.checkpointId } : {}), by, reason })),
    { type: 'checkpoint-restored', checkpointId: report.checkpointId, reason: `${reason} (${by})`, reverted, conflicts: report.conflicts },
  ];
}

/** Records a restore with the task the checkpoint belongs to; a task without a journal records nothing. */
export async function recordRestore(state: StateStore, taskId: string, report: RestoreReport, by: string, listener?: (e: TaskEvent) => void): Promise<void> {
  const contents = await readJournal(state, taskId);
  if (!contents?.records.length) return;
  await recordLateEvents(state, taskId, restoreEvents(replay(taskId, contents.records), report, by, 'checkpoint restored'), listener);
}
