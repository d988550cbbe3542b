// What a `context-compacted` event does to the conversation, as one pure function: the live task and
// a resumed one (folding the journal) apply the same event the same way, so both send the same
// messages. Positions come from a journal that may sit in a hostile workspace: out-of-range ones, or
// ones that would change a message's role, are ignored rather than trusted.
import type { ChatMessage } from '../model/types';
import type { EventOf } from './schema';

/** Where the summary of the oldest part starts: right after the task's own (first) user message. */
export function summaryStart(messages: readonly ChatMessage[]): number {
  const task = messages.findIndex((m) => m.role === 'user');
  return task < 0 ? messages.length : task + 1;
}

/** Applies the event to `messages` in place (the array the loop sends is this one). */
export function applyCompaction(messages: ChatMessage[], e: Pick<EventOf<'context-compacted'>, 'replaced' | 'summary'>): void {
  for (const r of e.replaced) {
    const old = messages[r.index];
    if (old && old.role === r.message.role) messages[r.index] = r.message;
  }
  if (!e.summary) return;
  const from = Math.max(summaryStart(messages), Math.min(e.summary.from, messages.length));
  const to = Math.min(messages.length, Math.max(from, e.summary.to));
  // The user's own words are never summarized away: they stay, in order, after the summary.
  const kept = messages.slice(from, to).filter((m) => m.role === 'user' && !isHarnessSummary(m));
  messages.splice(from, to - from, { role: 'user', content: e.summary.text }, ...kept);
}

/** The first words of every summary message, so a later summary can fold an earlier one in. */
export const SUMMARY_PREFIX = '[harness: summary of the earlier work';

export function isHarnessSummary(m: ChatMessage): boolean {
  return m.role === 'user' && m.content.startsWith(SUMMARY_PREFIX);
}
