// The one way a task's events are emitted: written to the journal (durable ones flushed first),
// projected into the audit log, then shown to whoever listens (panel, status bar, CLI, telemetry).
import { auditEntryFor } from '../events/audit-entry';
import { TRANSIENT_EVENTS, type TaskEvent, type TaskEventBody } from '../events/schema';
import type { AuditEntry } from './audit-log';
import type { TaskJournal } from './journal';

export type TaskEventListener = (event: TaskEvent) => void;

/** Where audit lines go: the task's AuditLog (the bench swaps in one that never fsyncs). */
export interface AuditSink {
  write(entry: AuditEntry): void;
}

export class TaskRecorder {
  constructor(
    readonly taskId: string,
    private readonly journal: TaskJournal,
    private readonly audit: AuditSink,
    private readonly listener?: TaskEventListener,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one event and resolves once the journal holds it; transient events are only shown. */
  async emit(body: TaskEventBody): Promise<TaskEvent> {
    const at = this.now();
    if (!TRANSIENT_EVENTS.has(body.type)) {
      await this.journal.append(body, at);
      const line = auditEntryFor(body);
      if (line) this.audit.write(line);
    }
    const event = { ...body, taskId: this.taskId, at } as TaskEvent;
    try {
      this.listener?.(event);
    } catch {
      // A front end's display bug must never stop the task.
    }
    return event;
  }
}
