// Everything one running task shares between the loop and the tool flows: where it is, what it may
// spend, and the one call (`emit`) through which every fact it produces is recorded and shown.
import type { ApprovalRequest, ApprovalResult, Approver, PolicyConfig } from '../shared/types';
import type { Budgets, Limits } from '../shared/limits';
import type { EditApplier } from '../shared/applier';
import type { ApprovalOutcome, TaskEvent, TaskEventBody } from '../events/schema';
import { foldTaskEvent, type TaskState } from '../events/fold';
import type { CheckpointStore } from '../state/checkpoints';
import type { FileLockManager } from '../state/locks';
import type { TaskRecorder } from '../state/recorder';
import type { TaskOutputs } from '../state/outputs';
import type { RunTaskOptions } from './api';

export interface TaskContextInit {
  taskId: string;
  root: string;
  policy: PolicyConfig;
  budgets: Budgets;
  limits: Limits;
  applier: EditApplier;
  approver: Approver;
  recorder: TaskRecorder;
  checkpoints: CheckpointStore;
  locks: FileLockManager;
  /** Where the full output of the task's commands is kept. */
  outputs: TaskOutputs;
  signal: AbortSignal;
  options: RunTaskOptions;
  /** The task's state so far (a resumed task's journal, folded); a new task starts empty. */
  state: TaskState;
}

/** An approver's answer with how it ended, told apart by the answer itself, never by its wording. */
export type Answer = ApprovalResult & { outcome: ApprovalOutcome };

export function approvalOutcome(req: ApprovalRequest, result: ApprovalResult): ApprovalOutcome {
  if (result.stale) return 'stale';
  if (!result.approved) return 'rejected';
  if (req.kind !== 'edit' || !result.acceptedHunks) return 'approved';
  const accepted = new Set(result.acceptedHunks);
  const all = req.proposal.hunks.every((h) => accepted.has(h.index));
  return all ? 'approved' : accepted.size === 0 ? 'rejected' : 'partly';
}

/** What an approval is about, in one line, for the record and the panel. */
function subjectOf(req: ApprovalRequest): string {
  if (req.kind === 'edit') return `${req.proposal.kind} ${req.proposal.path}`;
  if (req.kind === 'command') return req.command;
  let args = '';
  try {
    args = JSON.stringify(req.args) ?? '';
  } catch {
    /* unprintable arguments: the tool's name says enough */
  }
  return `${req.tool} ${args.length > 300 ? `${args.slice(0, 300)}…` : args}`.trim();
}

export class TaskContext {
  readonly taskId: string;
  readonly root: string;
  readonly policy: PolicyConfig;
  readonly budgets: Budgets;
  readonly limits: Limits;
  readonly applier: EditApplier;
  readonly approver: Approver;
  readonly checkpoints: CheckpointStore;
  readonly locks: FileLockManager;
  readonly outputs: TaskOutputs;
  readonly signal: AbortSignal;
  readonly options: RunTaskOptions;
  /** The task's state, folded from every event it recorded (on resume: the journal's too). */
  readonly state: TaskState;
  /** Before/after of every file this task changed, for verification (first before, last after). */
  readonly touched = new Map<string, { before: string | null; after: string | null }>();
  /** Paths whose latest proposal was rejected. */
  readonly rejectedPaths = new Set<string>();
  /** Edits applied since the last verification (for `afterEachBatch`). */
  appliedSinceVerify = 0;
  private readonly recorder: TaskRecorder;

  constructor(init: TaskContextInit) {
    this.taskId = init.taskId;
    this.root = init.root;
    this.policy = init.policy;
    this.budgets = init.budgets;
    this.limits = init.limits;
    this.applier = init.applier;
    this.approver = init.approver;
    this.recorder = init.recorder;
    this.checkpoints = init.checkpoints;
    this.locks = init.locks;
    this.outputs = init.outputs;
    this.signal = init.signal;
    this.options = init.options;
    this.state = init.state;
  }

  /** The one call that records a fact: journal, audit log, the task's state and every listener. */
  async emit(body: TaskEventBody): Promise<TaskEvent> {
    const event = await this.recorder.emit(body);
    foldTaskEvent(this.state, body, event.at);
    return event;
  }

  /** The step being taken (the model call in flight or the tools it asked for). */
  get step(): number {
    return this.state.progress.step;
  }

  /** Asks the approver; the question and the answer are both events. */
  async askHuman(req: ApprovalRequest): Promise<Answer> {
    await this.emit({
      type: 'approval-asked',
      toolCallId: req.toolCallId,
      request: req.kind,
      subject: subjectOf(req),
      decision: req.decision,
      ...(req.kind === 'edit' ? { diff: req.proposal.diff } : {}),
    });
    let result: ApprovalResult;
    try {
      result = await this.approver.request(req, this.signal);
    } catch (err) {
      // An approver that fails is a rejection, recorded as one; the error goes on to the loop.
      await this.emit({ type: 'approval-answered', toolCallId: req.toolCallId, outcome: 'rejected', by: 'harness', reason: `the approval failed: ${(err as Error).message}` });
      throw err;
    }
    const outcome = approvalOutcome(req, result);
    await this.emit({
      type: 'approval-answered',
      toolCallId: req.toolCallId,
      outcome,
      by: result.by,
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.acceptedHunks ? { acceptedHunks: result.acceptedHunks } : {}),
      ...(result.rejectedReasons ? { rejectedReasons: Object.fromEntries(Object.entries(result.rejectedReasons).map(([k, v]) => [k, v])) } : {}),
      ...(result.addRule ? { addRule: result.addRule } : {}),
    });
    return { ...result, outcome };
  }

  touch(path: string, before: string | null, after: string | null): void {
    const prior = this.touched.get(path);
    this.touched.set(path, { before: prior ? prior.before : before, after });
  }
}
