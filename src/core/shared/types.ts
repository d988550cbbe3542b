// Shared vocabulary of the harness core. Pure types: no runtime code, no `vscode` import.
// The CLI, the editor adapter and the tests all speak in these terms.

export type AutomationLevel = 1 | 2 | 3 | 4;
export type RiskClass = 'low' | 'medium' | 'high' | 'critical';
export type DecisionKind = 'allow' | 'ask' | 'deny';
export type ToolName =
  | 'read_file'
  | 'list_files'
  | 'search_files'
  | 'write_file'
  | 'edit_file'
  | 'delete_file'
  | 'run_command'
  | 'ask_user';

/** A user-written rule. Fields left out match anything; `command` is a prefix/glob on whole words. */
export interface PolicyRule {
  action: DecisionKind;
  tool?: string;
  /** Glob on the workspace-relative path (`src/**`, `*.md`). */
  path?: string;
  /** Command prefix or glob, matched on whole words (`npm test`, `npm run lint:*`, `git diff *`). */
  command?: string;
  /** Where the rule came from, for the audit log (`user`, `workspace`, `builtin`, `cli`). */
  source?: string;
  /**
   * A user rule for one workspace folder only (absolute path): "Always allow" writes these to the
   * user's settings. Read only from the user's own settings; the policy merge drops it elsewhere.
   */
  folder?: string;
}

export interface PolicyConfig {
  automationLevel: AutomationLevel;
  rules: PolicyRule[];
  /** Globs on workspace-relative paths that are never written without a human. */
  protectedPaths: string[];
  /** Whether sandboxed commands may reach the network. */
  allowNetwork?: boolean;
  /** `auto`: sandbox when bwrap exists; `required`: refuse to run without it; `off`: never sandbox. */
  sandbox?: 'auto' | 'required' | 'off';
  /** Names of environment variables passed to commands even though they look like credentials. */
  envAllowList?: string[];
  /**
   * The user's own opt-in (never a workspace's): without a sandbox, level 4 runs commands unasked
   * anyway, as if the classifier were enough. Off by default.
   */
  unsandboxedAutonomy?: boolean;
}

/** One parsed piece of a shell command line and how the rules judged it. */
export interface CommandPartDecision {
  text: string;
  decision: DecisionKind;
  risk: RiskClass;
  rule?: string;
  reason: string;
}

export interface PolicyDecision {
  decision: DecisionKind;
  risk: RiskClass;
  /** The rule that decided, written as text (`allow command "npm test" (workspace)`), or a built-in name. */
  rule?: string;
  reason: string;
  /** For run_command: the parsed parts. */
  parts?: CommandPartDecision[];
  /** For run_command: whether it runs inside the enforcing sandbox, and why (or why not). */
  regime?: { sandboxed: boolean; reason: string };
}

/** A tool call as the policy sees it. `path` is workspace-relative and already normalised when present. */
export interface PolicyQuery {
  tool: string;
  path?: string;
  command?: string;
  /** Workspace-relative real path when links lead elsewhere: judged as well as `path`, the stricter wins. */
  realPath?: string;
  /** True when the target resolved outside the workspace (always critical). */
  outside?: boolean;
  /** Whether the file exists (delete of a missing file is still critical). */
  exists?: boolean;
}

export interface Hunk {
  index: number;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Lines with their ' ', '-', '+' prefix, as in a unified diff. */
  lines: string[];
}

/** An edit the model proposes. Nothing touches the disk until an approver (or the policy) says so. */
export interface Proposal {
  id: string;
  taskId: string;
  toolCallId: string;
  path: string; // workspace-relative, forward slashes
  kind: 'create' | 'modify' | 'delete';
  before: string | null; // null when the file does not exist
  after: string | null; // null for a delete
  /** sha256 of `before` (or 'absent'), so a stale proposal can be told from a fresh one. */
  beforeHash: string;
  diff: string;
  hunks: Hunk[];
}

