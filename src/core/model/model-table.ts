// What the harness knows about common model families: context window, longest answer, and list
// prices in US dollars per million tokens (input, cached input, output). Used when the endpoint does
// not say (it never does), overridable per user with harness.modelProfile.contextWindow, .maxOutputTokens and
// .pricing. Prices are the providers' published list prices (2025); models served locally or by many
// providers at different prices (llama, qwen, open mistral models) have none, so their cost is unknown.

export interface Pricing {
  /** USD per 1M prompt tokens. */
  input: number;
  /** USD per 1M prompt tokens served from the provider's prompt cache (default: the input price). */
  cachedInput?: number;
  /** USD per 1M completion tokens. */
  output: number;
}

export interface ModelFamily {
  /** Short name of the family, shown in messages. */
  family: string;
  /** Matched against the normalized model name (see normalizeModelName). First match wins. */
  match: RegExp;
  contextWindow: number;
  maxOutputTokens: number;
  /** Some APIs take fewer prompt tokens than window − output (gpt-5: 272k in, 128k out). */
  maxInputTokens?: number;
  pricing?: Pricing;
  /** The model's own tokenizer, when a bundled one is exact for it. */
  tokenizer?: 'o200k';
}

const p = (input: number, cachedInput: number | undefined, output: number): Pricing => ({ input, ...(cachedInput !== undefined ? { cachedInput } : {}), output });
const K = 1024;

