// The model client: one streamed Chat Completions call per assistant turn, against any
// OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp, LM Studio...).
// We run retries, timeouts and cancellation ourselves (SDK retries off) because the SDK's timeout
// stops at the response headers and its retry wait cannot be cancelled.
import OpenAI from 'openai';
import type { ChatMessage, CompleteOptions, ModelClientLike, ModelTurn, ToolSpec } from './types';
import { ModelError } from './types';
import { StreamAssembler } from './stream-assembler';
import { backoffMs, cancelledError, sleepUnlessAborted } from './retry';
import { classifyError, displayUrl } from './errors';
import { DoneWatcher } from './done-marker';

export interface ModelClientConfig {
  /** Base URL of the API, including `/v1` (e.g. `http://localhost:11434/v1`). */
  baseUrl: string;
  model: string;
  /** Sent only as `Authorization: Bearer` to baseUrl. Local servers need none. */
  apiKey?: string;
  /** Longest silence accepted from the server: before the response starts and between stream chunks. */
  timeoutMs?: number;
  /** Retries after 429, 408, 5xx and network errors (default 3). */
  maxRetries?: number;
  temperature?: number;
  fetch?: typeof fetch;
  /** First backoff wait; doubles each retry (default 500 ms). */
  retryBaseMs?: number;
  /** Longest single wait between attempts, whatever Retry-After says (default 30 s). */
  maxRetryWaitMs?: number;
}

/** Local servers accept any key, but the SDK refuses to run without one. */
const PLACEHOLDER_KEY = 'no-key';

export class OpenAIModelClient implements ModelClientLike {
  private readonly sdk: OpenAI;
  private readonly secrets: string[];
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryWaitMs: number;
  private readonly doneWatcher: DoneWatcher;

  constructor(private readonly config: ModelClientConfig) {
    let parsed: URL;
    try {
      parsed = new URL(config.baseUrl);
    } catch {
      throw new ModelError('bad_request', `The model base URL "${displayUrl(config.baseUrl)}" is not a URL. Use a full URL such as http://localhost:11434/v1.`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ModelError('bad_request', `The model base URL must start with http:// or https:// (got ${parsed.protocol}).`);
    }
    if (parsed.username || parsed.password) {
      // fetch refuses such URLs anyway, and its error would print the password.
      throw new ModelError('bad_request', 'The model base URL must not contain a user name or password. Pass the key with --api-key-env instead.');
    }
    if (!config.model.trim()) throw new ModelError('bad_request', 'No model name given. Set the model (e.g. --model gpt-4o-mini).');
    const apiKey = config.apiKey?.trim() ? config.apiKey.trim() : PLACEHOLDER_KEY;
    this.secrets = config.apiKey?.trim() ? [config.apiKey.trim(), config.apiKey] : [];
    this.timeoutMs = positive(config.timeoutMs, 120_000);
    this.maxRetries = Math.max(0, Math.floor(config.maxRetries ?? 3));
    this.retryBaseMs = positive(config.retryBaseMs, 500);
    this.maxRetryWaitMs = Math.max(0, config.maxRetryWaitMs ?? 30_000);
    this.doneWatcher = new DoneWatcher(config.fetch ?? ((input, init) => fetch(input, init)));
    this.sdk = new OpenAI({
      baseURL: config.baseUrl,
      apiKey,
      // Passed as null so OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_ADMIN_KEY from the environment
      // are never sent to a third-party endpoint (an admin key would even replace our Authorization).
      organization: null,
      project: null,
      adminAPIKey: null,
      maxRetries: 0,
      // Our own silence timer fires first; this is only a backstop for the header phase.
      timeout: this.timeoutMs + 1000,
      // The SDK would print unparsable chunks to the console; we report them as ModelError instead.
      logLevel: 'off',
      fetch: this.doneWatcher.fetch,
    });
  }

  async complete(messages: ChatMessage[], tools: ToolSpec[], options: CompleteOptions = {}): Promise<ModelTurn> {
    const { signal } = options;
    if (signal?.aborted) throw cancelledError();
    const started = Date.now();
    let retries = 0;
    let truncatedRetried = false;
    for (;;) {
      let sawToolCalls = false;
      try {
        const turn = await this.attempt(messages, tools, options, (saw) => (sawToolCalls = saw));
        return { ...turn, latencyMs: Date.now() - started };
      } catch (err) {
        if (signal?.aborted) throw cancelledError();
        const { error, retryable, retryAfterMs } = classifyError(err, {
          baseUrl: this.config.baseUrl,
          model: this.config.model,
          secrets: this.secrets,
          retries,
        });
        // A cut stream is replayed once, but only when no tool call had started: a replayed
        // tool call could differ from the half we saw, and text-only turns are safe to redo.
        const retryTruncated = error.kind === 'truncated' && !sawToolCalls && !truncatedRetried;
        if (retries >= this.maxRetries || !(retryable || retryTruncated)) throw error;
        if (error.kind === 'truncated') truncatedRetried = true;
        const wait = Math.min(this.maxRetryWaitMs, retryAfterMs ?? backoffMs(retries, this.retryBaseMs, this.maxRetryWaitMs));
        retries++;
        options.onRetry?.({ attempt: retries, delayMs: wait, reason: error.message });
        await sleepUnlessAborted(wait, signal);
      }
    }
  }

  /** One request. Throws ModelError for timeout/cancel/truncation/malformed, raw SDK errors otherwise. */
  private async attempt(
    messages: ChatMessage[],
    tools: ToolSpec[],
    options: CompleteOptions,
    reportToolCalls: (saw: boolean) => void,
  ): Promise<Omit<ModelTurn, 'latencyMs'>> {
    const controller = new AbortController();
    let stopped: 'timeout' | 'cancelled' | null = null;
    const stop = (why: 'timeout' | 'cancelled') => {
      stopped ??= why;
      controller.abort();
    };
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stop('timeout'), this.timeoutMs);
    };
    const stoppedError = () =>
      stopped === 'cancelled'
        ? cancelledError()
        : new ModelError(
            'timeout',
            `The model endpoint at ${displayUrl(this.config.baseUrl)} sent nothing for ${Math.round(this.timeoutMs / 1000)} s. Try again, or raise the request timeout.`,
          );

