// The index of tasks kept in a state store: what ran, how it ended, and which can be resumed.
import type { TaskStatus } from '../shared/types';
import type { StateStore } from './store';
import { isSafeId } from './ids';
import { readJournal, replay, type TaskState } from './journal';
import { taskOutcome } from '../events/outcome';
import type { TaskOutcome } from '../events/schema';

export { newTaskId } from './ids';

/** 'interrupted': the journal has no `end` and the task is not running here, so it can be resumed. */
export type ListedTaskStatus = TaskStatus | 'running' | 'interrupted';

export interface TaskSummary {
  id: string;
  status: ListedTaskStatus;
  task: string;
  startedAt: number;
  steps: number;
  edits: { path: string; status: string; checkpointId?: string }[];
  /** Damage found in the journal (a dropped tail), for display. */
  warnings: string[];
  /** What an ended task came to (answered, verified, restored…). */
  outcome?: TaskOutcome;
  /** Prompt + completion tokens used so far. */
  tokens?: number;
  /** What those tokens cost, where the model's price is known. */
  costUsd?: number;
  endedAt?: number;
  /** The kind of model failure that ended it. */
  errorKind?: string;
}

export interface ListTasksOptions {
  /** Ids of tasks running in this process right now: listed as 'running', not 'interrupted'. */
  running?: Iterable<string>;
}

function summarize(snap: TaskState, running: Set<string>, warnings: string[]): TaskSummary {
  let status: ListedTaskStatus = snap.status;
  if (!snap.ended) status = running.has(snap.id) ? 'running' : 'interrupted';
  const outcome = snap.ended ? taskOutcome(snap) : undefined;
  return {
    id: snap.id,
    status,
    task: snap.task,
    startedAt: snap.startedAt,
    steps: snap.step,
    edits: snap.edits,
    warnings,
    ...(outcome ? { outcome } : {}),
    tokens: snap.usage.promptTokens + snap.usage.completionTokens,
    ...(snap.usage.costUsd !== undefined ? { costUsd: snap.usage.costUsd } : {}),
    ...(snap.endedAt ? { endedAt: snap.endedAt } : {}),
    ...(snap.errorKind ? { errorKind: snap.errorKind } : {}),
  };
}

/** Every task with a journal, newest first. A damaged journal is listed with a warning, never fatal. */
export async function listTasks(store: StateStore, opts: ListTasksOptions = {}): Promise<TaskSummary[]> {
  const running = new Set(opts.running ?? []);
  const ids = (await store.list('tasks')).filter(isSafeId);
  const out: TaskSummary[] = [];
  for (const id of ids) {
    let contents;
    try {
      contents = await readJournal(store, id);
    } catch (e) {
      out.push({ id, status: 'error', task: '', startedAt: 0, steps: 0, edits: [], warnings: [`cannot read journal: ${(e as Error).message}`] });
      continue;
    }
    if (!contents || contents.records.length === 0) continue;
    out.push(summarize(replay(id, contents.records), running, contents.warnings));
  }
  return out.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Tasks that stopped without finishing (a reload, a crash) and can be offered for resume. */
export async function unfinishedTasks(store: StateStore, opts: ListTasksOptions = {}): Promise<TaskSummary[]> {
  return (await listTasks(store, opts)).filter((t) => t.status === 'interrupted');
}

/** The full state of one task for resume, or null if it has no journal. */
export async function loadTask(store: StateStore, taskId: string): Promise<(TaskState & { warnings: string[] }) | null> {
  const contents = await readJournal(store, taskId);
  if (!contents || contents.records.length === 0) return null;
  return { ...replay(taskId, contents.records), warnings: contents.warnings };
}
