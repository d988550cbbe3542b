// What the agent loop needs from a model: one call that returns a whole assistant turn.
import type { Usage } from '../shared/types';

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON schema of the arguments, derived from the tool's zod schema. */
  parameters: Record<string, unknown>;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: AssistantToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface AssistantToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ModelTurn {
  content: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  usage: Usage;
  finishReason: string | null;
  latencyMs: number;
}

export interface CompleteOptions {
  signal?: AbortSignal;
  /** Streamed text as it arrives, for progress displays. */
  onDelta?: (text: string) => void;
  /** Called before waiting to retry (rate limit, server error, cut stream); text already streamed may be streamed again. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface ModelClientLike {
  complete(messages: ChatMessage[], tools: ToolSpec[], options?: CompleteOptions): Promise<ModelTurn>;
}

export type ModelErrorKind =
  | 'auth'
  | 'unreachable'
  | 'bad_request'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'cancelled'
  | 'truncated'
  | 'malformed'
  /** The request does not fit the model's context window (the server said so). */
  | 'context_overflow';

/** A failure talking to the model, with a one-line message that says what to do. */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly status?: number,
    /** For `context_overflow`: the numbers the server gave. */
    readonly overflow?: { contextWindow?: number; promptTokens?: number },
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
