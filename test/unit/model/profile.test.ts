// Model profiles: the table knows common families under the names endpoints use; the user's settings
// override it; a workspace may lower the limits only and never sets prices; cost from the prices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FALLBACK_CONTEXT_WINDOW, resolveModelProfile } from '../../../src/core/model/profile';
import { costUsd, formatUsd, withCost } from '../../../src/core/model/pricing';

const of = (name: string) => resolveModelProfile(name).profile;

test('common families are found under the names OpenAI, OpenRouter, Ollama and Hugging Face use', () => {
  const cases: [string, string, number][] = [
    ['gpt-4o', 'gpt-4o', 128_000],
    ['openai/gpt-4o-mini', 'gpt-4o-mini', 128_000],
    ['gpt-4o-2024-08-06', 'gpt-4o', 128_000],
    ['gpt-4.1-mini', 'gpt-4.1-mini', 1_047_576],
    ['gpt-4-1106-preview', 'gpt-4-turbo', 128_000],
    ['gpt-5', 'gpt-5', 400_000],
    ['o3-mini', 'o3-mini', 200_000],
    ['o4-mini-2025-04-16', 'o4-mini', 200_000],
    ['anthropic/claude-3.5-sonnet', 'claude-3.5-sonnet', 200_000],
    ['claude-3-5-sonnet-20241022', 'claude-3.5-sonnet', 200_000],
    ['anthropic/claude-sonnet-4.5', 'claude-sonnet-4', 200_000],
    ['google/gemini-2.5-pro', 'gemini-2.5-pro', 1_048_576],
    ['llama3.1:8b', 'llama-3.1+', 131_072],
    ['meta-llama/Llama-3.3-70B-Instruct', 'llama-3.1+', 131_072],
    ['llama3:8b', 'llama-3', 8192],
    ['qwen2.5-coder:32b', 'qwen2.5', 32_768],
    ['Qwen/Qwen3-Coder-480B-A35B-Instruct', 'qwen3-coder', 262_144],
    ['mistral-large-latest', 'mistral-large', 128_000],
    ['deepseek-chat', 'deepseek-chat', 131_072],
  ];
  for (const [name, family, window] of cases) {
    const p = of(name);
    assert.equal(p.family, family, name);
    assert.equal(p.contextWindow, window, name);
  }
  assert.equal(of('gpt-4o').tokenizer, 'o200k', 'OpenAI models are counted with their own tokenizer');
  assert.equal(of('llama3.1:8b').tokenizer, undefined, 'others are estimated');
  assert.deepEqual(of('gpt-4o').pricing, { input: 2.5, cachedInput: 1.25, output: 10 });
  assert.equal(of('llama3.1:8b').pricing, undefined, 'a locally served model has no price');
});

test('an unknown model falls back to a 128k window, no price and the estimate', () => {
  const p = of('my-finetune-v3');
  assert.equal(p.family, undefined);
  assert.equal(p.contextWindow, FALLBACK_CONTEXT_WINDOW);
  assert.equal(p.pricing, undefined);
  assert.equal(p.tokenizer, undefined);
});

test('the user overrides the limits; a workspace may lower them and is ignored, with a warning, when it raises them', () => {
  const user = resolveModelProfile('gpt-4o', { contextWindow: { user: 32_000 }, maxOutputTokens: { user: 2000 } });
  assert.equal(user.profile.contextWindow, 32_000);
  assert.equal(user.profile.maxOutputTokens, 2000);
  assert.deepEqual(user.warnings, []);
  const lower = resolveModelProfile('gpt-4o', { contextWindow: { user: 32_000, workspace: 16_000 } });
  assert.equal(lower.profile.contextWindow, 16_000);
  const raise = resolveModelProfile('gpt-4o', { contextWindow: { workspace: 1_000_000 } });
  assert.equal(raise.profile.contextWindow, 128_000, 'the table value stands');
  assert.match(raise.warnings[0], /workspace may lower it \(now 128000\), not raise it/);
  const bad = resolveModelProfile('gpt-4o', { contextWindow: { user: 'big' } });
  assert.equal(bad.profile.contextWindow, 128_000);
  assert.match(bad.warnings[0], /Ignored harness\.modelProfile\.contextWindow in user settings \("big"\): use a positive whole number/);
});

test('price overrides come from the user by exact name or the longest prefix; bad ones are refused with a warning', () => {
  const pricing = { 'my-model': { input: 1, output: 2 }, 'gpt-4o': { input: 9, cachedInput: 1, output: 9 }, 'gpt-4o-mini': { input: 0.1, output: 0.2 } };
  assert.deepEqual(resolveModelProfile('my-model', { pricing }).profile.pricing, { input: 1, output: 2 });
  assert.deepEqual(resolveModelProfile('gpt-4o-mini-2024-07-18', { pricing }).profile.pricing, { input: 0.1, output: 0.2 });
  const bad = resolveModelProfile('gpt-4o', { pricing: { 'gpt-4o': { input: -1, output: 2 } } });
  assert.deepEqual(bad.profile.pricing, { input: 2.5, cachedInput: 1.25, output: 10 }, 'the table price stands');
  assert.match(bad.warnings[0], /pricing\["gpt-4o"\]: give "input" and "output"/);
});

test('cost: fresh prompt tokens at the input price, cached ones at the cached price, completion at the output price', () => {
  const pricing = { input: 2, cachedInput: 0.5, output: 8 };
  assert.equal(costUsd({ promptTokens: 1_000_000, completionTokens: 0 }, pricing), 2);
  assert.equal(costUsd({ promptTokens: 1_000_000, completionTokens: 0, cachedTokens: 1_000_000 }, pricing), 0.5);
  assert.equal(costUsd({ promptTokens: 3000, completionTokens: 1000, cachedTokens: 1000 }, pricing), (2000 * 2 + 1000 * 0.5 + 1000 * 8) / 1e6);
  assert.equal(costUsd({ promptTokens: 1000, completionTokens: 0, cachedTokens: 1000 }, { input: 3, output: 1 }), 0.003, 'no cached price: the input price');
  assert.equal(withCost({ promptTokens: 10, completionTokens: 1 }, undefined).costUsd, undefined, 'no price: no cost, never zero');
  assert.equal(formatUsd(0.0123), '$0.0123');
  assert.equal(formatUsd(1.5), '$1.50');
});