/** More specific names first: `gpt-4o-mini` before `gpt-4o`, `o3-mini` before `o3`. */
export const MODEL_FAMILIES: readonly ModelFamily[] = [
  // OpenAI (o200k tokenizer)
  { family: 'gpt-5-nano', match: /^gpt-5-nano/, contextWindow: 400_000, maxOutputTokens: 128_000, maxInputTokens: 272_000, pricing: p(0.05, 0.005, 0.4), tokenizer: 'o200k' },
  { family: 'gpt-5-mini', match: /^gpt-5-mini/, contextWindow: 400_000, maxOutputTokens: 128_000, maxInputTokens: 272_000, pricing: p(0.25, 0.025, 2), tokenizer: 'o200k' },
  { family: 'gpt-5', match: /^gpt-5/, contextWindow: 400_000, maxOutputTokens: 128_000, maxInputTokens: 272_000, pricing: p(1.25, 0.125, 10), tokenizer: 'o200k' },
  { family: 'gpt-4.1-nano', match: /^gpt-4-1-nano/, contextWindow: 1_047_576, maxOutputTokens: 32_768, pricing: p(0.1, 0.025, 0.4), tokenizer: 'o200k' },
  { family: 'gpt-4.1-mini', match: /^gpt-4-1-mini/, contextWindow: 1_047_576, maxOutputTokens: 32_768, pricing: p(0.4, 0.1, 1.6), tokenizer: 'o200k' },
  { family: 'gpt-4.1', match: /^gpt-4-1(?!\d)/, contextWindow: 1_047_576, maxOutputTokens: 32_768, pricing: p(2, 0.5, 8), tokenizer: 'o200k' },
  { family: 'gpt-4o-mini', match: /^gpt-4o-mini/, contextWindow: 128_000, maxOutputTokens: 16_384, pricing: p(0.15, 0.075, 0.6), tokenizer: 'o200k' },
  { family: 'gpt-4o', match: /^(chatgpt-)?gpt-4o/, contextWindow: 128_000, maxOutputTokens: 16_384, pricing: p(2.5, 1.25, 10), tokenizer: 'o200k' },
  { family: 'gpt-4-turbo', match: /^gpt-4-turbo|^gpt-4-\d{4}-preview/, contextWindow: 128_000, maxOutputTokens: 4096, pricing: p(10, undefined, 30), tokenizer: 'o200k' },
  { family: 'gpt-4', match: /^gpt-4(-0\d{3})?$/, contextWindow: 8192, maxOutputTokens: 4096, pricing: p(30, undefined, 60), tokenizer: 'o200k' },
  { family: 'gpt-3.5-turbo', match: /^gpt-3-5-turbo/, contextWindow: 16_385, maxOutputTokens: 4096, pricing: p(0.5, undefined, 1.5), tokenizer: 'o200k' },
  { family: 'gpt-oss', match: /^gpt-oss/, contextWindow: 131_072, maxOutputTokens: 32_768, tokenizer: 'o200k' },
  { family: 'o4-mini', match: /^o4-mini/, contextWindow: 200_000, maxOutputTokens: 100_000, pricing: p(1.1, 0.275, 4.4), tokenizer: 'o200k' },
  { family: 'o3-mini', match: /^o3-mini/, contextWindow: 200_000, maxOutputTokens: 100_000, pricing: p(1.1, 0.55, 4.4), tokenizer: 'o200k' },
  { family: 'o3', match: /^o3(-\d{4}|$)/, contextWindow: 200_000, maxOutputTokens: 100_000, pricing: p(2, 0.5, 8), tokenizer: 'o200k' },
  { family: 'o1-mini', match: /^o1-mini/, contextWindow: 128_000, maxOutputTokens: 65_536, pricing: p(1.1, 0.55, 4.4), tokenizer: 'o200k' },
  { family: 'o1', match: /^o1(-\d{4}|-preview|$)/, contextWindow: 200_000, maxOutputTokens: 100_000, pricing: p(15, 7.5, 60), tokenizer: 'o200k' },
  // Anthropic, as OpenRouter and compatible gateways name them (cached input = cache reads)
  { family: 'claude-opus-4.5', match: /^claude-opus-4-5/, contextWindow: 200_000, maxOutputTokens: 64_000, pricing: p(5, 0.5, 25) },
  { family: 'claude-opus-4', match: /^claude-opus-4|^claude-4-opus/, contextWindow: 200_000, maxOutputTokens: 32_000, pricing: p(15, 1.5, 75) },
  { family: 'claude-sonnet-4', match: /^claude-sonnet-4|^claude-4-sonnet/, contextWindow: 200_000, maxOutputTokens: 64_000, pricing: p(3, 0.3, 15) },
  { family: 'claude-haiku-4.5', match: /^claude-haiku-4-5/, contextWindow: 200_000, maxOutputTokens: 64_000, pricing: p(1, 0.1, 5) },
  { family: 'claude-3.7-sonnet', match: /^claude-3-7-sonnet/, contextWindow: 200_000, maxOutputTokens: 64_000, pricing: p(3, 0.3, 15) },
  { family: 'claude-3.5-sonnet', match: /^claude-3-5-sonnet/, contextWindow: 200_000, maxOutputTokens: 8192, pricing: p(3, 0.3, 15) },
  { family: 'claude-3.5-haiku', match: /^claude-3-5-haiku/, contextWindow: 200_000, maxOutputTokens: 8192, pricing: p(0.8, 0.08, 4) },
  { family: 'claude-3-opus', match: /^claude-3-opus/, contextWindow: 200_000, maxOutputTokens: 4096, pricing: p(15, 1.5, 75) },
  { family: 'claude-3-haiku', match: /^claude-3-haiku/, contextWindow: 200_000, maxOutputTokens: 4096, pricing: p(0.25, 0.03, 1.25) },
  // Google
  { family: 'gemini-2.5-pro', match: /^gemini-2-5-pro/, contextWindow: 1_048_576, maxOutputTokens: 65_536, pricing: p(1.25, 0.31, 10) },
  { family: 'gemini-2.5-flash-lite', match: /^gemini-2-5-flash-lite/, contextWindow: 1_048_576, maxOutputTokens: 65_536, pricing: p(0.1, 0.025, 0.4) },
  { family: 'gemini-2.5-flash', match: /^gemini-2-5-flash/, contextWindow: 1_048_576, maxOutputTokens: 65_536, pricing: p(0.3, 0.075, 2.5) },
  { family: 'gemini-2.0-flash', match: /^gemini-2-0-flash/, contextWindow: 1_048_576, maxOutputTokens: 8192, pricing: p(0.1, 0.025, 0.4) },
  { family: 'gemini-1.5-pro', match: /^gemini-1-5-pro/, contextWindow: 2_097_152, maxOutputTokens: 8192, pricing: p(1.25, 0.3125, 5) },
  { family: 'gemini-1.5-flash', match: /^gemini-1-5-flash/, contextWindow: 1_048_576, maxOutputTokens: 8192, pricing: p(0.075, 0.01875, 0.3) },
  // DeepSeek's own API (V3.2 prices); local deepseek-r1 / coder builds are unpriced
  { family: 'deepseek-chat', match: /^deepseek-chat|^deepseek-v3/, contextWindow: 128 * K, maxOutputTokens: 8192, pricing: p(0.28, 0.028, 0.42) },
  { family: 'deepseek-reasoner', match: /^deepseek-reasoner/, contextWindow: 128 * K, maxOutputTokens: 64 * K, pricing: p(0.28, 0.028, 0.42) },
  { family: 'deepseek-r1', match: /^deepseek-r1/, contextWindow: 128 * K, maxOutputTokens: 32 * K },
  { family: 'deepseek-coder', match: /^deepseek-coder/, contextWindow: 128 * K, maxOutputTokens: 8192 },
  // Mistral's API
  { family: 'codestral', match: /^codestral/, contextWindow: 256_000, maxOutputTokens: 8192, pricing: p(0.3, undefined, 0.9) },
  { family: 'devstral', match: /^devstral/, contextWindow: 128_000, maxOutputTokens: 8192, pricing: p(0.1, undefined, 0.3) },
  { family: 'mistral-large', match: /^mistral-large/, contextWindow: 128_000, maxOutputTokens: 8192, pricing: p(2, undefined, 6) },
  { family: 'mistral-medium', match: /^mistral-medium/, contextWindow: 128_000, maxOutputTokens: 8192, pricing: p(0.4, undefined, 2) },
  { family: 'mistral-small', match: /^mistral-small/, contextWindow: 32 * K, maxOutputTokens: 8192, pricing: p(0.1, undefined, 0.3) },
  { family: 'mistral-nemo', match: /^mistral-nemo|^open-mistral-nemo/, contextWindow: 128 * K, maxOutputTokens: 8192 },
  { family: 'mixtral', match: /^mixtral/, contextWindow: 32 * K, maxOutputTokens: 4096 },
  { family: 'mistral', match: /^mistral(-7b)?(-instruct)?($|-v)/, contextWindow: 32 * K, maxOutputTokens: 4096 },
  // Meta Llama (served by Ollama, vLLM or gateways at their own prices)
  { family: 'llama-4', match: /^llama-?4/, contextWindow: 1_048_576, maxOutputTokens: 16_384 },
  { family: 'llama-3.1+', match: /^(meta-)?llama-?3-[123]/, contextWindow: 128 * K, maxOutputTokens: 8192 },
  { family: 'llama-3', match: /^(meta-)?llama-?3/, contextWindow: 8192, maxOutputTokens: 2048 },
  { family: 'codellama', match: /^codellama/, contextWindow: 16 * K, maxOutputTokens: 4096 },
  // Qwen
  { family: 'qwen3-coder', match: /^qwen-?3-coder/, contextWindow: 256 * K, maxOutputTokens: 64 * K },
  { family: 'qwen3', match: /^qwen-?3/, contextWindow: 40 * K, maxOutputTokens: 32 * K },
  { family: 'qwq', match: /^qwq/, contextWindow: 128 * K, maxOutputTokens: 32 * K },
  { family: 'qwen2.5', match: /^qwen-?2-5/, contextWindow: 32 * K, maxOutputTokens: 8192 },
  { family: 'qwen', match: /^qwen/, contextWindow: 32 * K, maxOutputTokens: 8192 },
];

/**
 * The family part of a model name as endpoints spell it: lower case, without a gateway's `vendor/`
 * prefix (OpenRouter, Hugging Face ids), an Ollama `:tag` or an OpenRouter `:free` suffix, and with
 * dots as dashes, so `anthropic/claude-3.5-sonnet`, `claude-3-5-sonnet-20241022` and
 * `llama3.1:8b` meet the table's patterns.
 */
export function normalizeModelName(name: string): string {
  const last = name.trim().toLowerCase().split('/').pop() ?? '';
  return last.replace(/:.*$/, '').replace(/\./g, '-');
}

export function findModelFamily(name: string): ModelFamily | undefined {
  const norm = normalizeModelName(name);
  return norm ? MODEL_FAMILIES.find((f) => f.match.test(norm)) : undefined;
}