export type ApprovalRequest =
  | { kind: 'edit'; taskId: string; toolCallId: string; proposal: Proposal; decision: PolicyDecision }
  | { kind: 'command'; taskId: string; toolCallId: string; command: string; cwd: string; decision: PolicyDecision }
  | { kind: 'tool'; taskId: string; toolCallId: string; tool: string; args: unknown; decision: PolicyDecision };

export interface ApprovalResult {
  approved: boolean;
  /** Who answered: `user`, `cli:accept`, `cli:reject`, `policy`. */
  by: string;
  reason?: string;
  /** For edits reviewed per hunk: the indices of the accepted hunks. Absent means all (if approved) or none. */
  acceptedHunks?: number[];
  /** Reasons given for rejected hunks, by hunk index. */
  rejectedReasons?: Record<number, string>;
  /** The user added an allow rule from the approval ("Always allow this command"). */
  addRule?: PolicyRule;
  /** Not applied because the file changed while the approval waited (never overwrite the user's change). */
  stale?: boolean;
}

/** A question the model puts to the person (the ask_user tool). */
export interface UserQuestion {
  taskId: string;
  toolCallId: string;
  question: string;
  /** Answers the model suggests; the person may still answer in their own words. */
  options?: string[];
}

/** `answer` absent: nobody could answer (no human at the terminal, no --answer left). */
export interface UserAnswer {
  answer?: string;
  /** Who answered: `user`, `cli:--answer`, or who found nobody (`cli`, `harness`). */
  by: string;
}

/** Asks a human (or a stand-in) about a call the policy did not allow outright. */
export interface Approver {
  request(req: ApprovalRequest, signal: AbortSignal): Promise<ApprovalResult>;
  /** Puts the model's question to the person. Without it the model hears that no one can answer. */
  ask?(question: UserQuestion, signal: AbortSignal): Promise<UserAnswer>;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens the server served from its prompt cache, when it says so. */
  cachedTokens?: number;
  /** What the tokens cost in US dollars, when the model's prices are known. */
  costUsd?: number;
}

/** What the status bar, the progress notification and the panel follow. */
export type TaskPhase =
  | 'idle'
  | 'thinking'
  | 'running-tool'
  | 'waiting-approval'
  | 'waiting-answer'
  | 'verifying'
  | 'done'
  | 'failed'
  | 'cancelled';

export type TaskStatus = 'completed' | 'failed' | 'cancelled' | 'budget_exceeded' | 'error';

export type EditStatus = 'applied' | 'rejected' | 'reverted' | 'stale';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/**
 * What became of one check. `skipped`: it does not apply here (diagnostics outside the editor) and
 * counts neither way. `not_run`: it should have run and did not (the policy or a person did not let
 * the command run, or the task was cancelled), so the work is not verified.
 */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'not_run';

/** A failing test (or type or lint error) a runner named in a check's output. */
export interface CheckFailure {
  test: string;
  /** The assertion message with expected/actual or the diff. */
  message: string;
  /** The first stack frame inside the workspace, workspace-relative. */
  file?: string;
  line?: number;
}

export interface CheckResult {
  name: string;
  status: CheckStatus;
  /** True only when the check ran and passed (`status: 'passed'`): a check that did not run never passes. */
  passed: boolean;
  severity: Severity;
  summary: string;
  details?: string;
  file?: string;
  line?: number;
  /** The check did not run (`status` is `skipped` or `not_run`); `summary` says why. */
  skipped?: boolean;
  /** For a failing command: the failures its runner named, in order (at most MAX_CHECK_FAILURES). */
  failures?: CheckFailure[];
  /**
   * A failure the model cannot fix with an edit (it claims done although the user rejected its
   * edits): no fix round is spent on it; it leaves the task for a human to review.
   */
  forHuman?: boolean;
}

export type Verdict = 'verified' | 'failed_verification' | 'needs_review' | 'not_run';

export interface VerificationReport {
  verdict: Verdict;
  rounds: { checks: CheckResult[] }[];
}
