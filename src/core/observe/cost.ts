// What a task cost, in one place: the figure the endpoint or the price table put on the record
// (`usage.costUsd`) when there is one, else tokens × the model's price from a lookup the caller
// passes (a price table), else unknown — never a guess.
import type { Usage } from '../shared/types';

/** USD per million tokens. `cachedInputPerMillion`: prompt tokens served from the server's cache. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  cachedInputPerMillion?: number;
}

/** The price of a model by name, or undefined when it is not known. */
export type PriceLookup = (model: string) => ModelPrice | undefined;

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** USD for `usage` on `model`; null when neither the record nor the lookup knows the price. */
export function costUsd(usage: Usage & { costUsd?: unknown }, model: string | undefined, prices?: PriceLookup): number | null {
  if (finite(usage.costUsd)) return usage.costUsd;
  const price = model && prices ? prices(model) : undefined;
  if (!price || !finite(price.inputPerMillion) || !finite(price.outputPerMillion)) return null;
  const cached = Math.min(usage.cachedTokens ?? 0, usage.promptTokens);
  const cachedPrice = finite(price.cachedInputPerMillion) ? price.cachedInputPerMillion : price.inputPerMillion;
  return ((usage.promptTokens - cached) * price.inputPerMillion + cached * cachedPrice + usage.completionTokens * price.outputPerMillion) / 1e6;
}
