// The panel after a window reload, or opened late: rebuilt from the tasks' journals, the same events
// the live panel followed. The newest task's timeline is replayed at once; another task's when it is
// selected.
import type { TaskEvent } from '../events/schema';
import { readJournal } from '../state/journal';
import type { StateStore } from '../state/store';
import { listTasks } from '../state/tasks';
import { applyEvent, emptyPanelState, TASK_CAP } from './panel-model';
import type { PanelState, TaskSummary } from './panel-protocol';

/** A task's recorded events, as the panel reducer takes them; [] when it has no journal. */
export async function taskEvents(store: StateStore, taskId: string): Promise<TaskEvent[]> {
  const journal = await readJournal(store, taskId);
  return (journal?.records ?? []).map((r) => ({ ...r, taskId }) as TaskEvent);
}

/** Replays a task's journal into the panel's state (its timeline, approvals, verification). */
export function replayTask(state: PanelState, events: readonly TaskEvent[]): PanelState {
  return events.reduce(applyEvent, state);
}

/** True when the panel holds the task's timeline (live, or replayed already). */
export function hasTimeline(state: PanelState, taskId: string): boolean {
  return state.timeline.some((e) => e.taskId === taskId);
}

/**
 * The panel's state from the workspace's history: the newest tasks listed with their text and how
 * they ended, the newest one's timeline replayed. `running` tasks are shown as running, not interrupted.
 */
export async function panelFromHistory(store: StateStore, running: Iterable<string> = []): Promise<PanelState> {
  const tasks = (await listTasks(store, { running })).slice(0, TASK_CAP);
  if (!tasks.length) return emptyPanelState();
  const summaries: TaskSummary[] = tasks
    .map((t): TaskSummary => {
      const ended = t.status !== 'running' && t.status !== 'interrupted';
      return {
        id: t.id,
        title: t.task.slice(0, 1000),
        phase: !ended ? (t.status === 'running' ? 'thinking' : 'idle') : t.status === 'completed' ? 'done' : t.status === 'cancelled' ? 'cancelled' : 'failed',
        ...(ended ? { status: t.status as TaskSummary['status'] } : {}),
        ...(t.status === 'interrupted' ? { detail: 'interrupted: Harness: Resume task… continues it', interrupted: true } : {}),
        startedAt: Math.max(0, Math.floor(t.startedAt)),
        step: t.steps,
        ...(t.outcome ? { outcome: t.outcome } : {}),
        ...(t.tokens ? { tokens: t.tokens } : {}),
        ...(t.costUsd !== undefined ? { costUsd: t.costUsd } : {}),
        ...(t.endedAt ? { endedAt: Math.max(0, Math.floor(t.endedAt)) } : {}),
        ...(t.errorKind ? { errorKind: t.errorKind.slice(0, 40) } : {}),
      };
    })
    .reverse(); // oldest first, as tasks arrive live
  const newest = tasks[0].id;
  let state: PanelState = { ...emptyPanelState(), tasks: summaries, activeTaskId: newest };
  state = replayTask(state, await taskEvents(store, newest));
  return { ...state, activeTaskId: newest };
}
