// What a model call cost, from the tokens the server reported and the model's prices.
import type { Usage } from '../shared/types';
import type { Pricing } from './model-table';

/**
 * US dollars for one call. Cached prompt tokens are part of the prompt tokens (OpenAI's
 * `prompt_tokens_details.cached_tokens`) and are billed at the cached price instead.
 */
export function costUsd(usage: Usage, pricing: Pricing): number {
  const cached = Math.min(usage.cachedTokens ?? 0, usage.promptTokens);
  const fresh = usage.promptTokens - cached;
  const dollars = (fresh * pricing.input + cached * (pricing.cachedInput ?? pricing.input) + usage.completionTokens * pricing.output) / 1e6;
  // Micro-dollars: sums of many calls stay exact enough and the journal stays readable.
  return Math.round(dollars * 1e6) / 1e6;
}

/** The usage with its cost added, when the prices are known. */
export function withCost(usage: Usage, pricing: Pricing | undefined): Usage {
  const { costUsd: _old, ...rest } = usage;
  return pricing ? { ...rest, costUsd: costUsd(rest, pricing) } : rest;
}

/** "$0.0123", "$0.50", "$12.30": three significant digits under a dollar, so a small task's cost shows. */
export function formatUsd(n: number): string {
  if (!(n > 0) || n >= 1) return `$${Math.max(0, n).toFixed(2)}`;
  const text = String(Number(n.toPrecision(3)));
  const decimals = text.split('.')[1]?.length ?? 0;
  return `$${decimals < 2 ? n.toFixed(2) : text}`;
}
