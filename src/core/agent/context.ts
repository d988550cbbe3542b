// Everything one running task shares between the loop and the tool flows: where it is, what it has
// spent, and the three records it keeps (events for the UI, the audit log, the journal).
import type { Approver, ApprovalRequest, ApprovalResult, HarnessEvent, PolicyConfig, TaskPhase, Usage } from '../types';
import type { AuditEntry, AuditLog } from '../audit';
import type { CheckpointStore } from '../state/checkpoints';
import type { FileLockManager } from '../state/locks';
import type { TaskJournal } from '../state/journal';
import type { JournalRecordBody } from '../state/journal-records';
import type { Budgets, EditApplier, EditRecord, Limits, RunTaskOptions, ToolCallRecord } from './api';

export class TaskContext {
  step = 0;
  usage: Usage = { promptTokens: 0, completionTokens: 0 };
  pendingApprovals = 0;
  readonly toolCalls: ToolCallRecord[] = [];
  readonly edits: EditRecord[] = [];
  /** Before/after of every file this task changed, for verification (first before, last after). */
  readonly touched = new Map<string, { before: string | null; after: string | null }>();
  /** Paths whose latest proposal was rejected. */
  readonly rejectedPaths = new Set<string>();
  /** Edits applied since the last verification (for `afterEachBatch`). */
  appliedSinceVerify = 0;
  private phase: TaskPhase = 'idle';

  constructor(
    readonly taskId: string,
    readonly root: string,
    readonly policy: PolicyConfig,
    readonly budgets: Budgets,
    readonly limits: Limits,
    readonly applier: EditApplier,
    readonly approver: Approver,
    readonly audit: AuditLog,
    readonly journal: TaskJournal,
    readonly checkpoints: CheckpointStore,
    readonly locks: FileLockManager,
    readonly signal: AbortSignal,
    readonly options: RunTaskOptions,
  ) {}

  emit(event: HarnessEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A front end's display bug must never stop the task.
    }
  }

  setPhase(phase: TaskPhase, detail?: string): void {
    this.phase = phase;
    this.emit({
      type: 'phase',
      taskId: this.taskId,
      phase,
      step: this.step,
      maxSteps: this.budgets.maxSteps,
      pendingApprovals: this.pendingApprovals,
      usage: { ...this.usage },
      ...(detail ? { detail } : {}),
    });
  }

  get currentPhase(): TaskPhase {
    return this.phase;
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.emit({ type: 'log', taskId: this.taskId, level, message });
  }

  record(entry: AuditEntry): void {
    this.audit.write(entry);
  }

  async journalAppend(body: JournalRecordBody): Promise<void> {
    await this.journal.append(body);
  }

  /** Asks the approver, keeping the status bar's pending count and the audit log up to date. */
  async askHuman(req: ApprovalRequest): Promise<ApprovalResult> {
    const before = this.currentPhase;
    this.pendingApprovals++;
    this.emit({ type: 'approval-requested', taskId: this.taskId, request: req });
    this.setPhase('waiting-approval');
    let result: ApprovalResult;
    try {
      result = await this.approver.request(req, this.signal);
    } finally {
      this.pendingApprovals--;
    }
    this.record({ kind: 'approval', toolCallId: req.toolCallId, approved: result.approved, by: result.by, reason: result.reason, acceptedHunks: result.acceptedHunks });
    await this.journalAppend({ type: 'approval', toolCallId: req.toolCallId, result });
    this.emit({ type: 'approval-resolved', taskId: this.taskId, toolCallId: req.toolCallId, result });
    this.setPhase(before === 'waiting-approval' ? 'running-tool' : before);
    return result;
  }

  touch(path: string, before: string | null, after: string | null): void {
    const prior = this.touched.get(path);
    this.touched.set(path, { before: prior ? prior.before : before, after });
  }
}
