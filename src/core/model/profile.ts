// A task's model profile: how many tokens fit its context window, how long an answer may be, what a
// token costs and how tokens are counted. From the model table, overridden by the user's settings
// (harness.modelProfile.*, or the CLI's --context-window / --max-output-tokens);
// a workspace's settings may only lower the limits (more room claimed means more tokens sent and
// paid for), and never change prices (they drive the cost budget).
import { findModelFamily, type Pricing } from './model-table';

export type { Pricing } from './model-table';

/** Used when the model is not in the table and nobody said: a window most current models have. */
export const FALLBACK_CONTEXT_WINDOW = 128_000;
export const FALLBACK_MAX_OUTPUT_TOKENS = 8192;

export interface ModelProfile {
  model: string;
  /** The table's family, when the name matched one. */
  family?: string;
  contextWindow: number;
  maxOutputTokens: number;
  maxInputTokens?: number;
  /** Absent: the price is unknown and so is the cost. */
  pricing?: Pricing;
  tokenizer?: 'o200k';
}

/**
 * The settings keys under `harness.` (editor and CLI alike). Not `harness.model.*`: `harness.model`
 * is the model name, and VS Code cannot hold a setting and settings under it at once.
 */
export const PROFILE_SETTING_KEYS = {
  contextWindow: 'modelProfile.contextWindow',
  maxOutputTokens: 'modelProfile.maxOutputTokens',
  pricing: 'modelProfile.pricing',
} as const;

/** A setting's value from the user (settings or CLI flags) and from the workspace's settings file. */
export interface SettingLayers {
  user?: unknown;
  workspace?: unknown;
}

export interface ProfileSettings {
  contextWindow?: SettingLayers;
  maxOutputTokens?: SettingLayers;
  /** The user's `harness.modelProfile.pricing`: model name (or its start) → prices per 1M tokens. */
  pricing?: unknown;
}

export interface ResolvedProfile {
  profile: ModelProfile;
  /** One line per ignored value, saying what to fix. */
  warnings: string[];
}

const positiveInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
const price = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/** One limit: the user's value (or the table's) unless the workspace asks for less. */
function limit(key: string, table: number, layers: SettingLayers | undefined, warnings: string[]): number {
  const bad = (where: string, v: unknown) => warnings.push(`Ignored harness.modelProfile.${key} in ${where} settings (${JSON.stringify(v)}): use a positive whole number of tokens.`);
  let value = table;
  if (layers?.user !== undefined && layers.user !== null) {
    const u = positiveInt(layers.user);
    if (u === undefined) bad('user', layers.user);
    else value = u;
  }
  if (layers?.workspace !== undefined && layers.workspace !== null) {
    const w = positiveInt(layers.workspace);
    if (w === undefined) bad('workspace', layers.workspace);
    else if (w <= value) value = w;
    else warnings.push(`Ignored harness.modelProfile.${key} = ${w} from the workspace settings: a workspace may lower it (now ${value}), not raise it. Set it in your user settings instead.`);
  }
  return value;
}

/** The user's price override for `model`: an exact key, else the longest key the name starts with. */
export function pricingOverride(raw: unknown, model: string, warnings: string[] = []): Pricing | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    warnings.push('Ignored harness.modelProfile.pricing: use an object like {"my-model": {"input": 0.5, "cachedInput": 0.25, "output": 1.5}} (US dollars per million tokens).');
    return undefined;
  }
  const name = model.trim().toLowerCase();
  const keys = Object.keys(raw).filter((k) => name === k.toLowerCase() || name.startsWith(k.toLowerCase()));
  const key = keys.sort((a, b) => b.length - a.length)[0];
  if (key === undefined) return undefined;
  const v = (raw as Record<string, unknown>)[key] as Record<string, unknown> | null;
  const input = price(v?.input);
  const output = price(v?.output);
  const cached = v?.cachedInput === undefined ? undefined : price(v.cachedInput);
  if (input === undefined || output === undefined || (v?.cachedInput !== undefined && cached === undefined)) {
    warnings.push(`Ignored harness.modelProfile.pricing["${key}"]: give "input" and "output" (and optionally "cachedInput") as non-negative US dollars per million tokens.`);
    return undefined;
  }
  return { input, output, ...(cached !== undefined ? { cachedInput: cached } : {}) };
}

export function resolveModelProfile(model: string, settings: ProfileSettings = {}): ResolvedProfile {
  const warnings: string[] = [];
  const family = findModelFamily(model);
  const contextWindow = limit('contextWindow', family?.contextWindow ?? FALLBACK_CONTEXT_WINDOW, settings.contextWindow, warnings);
  const maxOutputTokens = limit('maxOutputTokens', family?.maxOutputTokens ?? FALLBACK_MAX_OUTPUT_TOKENS, settings.maxOutputTokens, warnings);
  const pricing = pricingOverride(settings.pricing, model, warnings) ?? family?.pricing;
  return {
    profile: {
      model,
      ...(family ? { family: family.family } : {}),
      contextWindow,
      maxOutputTokens: Math.min(maxOutputTokens, contextWindow),
      ...(family?.maxInputTokens !== undefined ? { maxInputTokens: Math.min(family.maxInputTokens, contextWindow) } : {}),
      ...(pricing ? { pricing } : {}),
      ...(family?.tokenizer ? { tokenizer: family.tokenizer } : {}),
    },
    warnings,
  };
}

/** The profile a task runs with: the one handed in, else the table's for its model name. */
export function taskProfile(opts: { modelProfile?: ModelProfile; modelName?: string }): ModelProfile {
  return opts.modelProfile ?? resolveModelProfile(opts.modelName ?? '').profile;
}
