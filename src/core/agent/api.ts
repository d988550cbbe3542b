// The contract of the agent loop: what a front end (CLI, editor, tests) hands in and gets back.
import type { Approver, PolicyConfig } from '../shared/types';
import type { TaskEvent } from '../events/schema';
import type { ModelClientLike } from '../model/types';
import type { ModelProfile } from '../model/profile';
import type { StateStore } from '../state/store';
import type { FileLockManager } from '../state/locks';
import type { DiagnosticsProvider } from '../verify/types';
import type { EditApplier } from '../shared/applier';
import type { Budgets, Limits } from '../shared/limits';
import type { Plan } from '../events/plan-schema';
import type { HookEntry } from '../policy/hook-settings';
import type { McpHub } from '../mcp/hub';


export interface RunTaskOptions {
  task: string;
  /** Absolute path of the workspace root. */
  root: string;
  model: ModelClientLike;
  policy: PolicyConfig;
  approver: Approver;
  budgets: Budgets;
  taskId?: string;
  applier?: EditApplier;
  limits?: Partial<Limits>;
  signal?: AbortSignal;
  /** Every event of the task as it is recorded (and the transient ones: text deltas, output, log lines). */
  onEvent?: (event: TaskEvent) => void;
  /** Folder for the audit log; default `<root>/.harness/audit`. */
  auditDir?: string;
  /** Extra text appended to the system prompt. */
  instructions?: string;
  /**
   * Project instruction files looked for (harness.instructionFiles), in order; names without a `/` in
   * every folder. Default DEFAULT_INSTRUCTION_FILES (AGENTS.md, CLAUDE.md, .github/copilot-instructions.md); [] loads none.
   */
  instructionFiles?: readonly string[];
  /** Restricted Mode: instruction files reach the model marked as untrusted text, and no git process runs. */
  untrustedWorkspace?: boolean;
  /**
   * `plan`: read tools only, and the model ends by calling submit_plan. `execute`: carry out an
   * approved plan; it is the task's scope (edits and commands outside it ask first).
   */
  plan?: { mode: 'plan' } | { mode: 'execute'; plan: Plan; approvedBy?: string };
  /** Where the journal and checkpoints live; default `<root>/.harness`. */
  state?: StateStore;
  /** Shared between tasks running in one process, so two tasks never edit one file at once. */
  locks?: FileLockManager;
  verification?: VerificationOptions;
  /** Continue the task `taskId` from its journal instead of starting a new one. */
  resume?: boolean;
  /**
   * Go on with the ended task `taskId`: `task` is the person's next message (may be empty to retry
   * after an error). Same journal and checkpoints; `budgets` are topped up from where it stands.
   */
  continue?: boolean;
  /** Editor context (the active file, a selection) sent with the user's message, not part of its title. */
  context?: string;
  /** Values (the API key) that must never reach a command, the audit log or the model. */
  secretValues?: string[];
  /** Model name, recorded in the journal. */
  modelName?: string;
  /**
   * The model's window, longest answer, prices and tokenizer (resolveModelProfile with the user's
   * settings). Default: the model table's entry for `modelName`, else a 128k window.
   */
  modelProfile?: ModelProfile;
  /** When the work does not pass verification, restore the task's first checkpoint (edits become `reverted`). */
  revertUnverified?: boolean;
  /** Checkpoint retention applied when the task ends; default DEFAULT_RETENTION (500 checkpoints, 256 MB). */
  retention?: { maxCount?: number; maxBytes?: number };
  /**
   * MCP servers the task may call, each tool offered as `mcp__<server>__<tool>`. The front end owns
   * the hub (the editor keeps its servers between tasks); the task starts the ones not running.
   */
  mcp?: McpHub;
  /** Hook commands run at PreToolUse, PostToolUse, Stop and UserPromptSubmit (the policy's `hooks`). */
  hooks?: HookEntry[];
}

export interface VerificationOptions {
  commands: string[];
  /** Which of `commands` the person configured themselves (user settings, --verify), not the workspace. */
  userCommands?: string[];
  /** Fix rounds after the first verification; default 2. */
  maxFixAttempts?: number;
  /** When checks run; default `afterTask`. */
  when?: 'afterTask' | 'afterEachBatch' | 'never';
  /** Editor only: diagnostics before and after the task. */
  diagnostics?: DiagnosticsProvider;
  commandTimeoutMs?: number;
  /** Size cap of one round's feedback to the model, in characters; default DEFAULT_FEEDBACK_MAX_CHARS. */
  feedbackMaxChars?: number;
}

export type { EditRecord, ToolCallRecord } from '../events/fold';
export type { TaskResult } from '../events/report';
