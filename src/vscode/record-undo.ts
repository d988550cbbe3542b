// An Undo of an applied edit (levels 3 and 4) is the user's decision about the task's work: it is
// an `edit-reverted` event of the task, recorded like any other (journal, audit log), so the edit
// shows as reverted in task lists, on resume and in the panel. Pure: no `vscode` import.
import type { TaskEvent, TaskEventBody } from '../core/events/schema';
import { recordLateEvents } from '../core/state/late-events';
import type { StateStore } from '../core/state/store';

export async function recordUndo(
  state: StateStore,
  edit: { taskId: string; path: string; checkpointId?: string },
  listener?: (e: TaskEvent) => void,
  now: () => number = Date.now,
): Promise<void> {
  const body: TaskEventBody = {
    type: 'edit-reverted',
    path: edit.path,
    ...(edit.checkpointId ? { checkpointId: edit.checkpointId } : {}),
    by: 'user',
    reason: 'Undo of an edit applied without asking (automation level 3 or 4)',
  };
  await recordLateEvents(state, edit.taskId, [body], listener, now);
}
