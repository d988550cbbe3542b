// Builds one assistant turn out of streamed Chat Completions chunks.
// Servers differ in small ways (ids repeated in every delta, usage on the finish chunk, missing
// tool-call indexes), so this accepts those variants but rejects chunks that are not chunks at all.
import type { Usage } from '../shared/types';
import { ModelError } from './types';

interface PartialToolCall {
  id: string;
  name: string;
  arguments: string;
}

export class StreamAssembler {
  private content = '';
  private readonly calls = new Map<number, PartialToolCall>();
  private finishReason: string | null = null;
  private usage: Usage = { promptTokens: 0, completionTokens: 0 };
  private lastIndex = -1;
  /** Where later id-less deltas of a server-given index go once that index was reused for a new call. */
  private readonly aliases = new Map<number, number>();

  /** True once any tool-call delta arrived: a stream cut after that is not safe to replay silently. */
  get sawToolCalls(): boolean {
    return this.calls.size > 0;
  }

  /** True once a choice carried a finish_reason, i.e. the server said the turn is complete. */
  get finished(): boolean {
    return this.finishReason !== null;
  }

  /** Takes one parsed chunk; returns the text it added (for progress displays). */
  add(chunk: unknown): string {
    if (!isObject(chunk)) throw malformed('a stream chunk is not a JSON object');
    if (isObject(chunk.usage)) this.takeUsage(chunk.usage);
    const choices = chunk.choices;
    if (choices === undefined && isObject(chunk.usage)) return ''; // usage-only chunk without `choices`
    if (!Array.isArray(choices)) throw malformed('a stream chunk has no "choices" list');

    let text = '';
    for (const choice of choices) {
      if (!isObject(choice)) throw malformed('a stream choice is not an object');
      // We never ask for n > 1; ignore other choices rather than mixing them in.
      if (typeof choice.index === 'number' && choice.index !== 0) continue;
      const delta = choice.delta;
      if (delta !== undefined && delta !== null) {
        if (!isObject(delta)) throw malformed('a stream delta is not an object');
        if (typeof delta.content === 'string') text += delta.content;
        if (Array.isArray(delta.tool_calls)) for (const call of delta.tool_calls) this.takeToolCall(call);
      }
      if (typeof choice.finish_reason === 'string' && choice.finish_reason) this.finishReason = choice.finish_reason;
    }
    this.content += text;
    return text;
  }

  result(): { content: string; toolCalls: PartialToolCall[]; usage: Usage; finishReason: string | null } {
    const toolCalls = [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, call]) => ({ ...call, id: call.id || syntheticId(index) }));
    return { content: this.content, toolCalls, usage: { ...this.usage }, finishReason: this.finishReason };
  }

  private takeToolCall(raw: unknown): void {
    if (!isObject(raw)) throw malformed('a tool-call delta is not an object');
    const id = typeof raw.id === 'string' ? raw.id : '';
    const index = this.slotFor(raw.index, id);
    let call = this.calls.get(index);
    if (!call) {
      call = { id: '', name: '', arguments: '' };
      this.calls.set(index, call);
    }
    this.lastIndex = index;
    // Some servers repeat the id in every delta: keep the first one.
    if (id && !call.id) call.id = id;
    const fn = raw.function;
    if (fn === undefined || fn === null) return;
    if (!isObject(fn)) throw malformed('a tool-call delta has a "function" that is not an object');
    if (typeof fn.name === 'string' && fn.name) {
      // Either the name arrives once, or in pieces, or repeated whole in every delta.
      if (!call.name) call.name = fn.name;
      else if (fn.name !== call.name) call.name += fn.name;
    }
    if (typeof fn.arguments === 'string') call.arguments += fn.arguments;
    // Some servers send arguments as an already-parsed object in one delta.
    else if (isObject(fn.arguments)) call.arguments += JSON.stringify(fn.arguments);
  }

  /** Which call a delta belongs to: its `index`, else the call with its id, else a new one or the last. */
  private slotFor(index: unknown, id: string): number {
    if (typeof index === 'number' && Number.isInteger(index) && index >= 0) {
      // Some servers give every parallel call index 0 and tell them apart only by id: a new id at a
      // taken index starts a new call instead of gluing two calls' names and arguments together.
      const taken = this.calls.get(index);
      if (!id || !taken?.id || taken.id === id) return this.aliases.get(index) ?? index;
      for (const [slot, call] of this.calls) if (call.id === id) return slot;
      const slot = Math.max(...this.calls.keys()) + 1;
      this.aliases.set(index, slot);
      return slot;
    }
    if (id) {
      for (const [slot, call] of this.calls) if (call.id === id) return slot;
      return this.calls.size === 0 ? 0 : Math.max(...this.calls.keys()) + 1;
    }
    return this.lastIndex >= 0 ? this.lastIndex : 0;
  }

  private takeUsage(raw: Record<string, unknown>): void {
    const prompt = raw.prompt_tokens;
    const completion = raw.completion_tokens;
    if (typeof prompt === 'number' && Number.isFinite(prompt)) this.usage.promptTokens = prompt;
    if (typeof completion === 'number' && Number.isFinite(completion)) this.usage.completionTokens = completion;
    // OpenAI, vLLM and OpenRouter: prompt_tokens_details.cached_tokens; DeepSeek: prompt_cache_hit_tokens.
    const details = isObject(raw.prompt_tokens_details) ? raw.prompt_tokens_details : {};
    const cached = typeof details.cached_tokens === 'number' ? details.cached_tokens : raw.prompt_cache_hit_tokens;
    if (typeof cached === 'number' && Number.isFinite(cached) && cached >= 0) this.usage.cachedTokens = Math.floor(cached);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(what: string): ModelError {
  return new ModelError('malformed', `The model endpoint sent a malformed stream (${what}). Check that the base URL points at an OpenAI-compatible /v1 API.`);
}

let syntheticCounter = 0;
/** A server that sends no tool-call id still needs one so the tool result can refer to it. */
function syntheticId(index: number): string {
  syntheticCounter = (syntheticCounter + 1) % 1_000_000;
  return `call_${Date.now().toString(36)}_${syntheticCounter}_${index}`;
}
