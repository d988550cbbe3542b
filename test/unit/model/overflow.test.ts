// A server's "context length exceeded", in each server's words: recognised as its own kind of error,
// with the numbers it gave, and never retried as if it were a passing fault.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { detectContextOverflow } from '../../../src/core/model/overflow';
import { OpenAIModelClient } from '../../../src/core/model/client';
import { ModelError } from '../../../src/core/model/types';
import { contextLengthExceededBody, startMockLlm, type MockLlm, type ScriptedTurn } from '../../support/mock-llm-server';

const WORDINGS: [server: string, body: unknown, window: number | undefined, prompt: number | undefined][] = [
  ['OpenAI', JSON.parse(contextLengthExceededBody(8192, 8227)).error, 8192, 8227],
  ['OpenAI with a completion', { message: "This model's maximum context length is 4097 tokens. However, you requested 4268 tokens (4012 in the messages, 256 in the completion). Please reduce the length of the messages or completion.", code: 'context_length_exceeded' }, 4097, 4012],
  ['Azure', { message: 'Input tokens exceed the configured limit of 272000 tokens. Your messages resulted in 509178 tokens. Please reduce the length of the messages.' }, 272000, 509178],
  ['vLLM', { message: 'The prompt (total length 25938) is too long to fit into the model (context length 4096). Make sure that `max_model_len` is no smaller than the number of text tokens.' }, 4096, 25938],
  ['vLLM scheduler', { message: 'Input prompt (9762 tokens) is too long and exceeds limit of 8192' }, 8192, 9762],
  ['OpenRouter', { message: "This endpoint's maximum context length is 131072 tokens. However, you requested about 138956 tokens (7884 of text input, 131072 in the output). Please reduce the length of either one." }, 131072, 7884],
  ['Anthropic via a gateway', { message: 'prompt is too long: 210000 tokens > 200000 maximum', type: 'invalid_request_error' }, 200000, 210000],
  ['LM Studio', { message: 'Trying to keep the first 15857 tokens when context the overflows. However, the model is loaded with context length of only 7866 tokens, which is not enough.' }, 7866, 15857],
  ['llama.cpp', { code: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: 14429, n_ctx: 8192 }, 8192, 14429],
  ['Ollama', { message: 'input exceeds context length' }, undefined, undefined],
  ['Gemini', { message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).' }, 1048576, 1200000],
  ['Mistral', { message: 'Prompt contains 140000 tokens and 0 draft tokens, too large for model with 131072 maximum context length' }, 131072, 140000],
];

test('every server wording of an overflow is recognised, with the window and prompt size it gives', () => {
  for (const [server, body, window, prompt] of WORDINGS) {
    const found = detectContextOverflow(body);
    assert.ok(found, `${server}: not recognised`);
    assert.equal(found.contextWindow, window, `${server}: window`);
    assert.equal(found.promptTokens, prompt, `${server}: prompt tokens`);
  }
});

test('other 400s are not overflows', () => {
  for (const message of ['The model `gpt-9` does not exist or you do not have access to it.', 'Invalid value for temperature', "'tools' is not supported with this model", 'Incorrect API key provided']) {
    assert.equal(detectContextOverflow({ message, type: 'invalid_request_error' }), null, message);
  }
});

const mocks: MockLlm[] = [];
after(() => Promise.all(mocks.map((m) => m.close())));

async function failWith(turn: ScriptedTurn): Promise<{ err: ModelError; requests: number }> {
  const mock = await startMockLlm([turn, { content: 'would have worked on a retry' }]);
  mocks.push(mock);
  const client = new OpenAIModelClient({ baseUrl: mock.url, model: 'test-model', retryBaseMs: 10, maxRetryWaitMs: 20 });
  const err = await client.complete([{ role: 'user', content: 'hi' }], []).then(
    () => assert.fail('expected the overflow to fail the call'),
    (e: unknown) => e as ModelError,
  );
  return { err, requests: mock.requests.length };
}

test("OpenAI's 400 context_length_exceeded is a context_overflow error with the server's numbers, not retried", async () => {
  const { err, requests } = await failWith({ fault: 'status', status: 400, body: contextLengthExceededBody(16385, 17000) });
  assert.ok(err instanceof ModelError);
  assert.equal(err.kind, 'context_overflow');
  assert.deepEqual(err.overflow, { contextWindow: 16385, promptTokens: 17000 });
  assert.match(err.message, /too long for model "test-model" \(17000 tokens for a 16385-token window\)/);
  assert.match(err.message, /contextWindow/, 'says what to do');
  assert.equal(requests, 1);
});

test('an overflow sent as a 500 (llama.cpp) is still an overflow, not a server fault to retry', async () => {
  const body = JSON.stringify({ error: { code: 500, message: 'the request exceeds the available context size. try increasing the context size or enable context shift', type: 'exceed_context_size_error', n_prompt_tokens: 1407, n_ctx: 256 } });
  const { err, requests } = await failWith({ fault: 'status', status: 500, body });
  assert.equal(err.kind, 'context_overflow');
  assert.deepEqual(err.overflow, { contextWindow: 256, promptTokens: 1407 });
  assert.equal(requests, 1, 'no retry');
});
