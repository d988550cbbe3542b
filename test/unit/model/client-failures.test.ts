// How the model client fails: retries, error kinds, messages that say what to do, cancellation.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createServer as createHttpServer, type Server } from 'node:http';
import { OpenAIModelClient, type ModelClientConfig } from '../../../src/core/model/client';
import { ModelError, type ChatMessage, type ModelErrorKind } from '../../../src/core/model/types';
import { startMockLlm, type MockLlm, type ScriptedTurn } from '../../support/mock-llm-server';

const KEY = 'sk-live-TOPSECRET-9f8e7d6c5b4a';
const USER: ChatMessage[] = [{ role: 'user', content: 'hi' }];
const mocks: MockLlm[] = [];
after(async () => {
  await Promise.all(mocks.map((m) => m.close()));
});

async function setup(script: ScriptedTurn[], config: Partial<ModelClientConfig> = {}) {
  const llm = await startMockLlm(script);
  mocks.push(llm);
  // Short backoff keeps the suite fast; Retry-After tests override nothing here since the header wins.
  const client = new OpenAIModelClient({ baseUrl: llm.url, model: 'test-model', apiKey: KEY, retryBaseMs: 20, ...config });
  return { llm, client };
}

/** Runs the call, asserts it fails with `kind`, and that the key is nowhere in the error. */
async function expectFailure(promise: Promise<unknown>, kind: ModelErrorKind): Promise<ModelError> {
  const err = await promise.then(
    () => assert.fail(`expected a ${kind} failure, got success`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ModelError, `expected ModelError, got ${String(err)}`);
  assert.equal(err.kind, kind, `kind: ${err.kind}, message: ${err.message}`);
  assert.ok(!err.message.includes(KEY), `key leaked into message: ${err.message}`);
  assert.ok(!String(err.stack).includes(KEY), 'key leaked into stack');
  assert.ok(!err.message.includes('\n'), 'message should be one line');
  return err;
}

test('429 with Retry-After: 1 waits about a second, then succeeds', async () => {
  const { llm, client } = await setup([{ fault: 'status', status: 429, retryAfter: '1' }, { content: 'after wait' }]);
  const retries: number[] = [];
  const started = Date.now();
  const turn = await client.complete(USER, [], { onRetry: (info) => retries.push(info.delayMs) });
  const elapsed = Date.now() - started;
  assert.equal(turn.content, 'after wait');
  assert.equal(llm.requests.length, 2);
  assert.ok(elapsed >= 950, `Retry-After ignored: retried after ${elapsed} ms`);
  assert.ok(elapsed < 5000, `waited far too long: ${elapsed} ms`);
  assert.deepEqual(retries, [1000]);
});

test('retry-after-ms is honoured and Retry-After is capped by maxRetryWaitMs', async () => {
  const { llm, client } = await setup(
    [
      { fault: 'status', status: 429, retryAfterMs: '300' },
      { fault: 'status', status: 503, retryAfter: '3600' },
      { content: 'ok' },
    ],
    { maxRetryWaitMs: 500 },
  );
  const waits: number[] = [];
  const started = Date.now();
  await client.complete(USER, [], { onRetry: (i) => waits.push(i.delayMs) });
  assert.deepEqual(waits, [300, 500]);
  assert.equal(llm.requests.length, 3);
  assert.ok(Date.now() - started >= 780);
});

test('500 twice, then success', async () => {
  const { llm, client } = await setup([
    { fault: 'status', status: 500 },
    { fault: 'status', status: 502 },
    { content: 'third time lucky' },
  ]);
  const turn = await client.complete(USER, []);
  assert.equal(turn.content, 'third time lucky');
  assert.equal(llm.requests.length, 3);
  assert.equal(llm.remaining(), 0);
});

test('5xx that never stops becomes "server" after maxRetries', async () => {
  const turns: ScriptedTurn[] = Array.from({ length: 5 }, () => ({ fault: 'status', status: 500 }) as ScriptedTurn);
  const { llm, client } = await setup(turns, { maxRetries: 2 });
  const err = await expectFailure(client.complete(USER, []), 'server');
  assert.equal(llm.requests.length, 3, 'one try plus two retries');
  assert.equal(err.status, 500);
  assert.match(err.message, /after 2 retries/);
});

test('429 that never stops becomes "rate_limited"', async () => {
  const turns: ScriptedTurn[] = Array.from({ length: 3 }, () => ({ fault: 'status', status: 429, retryAfter: '0' }) as ScriptedTurn);
  const { llm, client } = await setup(turns, { maxRetries: 1 });
  await expectFailure(client.complete(USER, []), 'rate_limited');
  assert.equal(llm.requests.length, 2);
});

test('401 becomes "auth", is not retried, and the echoed key is scrubbed', async () => {
  const body = JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}. Find your key at ...`, type: 'invalid_request_error' } });
  const { llm, client } = await setup([{ fault: 'status', status: 401, body }]);
  const err = await expectFailure(client.complete(USER, []), 'auth');
  assert.equal(llm.requests.length, 1);
  assert.match(err.message, /rejected the API key \(401\)/);
  assert.match(err.message, /--api-key-env/);
});

test('403 is also "auth"', async () => {
  const { client } = await setup([{ fault: 'status', status: 403 }]);
  await expectFailure(client.complete(USER, []), 'auth');
});

test('404 becomes "bad_request" naming the model; other 4xx are not retried', async () => {
  const notFound = JSON.stringify({ error: { message: 'model "test-model" not found, try pulling it first' } });
  const { llm, client } = await setup([{ fault: 'status', status: 404, body: notFound }, { fault: 'status', status: 400 }]);
  const err = await expectFailure(client.complete(USER, []), 'bad_request');
  assert.match(err.message, /model "test-model"/);
  assert.match(err.message, /not found/);
  const err400 = await expectFailure(client.complete(USER, []), 'bad_request');
  assert.equal(err400.status, 400);
  assert.equal(llm.requests.length, 2, 'neither was retried');
});

test('a closed port becomes "unreachable" with the URL in the message', async () => {
  const port = await freePort();
  const client = new OpenAIModelClient({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', apiKey: KEY, maxRetries: 1, retryBaseMs: 10 });
  const err = await expectFailure(client.complete(USER, []), 'unreachable');
  assert.match(err.message, new RegExp(`Cannot reach the model endpoint at http://127\\.0\\.0\\.1:${port}/v1`));
  assert.match(err.message, /connection refused/);
});

