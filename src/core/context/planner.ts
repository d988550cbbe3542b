// Decides, before a request, whether the conversation must be compacted and how: mask old
// observations in one batch; if that leaves too little room, summarize the oldest part too. Pure: the
// agent runs the summary call and records the result as one `context-compacted` event.
import type { ChatMessage } from '../model/types';
import type { TokenCounter } from '../model/tokens';
import { applyCompaction } from '../events/compaction';
import type { ContextBudget } from './budget';
import { planMasking, type OutcomeOf } from './masking';
import { planSummary, type SummaryRange } from './summary';

export interface CompactionInput {
  messages: readonly ChatMessage[];
  counter: TokenCounter;
  /** Tokens of the tool definitions sent with every request. */
  toolTokens: number;
  budget: ContextBudget;
  /** Server tokens per counted token (calibrationRatio). */
  ratio: number;
  outcomeOf: OutcomeOf;
  pinnedTools?: ReadonlySet<string>;
  /** After an overflow: compact whatever the count says, keeping only the newest turn whole. */
  force?: boolean;
}

export interface CompactionPlan {
  replaced: { index: number; message: ChatMessage }[];
  /** Set when masking is not enough: the part to summarize (positions after masking, which keeps them). */
  summary?: SummaryRange;
  /** The conversation after masking, for the summary call's transcript. */
  masked: ChatMessage[];
  tokensBefore: number;
  tokensAfterMasking: number;
}

/** The request's size in the server's tokens, as far as the calibration knows. */
export function requestTokens(messages: readonly ChatMessage[], counter: TokenCounter, toolTokens: number, ratio: number): number {
  return Math.ceil(counter.request(messages, toolTokens) * ratio);
}

export function planCompaction(input: CompactionInput): CompactionPlan | null {
  const { messages, counter, toolTokens, budget, ratio } = input;
  const before = requestTokens(messages, counter, toolTokens, ratio);
  if (!input.force && before <= budget.threshold) return null;
  const count = (m: ChatMessage) => counter.message(m);
  const mask = planMasking(messages, { count, keepRecentTokens: input.force ? 0 : budget.recent / ratio, outcomeOf: input.outcomeOf, ...(input.pinnedTools ? { pinnedTools: input.pinnedTools } : {}) });
  const masked = [...messages];
  applyCompaction(masked, { replaced: mask.replaced });
  const after = requestTokens(masked, counter, toolTokens, ratio);
  const summary = after > budget.goal ? planSummary(masked, count, after / ratio, budget.goal / ratio, mask.recentStart) : null;
  if (!mask.replaced.length && !summary) return null;
  return { replaced: mask.replaced, ...(summary ? { summary } : {}), masked, tokensBefore: before, tokensAfterMasking: after };
}
