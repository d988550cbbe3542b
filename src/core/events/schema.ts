// A task is one typed stream of events, each described here once. The journal is the stream as
// written; resume, the audit log, the panel, the status bar and the CLI's report are projections of
// it. Journals are read back through these schemas: a state folder may sit in a hostile workspace.
// zod/mini, as the panel protocol: the editor reads journals at activation, and classic zod would
// triple the size of what it loads then.
import * as z from 'zod/mini';
import { PlanAssessmentSchema, PlanSchema, PlanStepStatusSchema } from './plan-schema';

const str = z.string();
const int = z.int();
const nat = z.int().check(z.nonnegative());
const amount = z.number().check(z.nonnegative());
const opt = z.optional;

export const UsageSchema = z.object({
  promptTokens: nat,
  completionTokens: nat,
  /** Prompt tokens the server served from its cache, where it says so. */
  cachedTokens: opt(nat),
  /** US dollars, when the model's prices are known. */
  costUsd: opt(amount),
});

export const BudgetsSchema = z.object({ maxSteps: int, maxTokens: opt(int), maxWallMs: opt(int), maxCostUsd: opt(amount) });

const Risk = z.enum(['low', 'medium', 'high', 'critical']);
const Decision = z.enum(['allow', 'ask', 'deny']);

export const PolicyDecisionSchema = z.object({
  decision: Decision,
  risk: Risk,
  rule: opt(str),
  reason: str,
  parts: opt(z.array(z.object({ text: str, decision: Decision, risk: Risk, rule: opt(str), reason: str }))),
});

export const PolicyRuleSchema = z.object({
  action: Decision,
  tool: opt(str),
  path: opt(str),
  command: opt(str),
  source: opt(str),
});

export const HunkSchema = z.object({ index: nat, oldStart: nat, oldLines: nat, newStart: nat, newLines: nat, lines: z.array(str) });

export const ProposalSchema = z.object({
  id: str,
  taskId: str,
  toolCallId: str,
  path: str,
  kind: z.enum(['create', 'modify', 'delete']),
  before: z.nullable(str),
  after: z.nullable(str),
  beforeHash: str,
  diff: str,
  hunks: z.array(HunkSchema),
});

export const ChatMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: str }),
  z.object({ role: z.literal('user'), content: str }),
  z.object({
    role: z.literal('assistant'),
    content: z.nullable(str),
    tool_calls: opt(z.array(z.object({ id: str, type: z.literal('function'), function: z.object({ name: str, arguments: str }) }))),
  }),
  z.object({ role: z.literal('tool'), tool_call_id: str, content: str }),
]);

export const CheckFailureSchema = z.object({ test: str, message: str, file: opt(str), line: opt(int) });

export const CheckResultSchema = z.object({
  name: str,
  status: z.enum(['passed', 'failed', 'skipped', 'not_run']),
  passed: z.boolean(),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  summary: str,
  details: opt(str),
  file: opt(str),
  line: opt(int),
  skipped: opt(z.boolean()),
  failures: opt(z.array(CheckFailureSchema)),
  forHuman: opt(z.boolean()),
});

export const VerdictSchema = z.enum(['verified', 'failed_verification', 'needs_review', 'not_run']);
export const TaskStatusSchema = z.enum(['completed', 'failed', 'cancelled', 'budget_exceeded', 'error']);

/**
 * What a task came to, in the words a person needs: a task that changed nothing is `answered` or
 * `no_changes` (never `verified`), and one whose edits were put back says so instead of its verdict.
 */
export const TaskOutcomeSchema = z.enum([
  'verified',
  'failed_verification',
  'needs_review',
  'not_verified',
  'answered',
  'no_changes',
  'restored',
  'undone',
  'partly_undone',
  'cancelled',
  'budget_exceeded',
  'error',
]);

/** What the loop knew about a write before doing it, so resume can tell whether it landed. */
export const WriteIntentSchema = z.object({ path: str, beforeHash: str, afterHash: str });

/** How an approval ended. `partly`: some hunks of an edit were accepted. `stale`: the file changed under it. */
export const ApprovalOutcomeSchema = z.enum(['approved', 'rejected', 'stale', 'partly']);

/** How a tool call ended, for the report and the stats; never inferred from the result's wording. */
export const ToolOutcomeSchema = z.enum(['ok', 'failed', 'denied', 'rejected', 'stale', 'cancelled']);