    rearm();
    const assembler = new StreamAssembler();
    let chunks = 0;
    const ended = this.doneWatcher.begin();
    try {
      const stream = await this.sdk.chat.completions.create(this.requestBody(messages, tools), {
        signal: controller.signal,
        maxRetries: 0,
        headers: ended.headers,
      });
      try {
        for await (const chunk of stream) {
          rearm();
          chunks++;
          const text = assembler.add(chunk);
          reportToolCalls(assembler.sawToolCalls);
          if (text) emitDelta(options.onDelta, text);
        }
      } catch (err) {
        if (stopped) throw stoppedError();
        if (err instanceof ModelError || err instanceof SyntaxError || err instanceof OpenAI.APIError) throw err;
        // The body broke off after it had started (socket closed, connection reset).
        throw truncated(this.config.baseUrl, err);
      }
      // The SDK ends the iteration quietly when aborted, so check why it ended.
      if (stopped) throw stoppedError();
      if (chunks === 0) {
        // A 200 with no SSE events at all is usually a web page or a non-streaming API, not a cut.
        throw new ModelError(
          'malformed',
          `The endpoint at ${displayUrl(this.config.baseUrl)} answered without any stream events. Check that the base URL points at an OpenAI-compatible /v1 API that supports streaming.`,
        );
      }
      // A finish_reason or the closing `data: [DONE]` says the turn is whole; a stream with neither was cut.
      if (!assembler.finished && !ended.mark.done) throw truncated(this.config.baseUrl);
      return assembler.result();
    } catch (err) {
      if (stopped) throw stoppedError();
      throw err;
    } finally {
      ended.release();
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private requestBody(messages: ChatMessage[], tools: ToolSpec[]): OpenAI.Chat.ChatCompletionCreateParamsStreaming {
    return {
      model: this.config.model,
      // Our ChatMessage union is the wire format of the Chat Completions API.
      messages: messages as OpenAI.Chat.ChatCompletionMessageParam[],
      stream: true,
      stream_options: { include_usage: true },
      ...(this.config.temperature !== undefined ? { temperature: this.config.temperature } : {}),
      ...(tools.length
        ? {
            tools: tools.map((tool) => ({
              type: 'function' as const,
              function: { name: tool.name, description: tool.description, parameters: tool.parameters },
            })),
            tool_choice: 'auto' as const,
          }
        : {}),
    };
  }
}

function truncated(baseUrl: string, cause?: unknown): ModelError {
  const why = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  return new ModelError(
    'truncated',
    `The model endpoint at ${displayUrl(baseUrl)} closed the stream before the turn finished${why}. Try again; if it keeps happening, check the server's logs.`,
  );
}

/** A failing progress display must not lose the model's answer. */
function emitDelta(onDelta: ((text: string) => void) | undefined, text: string): void {
  if (!onDelta) return;
  try {
    onDelta(text);
  } catch {
    // ignored on purpose: see above
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
