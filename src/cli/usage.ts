// The CLI's side of the model profile and of usage: --context-window / --max-output-tokens over the
// user's settings file, the workspace's settings lowering only; tokens and cost for the report.
import { PROFILE_SETTING_KEYS, resolveModelProfile, type ResolvedProfile } from '../core/model/profile';
import { formatUsd } from '../core/model/pricing';
import type { Usage } from '../core/shared/types';
import { intFlag, type ParsedFlags } from './args';

export function modelProfileFor(model: string, flags: ParsedFlags, user: Record<string, unknown>, workspace: Record<string, unknown>): ResolvedProfile {
  const contextWindow = intFlag(flags, '--context-window', 1024, 100_000_000);
  const maxOutputTokens = intFlag(flags, '--max-output-tokens', 1, 10_000_000);
  return resolveModelProfile(model, {
    contextWindow: { user: contextWindow ?? user[PROFILE_SETTING_KEYS.contextWindow], workspace: workspace[PROFILE_SETTING_KEYS.contextWindow] },
    maxOutputTokens: { user: maxOutputTokens ?? user[PROFILE_SETTING_KEYS.maxOutputTokens], workspace: workspace[PROFILE_SETTING_KEYS.maxOutputTokens] },
    // Prices from the user's own settings only: a workspace could otherwise hide what a task costs.
    pricing: user[PROFILE_SETTING_KEYS.pricing],
  });
}

/** The --json report's usage: cached tokens and cost are null when the server or the price table did not say. */
export function usageJson(u: Usage): { promptTokens: number; completionTokens: number; cachedTokens: number | null; costUsd: number | null } {
  return { promptTokens: u.promptTokens, completionTokens: u.completionTokens, cachedTokens: u.cachedTokens ?? null, costUsd: u.costUsd ?? null };
}

/** "tokens 1200 in (800 cached) / 300 out, cost $0.0123 of $1.00". */
export function usageText(u: Usage, maxCostUsd?: number): string {
  const cached = u.cachedTokens !== undefined ? ` (${u.cachedTokens} cached)` : '';
  const budget = maxCostUsd !== undefined ? ` of ${formatUsd(maxCostUsd)}` : '';
  const cost = u.costUsd !== undefined ? `cost ${formatUsd(u.costUsd)}${budget}` : `cost unknown${budget ? ` (budget ${formatUsd(maxCostUsd!)} not enforced: no prices for this model)` : ''}`;
  return `tokens ${u.promptTokens} in${cached} / ${u.completionTokens} out, ${cost}`;
}
