// Turns whatever the SDK or the network threw into a ModelError whose one-line message says
// what to do, and decides whether another attempt could help. Secrets never reach a message.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ModelError, type ModelErrorKind } from './types';
import { retryAfterMs } from './retry';
import { detectContextOverflow } from './overflow';

export interface ErrorContext {
  baseUrl: string;
  model: string;
  /** Values that must never appear in a message (the API key). */
  secrets: string[];
  /** Retries already made, for the message when we give up. */
  retries: number;
}

export interface ClassifiedError {
  error: ModelError;
  retryable: boolean;
  /** What the server asked us to wait, if it said. */
  retryAfterMs?: number;
}

export function classifyError(err: unknown, ctx: ErrorContext): ClassifiedError {
  if (err instanceof ModelError) return { error: scrubError(err, ctx.secrets), retryable: false };
  const make = (kind: ModelErrorKind, message: string, status?: number) =>
    new ModelError(kind, oneLine(scrub(message, ctx.secrets)), status);
  const url = displayUrl(ctx.baseUrl);
  const after = ctx.retries > 0 ? ` after ${ctx.retries} ${ctx.retries === 1 ? 'retry' : 'retries'}` : '';

  if (err instanceof APIUserAbortError) return { error: make('cancelled', 'Task cancelled.'), retryable: false };
  if (err instanceof APIConnectionTimeoutError) {
    return { error: make('timeout', `The model endpoint at ${url} did not answer in time. Try again, or raise the request timeout.`), retryable: false };
  }
  if (err instanceof APIConnectionError) {
    // The raw reason may quote the full URL (query and all); show the safe form instead.
    const reason = networkReason(err).split(ctx.baseUrl).join(url);
    return {
      error: make('unreachable', `Cannot reach the model endpoint at ${url}: ${reason}${after}. Check that the server is running and the base URL is right.`),
      retryable: true,
    };
  }
  if (err instanceof APIError) {
    const status = err.status;
    const detail = serverDetail(err);
    const wait = retryAfterMs(err.headers ?? undefined);
    // Before the status checks: llama.cpp has sent this as a 500 (and some servers mid-stream), which
    // must not be retried as a server fault.
    const overflow = status !== 401 && status !== 403 && status !== 429 ? detectContextOverflow(err.error, err.message) : null;
    if (overflow) {
      const message = `The endpoint says the conversation is too long for model "${ctx.model}"${overflowSize(overflow)}: ${detail}. Set harness.modelProfile.contextWindow (--context-window) to the server's window, or load the model with a larger context.`;
      return { error: new ModelError('context_overflow', oneLine(scrub(message, ctx.secrets)), status, overflow), retryable: false };
    }
    if (status === undefined) {
      // An error object sent inside an otherwise healthy stream.
      return { error: make('server', `The model endpoint reported an error mid-stream: ${detail}`), retryable: false };
    }
    if (status === 401 || status === 403) {
      return {
        error: make('auth', `The endpoint rejected the API key (${status}): ${detail}. Set a valid key in the environment variable named by --api-key-env (or the Harness API key setting).`, status),
        retryable: false,
      };
    }
    if (status === 404) {
      return {
        error: make('bad_request', `The endpoint at ${url} answered 404 for model "${ctx.model}": ${detail}. Check the model name and that the base URL ends in /v1.`, status),
        retryable: false,
      };
    }
    if (status === 408) {
      return { error: make('timeout', `The model endpoint timed out the request (408)${after}: ${detail}. Try again later.`, status), retryable: true, retryAfterMs: wait };
    }
    if (status === 429) {
      return {
        error: make('rate_limited', `The endpoint is rate limiting requests (429)${after}: ${detail}. Wait a minute and try again, or check your plan's limits.`, status),
        retryable: true,
        retryAfterMs: wait,
      };
    }
    if (status >= 500) {
      return { error: make('server', `The model server failed (${status})${after}: ${detail}. Try again later.`, status), retryable: true, retryAfterMs: wait };
    }
    return {
      error: make('bad_request', `The endpoint rejected the request for model "${ctx.model}" (${status}): ${detail}. Check that the model exists and supports tool calling.`, status),
      retryable: false,
    };
  }
  if (err instanceof SyntaxError) {
    return {
      error: make('malformed', `The model endpoint sent a stream chunk that is not JSON (${err.message}). Check that the base URL points at an OpenAI-compatible /v1 API.`),
      retryable: false,
    };
  }
  const text = err instanceof Error ? err.message : String(err);
  return { error: make('server', `Unexpected failure talking to the model endpoint at ${url}: ${text}`), retryable: false };
}

/** " (9000 tokens for an 8192-token window)", as far as the server said. */
function overflowSize(o: { contextWindow?: number; promptTokens?: number }): string {
  if (o.promptTokens && o.contextWindow) return ` (${o.promptTokens} tokens for a ${o.contextWindow}-token window)`;
  if (o.promptTokens) return ` (${o.promptTokens} tokens)`;
  return o.contextWindow ? ` (its window: ${o.contextWindow} tokens)` : '';
}

/** Removes every secret from the text (the API key must never reach a log or the screen). */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; keys are never that short.
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

export function scrubError(err: ModelError, secrets: string[]): ModelError {
  const message = oneLine(scrub(err.message, secrets));
  return message === err.message ? err : new ModelError(err.kind, message, err.status, err.overflow);
}

/** The base URL without credentials or query string, safe to show. */
export function displayUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(invalid base URL)';
  }
}

function oneLine(text: string, max = 400): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The server's own explanation, if it sent one. */
function serverDetail(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string' && body.message.trim()) return oneLine(body.message, 200);
  if (body && typeof body === 'object') return oneLine(JSON.stringify(body), 200);
  return 'no details';
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
};

/** Digs the OS error code out of fetch's nested causes ("fetch failed" says nothing by itself). */
function networkReason(err: unknown): string {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  let deepest = '';
  while (queue.length) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (NETWORK_REASONS[code]) return NETWORK_REASONS[code];
      if (code.includes('CERT') || code.startsWith('ERR_TLS')) return `TLS certificate problem (${code})`;
    }
    const message = (current as { message?: unknown }).message;
    if (current !== err && typeof message === 'string' && message && message !== 'fetch failed') deepest = message;
    queue.push((current as { cause?: unknown }).cause);
    const inner = (current as { errors?: unknown }).errors;
    if (Array.isArray(inner)) queue.push(...inner);
  }
  return deepest ? `connection failed (${oneLine(deepest, 160)})` : 'connection failed';
}
