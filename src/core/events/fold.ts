// The task's state as one fold over its events: what resume continues from, what the task list and
// the CLI's report show, and what the status bar follows. Pure; tolerates events in any order a
// loop (or a crash) left them.
import type { ChatMessage } from '../model/types';
import type { EditStatus, PolicyDecision, Proposal, TaskStatus, Usage, VerificationReport } from '../shared/types';
import type { Budgets } from '../shared/limits';
import type { EventOf, TaskEventBody, TaskOutcome } from './schema';
import type { Plan, PlanAssessment, PlanStepStatus } from './plan-schema';
import { applyCompaction } from './compaction';
import { foldSeen, type SeenFiles } from './seen';
import { addUsage, foldProgress, type TaskProgress } from './progress';

export interface ToolCallRecord {
  id: string;
  tool: string;
  /** The model's arguments, long strings shortened. */
  args: unknown;
  decision: PolicyDecision['decision'];
  reason: string;
  risk?: PolicyDecision['risk'];
  rule?: string;
  ok: boolean;
  /** How the call ended; absent while it runs. */
  outcome?: EventOf<'tool-call-ended'>['outcome'];
  error?: string;
  sandboxed?: boolean;
}

export interface EditRecord {
  path: string;
  status: EditStatus;
  /** The proposal's tool call, when the edit came from one. */
  toolCallId?: string;
  checkpointId?: string;
  /** Why a refused edit did not land (the user's words, or "stale"). */
  reason?: string;
}

export interface PendingToolCall {
  toolCallId: string;
  tool: string;
  args: unknown;
  intent?: EventOf<'tool-started'>['intent'];
}

/** A project instruction file the model was given, and where it applies. */
export type InstructionRecord = EventOf<'instructions-loaded'>['files'][number] & { folder: string; untrusted: boolean };

/** The plan of a task: submitted (plan mode) or approved (its scope while it runs), and each step's state. */
export interface PlanState {
  plan: Plan;
  approved: boolean;
  /** Who approved it. */
  by?: string;
  steps: { status: PlanStepStatus; note?: string }[];
  assessment?: PlanAssessment;
}

/** A question the model asked the person (ask_user) and what came back. */
export interface QuestionRecord {
  toolCallId: string;
  question: string;
  options?: string[];
  /** Absent while it waits, and when nobody could answer. */
  answer?: string;
  /** Who answered (or `cli`/`harness` when nobody could); absent while it waits. */
  by?: string;
}

export type SnapshotStatus = 'running' | TaskStatus;

/** What the task learned about its context window, kept in the fold so a resumed task decides the same. */
export interface ContextState {
  /** The server's window, when an overflow told it (smaller than the profile said). */
  window?: number;
  /** The harness's counts of the requests sent, and the prompt tokens the server reported for them. */
  estimated: number;
  reported: number;
  /** The count of the request in flight, until its turn reports usage. */
  pending?: number;
  /** Requests are counted with the model's tokenizer (from then on; the calibration restarted then). */
  exact?: boolean;
  compactions: number;
}

export interface TaskState {
  id: string;
  task: string;
  root: string;
  startedAt: number;
  budgets?: Budgets;
  model?: string;
  /** `plan`: read tools only, ends with a submitted plan; `execute`: carries out an approved plan. */
  mode?: 'plan' | 'execute';
  status: SnapshotStatus;
  /** True once the task ended; a journal without an end belongs to an unfinished task. */
  ended: boolean;
  summary?: string;
  error?: string;
  /** The conversation as sent, in order: what resume continues from. */
  messages: ChatMessage[];
  /** The last completed step. */
  step: number;
  /** Running totals after the last completed step. */
  usage: Usage;
  toolCalls: ToolCallRecord[];
  edits: EditRecord[];
  /** Tool calls started but never finished: re-check these (did the write land?), never repeat blindly. */
  pendingToolCalls: PendingToolCall[];
  /** Proposals with no answer and no tool end yet: ask again on resume. */
  pendingProposals: Proposal[];
  verification: VerificationReport | null;
  progress: TaskProgress;
  /** Project instruction files given to the model (root, then folders as the model reached them). */
  instructions: InstructionRecord[];
  /** The plan, when there is one: what context management must keep, and the scope of the edits. */
  plan?: PlanState;
  /** Questions the model asked the person, in order. */
  questions: QuestionRecord[];
  /**
   * Edits applied and commands run since the last verification round: when 0 there is nothing new to
   * verify. A command counts because it may have changed files the harness did not write itself,
   * unless the classifier knew it as read-only.
   */
  unverifiedEdits: number;
  /** A checkpoint of the task was restored (by the user, or --revert-unverified). */
  restored: boolean;
  /** Where the current run began when the task was continued: budgets are topped up from here. */
  continuedFrom?: { step: number; tokens: number; costUsd?: number };
  /** From the last task-ended. */
  outcome?: TaskOutcome;
  /** When the task last ended (ms since epoch). */
  endedAt?: number;
  errorKind?: string;
  context: ContextState;
  /** What the model has seen of each file: a write must find the file as the model saw it. */
  seen: SeenFiles;
}

