// What a task cost, in one place: the figure the endpoint or the price table put on the record
// (`usage.costUsd`) when there is one, else tokens × the model's price from a lookup (by default the
// built-in model table, model/model-table.ts), else unknown — never a guess.
import type { Usage } from '../shared/types';
import { findModelFamily, type Pricing } from '../model/model-table';
import { costUsd as priced } from '../model/pricing';

/** The price of a model by name, or undefined when it is not known. */
export type PriceLookup = (model: string) => Pricing | undefined;

/** The built-in table's list prices. */
export const tablePrices: PriceLookup = (model) => findModelFamily(model)?.pricing;

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** USD for `usage` on `model`; null when neither the record nor the lookup knows the price. */
export function costUsd(usage: Usage & { costUsd?: unknown }, model: string | undefined, prices: PriceLookup = tablePrices): number | null {
  if (finite(usage.costUsd)) return usage.costUsd;
  const price = model ? prices(model) : undefined;
  if (!price || !finite(price.input) || !finite(price.output)) return null;
  return priced(usage, price);
}
