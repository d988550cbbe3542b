// Limits and budgets every layer may need: the file tools read them, the loop enforces them, and
// both front ends build budgets from the same policy fields. The observation caps are defaults for a
// 128k-token window; a task on a smaller window gets smaller ones (context/budget.ts).

export interface Budgets {
  maxSteps: number;
  /** Total prompt + completion tokens. */
  maxTokens?: number;
  /** Wall-clock time for the whole task. */
  maxWallMs?: number;
  /** Spend on the model in US dollars (priced from the model's price table; unpriced models are not limited). */
  maxCostUsd?: number;
}

export interface Limits {
  maxFileBytes: number;
  maxListEntries: number;
  maxSearchResults: number;
  commandTimeoutMs: number;
  /** What a command's output is captured to (head and tail kept): what the task saves as its full output. */
  maxCommandOutputBytes: number;
  /** read_file returns at most this many lines per call; a longer file is read in pages with start_line. */
  maxReadLines: number;
  /** ...and at most this many bytes of text per call. */
  maxReadBytes: number;
  /** Command output, search results and listings reach the model cut to this many characters. */
  maxObservationChars: number;
  /** ripgrep for search_files (the editor's own, or rg on PATH); absent: the JavaScript search. */
  rgPath?: string;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxListEntries: 2000,
  maxSearchResults: 200,
  commandTimeoutMs: 60_000,
  maxCommandOutputBytes: 1024 * 1024,
  maxReadLines: 2000,
  maxReadBytes: 48 * 1024,
  maxObservationChars: 16_000,
};

/** A task's budgets from the policy's settings (steps, tokens, seconds); absent limits stay absent. */
export function budgetsFromPolicy(p: { maxSteps: number; maxTokens?: number; maxWallSeconds?: number; maxCostUsd?: number }): Budgets {
  return {
    maxSteps: p.maxSteps,
    ...(p.maxTokens ? { maxTokens: p.maxTokens } : {}),
    ...(p.maxWallSeconds ? { maxWallMs: p.maxWallSeconds * 1000 } : {}),
    ...(p.maxCostUsd ? { maxCostUsd: p.maxCostUsd } : {}),
  };
}
