// Counting tokens: OpenAI models with their own tokenizer (loaded only when the conversation grows),
// others by length; each message counted once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateTokens, loadO200k, TokenCounter } from '../../../src/core/model/tokens';
import { RequestCounting } from '../../../src/core/context/counting';
import type { ChatMessage } from '../../../src/core/model/types';

test('the o200k tokenizer counts exactly, and text that spells a special token is just text', () => {
  const count = loadO200k();
  assert.ok(count, 'gpt-tokenizer loads');
  assert.equal(count('hello world'), 2);
  assert.ok(count('a <|endoftext|> b') > 3, 'counted as text, not refused');
  const exact = new TokenCounter('o200k');
  assert.equal(exact.exact, true);
  assert.equal(exact.text('hello world'), 2);
});

test('a model without a bundled tokenizer is estimated from its length', () => {
  const c = new TokenCounter(undefined);
  assert.equal(c.exact, false);
  assert.equal(c.text('x'.repeat(350)), 100);
  assert.equal(estimateTokens('abc'), 1);
});

test('each message is counted once; a replaced message is counted anew', () => {
  let calls = 0;
  const c = new TokenCounter('o200k', () => (text) => (calls++, text.length));
  const m: ChatMessage = { role: 'tool', tool_call_id: 'a', content: 'x'.repeat(100) };
  const first = c.message(m);
  c.message(m);
  c.request([m, m], 0);
  assert.equal(calls, 1);
  assert.equal(first, 104, 'content plus the per-message overhead');
  c.message({ ...m, content: 'short' });
  assert.equal(calls, 2);
});

test('requests are estimated until they grow past the mark, then counted exactly; a journal that did so switches at once', () => {
  let loads = 0;
  const loader = () => (loads++, (text: string) => Math.ceil(text.length / 4));
  const small: ChatMessage[] = [{ role: 'user', content: 'x'.repeat(1000) }];
  const big: ChatMessage[] = [{ role: 'user', content: 'x'.repeat(100_000) }];
  const counting = new RequestCounting('o200k', [], loader);
  counting.update(small, 1, 10_000, false);
  assert.equal(counting.exact, false);
  assert.equal(loads, 0, 'a short task never loads the tokenizer');
  counting.update(big, 1, 10_000, false);
  assert.equal(counting.exact, true);
  assert.equal(counting.raw(big), 25_000 + 4 + 3);
  const resumed = new RequestCounting('o200k', [], loader);
  resumed.update(small, 1, 10_000, true);
  assert.equal(resumed.exact, true, 'the recorded switch holds on resume');
  const noTokenizer = new RequestCounting(undefined, [], loader);
  noTokenizer.update(big, 1, 10, false);
  assert.equal(noTokenizer.exact, false);
  const broken = new RequestCounting('o200k', [], () => null);
  broken.update(big, 1, 10, false);
  assert.equal(broken.exact, false, 'a tokenizer that cannot load leaves the estimate');
});
