// The model client against the scripted server: what it sends and how it assembles streamed turns.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAIModelClient } from '../../../src/core/model/client';
import type { ChatMessage, ToolSpec } from '../../../src/core/model/types';
import { startMockLlm, type MockLlm } from '../../support/mock-llm-server';

const mocks: MockLlm[] = [];
after(async () => {
  await Promise.all(mocks.map((m) => m.close()));
});
async function mock(...args: Parameters<typeof startMockLlm>): Promise<MockLlm> {
  const m = await startMockLlm(...args);
  mocks.push(m);
  return m;
}

const USER: ChatMessage[] = [{ role: 'user', content: 'hi' }];
const READ_TOOL: ToolSpec = {
  name: 'read_file',
  description: 'Read a file',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

test('streamed text is assembled in order and reported through onDelta', async () => {
  const text = 'The quick brown fox jumps over the lazy dog, twice: the quick brown fox.';
  const llm = await mock([{ content: text, chunkSize: 3 }]);
  const client = new OpenAIModelClient({ baseUrl: llm.url, model: 'm' });
  const deltas: string[] = [];
  const turn = await client.complete(USER, [], { onDelta: (d) => deltas.push(d) });
  assert.equal(turn.content, text);
  assert.equal(turn.finishReason, 'stop');
  assert.deepEqual(turn.toolCalls, []);
  assert.ok(deltas.length >= 20, `expected many small deltas, got ${deltas.length}`);
  assert.equal(deltas.join(''), text);
  assert.ok(turn.latencyMs >= 0);
});

test('two interleaved tool calls with arguments split across many chunks are assembled exactly', async () => {
  const argsA = JSON.stringify({ path: 'src/a very long/path/with "quotes" and \\ backslashes.ts', note: 'ünïcødé ✓' });
  const argsB = '{"path": "b.ts", "broken json'; // invalid JSON must come back raw, untouched
  const llm = await mock([
    {
      content: 'Reading both.',
      toolCalls: [
        { id: 'call_A', name: 'read_file', arguments: argsA },
        { id: 'call_B', name: 'search_files', arguments: argsB },
      ],
      chunkSize: 2,
      interleave: true,
    },
  ]);
  const client = new OpenAIModelClient({ baseUrl: llm.url, model: 'm' });
  const turn = await client.complete(USER, [READ_TOOL]);
  assert.equal(turn.content, 'Reading both.');
  assert.equal(turn.finishReason, 'tool_calls');
  assert.deepEqual(turn.toolCalls, [
    { id: 'call_A', name: 'read_file', arguments: argsA },
    { id: 'call_B', name: 'search_files', arguments: argsB },
  ]);
});

test('sequential tool calls (OpenAI order) with object arguments are assembled', async () => {
  const llm = await mock([
    {
      toolCalls: [
        { id: 'c1', name: 'read_file', arguments: { path: 'x.ts' } },
        { id: 'c2', name: 'list_files', arguments: { path: '.', depth: 2 } },
        { id: 'c3', name: 'run_command', arguments: { command: 'npm test' } },
      ],
      chunkSize: 5,
    },
  ]);
  const turn = await new OpenAIModelClient({ baseUrl: llm.url, model: 'm' }).complete(USER, [READ_TOOL]);
  assert.equal(turn.content, '');
  assert.deepEqual(
    turn.toolCalls.map((c) => [c.id, c.name, JSON.parse(c.arguments)]),
    [
      ['c1', 'read_file', { path: 'x.ts' }],
      ['c2', 'list_files', { path: '.', depth: 2 }],
      ['c3', 'run_command', { command: 'npm test' }],
    ],
  );
});

test('usage comes from the final usage chunk, and include_usage is requested', async () => {
  const llm = await mock([{ content: 'ok', usage: { prompt_tokens: 1234, completion_tokens: 56 } }]);
  const turn = await new OpenAIModelClient({ baseUrl: llm.url, model: 'm' }).complete(USER, []);
  assert.deepEqual(turn.usage, { promptTokens: 1234, completionTokens: 56 });
  const body = llm.requests[0].body;
  assert.equal(body.stream, true);
  assert.deepEqual(body.stream_options, { include_usage: true });
});

test('the request carries model, messages, temperature, tools and tool_choice auto', async () => {
  const llm = await mock([{ content: 'a' }, { content: 'b' }]);
  const client = new OpenAIModelClient({ baseUrl: llm.url, model: 'qwen2.5-coder:7b', temperature: 0.2 });
  const history: ChatMessage[] = [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'do it' },
    { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }] },
    { role: 'tool', tool_call_id: 't1', content: 'file text' },
  ];
  await client.complete(history, [READ_TOOL]);
  await client.complete(USER, []);
  const [withTools, withoutTools] = llm.requests.map((r) => r.body);
  assert.equal(withTools.model, 'qwen2.5-coder:7b');
  assert.equal(withTools.temperature, 0.2);
  assert.deepEqual(withTools.messages, history);
  assert.deepEqual(withTools.tools, [
    { type: 'function', function: { name: READ_TOOL.name, description: READ_TOOL.description, parameters: READ_TOOL.parameters } },
  ]);
  assert.equal(withTools.tool_choice, 'auto');
  assert.equal('tools' in withoutTools, false, 'no tools field when there are no tools');
  assert.equal('tool_choice' in withoutTools, false, 'no tool_choice when there are no tools');
});

