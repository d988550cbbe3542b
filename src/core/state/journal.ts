// Append-only journal per task (tasks/<id>/journal.jsonl): the task's event stream as written,
// flushed line by line so a crash loses at most the line being written.
import { DURABLE_EVENTS } from '../events/schema';
import { foldTaskEvents, type TaskState } from '../events/fold';
import type { StateStore } from './store';
import { assertSafeId } from './ids';
import {
  encodeRecord,
  parseJournal,
  type JournalRecord,
  type JournalRecordBody,
  type WriteIntent,
} from './journal-records';

export type { JournalRecord, JournalRecordBody, WriteIntent } from './journal-records';
export type { PendingToolCall, SnapshotStatus, TaskState } from '../events/fold';

export function journalPath(taskId: string): string {
  assertSafeId(taskId, 'task');
  return `tasks/${taskId}/journal.jsonl`;
}

export interface JournalContents {
  records: JournalRecord[];
  warnings: string[];
  /** The file has a damaged tail that the next append will cut off. */
  damaged: boolean;
}

/** Reads a task's journal, dropping a damaged tail. Never throws for bad content; null if absent. */
export async function readJournal(store: StateStore, taskId: string): Promise<JournalContents | null> {
  const text = await store.read(journalPath(taskId));
  if (text === null) return null;
  const parsed = parseJournal(text, `task ${taskId}`);
  return { records: parsed.records, warnings: parsed.warnings, damaged: parsed.damaged };
}

/**
 * The writer for one task. Appends are serialised; before the first append a damaged tail is
 * cut off (the dropped bytes are kept beside the journal for inspection), so new records always
 * follow the last good one and stay readable.
 */
export class TaskJournal {
  private queue: Promise<void> = Promise.resolve();
  private repaired = false;

  private constructor(
    private readonly store: StateStore,
    readonly taskId: string,
    readonly records: JournalRecord[],
    readonly warnings: string[],
    private readonly clock: () => number,
  ) {}

  /** Opens (or starts) a task's journal and reads what is there. */
  static async open(store: StateStore, taskId: string, clock: () => number = Date.now): Promise<TaskJournal> {
    const contents = await readJournal(store, taskId);
    const j = new TaskJournal(store, taskId, contents?.records ?? [], contents?.warnings ?? [], clock);
    j.repaired = !contents?.damaged;
    return j;
  }

  /** Appends one record; resolves once it is on disk. Also kept in `records`. */
  append(body: JournalRecordBody, at: number = this.clock()): Promise<void> {
    const rec = { ...body, at } as JournalRecord;
    const run = this.queue.then(async () => {
      if (!this.repaired) await this.repair();
      await this.store.append(journalPath(this.taskId), encodeRecord(rec), { sync: DURABLE_EVENTS.has(rec.type) });
      this.records.push(rec);
    });
    // A failed append must not wedge the ones after it; the caller still sees its own failure.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for every append queued so far. */
  flush(): Promise<void> {
    return this.queue;
  }

  /**
   * Flushes, then lets the store close the file it keeps open for appends (one open per task instead
   * of one per record). A later append still works: it opens the file again.
   */
  async close(): Promise<void> {
    await this.flush();
    await this.store.release?.(journalPath(this.taskId));
  }

  /** The task's state, folded from what was written so far. */
  snapshot(): TaskState {
    return replay(this.taskId, this.records);
  }

  private async repair(): Promise<void> {
    const rel = journalPath(this.taskId);
    const text = (await this.store.read(rel)) ?? '';
    const parsed = parseJournal(text, `task ${this.taskId}`);
    if (parsed.damaged) {
      const dropped = text.slice(parsed.goodText.length);
      await this.store.writeAtomic(`tasks/${this.taskId}/dropped-${this.clock()}.txt`, dropped);
      await this.store.writeAtomic(rel, parsed.goodText);
    }
    this.repaired = true;
  }
}

/** Rebuilds a task's state from its records. Pure; tolerates records in any order the loop wrote. */
export function replay(id: string, records: readonly JournalRecord[]): TaskState {
  return foldTaskEvents(id, records);
}
