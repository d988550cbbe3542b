// Append-only JSONL audit log per task: every model call, tool call, policy decision, approval,
// applied edit and error, each with its reason. Secrets handed in are scrubbed from every line.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type AuditKind =
  | 'task-start'
  | 'model-call'
  | 'tool-call'
  | 'decision'
  | 'approval'
  | 'edit-applied'
  | 'edit-rejected'
  | 'checkpoint'
  | 'verification'
  | 'error'
  | 'task-end';

export interface AuditEntry {
  kind: AuditKind;
  [key: string]: unknown;
}

export class AuditLog {
  readonly file: string;
  private fd: number | null = null;

  constructor(
    dir: string,
    readonly taskId: string,
    private readonly secrets: readonly string[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.file = path.join(dir, `${taskId}.jsonl`);
  }

  /** Appends one line and flushes it, so the log survives a killed process up to the last call. */
  write(entry: AuditEntry): void {
    let line = JSON.stringify({ at: new Date(this.now()).toISOString(), taskId: this.taskId, ...entry });
    for (const s of this.secrets) if (s.length >= 4) line = line.split(s).join('[REDACTED]');
    try {
      if (this.fd === null) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        this.fd = fs.openSync(this.file, 'a', 0o600);
      }
      fs.writeSync(this.fd, line + '\n');
      fs.fdatasyncSync(this.fd);
    } catch {
      // An audit write failing must not take the task down; the task's journal still records the call.
    }
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
