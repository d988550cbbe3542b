// The one typed protocol between the extension host and the Harness panel (webview).
// Both sides validate every message with these zod schemas; the webview bundles this file.
// Everything is bounded: a message is data from the other side, never trusted blindly.
// zod/mini (not classic zod) because the webview bundles this: ~13 KB instead of ~85 KB.
import * as z from 'zod/mini';

const str = (max: number) => z.string().check(z.maxLength(max));
const id = z.string().check(z.minLength(1), z.maxLength(200));
const count = z.int().check(z.nonnegative());
const amount = z.number().check(z.nonnegative());
const opt = z.optional;
const list = <T extends z.ZodMiniType>(item: T, max: number) => z.array(item).check(z.maxLength(max));

export const TIMELINE_KINDS = ['model', 'tool', 'approval', 'edit', 'verification', 'log', 'done', 'user', 'question', 'plan'] as const;

export const PHASES = ['idle', 'thinking', 'running-tool', 'waiting-approval', 'waiting-answer', 'verifying', 'done', 'failed', 'cancelled'] as const;
export const OUTCOMES = ['verified', 'failed_verification', 'needs_review', 'not_verified', 'answered', 'no_changes', 'restored', 'undone', 'partly_undone', 'cancelled', 'budget_exceeded', 'error'] as const;

export const TimelineEntrySchema = z.object({
  seq: count,
  taskId: id,
  at: count,
  kind: z.enum(TIMELINE_KINDS),
  title: str(1000),
  text: opt(str(10_000)),
  decision: opt(z.enum(['allow', 'ask', 'deny'])),
  reason: opt(str(2000)),
  risk: opt(z.enum(['low', 'medium', 'high', 'critical'])),
  ok: opt(z.boolean()),
  toolCallId: opt(id),
  level: opt(z.enum(['trace', 'debug', 'info', 'warn', 'error'])),
  /** The call was outside the approved plan (its decision was escalated, or says so). */
  outsidePlan: opt(z.boolean()),
  /** A model message still being streamed: its text grows as the model writes it. */
  streaming: opt(z.boolean()),
  /** The command's full output is saved with the task: the entry offers to open it. */
  fullOutput: opt(z.boolean()),
});

export const TaskSummarySchema = z.object({
  id,
  /** The task as the user typed it. */
  title: opt(str(1000)),
  phase: z.enum(PHASES),
  status: opt(z.enum(['completed', 'failed', 'cancelled', 'budget_exceeded', 'error'])),
  /** What an ended task came to, in one word (events/outcome.ts). */
  outcome: opt(z.enum(OUTCOMES)),
  /** The kind of model failure that ended it, so the view can offer the fix. */
  errorKind: opt(str(40)),
  /** Stopped without ending (a reload, a crash): it can be resumed. */
  interrupted: opt(z.boolean()),
  detail: opt(str(1000)),
  startedAt: count,
  endedAt: opt(count),
  step: opt(count),
  maxSteps: opt(count),
  tokens: opt(count),
  cachedTokens: opt(count),
  costUsd: opt(amount),
  pendingApprovals: opt(count),
});

export const PendingApprovalSchema = z.object({
  taskId: id,
  toolCallId: id,
  kind: z.enum(['edit', 'command', 'tool']),
  title: str(1000),
  reason: str(2000),
  risk: z.enum(['low', 'medium', 'high', 'critical']),
  rule: opt(str(1000)),
  /** Unified diff of an edit, truncated for display; the full diff opens in the editor. */
  diff: opt(str(40_000)),
});

/** A question the model asked the person (ask_user), waiting for an answer. */
export const PendingQuestionSchema = z.object({
  taskId: id,
  toolCallId: id,
  question: str(2000),
  options: opt(list(str(200), 8)),
});

export const CheckResultSchema = z.object({
  name: str(500),
  status: z.enum(['passed', 'failed', 'skipped', 'not_run']),
  passed: z.boolean(),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  summary: str(2000),
  details: opt(str(20_000)),
  file: opt(str(1000)),
  line: opt(count),
  skipped: opt(z.boolean()),
});

