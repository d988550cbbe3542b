// The contract of the agent loop: what a front end (CLI, editor, tests) hands in and gets back.
import type {
  Approver,
  Clock,
  EditStatus,
  HarnessEvent,
  PolicyConfig,
  PolicyDecision,
  TaskStatus,
  Usage,
  VerificationReport,
} from '../types';
import type { ModelClientLike } from '../model/types';
import type { StateStore } from '../state/store';
import type { FileLockManager } from '../state/locks';
import type { DiagnosticsProvider } from '../verify/types';

export interface Budgets {
  maxSteps: number;
  /** Total prompt + completion tokens. */
  maxTokens?: number;
  /** Wall-clock time for the whole task. */
  maxWallMs?: number;
}

/**
 * Where approved edits land. The CLI writes files atomically; the editor applies a WorkspaceEdit
 * so the change joins the undo stack and respects dirty documents.
 */
export interface EditApplier {
  /** The file's current text as the user sees it (a dirty editor buffer wins over the disk), null if absent. */
  read(relPath: string): Promise<string | null>;
  /** Write `content` (null deletes). Must re-check containment right before writing. */
  apply(relPath: string, content: string | null): Promise<void>;
}

export interface Limits {
  maxFileBytes: number;
  maxListEntries: number;
  maxSearchResults: number;
  commandTimeoutMs: number;
  maxCommandOutputBytes: number;
  rgPath?: string; // ripgrep for search_files (the editor's own, or rg on PATH); absent: JavaScript search
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxListEntries: 2000,
  maxSearchResults: 200,
  commandTimeoutMs: 60_000,
  maxCommandOutputBytes: 64 * 1024,
};

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
  onEvent?: (event: HarnessEvent) => void;
  /** Folder for the audit log; default `<root>/.harness/audit`. */
  auditDir?: string;
  clock?: Clock;
  /** Extra text appended to the system prompt. */
  instructions?: string;
  /** Where the journal and checkpoints live; default `<root>/.harness`. */
  state?: StateStore;
  /** Shared between tasks running in one process, so two tasks never edit one file at once. */
  locks?: FileLockManager;
  verification?: VerificationOptions;
  /** Continue the task `taskId` from its journal instead of starting a new one. */
  resume?: boolean;
  /** Values (the API key) that must never reach a command, the audit log or the model. */
  secretValues?: string[];
  /** Model name, recorded in the journal. */
  modelName?: string;
  /** When the work does not pass verification, restore the task's first checkpoint (edits become `reverted`). */
  revertUnverified?: boolean;
  /** Checkpoint retention applied when the task ends; default DEFAULT_RETENTION (500 checkpoints, 256 MB). */
  retention?: { maxCount?: number; maxBytes?: number };
}

export interface VerificationOptions {
  commands: string[];
  /** Fix rounds after the first verification; default 2. */
  maxFixAttempts?: number;
  /** When checks run; default `afterTask`. */
  when?: 'afterTask' | 'afterEachBatch' | 'never';
  /** Editor only: diagnostics before and after the task. */
  diagnostics?: DiagnosticsProvider;
  commandTimeoutMs?: number;
}

export interface ToolCallRecord {
  id: string;
  tool: string;
  args: unknown;
  decision: PolicyDecision['decision'];
  reason: string;
  risk?: PolicyDecision['risk'];
  rule?: string;
  ok: boolean;
  error?: string;
  sandboxed?: boolean;
}

export interface EditRecord {
  path: string;
  status: EditStatus;
  proposalId: string;
  checkpointId?: string;
}

export interface TaskResult {
  status: TaskStatus;
  taskId: string;
  steps: number;
  toolCalls: ToolCallRecord[];
  edits: EditRecord[];
  verification: VerificationReport | null;
  usage: Usage;
  auditLog: string;
  /** The model's last message. */
  summary: string;
  error?: string;
}
