// Append-only JSONL audit log per task: the task's events (events/audit-entry.ts picks what goes in),
// each decision with its reason. Secrets handed in are scrubbed from every line.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One line of the audit log: a task event's type as `kind`, with the event's fields (bulky content left out). */
export interface AuditEntry {
  kind: string;
  [key: string]: unknown;
}

// The audit log is not fsynced line by line: every call it describes is already made durable by
// the task's journal (one fdatasync per record), so a per-line fsync here doubled the disk waits of
// a tool call for nothing a crash could lose from the journal. Lines go to the OS at once (a killed
// process loses none); they reach the disk every SYNC_EVERY_LINES lines, at most SYNC_EVERY_MS after
// being written, and on close (task end). A power cut can cost the last second of audit lines, never
// a journal record.
const SYNC_EVERY_LINES = 50;
const SYNC_EVERY_MS = 1_000;

export class AuditLog {
  readonly file: string;
  private fd: number | null = null;
  private unsynced = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    dir: string,
    readonly taskId: string,
    private readonly secrets: readonly string[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.file = path.join(dir, `${taskId}.jsonl`);
  }

  /**
   * Opens the log for appending. Throws when the folder or the file is a symbolic link: the state
   * folder may sit in a hostile workspace, and a planted `audit -> /elsewhere` must not carry the
   * log (or our writes) outside it.
   */
  open(): void {
    if (this.fd !== null) return;
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (fs.lstatSync(dir).isSymbolicLink()) throw new Error(`The audit folder ${dir} is a symbolic link: remove it (or choose another state folder).`);
    try {
      this.fd = fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new Error(`The audit log ${this.file} is a symbolic link: remove it.`);
      throw err;
    }
  }

  /** Appends one line (written through to the OS now; fsynced in batches, see above). */
  write(entry: AuditEntry): void {
    let line = JSON.stringify({ at: new Date(this.now()).toISOString(), taskId: this.taskId, ...entry });
    for (const s of this.secrets) if (s.length >= 4) line = line.split(s).join('[REDACTED]');
    try {
      this.open();
      fs.writeSync(this.fd!, line + '\n');
      this.unsynced++;
      if (this.unsynced >= SYNC_EVERY_LINES) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), SYNC_EVERY_MS).unref();
    } catch {
      // An audit write failing must not take the task down; the task's journal still records the call.
    }
  }

  /**
   * Starts making every line written so far durable, in the thread pool: the tool call that happens
   * to write the 50th line does not wait for the disk (a synchronous fdatasync here was the p99 of
   * the harness's per-call cost). close() waits for the disk.
   */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fd === null || this.unsynced === 0) return;
    this.unsynced = 0;
    // Errors are ignored as in write: the journal holds the calls.
    fs.fdatasync(this.fd, () => undefined);
  }

  /** Makes every line durable, then closes the file (a later write opens it again). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fd === null) return;
    try {
      fs.fdatasyncSync(this.fd);
    } catch {
      /* as in write */
    }
    fs.closeSync(this.fd);
    this.fd = null;
    this.unsynced = 0;
  }
}
