// A scripted OpenAI-compatible Chat Completions server for tests: no real model is reachable,
// so every test plays a script of turns (answers or faults) against this server on 127.0.0.1.
// Runs in-process (`startMockLlm`) or standalone:
//   node --import tsx test/support/mock-llm-server.ts --script FILE.json [--port N]
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';

export interface ScriptedToolCall {
  id?: string;
  name: string;
  /** A string is sent verbatim (so tests can send invalid JSON); an object is JSON-encoded. */
  arguments: string | object;
}

export type ScriptedTurn =
  | {
      content?: string;
      toolCalls?: ScriptedToolCall[];
      usage?: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens: number } };
      /** Characters per content/arguments delta (default 4). */
      chunkSize?: number;
      /** Pause between SSE chunks. */
      delayMs?: number;
      /** Send argument deltas of several tool calls round-robin instead of one call after another. */
      interleave?: boolean;
      /** Override the finish_reason (default `tool_calls` when there are tool calls, else `stop`). */
      finishReason?: string;
    }
  | { fault: 'status'; status: number; retryAfter?: string; retryAfterMs?: string; body?: string }
  /** Start streaming (optionally some content first), then destroy the socket mid-stream. */
  | { fault: 'cut'; content?: string; toolCalls?: ScriptedToolCall[] }
  /** Never answer (for timeout/cancel tests). */
  | { fault: 'hang' }
  /** Send a `data: {not json` line. */
  | { fault: 'malformed' };

export interface RecordedRequest {
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface MockLlm {
  /** Base URL including `/v1`. */
  url: string;
  /** Every POST /v1/chat/completions, in arrival order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
  /** Scripted turns not yet played (always 0 for a function script). */
  remaining(): number;
}

export type Script = ScriptedTurn[] | ((req: { body: any; index: number }) => ScriptedTurn);

const MODEL_ID = 'mock-model';

export interface MockOptions {
  defaultTurn?: ScriptedTurn;
  port?: number;
  /**
   * A context window: a request whose prompt is over this many tokens (the mock's count: its messages'
   * JSON length / 4) is refused with OpenAI's 400 `context_length_exceeded` body, without playing a turn.
   */
  contextWindow?: number;
}

/** OpenAI's answer to a prompt over the window, word for word. */
export function contextLengthExceededBody(window: number, tokens: number): string {
  return JSON.stringify({
    error: {
      message: `This model's maximum context length is ${window} tokens. However, your messages resulted in ${tokens} tokens. Please reduce the length of the messages.`,
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    },
  });
}

/** The mock's token count of a request's prompt (also what it reports as prompt_tokens by default). */
export function mockPromptTokens(body: any): number {
  return Math.ceil(JSON.stringify(body.messages ?? []).length / 4);
}

export async function startMockLlm(
  script: Script,
  opts: MockOptions = {},
): Promise<MockLlm> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let played = 0;
  const fallback: ScriptedTurn = opts.defaultTurn ?? { content: 'done' };

