// Append-only journal per task (tasks/<id>/journal.jsonl): the task's conversation, steps, tool
// calls, proposals and edits, flushed line by line so a crash loses at most the line being written.
import type { Proposal, TaskStatus, Usage } from '../types';
import type { ChatMessage } from '../model/types';
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
/**
 * Records fdatasynced before append resolves: those that must survive a power loss because the workspace
 * changes right after them (a write's intent, the applied edit) or that mark the task's life. Every other
 * record is written at once (it survives a killed process) and becomes durable with the next of these,
 * or when the journal closes. One fdatasync per tool call was most of the harness's per-call cost.
 */
const DURABLE_RECORDS = new Set<JournalRecord['type']>(['start', 'tool-start', 'edit', 'status', 'end']);

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
  append(body: JournalRecordBody): Promise<void> {
    const rec = { ...body, at: this.clock() } as JournalRecord;
    const run = this.queue.then(async () => {
      if (!this.repaired) await this.repair();
      await this.store.append(journalPath(this.taskId), encodeRecord(rec), { sync: DURABLE_RECORDS.has(rec.type) });
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

  snapshot(): TaskSnapshot {
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

export type SnapshotStatus = 'running' | TaskStatus;

export interface PendingToolCall {
  toolCallId: string;
  tool: string;
  args: unknown;
  intent?: WriteIntent;
}

export interface TaskSnapshot {
  id: string;
  task: string;
  status: SnapshotStatus;
  /** True once an `end` record was written; a journal without one belongs to an unfinished task. */
  ended: boolean;
  startedAt: number;
  root: string;
  budgets?: Extract<JournalRecordBody, { type: 'start' }>['budgets'];
  model?: string;
  /** The conversation to resume: every `message` record, in order. */
  messages: ChatMessage[];
  /** The last completed step. */
  step: number;
  usage: Usage;
  /** Tool calls started but never finished: re-check these (did the write land?), never repeat blindly. */
  pendingToolCalls: PendingToolCall[];
  /** Proposals with no approval and no tool end yet: ask again. */
  pendingProposals: Proposal[];
  edits: { path: string; status: string; checkpointId?: string }[];
  summary?: string;
}

/** Rebuilds a task's state from its records. Pure; tolerates records in any order the loop wrote. */
export function replay(id: string, records: readonly JournalRecord[]): TaskSnapshot {
  const snap: TaskSnapshot = {
    id,
    task: '',
    status: 'running',
    ended: false,
    startedAt: records[0]?.at ?? 0,
    root: '',
    messages: [],
    step: 0,
    usage: { promptTokens: 0, completionTokens: 0 },
    pendingToolCalls: [],
    pendingProposals: [],
    edits: [],
  };
  const pendingCalls = new Map<string, PendingToolCall>();
  const proposals = new Map<string, Proposal>();
  for (const r of records) {
    switch (r.type) {
      case 'start':
        snap.task = r.task;
        snap.startedAt = r.startedAt;
        snap.root = r.root;
        snap.budgets = r.budgets;
        snap.model = r.model;
        break;
      case 'message':
        snap.messages.push(r.message);
        break;
      case 'step':
        snap.step = r.step;
        snap.usage = { ...r.usage };
        break;
      case 'tool-start':
        pendingCalls.set(r.toolCallId, { toolCallId: r.toolCallId, tool: r.tool, args: r.args, intent: r.intent });
        break;
      case 'tool-end':
        pendingCalls.delete(r.toolCallId);
        proposals.delete(r.toolCallId);
        break;
      case 'proposal':
        proposals.set(r.proposal.toolCallId, r.proposal);
        break;
      case 'approval':
        proposals.delete(r.toolCallId);
        break;
      case 'edit': {
        // A revert changes the status of the edit it undid (the one with its checkpoint, else the
        // file's latest applied edit) rather than adding an edit.
        const undone =
          r.status !== 'reverted' ? undefined
            : r.checkpointId ? snap.edits.find((e) => e.checkpointId === r.checkpointId && e.path === r.path && e.status === 'applied')
            : snap.edits.filter((e) => e.path === r.path && e.status === 'applied').at(-1);
        if (undone) undone.status = 'reverted';
        else snap.edits.push({ path: r.path, status: r.status, checkpointId: r.checkpointId });
        break;
      }
      case 'status':
        snap.status = r.status;
        break;
      case 'end':
        snap.status = r.status;
        snap.summary = r.summary;
        snap.ended = true;
        break;
    }
  }
  snap.pendingToolCalls = [...pendingCalls.values()];
  snap.pendingProposals = [...proposals.values()];
  return snap;
}
