// What a failing command's output says, once a runner's format is recognised: the failures with
// their titles, assertion messages and workspace locations, and the runner's own summary counts.

export type RunnerName = 'mocha' | 'jest' | 'vitest' | 'node-test' | 'tap' | 'pytest' | 'go' | 'cargo' | 'tsc' | 'eslint';

export interface FailedTest {
  /** The test's full title (suites joined with " > "), or for tsc/eslint/cargo build the error's location and code. */
  title: string;
  /** The assertion message with expected/actual or the diff, as the runner printed it (no colour codes). */
  message: string;
  /** The first stack frame inside the workspace, workspace-relative. */
  file?: string;
  line?: number;
  /** What the runner's filter takes to rerun only this test, when that is not the title (pytest node id, go -run pattern). */
  rerunKey?: string;
}

export interface Extraction {
  runner: RunnerName;
  /** What a failure is called in the feedback: "failing test", "type error", "lint error", "build error". */
  noun: string;
  failures: FailedTest[];
  /** How many failed by the runner's own count; at least `failures.length`. */
  failedCount: number;
  /** The runner's summary lines as printed ("57 passing (17ms)", "3 failing"). */
  summary: string[];
  /** Line ranges [start, end) the failures and the summary were read from, so the rest of the output can be shown without them. */
  shown?: [number, number][];
}

/** One output prepared for the parsers: colour codes gone, terminal rewrites applied, split into lines. */
export interface ParseInput {
  lines: string[];
  /** Absolute workspace root, to tell the workspace's stack frames from the runner's and the libraries'. */
  root?: string;
}

export type Parser = (input: ParseInput) => Extraction | undefined;
