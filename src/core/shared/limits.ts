// Limits and budgets every layer may need: the file tools read them, the loop enforces them, and
// both front ends build budgets from the same policy fields.

export interface Budgets {
  maxSteps: number;
  /** Total prompt + completion tokens. */
  maxTokens?: number;
  /** Wall-clock time for the whole task. */
  maxWallMs?: number;
}

export interface Limits {
  maxFileBytes: number;
  maxListEntries: number;
  maxSearchResults: number;
  commandTimeoutMs: number;
  maxCommandOutputBytes: number;
  /** ripgrep for search_files (the editor's own, or rg on PATH); absent: the JavaScript search. */
  rgPath?: string;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxListEntries: 2000,
  maxSearchResults: 200,
  commandTimeoutMs: 60_000,
  maxCommandOutputBytes: 64 * 1024,
};

/** A task's budgets from the policy's settings (steps, tokens, seconds); absent limits stay absent. */
export function budgetsFromPolicy(p: { maxSteps: number; maxTokens?: number; maxWallSeconds?: number }): Budgets {
  return {
    maxSteps: p.maxSteps,
    ...(p.maxTokens ? { maxTokens: p.maxTokens } : {}),
    ...(p.maxWallSeconds ? { maxWallMs: p.maxWallSeconds * 1000 } : {}),
  };
}