const zero = (): Usage => ({ promptTokens: 0, completionTokens: 0 });

/** Where a continued run starts counting its budgets from: the steps, tokens and cost spent so far. */
export function budgetBase(state: Pick<TaskState, 'step' | 'usage'>): { step: number; tokens: number; costUsd?: number } {
  return { step: state.step, tokens: state.usage.promptTokens + state.usage.completionTokens, ...(state.usage.costUsd !== undefined ? { costUsd: state.usage.costUsd } : {}) };
}

export function emptyTaskState(id: string): TaskState {
  return {
    id,
    task: '',
    root: '',
    startedAt: 0,
    status: 'running',
    ended: false,
    messages: [],
    step: 0,
    usage: zero(),
    toolCalls: [],
    edits: [],
    pendingToolCalls: [],
    pendingProposals: [],
    verification: null,
    progress: { phase: 'idle', step: 0, maxSteps: 0, pendingApprovals: 0, usage: zero() },
    instructions: [],
    questions: [],
    unverifiedEdits: 0,
    restored: false,
    context: { estimated: 0, reported: 0, compactions: 0 },
    seen: new Map(),
  };
}

function recordEdit(s: TaskState, e: EditRecord): void {
  s.edits.push(e);
}

/**
 * Applies one event to the state, in place (a 1,000-step journal is folded on every resume and task
 * list). Transient events (text deltas, output chunks, log lines) change nothing here.
 */