export const VerificationViewSchema = z.object({
  taskId: id,
  verdict: z.enum(['verified', 'failed_verification', 'needs_review', 'not_run']),
  rounds: list(z.object({ checks: list(CheckResultSchema, 200) }), 50),
});

export const CheckpointViewSchema = z.object({
  id,
  taskId: id,
  createdAt: count,
  label: opt(str(500)),
  files: list(str(1000), 5000),
});

const Decision = z.enum(['allow', 'ask', 'deny']);

/** A task's plan: each step's state and what the policy's pre-check expects for it. */
export const PlanViewSchema = z.object({
  taskId: id,
  summary: str(2000),
  approved: z.boolean(),
  by: opt(str(200)),
  steps: list(
    z.object({
      title: str(500),
      status: z.enum(['pending', 'in_progress', 'done', 'skipped']),
      note: opt(str(500)),
      expected: opt(Decision),
      /** What makes it ask or be refused. */
      why: opt(str(1000)),
    }),
    50,
  ),
  /** The pre-check in one sentence. */
  assessment: opt(str(2000)),
  risks: opt(list(str(1000), 30)),
});

/** The project instruction files a task's model was given, and the ones found but not given. */
export const InstructionsViewSchema = z.object({
  taskId: id,
  files: list(z.object({ path: str(1000), hash: str(100), folder: str(1000), truncated: z.boolean(), untrusted: z.boolean() }), 100),
  skipped: list(z.object({ path: str(1000), reason: str(1000) }), 100),
});

export const BudgetsSchema = z.object({
  steps: count,
  maxSteps: count,
  tokens: count,
  maxTokens: opt(count),
  /** Prompt tokens the server served from its cache, when it says so. */
  cachedTokens: opt(count),
  /** US dollars; absent while the model's prices are unknown. */
  costUsd: opt(amount),
  maxCostUsd: opt(amount),
  elapsedMs: count,
  maxWallMs: opt(count),
  /** Lets the panel keep the clock running between messages. */
  startedAt: opt(count),
  endedAt: opt(count),
});

const wait = z.nullable(z.number().check(z.nonnegative()));
const keyCount = z.object({ key: str(60), count });

export const ApprovalRowSchema = z.object({ key: str(500), asked: count, approved: count, rejected: count, partly: count, stale: count, unanswered: count, byHuman: count, medianWaitMs: wait });

/** An allow rule the record supports; the host keeps the rule itself and acts on the id only. */
export const SuggestionViewSchema = z.object({
  id: str(600),
  title: str(600),
  detail: str(2000),
  approvals: count,
});

/** The workspace's figures over its tasks (core/observe), as the panel shows them. */
export const StatsViewSchema = z.object({
  tasks: count,
  byStatus: list(keyCount, 20),
  byVerdict: list(keyCount, 10),
  tasksVerified: count,
  verifiedFirstRound: count,
  fixRounds: count,
  maxFixRounds: count,
  humanReviews: count,
  tasksNeedingReview: count,
  approvals: ApprovalRowSchema,
  byTool: list(ApprovalRowSchema, 30),
  byCommand: list(ApprovalRowSchema, 30),
  promptTokens: count,
  completionTokens: count,
  modelCalls: count,
  wallMs: count,
  medianWallMs: wait,
  costUsd: wait,
  unpricedModels: list(str(200), 20),
  suggestions: list(SuggestionViewSchema, 20),
});

export const PanelStateSchema = z.object({
  tasks: list(TaskSummarySchema, 500),
  activeTaskId: z.nullable(id),
  timeline: list(TimelineEntrySchema, 5000),
  /** Sequence number the next timeline entry gets; entries below it have been seen. */
  nextSeq: count,
  /** Entries dropped from the front of the timeline to keep it bounded. */
  droppedEntries: count,
  approvals: list(PendingApprovalSchema, 500),
  verification: list(VerificationViewSchema, 100),
  checkpoints: list(CheckpointViewSchema, 1000),
  budgets: BudgetsSchema,
  plans: list(PlanViewSchema, 100),
  instructions: list(InstructionsViewSchema, 100),
  /** Questions waiting for the person's answer. */
  questions: opt(list(PendingQuestionSchema, 100)),
  /** Absent until the journals have been read. */
  stats: opt(StatsViewSchema),
});

