// One line for a compaction, as the panel's timeline and the CLI's log show it.
import type { EventOf } from '../events/schema';

const k = (n: number) => (n >= 1000 ? `${Math.round(n / 100) / 10}k` : String(n));

export function compactionTitle(e: EventOf<'context-compacted'>): string {
  const masked = e.replaced.filter((r) => r.message.role === 'tool').length;
  const what = [masked ? `masked ${masked} old observation${masked === 1 ? '' : 's'}` : '', e.summary ? `summarized ${e.summary.to - e.summary.from} earlier messages` : ''].filter(Boolean).join(' and ') || 'shortened old tool calls';
  const why = e.reason === 'overflow' ? ' after the server said the conversation was too long' : '';
  return `Context compacted before step ${e.step}${why}: ${what} (~${k(e.tokensBefore)} → ~${k(e.tokensAfter)} of ${k(e.window)} tokens)`;
}