/** A project instruction file given to the model (AGENTS.md or a fallback): which, and exactly what. */
export const InstructionFileSchema = z.object({
  path: str,
  /** sha256 of the whole file. */
  hash: str,
  bytes: nat,
  /** Bytes the model got (less than `bytes` when the file was cut). */
  shownBytes: nat,
  truncated: z.boolean(),
});
/** How the model last saw a file (see `file-seen`). */
export const SeenHowSchema = z.enum(['read', 'partial', 'wrote', 'applied', 'deleted']);

/** Why a write was refused: never seen; changed since; an edit outside the lines seen, or over lines changed since. */
export const StaleReasonSchema = z.enum(['not-seen', 'changed', 'region-not-seen', 'region-changed']);

const ev = <T extends string, S extends Record<string, z.ZodMiniType>>(type: T, shape: S) => z.object({ type: z.literal(type), ...shape });

export const TASK_EVENT_SCHEMAS = [
  ev('task-started', { task: str, root: str, budgets: BudgetsSchema, model: opt(str), level: opt(int), mode: opt(z.enum(['plan', 'execute'])) }),
  /**
   * Project instructions given to the model: at the start (`folder` '.') or when it first works in a
   * folder with its own. `untrusted`: Restricted Mode, given as untrusted text. `skipped`: found, not given.
   */
  ev('instructions-loaded', { folder: str, files: z.array(InstructionFileSchema), untrusted: z.boolean(), skipped: opt(z.array(z.object({ path: str, reason: str }))) }),
  /** Plan mode: the plan the model submitted. */
  ev('plan-submitted', { plan: PlanSchema }),
  /** The plan this task carries out, as the user approved it (possibly edited): the task's scope. */
  ev('plan-approved', { plan: PlanSchema, by: str }),
  /** The feedforward pre-check: what the policy would decide for each step's files and commands. */
  ev('plan-assessed', { assessment: PlanAssessmentSchema }),
  /** The model ticked a step (`update_plan`); `step` counts from 0. */
  ev('plan-step-updated', { step: nat, status: PlanStepStatusSchema, note: opt(str) }),
  /** A task picked up again after its process stopped: where it stands. */
  ev('task-resumed', { step: nat, usage: UsageSchema, budgets: opt(BudgetsSchema) }),
  /** The person's follow-up to an ended task: the same journal goes on; `budgets` are the limits topped up. */
  ev('task-continued', { message: str, budgets: BudgetsSchema }),
  /** One message of the conversation as sent to the model (system, user, assistant, tool). */
  ev('message', { message: ChatMessageSchema }),
  /**
   * `promptTokens`: the harness's own count of the request (uncalibrated), to calibrate against the
   * server's; `exact` when the model's tokenizer counted it (else the length estimate).
   */
  ev('model-request', { step: nat, promptTokens: opt(nat), exact: opt(z.boolean()) }),
  ev('model-retry', { step: nat, attempt: nat, delayMs: nat, reason: str }),
  ev('model-turn', {
    step: nat,
    content: str,
    toolCalls: z.array(z.object({ id: str, name: str, arguments: str })),
    usage: UsageSchema,
    latencyMs: nat,
    finishReason: z.nullable(str),
  }),
  /** Streamed model text; shown live, never written to the journal. */
  ev('text-delta', { text: str }),
  /** `args` are the model's arguments, with long strings (a file's whole content) shortened. */
  ev('tool-call-proposed', { step: nat, toolCallId: str, tool: str, args: z.unknown() }),
  ev('policy-decision', { toolCallId: str, tool: str, path: opt(str), command: opt(str), decision: PolicyDecisionSchema }),
  ev('edit-proposed', { proposal: ProposalSchema }),
  /** `subject`: what is asked about (a path, a command line, a tool's arguments); `diff` for edits. */
  ev('approval-asked', { toolCallId: str, request: z.enum(['edit', 'command', 'tool']), subject: str, decision: PolicyDecisionSchema, diff: opt(str) }),
  ev('approval-answered', {
    toolCallId: str,
    outcome: ApprovalOutcomeSchema,
    by: str,
    reason: opt(str),
    acceptedHunks: opt(z.array(nat)),
    rejectedReasons: opt(z.record(str, str)),
    addRule: opt(PolicyRuleSchema),
  }),
  /** Written before a tool acts (durable), so resume can re-check a call that was in flight. */
  ev('tool-started', { toolCallId: str, tool: str, args: z.unknown(), intent: opt(WriteIntentSchema) }),
  /** Command output as it arrives; shown live, never written to the journal. */
  ev('command-output', { toolCallId: str, chunk: str, stream: z.enum(['stdout', 'stderr']) }),
  ev('command-finished', {
    toolCallId: str,
    command: str,
    exitCode: z.nullable(int),
    signal: z.nullable(str),
    timedOut: z.boolean(),
    cancelled: z.boolean(),
    sandboxed: z.boolean(),
    sandboxNote: opt(str),
    durationMs: nat,
    omittedBytes: nat,
    /** Bytes of output saved with the task (tasks/<id>/outputs/), which the panel can open. */
    savedBytes: opt(nat),
    /** The classifier knew every part as read-only (low risk): it changed nothing to verify. */
    readOnly: opt(z.boolean()),
  }),
  ev('edit-applied', { toolCallId: opt(str), path: str, checkpointId: opt(str), beforeHash: opt(str), afterHash: str }),
  /** An edit that did not land: rejected by the approver, or stale because the file changed. */
  ev('edit-refused', { toolCallId: opt(str), path: str, status: z.enum(['rejected', 'stale']), by: str, reason: opt(str) }),
  /**
   * The model saw a file's content: read it (whole, or `range` in part), wrote it, had its edit applied
   * or deleted it. `hash` is the whole content's then (what a later write must still find); `lines`
   * the short hashes of the lines seen (shared/line-hashes.ts), so an edit can check just its region.
   * `foreign`: the model's edit landed on a file holding changes by someone else it has not read.
   */
  ev('file-seen', { path: str, hash: str, step: nat, how: SeenHowSchema, range: opt(z.object({ start: nat, end: nat })), lines: str, foreign: opt(z.boolean()) }),
  /** A write refused because the model had not seen the file, or it changed since the model saw it. */
  ev('stale-write-refused', { toolCallId: str, tool: str, path: str, reason: StaleReasonSchema, seenStep: opt(nat), seenHash: opt(str), currentHash: str, message: str }),
  /** An applied edit undone (the user's Undo, or --revert-unverified); `checkpointId` names the edit. */
  ev('edit-reverted', { path: str, checkpointId: opt(str), by: str, reason: str }),
  ev('tool-call-ended', { toolCallId: str, tool: str, outcome: ToolOutcomeSchema, error: opt(str), result: str, sandboxed: opt(z.boolean()) }),
  /** `usage` is the running total after this step. */
  ev('step-ended', { step: nat, usage: UsageSchema }),
  ev('verification-started', { round: nat }),
  ev('verification-round', {
    round: nat,
    checks: z.array(CheckResultSchema),
    verdict: VerdictSchema,
    action: z.enum(['fix', 'stop']),
    reason: str,
  }),
  /** The model asked the person (the ask_user tool); `options` are answers it suggests. */
  ev('question-asked', { toolCallId: str, question: str, options: opt(z.array(str)) }),
  /** `answer` absent: nobody could answer, and the model was told to go on by its own judgement. */
  ev('question-answered', { toolCallId: str, answer: opt(str), by: str }),
  ev('budget-hit', { budget: z.enum(['steps', 'tokens', 'time', 'cost']), limit: amount, used: amount, message: str }),
  /**
   * The conversation made to fit the context window before a request: old observations replaced by
   * one-line stubs (`replaced`, by position) and, when that was not enough, the oldest part summarized
   * (`summary`: the non-user messages in [from, to) become one message). Folding it rebuilds exactly
   * the messages that were sent. `usage`: the summary call's. `window`: the window in force (the
   * server's, when an overflow told it).
   */
  ev('context-compacted', {
    step: nat,
    reason: z.enum(['threshold', 'overflow']),
    replaced: z.array(z.object({ index: nat, message: ChatMessageSchema })),
    summary: opt(z.object({ from: nat, to: nat, text: str })),
    tokensBefore: nat,
    tokensAfter: nat,
    window: nat,
    usage: opt(UsageSchema),
  }),
  /** On resume: what became of a call that was in flight when the process stopped. */
  ev('resume-check', { toolCallId: str, tool: str, outcome: z.enum(['landed', 'not-applied', 'changed', 'unknown']), message: str }),
  ev('checkpoint-restored', { checkpointId: str, reason: str, reverted: z.array(str), conflicts: z.array(z.object({ path: str, reason: str })) }),
  ev('checkpoints-pruned', { removed: z.array(str), removedContents: nat, freedBytes: nat, reason: str }),
  /** Something went wrong that the task survived (or that ended it: see task-ended). */
  ev('error', { message: str, during: opt(str), path: opt(str), checkpointId: opt(str) }),
  /** A hook command ran (every run is audited): the event it ran for, and what it said. */
  ev('hook-run', {
    hookEvent: z.enum(['PreToolUse', 'PostToolUse', 'Stop', 'UserPromptSubmit']),
    command: str,
    source: z.enum(['user', 'workspace']),
    toolCallId: opt(str),
    tool: opt(str),
    result: z.enum(['allow', 'ask', 'deny', 'block', 'context', 'none', 'error']),
    reason: opt(str),
    exitCode: z.nullable(int),
    timedOut: z.boolean(),
    sandboxed: z.boolean(),
    durationMs: nat,
  }),
  /** An MCP server as the task found it when it started: the tools it offers, or why it offers none. */
  ev('mcp-server', {
    server: str,
    source: z.enum(['user', 'workspace']),
    transport: z.enum(['stdio', 'http']),
    /** The command line or the URL. */
    target: str,
    state: z.enum(['stopped', 'starting', 'running', 'crashed', 'failed']),
    tools: z.array(str),
    sandboxed: opt(z.boolean()),
    note: opt(str),
    error: opt(str),
  }),
  /** How a call to an MCP server's tool ended; its arguments and decision are in the events before it. */
  ev('mcp-call-finished', {
    toolCallId: str,
    server: str,
    tool: str,
    isError: z.boolean(),
    failure: opt(z.enum(['timeout', 'crashed', 'cancelled', 'unavailable', 'error'])),
    durationMs: nat,
    contentTypes: z.array(str),
    omittedChars: nat,
  }),
  /** A line for the output channel; never written to the journal. */
  ev('log', { level: z.enum(['trace', 'debug', 'info', 'warn', 'error']), message: str }),
  ev('task-ended', {
    status: TaskStatusSchema,
    summary: str,
    error: opt(str),
    verdict: VerdictSchema,
    steps: nat,
    usage: UsageSchema,
    /** What the task came to (see TaskOutcomeSchema); absent in journals of earlier versions. */
    outcome: opt(TaskOutcomeSchema),
    /** The kind of model failure that ended it (`auth`, `unreachable`, ...), so a front end can offer the fix. */
    errorKind: opt(str),
  }),
] as const;

