// How many tokens a task's requests may take, from its model profile: the window less the room kept
// for the answer, and the marks at which the conversation is compacted and to which it is brought.
// Also how big one observation may be, so a small window is not filled by a single file.
import type { Limits } from '../shared/limits';
import { DEFAULT_LIMITS } from '../shared/limits';
import type { ModelProfile } from '../model/profile';

/** Compaction starts when the next request would pass this share of the prompt room. */
export const THRESHOLD_SHARE = 0.7;
/** A compaction aims to bring the request under this share (masking first, then a summary). */
export const GOAL_SHARE = 0.5;
/** The newest observations stay whole up to this share (the most recent one always does). */
export const RECENT_SHARE = 0.25;
/** The answer's room is the model's longest answer, but never more than this share of the window. */
const RESERVE_SHARE = 0.25;

export interface ContextBudget {
  /** The window in force: the profile's, or the server's when an overflow said it is smaller. */
  window: number;
  /** Kept free for the answer. */
  reserve: number;
  /** Most tokens a request may have. */
  prompt: number;
  threshold: number;
  goal: number;
  recent: number;
}

export function contextBudget(profile: Pick<ModelProfile, 'contextWindow' | 'maxOutputTokens' | 'maxInputTokens'>, serverWindow?: number): ContextBudget {
  const window = Math.max(1024, Math.min(profile.contextWindow, serverWindow ?? Infinity));
  const reserve = Math.min(profile.maxOutputTokens, Math.floor(window * RESERVE_SHARE));
  const prompt = Math.min(window - reserve, profile.maxInputTokens ?? Infinity);
  return {
    window,
    reserve,
    prompt,
    threshold: Math.floor(prompt * THRESHOLD_SHARE),
    goal: Math.floor(prompt * GOAL_SHARE),
    recent: Math.floor(prompt * RECENT_SHARE),
  };
}

/** Characters per token assumed when turning a token share into a character cap (code-heavy text). */
const CHARS_PER_TOKEN = 3.5;

/**
 * Observation caps for a window: one read_file page at most ~15% of the prompt room, one command's
 * output at most ~10%, never above the defaults (sized for 128k) and never uselessly small.
 */
export function observationLimits(budget: Pick<ContextBudget, 'prompt'>): Pick<Limits, 'maxReadBytes' | 'maxObservationChars'> {
  const chars = (share: number) => budget.prompt * share * CHARS_PER_TOKEN;
  return {
    maxReadBytes: Math.max(4096, Math.min(DEFAULT_LIMITS.maxReadBytes, Math.floor(chars(0.15) / 1024) * 1024)),
    maxObservationChars: Math.max(2000, Math.min(DEFAULT_LIMITS.maxObservationChars, Math.floor(chars(0.1) / 1000) * 1000)),
  };
}

/**
 * The ratio of the server's prompt tokens to our counts over the task so far (a running ratio, so
 * the big requests weigh most). 1 until there is enough to go on; bounded, so one odd report cannot
 * make the harness send nothing or everything.
 */
export function calibrationRatio(c: { estimated: number; reported: number }): number {
  if (c.estimated < 500 || c.reported <= 0) return 1;
  return Math.min(3, Math.max(0.5, c.reported / c.estimated));
}