/** What changed since the last message: new timeline entries plus any section replaced whole. */
export const PanelUpdateSchema = z.object({
  entries: list(TimelineEntrySchema, 5000),
  /** Entries sent before whose content changed (a tool call's decision and result fill in its entry). */
  changed: opt(list(TimelineEntrySchema, 5000)),
  nextSeq: count,
  droppedEntries: opt(count),
  tasks: opt(PanelStateSchema.shape.tasks),
  activeTaskId: opt(z.nullable(id)),
  approvals: opt(PanelStateSchema.shape.approvals),
  verification: opt(PanelStateSchema.shape.verification),
  checkpoints: opt(PanelStateSchema.shape.checkpoints),
  budgets: opt(BudgetsSchema),
  plans: opt(PanelStateSchema.shape.plans),
  instructions: opt(PanelStateSchema.shape.instructions),
  questions: opt(list(PendingQuestionSchema, 100)),
  stats: opt(StatsViewSchema),
});

export const HostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: PanelStateSchema }),
  z.object({ type: z.literal('event'), update: PanelUpdateSchema }),
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'error']), message: str(2000) }),
]);

export const WebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('approve'), toolCallId: id }),
  z.object({ type: z.literal('reject'), toolCallId: id, reason: opt(str(2000)) }),
  z.object({ type: z.literal('restoreCheckpoint'), id }),
  z.object({ type: z.literal('cancelTask'), taskId: id }),
  z.object({ type: z.literal('openProposal'), toolCallId: id }),
  /** Opens a command's full output (saved with the task) in an editor tab. */
  z.object({ type: z.literal('openOutput'), taskId: id, toolCallId: id }),
  z.object({ type: z.literal('selectTask'), taskId: id }),
  z.object({ type: z.literal('answer'), toolCallId: id, answer: str(4000) }),
  /** Adds the suggested allow rule to the user's settings; `dismissSuggestion` stops suggesting it. */
  z.object({ type: z.literal('allowSuggestion'), id: str(600) }),
  z.object({ type: z.literal('dismissSuggestion'), id: str(600) }),
]);

export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
export type TaskSummary = z.infer<typeof TaskSummarySchema>;
export type PendingApproval = z.infer<typeof PendingApprovalSchema>;
export type PendingQuestion = z.infer<typeof PendingQuestionSchema>;
export type VerificationView = z.infer<typeof VerificationViewSchema>;
export type CheckpointView = z.infer<typeof CheckpointViewSchema>;
export type Budgets = z.infer<typeof BudgetsSchema>;
export type PlanView = z.infer<typeof PlanViewSchema>;
export type InstructionsView = z.infer<typeof InstructionsViewSchema>;
export type StatsView = z.infer<typeof StatsViewSchema>;
export type ApprovalRowView = z.infer<typeof ApprovalRowSchema>;
export type PanelState = z.infer<typeof PanelStateSchema>;
export type PanelUpdate = z.infer<typeof PanelUpdateSchema>;
export type HostMessage = z.infer<typeof HostMessageSchema>;
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

/** The typed message, or null when it is unknown or malformed (callers log and ignore it). */
export function parseHostMessage(x: unknown): HostMessage | null {
  const r = HostMessageSchema.safeParse(x);
  return r.success ? r.data : null;
}

export function parseWebviewMessage(x: unknown): WebviewMessage | null {
  const r = WebviewMessageSchema.safeParse(x);
  return r.success ? r.data : null;
}

/** A short, log-safe description of why a message was refused. */
export function describeBadMessage(x: unknown): string {
  const type = x && typeof x === 'object' && 'type' in x ? String((x as { type: unknown }).type).slice(0, 40) : typeof x;
  return `ignored a malformed or unknown panel message (type: ${type})`;
}
