// The last resort when masking is not enough (a very long task on a small window): the oldest part of
// the conversation, after the task itself, is summarized by one model call. The user's messages in
// that part stay as they were, and refusals are copied into the summary word for word.
import type { ChatMessage } from '../model/types';
import { headTail } from '../shared/head-tail';
import { isHarnessSummary, SUMMARY_PREFIX, summaryStart } from '../events/compaction';
import type { OutcomeOf } from './masking';
import { describeCall } from './stubs';

/** What a summary is assumed to take until it is written. */
export const SUMMARY_TOKENS_GUESS = 800;
/** The model's summary is kept to this many characters. */
const SUMMARY_MAX_CHARS = 6000;
const REFUSALS = new Set(['rejected', 'denied', 'stale']);

export interface SummaryRange {
  from: number;
  to: number;
}

/** Messages a summary removes (the user's own stay). */
const removable = (m: ChatMessage) => m.role !== 'user' || isHarnessSummary(m);

/**
 * The oldest part to summarize: from after the task to a turn boundary no later than `limit` (the
 * recent turns), just far enough to bring `total` under `goal`, else as far as it may go. Null when
 * there is too little to gain.
 */
export function planSummary(messages: readonly ChatMessage[], count: (m: ChatMessage) => number, total: number, goal: number, limit: number): SummaryRange | null {
  const from = summaryStart(messages);
  let removed = 0;
  let best: SummaryRange | null = null;
  for (let to = from + 1; to <= Math.min(limit, messages.length); to++) {
    const m = messages[to - 1];
    if (removable(m)) removed += count(m);
    // A boundary: never between an assistant's tool calls and their results.
    const boundary = to === messages.length || messages[to].role !== 'tool';
    if (!boundary || removed < SUMMARY_TOKENS_GUESS * 2) continue;
    best = { from, to };
    if (total - removed + SUMMARY_TOKENS_GUESS <= goal) break;
  }
  return best;
}

const SYSTEM = [
  "You write the working notes of a coding agent, so that it can continue its task after the earlier part of its conversation is removed to save context.",
  'Summarize the transcript below in at most 300 words of plain text: what was done and found, the files read and changed (with paths), the commands run and how they ended, decisions and constraints that still hold, and what was left to do.',
  'Only state what the transcript shows. Do not address the user; do not call tools.',
].join('\n');

/** The summary call's messages: the task and the part to summarize, as a transcript within `maxChars`. */
export function summaryRequest(task: string, part: readonly ChatMessage[], maxChars: number): ChatMessage[] {
  const names = new Map<string, string>();
  const lines: string[] = [];
  for (const m of part) {
    if (m.role === 'assistant') {
      if (m.content) lines.push(`Agent: ${headTail(m.content, 1500)}`);
      for (const c of m.tool_calls ?? []) {
        names.set(c.id, c.function.name);
        lines.push(`Agent called ${describeCall(c.function.name, c.function.arguments)}`);
      }
    } else if (m.role === 'tool') lines.push(`Result of ${names.get(m.tool_call_id) ?? 'the tool'}:\n${headTail(m.content, 1500)}`);
    else if (m.role === 'user') lines.push(`${isHarnessSummary(m) ? 'Earlier notes' : 'User'}: ${headTail(m.content, 3000)}`);
  }
  const transcript = headTail(lines.join('\n\n'), Math.max(1000, maxChars - task.length - 200), { tailShare: 0.5 });
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `The task:\n${headTail(task, 4000)}\n\nTranscript of the earlier part:\n${transcript}` },
  ];
}

/** The message that replaces the part: the model's notes, then the refusals in that part word for word. */
export function summaryText(part: readonly ChatMessage[], notes: string, outcomeOf: OutcomeOf): string {
  const names = new Map<string, string>();
  const refusals: string[] = [];
  for (const m of part) {
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) names.set(c.id, describeCall(c.function.name, c.function.arguments));
    if (m.role === 'tool' && REFUSALS.has(outcomeOf(m.tool_call_id) ?? '')) refusals.push(`- ${names.get(m.tool_call_id) ?? 'a tool call'}: ${headTail(m.content, 600)}`);
  }
  const head = `${SUMMARY_PREFIX} (${part.length} messages), written by the model to save context; the full messages are in the task's journal.]`;
  const kept = refusals.length ? `\n\nRefused in that part (kept word for word):\n${refusals.join('\n')}` : '';
  return `${head}\n${headTail(notes.trim() || '(no notes)', SUMMARY_MAX_CHARS)}${kept}`;
}