test('the API key is sent only in the Authorization header', async () => {
  const key = 'sk-test-SECRET-0123456789abcdef';
  const llm = await mock([{ content: 'ok' }]);
  await new OpenAIModelClient({ baseUrl: llm.url, model: 'm', apiKey: key }).complete(USER, [READ_TOOL]);
  const { headers, body } = llm.requests[0];
  assert.equal(headers.authorization, `Bearer ${key}`);
  assert.ok(!JSON.stringify(body).includes(key), 'key leaked into the body');
  for (const [name, value] of Object.entries(headers)) {
    if (name !== 'authorization') assert.ok(!String(value).includes(key), `key leaked into header ${name}`);
  }
});

test('no key (or an empty key) sends a placeholder instead of throwing, and ignores OPENAI_* env', async () => {
  const saved = { admin: process.env.OPENAI_ADMIN_KEY, org: process.env.OPENAI_ORG_ID, key: process.env.OPENAI_API_KEY };
  process.env.OPENAI_ADMIN_KEY = 'admin-secret-from-env';
  process.env.OPENAI_ORG_ID = 'org-from-env';
  process.env.OPENAI_API_KEY = 'env-key-not-for-this-endpoint';
  try {
    const llm = await mock([{ content: 'one' }, { content: 'two' }]);
    await new OpenAIModelClient({ baseUrl: llm.url, model: 'm' }).complete(USER, []);
    await new OpenAIModelClient({ baseUrl: llm.url, model: 'm', apiKey: '' }).complete(USER, []);
    for (const { headers } of llm.requests) {
      assert.equal(headers.authorization, 'Bearer no-key');
      assert.equal(headers['openai-organization'], undefined);
      assert.ok(!JSON.stringify(headers).includes('secret-from-env'));
      assert.ok(!JSON.stringify(headers).includes('env-key-not-for-this-endpoint'));
    }
  } finally {
    restore('OPENAI_ADMIN_KEY', saved.admin);
    restore('OPENAI_ORG_ID', saved.org);
    restore('OPENAI_API_KEY', saved.key);
  }
});

test('a slow stream that keeps talking is not cut by the silence timeout', async () => {
  // 12 chunks 60 ms apart take ~720 ms in total, longer than the 300 ms timeout, but never silent that long.
  const llm = await mock([{ content: 'abcdefghijkl', chunkSize: 1, delayMs: 60 }]);
  const turn = await new OpenAIModelClient({ baseUrl: llm.url, model: 'm', timeoutMs: 300 }).complete(USER, []);
  assert.equal(turn.content, 'abcdefghijkl');
});

test('a throwing onDelta does not lose the turn', async () => {
  const llm = await mock([{ content: 'still here' }]);
  const turn = await new OpenAIModelClient({ baseUrl: llm.url, model: 'm' }).complete(USER, [], {
    onDelta: () => {
      throw new Error('display broke');
    },
  });
  assert.equal(turn.content, 'still here');
});

test('bad configuration fails at construction with a clear message', () => {
  assert.throws(() => new OpenAIModelClient({ baseUrl: 'localhost:11434', model: 'm' }), /http:\/\/ or https:\/\//);
  assert.throws(() => new OpenAIModelClient({ baseUrl: 'not a url', model: 'm' }), /not a URL/);
  assert.throws(() => new OpenAIModelClient({ baseUrl: 'http://127.0.0.1:1/v1', model: '  ' }), /No model name/);
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
