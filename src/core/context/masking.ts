// Observation masking ("The Complexity Trap", Lindenbauer et al. 2025): old tool results become
// one-line stubs. Done in batches: when a compaction runs, every observation older than the recent
// turns is masked at once, so the requests after it are append-only again (a server's prompt cache
// keeps everything up to the first changed message) until the next batch is due.
import type { AssistantToolCall, ChatMessage } from '../model/types';
import { observationStub, shortenArguments, STUB_PREFIX } from './stubs';

/** How a tool call ended, as the task recorded it (the outcome of tool-call-ended). */
export type OutcomeOf = (toolCallId: string) => string | undefined;

export interface MaskOptions {
  /** A message's tokens (the caller caches counts). */
  count: (m: ChatMessage) => number;
  /** The newest turns stay whole while their observations fit this many tokens; the newest always does. */
  keepRecentTokens: number;
  outcomeOf: OutcomeOf;
  /**
   * Tools whose results are never masked. The hook for plans (issue 15): the plan tool's results stay
   * whole for the whole task.
   */
  pinnedTools?: ReadonlySet<string>;
}

/** Results this small are not worth a stub. */
const MIN_MASK_CHARS = 400;
/** Tool-call arguments longer than this (a whole file written) are shortened in old turns. */
const MAX_OLD_ARG_CHARS = 1000;
/** Refusals say why: the model must keep seeing them (the user's reasons, the policy's). */
const KEEP_OUTCOMES = new Set(['rejected', 'denied', 'stale']);

export interface MaskPlan {
  replaced: { index: number; message: ChatMessage }[];
  /** The first message of the turns kept whole. */
  recentStart: number;
}

/** Indices of the assistant messages that start turns (a turn: an assistant message and its tool results). */
function turnStarts(messages: readonly ChatMessage[]): number[] {
  const out: number[] = [];
  messages.forEach((m, i) => {
    if (m.role === 'assistant') out.push(i);
  });
  return out;
}

/** Where the recent turns start: the newest turn always, older ones while their observations fit. */
export function recentStart(messages: readonly ChatMessage[], count: (m: ChatMessage) => number, keepTokens: number): number {
  const starts = turnStarts(messages);
  if (!starts.length) return messages.length;
  let start = starts[starts.length - 1];
  let used = 0;
  for (let t = starts.length - 1; t >= 0; t--) {
    const end = t + 1 < starts.length ? starts[t + 1] : messages.length;
    let tokens = 0;
    for (let i = starts[t]; i < end; i++) if (messages[i].role !== 'user') tokens += count(messages[i]);
    if (t < starts.length - 1 && used + tokens > keepTokens) break;
    used += tokens;
    start = starts[t];
  }
  return start;
}

function isMaskable(m: ChatMessage): m is Extract<ChatMessage, { role: 'tool' }> {
  return m.role === 'tool' && m.content.length >= MIN_MASK_CHARS && !m.content.startsWith(STUB_PREFIX);
}

/** Every observation older than the recent turns, as stubs; long old arguments shortened. */
export function planMasking(messages: readonly ChatMessage[], opts: MaskOptions): MaskPlan {
  const keepFrom = recentStart(messages, opts.count, opts.keepRecentTokens);
  const calls = new Map<string, AssistantToolCall>();
  const replaced: MaskPlan['replaced'] = [];
  for (let i = 0; i < keepFrom; i++) {
    const m = messages[i];
    if (m.role === 'assistant') {
      calls.clear();
      for (const c of m.tool_calls ?? []) calls.set(c.id, c);
      const shorter = shortenCalls(m.tool_calls ?? []);
      if (shorter) replaced.push({ index: i, message: { ...m, tool_calls: shorter } });
      continue;
    }
    if (!isMaskable(m)) continue;
    const call = calls.get(m.tool_call_id);
    const name = call?.function.name ?? 'the tool';
    if (KEEP_OUTCOMES.has(opts.outcomeOf(m.tool_call_id) ?? '') || opts.pinnedTools?.has(name)) continue;
    replaced.push({ index: i, message: { role: 'tool', tool_call_id: m.tool_call_id, content: observationStub(name, call?.function.arguments ?? '', m.content) } });
  }
  return { replaced, recentStart: keepFrom };
}

function shortenCalls(calls: readonly AssistantToolCall[]): AssistantToolCall[] | null {
  let changed = false;
  const out = calls.map((c) => {
    const args = shortenArguments(c.function.arguments, MAX_OLD_ARG_CHARS);
    if (args === null) return c;
    changed = true;
    return { ...c, function: { ...c.function, arguments: args } };
  });
  return changed ? out : null;
}
