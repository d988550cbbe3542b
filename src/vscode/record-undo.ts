// An Undo of an applied edit (levels 3 and 4) is the user's decision about the task's work: it goes
// into the task's journal (the edit becomes `reverted` in task lists and on resume) and its audit
// log, with who and when. Pure: no `vscode` import.
import * as path from 'node:path';
import { AuditLog } from '../core/audit';
import { journalPath } from '../core/state/journal';
import { encodeRecord } from '../core/state/journal-records';
import type { StateStore } from '../core/state/store';

export async function recordUndo(state: StateStore, edit: { taskId: string; path: string; checkpointId?: string }, now: () => number = Date.now): Promise<void> {
  await state.append(
    journalPath(edit.taskId),
    encodeRecord({ type: 'edit', path: edit.path, status: 'reverted', ...(edit.checkpointId ? { checkpointId: edit.checkpointId } : {}), at: now() }),
  );
  const audit = new AuditLog(path.join(state.dir, 'audit'), edit.taskId, [], now);
  try {
    audit.write({ kind: 'edit-reverted', path: edit.path, by: 'user', reason: 'Undo of an edit applied without asking (automation level 3 or 4)' });
  } finally {
    audit.close();
  }
}