test('credentials in the base URL are refused without echoing them', () => {
  assert.throws(
    () => new OpenAIModelClient({ baseUrl: `http://user:pw-${KEY}@127.0.0.1:9/v1`, model: 'm' }),
    (err: unknown) => err instanceof ModelError && /must not contain a user name or password/.test(err.message) && !err.message.includes('pw-'),
  );
});

test('a query string in the base URL is kept out of messages', async () => {
  const port = await freePort();
  const client = new OpenAIModelClient({ baseUrl: `http://127.0.0.1:${port}/v1?key=${KEY}`, model: 'm', maxRetries: 0 });
  const err = await expectFailure(client.complete(USER, []), 'unreachable');
  assert.match(err.message, new RegExp(`at http://127\\.0\\.0\\.1:${port}/v1:`));
});

test('a stream cut before any tool call is retried once', async () => {
  const { llm, client } = await setup([{ fault: 'cut', content: 'half an ans' }, { content: 'whole answer' }]);
  const retries: string[] = [];
  const turn = await client.complete(USER, [], { onRetry: (i) => retries.push(i.reason) });
  assert.equal(turn.content, 'whole answer', 'the partial text from the cut attempt must not leak into the turn');
  assert.equal(llm.requests.length, 2);
  assert.equal(retries.length, 1);
  assert.match(retries[0], /closed the stream/);
});

test('a stream cut twice becomes "truncated"', async () => {
  const { llm, client } = await setup([{ fault: 'cut' }, { fault: 'cut' }, { content: 'never reached' }]);
  const err = await expectFailure(client.complete(USER, []), 'truncated');
  assert.match(err.message, /closed the stream before the turn finished/);
  assert.equal(llm.requests.length, 2, 'a cut stream is replayed only once');
});

test('a stream cut during a tool call is "truncated" at once, never replayed', async () => {
  const { llm, client } = await setup([
    { fault: 'cut', content: '', toolCalls: [{ id: 'c1', name: 'write_file', arguments: '{"path":"a.ts","content":"par' }] },
    { content: 'must not be used' },
  ]);
  await expectFailure(client.complete(USER, []), 'truncated');
  assert.equal(llm.requests.length, 1);
});