export function foldTaskEvent(s: TaskState, e: TaskEventBody, at = 0): TaskState {
  s.progress = foldProgress(s.progress, e);
  switch (e.type) {
    case 'task-started':
      s.task = e.task;
      s.root = e.root;
      s.startedAt = at || s.startedAt;
      s.budgets = e.budgets;
      s.model = e.model;
      if (e.mode) s.mode = e.mode;
      break;
    case 'task-resumed':
      if (e.budgets) s.budgets = e.budgets;
      s.status = 'running';
      break;
    case 'task-continued':
      s.budgets = e.budgets;
      s.status = 'running';
      s.ended = false;
      s.summary = undefined;
      s.error = undefined;
      s.outcome = undefined;
      s.errorKind = undefined;
      s.endedAt = undefined;
      s.continuedFrom = budgetBase(s);
      break;
    case 'question-asked':
      s.questions.push({ toolCallId: e.toolCallId, question: e.question, ...(e.options ? { options: e.options } : {}) });
      break;
    case 'question-answered': {
      const q = s.questions.findLast((x) => x.toolCallId === e.toolCallId);
      if (q) Object.assign(q, { by: e.by, ...(e.answer !== undefined ? { answer: e.answer } : {}) });
      break;
    }
    case 'checkpoint-restored':
      if (e.reverted.length) s.restored = true;
      break;
    case 'message':
      s.messages.push(e.message);
      break;
    case 'model-request':
      if (e.exact && !s.context.exact) s.context = { ...s.context, exact: true, estimated: 0, reported: 0 };
      s.context.pending = e.promptTokens;
      break;
    case 'model-turn':
      // Calibration pairs: what we counted for a request and what the server says it was.
      if (s.context.pending && e.usage.promptTokens > 0) {
        s.context.estimated += s.context.pending;
        s.context.reported += e.usage.promptTokens;
      }
      s.context.pending = undefined;
      break;
    case 'context-compacted':
      applyCompaction(s.messages, e);
      s.context.compactions++;
      if (e.reason === 'overflow') s.context.window = Math.min(e.window, s.context.window ?? e.window);
      // The summary call's tokens count like any other (the next step's running total includes them).
      if (e.usage) s.usage = addUsage(s.usage, e.usage);
      break;
    case 'step-ended':
      s.step = e.step;
      s.usage = { ...e.usage };
      break;
    case 'tool-call-proposed':
      s.toolCalls.push({ id: e.toolCallId, tool: e.tool, args: e.args, decision: 'deny', reason: 'not decided yet', ok: false });
      break;
    case 'policy-decision': {
      const call = s.toolCalls.findLast((c) => c.id === e.toolCallId);
      if (call) Object.assign(call, { decision: e.decision.decision, reason: e.decision.reason, risk: e.decision.risk, ...(e.decision.rule ? { rule: e.decision.rule } : {}) });
      break;
    }
    case 'tool-started':
      s.pendingToolCalls = s.pendingToolCalls.filter((c) => c.toolCallId !== e.toolCallId);
      s.pendingToolCalls.push({ toolCallId: e.toolCallId, tool: e.tool, args: e.args, ...(e.intent ? { intent: e.intent } : {}) });
      break;
    case 'tool-call-ended': {
      s.pendingToolCalls = s.pendingToolCalls.filter((c) => c.toolCallId !== e.toolCallId);
      s.pendingProposals = s.pendingProposals.filter((p) => p.toolCallId !== e.toolCallId);
      const call = s.toolCalls.findLast((c) => c.id === e.toolCallId);
      if (call) Object.assign(call, { ok: e.outcome === 'ok', outcome: e.outcome, ...(e.error ? { error: e.error } : {}), ...(e.sandboxed !== undefined ? { sandboxed: e.sandboxed } : {}) });
      break;
    }
    case 'edit-proposed':
      s.pendingProposals = s.pendingProposals.filter((p) => p.toolCallId !== e.proposal.toolCallId);
      s.pendingProposals.push(e.proposal);
      break;
    case 'approval-answered':
      s.pendingProposals = s.pendingProposals.filter((p) => p.toolCallId !== e.toolCallId);
      break;
    case 'edit-applied':
      s.unverifiedEdits++;
      recordEdit(s, { path: e.path, status: 'applied', ...(e.toolCallId ? { toolCallId: e.toolCallId } : {}), ...(e.checkpointId ? { checkpointId: e.checkpointId } : {}) });
      break;
    case 'edit-refused':
      recordEdit(s, { path: e.path, status: e.status, ...(e.toolCallId ? { toolCallId: e.toolCallId } : {}), ...(e.reason ? { reason: e.reason } : {}) });
      break;
    case 'edit-reverted': {
      // A revert changes the status of the edit it undid (the one with its checkpoint, else the
      // file's latest applied edit) rather than adding an edit.
      const undone = e.checkpointId
        ? s.edits.find((x) => x.checkpointId === e.checkpointId && x.path === e.path && x.status === 'applied')
        : s.edits.findLast((x) => x.path === e.path && x.status === 'applied');
      if (undone) undone.status = 'reverted';
      else recordEdit(s, { path: e.path, status: 'reverted', ...(e.checkpointId ? { checkpointId: e.checkpointId } : {}) });
      break;
    }
    case 'command-finished':
      if (!e.readOnly) s.unverifiedEdits++;
      break;
    case 'file-seen':
      foldSeen(s.seen, e);
      break;
    case 'verification-round': {
      const rounds = [...(s.verification?.rounds ?? []), { checks: e.checks }];
      s.verification = { verdict: e.verdict, rounds };
      s.unverifiedEdits = 0;
      break;
    }
    case 'task-ended':
      s.status = e.status;
      s.summary = e.summary;
      s.error = e.error;
      s.ended = true;
      s.outcome = e.outcome;
      s.errorKind = e.errorKind;
      s.endedAt = at || undefined;
      break;
    case 'instructions-loaded':
      for (const f of e.files) s.instructions.push({ ...f, folder: e.folder, untrusted: e.untrusted });
      break;
    case 'plan-submitted':
    case 'plan-approved':
      s.plan = { plan: e.plan, approved: e.type === 'plan-approved', ...(e.type === 'plan-approved' ? { by: e.by } : {}), steps: e.plan.steps.map(() => ({ status: 'pending' as const })) };
      break;
    case 'plan-assessed':
      if (s.plan) s.plan.assessment = e.assessment;
      break;
    case 'plan-step-updated': {
      const step = s.plan?.steps[e.step];
      if (step) Object.assign(step, { status: e.status }, e.note !== undefined ? { note: e.note } : {});
      break;
    }
    default:
      break;
  }
  return s;
}

/** Folds a whole stream (a journal as read back). */
export function foldTaskEvents(id: string, events: readonly (TaskEventBody & { at?: number })[]): TaskState {
  const s = emptyTaskState(id);
  s.startedAt = events[0]?.at ?? 0;
  for (const e of events) foldTaskEvent(s, e, e.at ?? 0);
  return s;
}
