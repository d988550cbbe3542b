// Events read back from disk are data from a folder the workspace may control: each one is checked
// against its schema, and records of an older version are upgraded first.
import { upgradeLegacyRecord } from './legacy';
import { TaskEventBodySchema, TRANSIENT_EVENTS, type TaskEventBody } from './schema';

export type StoredEvent = TaskEventBody & { at: number };

/** The events a stored record stands for, or a one-line reason it was skipped. */
export function eventsFromRecord(raw: unknown): { events: StoredEvent[] } | { skipped: string } {
  if (!raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') return { skipped: 'not an event' };
  const rec = raw as Record<string, unknown> & { type: string };
  const at = typeof rec.at === 'number' && Number.isFinite(rec.at) ? rec.at : 0;
  const bodies = upgradeLegacyRecord(rec) ?? [rec];
  const events: StoredEvent[] = [];
  for (const body of bodies) {
    const parsed = TaskEventBodySchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { skipped: `a "${rec.type}" record does not match its schema (${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid'})` };
    }
    if (TRANSIENT_EVENTS.has(parsed.data.type)) return { skipped: `a "${rec.type}" event is never stored` };
    events.push({ ...parsed.data, at });
  }
  return { events };
}