export const TaskEventBodySchema = z.discriminatedUnion('type', TASK_EVENT_SCHEMAS);

/** An event's body: what a task says happened. */
export type TaskEventBody = z.infer<typeof TaskEventBodySchema>;
export type TaskEventType = TaskEventBody['type'];
export type EventOf<T extends TaskEventType> = Extract<TaskEventBody, { type: T }>;

/** An event as emitted: its body, the task it belongs to, and when it happened (ms since epoch). */
export type TaskEvent = TaskEventBody & { taskId: string; at: number };

/** Shown live only: too chatty for the journal, and nothing is rebuilt from them. */
export const TRANSIENT_EVENTS: ReadonlySet<TaskEventType> = new Set(['text-delta', 'command-output', 'log']);

/**
 * Events flushed to disk before emit returns: the workspace changes right after them (a write's
 * intent, the applied edit) or they mark the task's life. Others are written at once (a killed
 * process keeps them) and become durable with the next of these.
 */
export const DURABLE_EVENTS: ReadonlySet<TaskEventType> = new Set(['task-started', 'task-resumed', 'task-continued', 'tool-started', 'edit-applied', 'edit-reverted', 'task-ended']);

export type WriteIntent = z.infer<typeof WriteIntentSchema>;
export type ApprovalOutcome = z.infer<typeof ApprovalOutcomeSchema>;
export type ToolOutcome = z.infer<typeof ToolOutcomeSchema>;
export type TaskOutcome = z.infer<typeof TaskOutcomeSchema>;
export type SeenHow = z.infer<typeof SeenHowSchema>;
export type StaleReason = z.infer<typeof StaleReasonSchema>;
