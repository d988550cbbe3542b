// Vocabulary of the verification subsystem: what the loop hands in, what comes back.
import type { CheckFailure, CheckResult, CheckStatus, Severity } from '../shared/types';

export type { CheckFailure, CheckResult, CheckStatus, Severity };

/** The parts of a command outcome a check needs; `runCommand` from core/commands returns a superset. */
export interface CommandOutcomeLike {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
  cancelled: boolean;
  omittedBytes?: number;
  durationMs?: number;
  sandboxed?: boolean;
}

/** One editor diagnostic, workspace-relative path, 1-based line. */
export interface Diag {
  path: string;
  line: number;
  message: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  source?: string;
  code?: string;
}

/** Editor-only: the diagnostics for the touched files before the task and now. */
export interface DiagnosticsProvider {
  before(paths: string[]): Promise<Diag[]>;
  after(paths: string[]): Promise<Diag[]>;
}

/** A file the task changed; `before`/`after` are null when the file did not exist / was deleted. */
export interface TouchedFile {
  path: string;
  before: string | null;
  after: string | null;
}

export interface VerifyCommand {
  command: string;
  timeoutMs?: number;
}

export interface VerifyInput {
  root: string;
  touched: TouchedFile[];
  commands: VerifyCommand[];
  /** Runs a command the same way as the run_command tool (sandbox, env scrubbing, output cap). */
  runCommand: (command: string, timeoutMs?: number) => Promise<CommandOutcomeLike>;
  /** The policy's answer; only `allowed: true` commands run. */
  commandAllowed: (command: string) => Promise<{ allowed: boolean; reason: string }>;
  /** Absent in the CLI: the diagnostics check is then reported as skipped. */
  diagnostics?: DiagnosticsProvider;
  /** Paths whose latest proposed edit was rejected (so the file is not as the model thinks). */
  rejectedPaths: string[];
  /** The model's last message, checked for a "done" claim. */
  finalMessage: string;
  signal?: AbortSignal;
}

/** Where a finding sits in a file. */
export interface Finding {
  path: string;
  line: number;
  text: string;
}