test('a chunk that is not JSON becomes "malformed", not a crash, and is not retried', async () => {
  const { llm, client } = await setup([{ fault: 'malformed' }, { content: 'x' }]);
  const err = await expectFailure(client.complete(USER, []), 'malformed');
  assert.match(err.message, /not JSON/);
  assert.equal(llm.requests.length, 1);
});

test('a hanging server plus abort rejects promptly with "cancelled"', async () => {
  const { client } = await setup([{ fault: 'hang' }]);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const started = Date.now();
  const err = await expectFailure(client.complete(USER, [], { signal: controller.signal }), 'cancelled');
  assert.equal(err.message, 'Task cancelled.');
  assert.ok(Date.now() - started < 1000, `abort took ${Date.now() - started} ms`);
});

test('abort mid-stream and during a retry wait are both prompt', async () => {
  const { client } = await setup([{ content: 'x'.repeat(200), chunkSize: 1, delayMs: 20 }, { fault: 'status', status: 429, retryAfter: '20' }]);
  const midStream = new AbortController();
  let deltas = 0;
  const first = client.complete(USER, [], { signal: midStream.signal, onDelta: () => ++deltas === 5 && midStream.abort() });
  await expectFailure(first, 'cancelled');

  const waiting = new AbortController();
  const started = Date.now();
  const second = client.complete(USER, [], { signal: waiting.signal, onRetry: () => setTimeout(() => waiting.abort(), 50) });
  await expectFailure(second, 'cancelled');
  assert.ok(Date.now() - started < 2000, 'did not wait out the 20 s Retry-After after abort');
});

test('an already-aborted signal fails without sending anything', async () => {
  const { llm, client } = await setup([{ content: 'x' }]);
  const controller = new AbortController();
  controller.abort();
  await expectFailure(client.complete(USER, [], { signal: controller.signal }), 'cancelled');
  assert.equal(llm.requests.length, 0);
});

test('a hanging server plus timeoutMs becomes "timeout" (not retried)', async () => {
  const { llm, client } = await setup([{ fault: 'hang' }, { content: 'x' }], { timeoutMs: 300 });
  const started = Date.now();
  const err = await expectFailure(client.complete(USER, []), 'timeout');
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 280 && elapsed < 2000, `timed out after ${elapsed} ms`);
  assert.match(err.message, /raise the request timeout/);
  assert.equal(llm.requests.length, 1);
});

test('a 200 that is a web page, not a stream, is "malformed"', async () => {
  const server = await rawServer((res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Welcome to nginx!</body></html>');
  });
  const client = new OpenAIModelClient({ baseUrl: server.url, model: 'm', apiKey: KEY, maxRetries: 0 });
  const err = await expectFailure(client.complete(USER, []), 'malformed');
  assert.match(err.message, /without any stream events/);
  await server.close();
});

test('a stream that ends cleanly without finish_reason is "truncated"', async () => {
  let hits = 0;
  const server = await rawServer((res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('data: {"choices":[{"index":0,"delta":{"content":"half"},"finish_reason":null}]}\n\n');
  });
  const client = new OpenAIModelClient({ baseUrl: server.url, model: 'm', apiKey: KEY, retryBaseMs: 5 });
  await expectFailure(client.complete(USER, []), 'truncated');
  assert.equal(hits, 2, 'text-only truncation is replayed exactly once');
  await server.close();
});

test('a stream without finish_reason that ends with data: [DONE] is a whole turn; the attempt tag never reaches the server', async () => {
  const seen: string[] = [];
  const server = await rawServer((res, req) => {
    seen.push(...Object.keys(req.headers));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","function":{"name":"read_file","arguments":"{\\"path\\":"}}]}}]}\n\n');
    res.write('data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"a.ts\\"}"}}]}}]}\n\ndata: [DO');
    res.end('NE]\n\n');
  });
  try {
    const client = new OpenAIModelClient({ baseUrl: server.url, model: 'm', apiKey: KEY, maxRetries: 0 });
    const turn = await client.complete(USER, []);
    assert.deepEqual(turn.toolCalls, [{ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' }]);
    assert.ok(seen.length > 0 && !seen.some((h) => h.startsWith('x-harness')), `headers sent: ${seen.join(', ')}`);
  } finally {
    await server.close();
  }
});

async function rawServer(answer: (res: import('node:http').ServerResponse, req: import('node:http').IncomingMessage) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => answer(res, req));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/v1`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