  const nextTurn = (body: any): ScriptedTurn => {
    const index = played++;
    if (typeof script === 'function') return script({ body, index });
    return index < script.length ? script[index] : fallback;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: 'mock_error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: [{ id: MODEL_ID, object: 'model', created: 0, owned_by: 'mock' }] });
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(res, 404, { error: { message: `Unknown route ${req.method} ${path}`, type: 'not_found' } });
      return;
    }
    const raw = await readBody(req);
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      sendJson(res, 400, { error: { message: 'Request body is not JSON', type: 'invalid_request_error' } });
      return;
    }
    requests.push({ headers: { ...req.headers }, body });
    const tokens = mockPromptTokens(body);
    if (opts.contextWindow !== undefined && tokens > opts.contextWindow) {
      await play({ fault: 'status', status: 400, body: contextLengthExceededBody(opts.contextWindow, tokens) }, body, res);
      return;
    }
    await play(nextTurn(body), body, res);
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    remaining: () => (typeof script === 'function' ? 0 : Math.max(0, script.length - played)),
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests keep sockets open; destroy them so close() cannot wait forever.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function play(turn: ScriptedTurn, body: any, res: ServerResponse): Promise<void> {
  if ('fault' in turn) {
    switch (turn.fault) {
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (turn.retryAfter !== undefined) headers['retry-after'] = turn.retryAfter;
        if (turn.retryAfterMs !== undefined) headers['retry-after-ms'] = turn.retryAfterMs;
        res.writeHead(turn.status, headers);
        res.end(turn.body ?? JSON.stringify({ error: { message: `Scripted status ${turn.status}`, type: 'mock_error' } }));
        return;
      }
      case 'hang':
        return; // Leave the request open; close() destroys the socket.
      case 'malformed':
        startSse(res);
        writeChunk(res, chunk(body, { role: 'assistant', content: '' }, null));
        res.write('data: {not json\n\n');
        res.end();
        return;
      case 'cut': {
        startSse(res);
        const deltas = [{ role: 'assistant', content: '' }, ...contentDeltas(turn.content ?? 'partial', 4)];
        deltas.push(...toolCallDeltas(turn.toolCalls ?? [], 4, false));
        for (const delta of deltas) writeChunk(res, chunk(body, delta, null));
        // Give the client a moment to read what was sent before the connection dies.
        await sleep(20);
        res.socket?.destroy();
        return;
      }
    }
  }

  const size = Math.max(1, turn.chunkSize ?? 4);
  const content = turn.content ?? '';
  const calls = (turn.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `call_mock_${i}_${Math.random().toString(36).slice(2, 8)}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
  const finishReason = turn.finishReason ?? (calls.length ? 'tool_calls' : 'stop');
  const usage = turn.usage ?? estimateUsage(body, content, calls);

  if (body.stream !== true) {
    const message: any = { role: 'assistant', content: content || (calls.length ? null : '') };
    if (calls.length) {
      message.tool_calls = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
    }
    sendJson(res, 200, {
      id: 'chatcmpl-mock',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model ?? MODEL_ID,
      choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
    return;
  }

  startSse(res);
  const deltas: object[] = [{ role: 'assistant', content: '' }, ...contentDeltas(content, size)];
  deltas.push(...toolCallDeltas(calls, size, turn.interleave === true));
  for (const delta of deltas) {
    if (res.destroyed) return;
    writeChunk(res, chunk(body, delta, null));
    if (turn.delayMs) await sleep(turn.delayMs);
  }
  writeChunk(res, chunk(body, {}, finishReason));
  if (body.stream_options?.include_usage) {
    writeChunk(res, {
      ...chunkBase(body),
      choices: [],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }
  res.end('data: [DONE]\n\n');
}

function contentDeltas(content: string, size: number): object[] {
  const out: object[] = [];
  for (let i = 0; i < content.length; i += size) out.push({ content: content.slice(i, i + size) });
  return out;
}

/** Tool calls as OpenAI streams them: id+name in the first delta of each index, then argument pieces. */
function toolCallDeltas(calls: ScriptedToolCall[], size: number, interleave: boolean): object[] {
  const perCall = calls.map((call, index) => {
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    const pieces: object[] = [
      { index, id: call.id ?? `call_mock_${index}`, type: 'function', function: { name: call.name, arguments: '' } },
    ];
    for (let i = 0; i < args.length; i += size) pieces.push({ index, function: { arguments: args.slice(i, i + size) } });
    return pieces;
  });
  const ordered: object[] = [];
  if (interleave) {
    const longest = Math.max(0, ...perCall.map((p) => p.length));
    for (let step = 0; step < longest; step++) {
      for (const pieces of perCall) if (step < pieces.length) ordered.push(pieces[step]);
    }
  } else {
    for (const pieces of perCall) ordered.push(...pieces);
  }
  return ordered.map((toolCall) => ({ tool_calls: [toolCall] }));
}

function chunkBase(body: any) {
  return { id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model ?? MODEL_ID };
}

function chunk(body: any, delta: object, finishReason: string | null) {
  return { ...chunkBase(body), choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] };
}

function estimateUsage(body: any, content: string, calls: { arguments: string }[]) {
  const completionChars = content.length + calls.reduce((n, c) => n + c.arguments.length, 0);
  return { prompt_tokens: mockPromptTokens(body), completion_tokens: Math.max(1, Math.ceil(completionChars / 4)) };
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

function writeChunk(res: ServerResponse, data: object): void {
  res.write(`data: ${JSON.stringify(data)}\n\n`);
}

function sendJson(res: ServerResponse, status: number, data: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(data));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Standalone mode: load a JSON array of turns, listen, print `LISTENING <url>`, stop on SIGTERM/SIGINT. */
async function main(argv: string[]): Promise<void> {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const scriptFile = flag('--script');
  const portText = flag('--port');
  let script: ScriptedTurn[] = [];
  if (scriptFile) {
    try {
      script = JSON.parse(readFileSync(scriptFile, 'utf8'));
    } catch (err) {
      process.stderr.write(`mock-llm: cannot read script ${scriptFile}: ${(err as Error).message}\n`);
      process.exit(2);
    }
    if (!Array.isArray(script)) {
      process.stderr.write(`mock-llm: script ${scriptFile} must be a JSON array of turns\n`);
      process.exit(2);
    }
  }
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`mock-llm: --port must be an integer 0-65535, got ${portText}\n`);
    process.exit(2);
  }
  const mock = await startMockLlm(script, { port });
  process.stdout.write(`LISTENING ${mock.url}\n`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  void main(process.argv.slice(2));
}
