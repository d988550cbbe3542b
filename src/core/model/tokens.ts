// Counting the tokens of a request before it is sent. A model whose tokenizer ships with the harness
// (OpenAI's o200k) is counted exactly; any other is estimated from its length. Either count is then
// calibrated per task against the prompt tokens the server reports (see context/calibration.ts).
import type { ChatMessage, ToolSpec } from './types';

export type CountFn = (text: string) => number;

/** Chat formats wrap each message in a few tokens (role, separators); OpenAI's cookbook says 3-4. */
const PER_MESSAGE = 4;
const PER_TOOL_CALL = 3;
/** The assistant's reply is primed with a few tokens. */
const REPLY_PRIMING = 3;
/**
 * Characters per token for the estimate. Code and JSON tokenize denser than prose (~3-3.5 chars per
 * token against ~4): erring high costs an early compaction, erring low an overflow.
 */
const CHARS_PER_TOKEN = 3.5;

export const estimateTokens: CountFn = (text) => Math.ceil(text.length / CHARS_PER_TOKEN);

let o200k: CountFn | null | undefined;

/**
 * gpt-tokenizer's o200k encoder, loaded on first use only (its ranks are ~2.7 MB of JavaScript and
 * ~30 MB of heap): never at editor activation, and not for models it does not fit. The editor and
 * CLI builds load it from dist/tokenizer-o200k.js (see esbuild.js); null if it cannot be loaded.
 */
export function loadO200k(): CountFn | null {
  if (o200k !== undefined) return o200k;
  try {
    const mod = require('gpt-tokenizer/encoding/o200k_base') as { countTokens(text: string, opts?: object): number };
    // Text that spells a special token (`<|endoftext|>` in a file) is counted as text, never refused.
    const opts = { disallowedSpecial: new Set<string>() };
    o200k = (text) => mod.countTokens(text, opts);
  } catch {
    o200k = null;
  }
  return o200k;
}

export class TokenCounter {
  private readonly countText: CountFn;
  private readonly cache = new WeakMap<ChatMessage, number>();
  /** True when the model's own tokenizer counts (otherwise the length-based estimate). */
  readonly exact: boolean;

  constructor(tokenizer?: 'o200k', load: () => CountFn | null = loadO200k) {
    const fn = tokenizer === 'o200k' ? load() : null;
    this.countText = fn ?? estimateTokens;
    this.exact = fn !== null;
  }

  text(text: string): number {
    return text ? this.countText(text) : 0;
  }

  /** One message's tokens, counted once per message object (a masked message is a new object). */
  message(m: ChatMessage): number {
    const hit = this.cache.get(m);
    if (hit !== undefined) return hit;
    let n = PER_MESSAGE + this.text(m.content ?? '');
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) n += PER_TOOL_CALL + this.text(c.function.name) + this.text(c.function.arguments);
    this.cache.set(m, n);
    return n;
  }

  /** The tool definitions sent with every request. */
  tools(specs: readonly ToolSpec[]): number {
    return specs.length ? this.text(JSON.stringify(specs)) : 0;
  }

  /** A whole request: tool definitions, every message and the reply's priming. */
  request(messages: readonly ChatMessage[], toolTokens: number): number {
    let n = toolTokens + REPLY_PRIMING;
    for (const m of messages) n += this.message(m);
    return n;
  }
}
