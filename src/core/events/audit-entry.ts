// The audit log as a projection of the event stream: every recorded event becomes one line whose
// `kind` is the event's type. Content the journal already holds (messages, model text, whole files)
// stays out; what was decided, by whom and why stays in.
import type { TaskEventBody } from './schema';
import { TRANSIENT_EVENTS } from './schema';

export interface AuditLine {
  kind: string;
  [key: string]: unknown;
}

/** A long string (a file's whole content) shortened to its size. */
export function brief(v: unknown, max = 300): unknown {
  return typeof v === 'string' && v.length > max ? `${v.slice(0, 200)}… [${v.length} chars]` : v;
}

/** Arguments with long strings shortened, for the journal and the audit log. */
export function briefArgs(args: unknown): unknown {
  if (!args || typeof args !== 'object' || Array.isArray(args)) return brief(args);
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, brief(v)]));
}

/** The audit line for an event, or null for events the audit log leaves to the journal. */
export function auditEntryFor(e: TaskEventBody): AuditLine | null {
  if (TRANSIENT_EVENTS.has(e.type)) return null;
  const { type, ...fields } = e;
  switch (e.type) {
    case 'message':
      return null; // the conversation is the journal's; the audit log records what was decided
    case 'model-turn': {
      const { content, toolCalls, ...rest } = fields as Omit<typeof e, 'type'>;
      void content;
      return { kind: type, ...rest, toolCalls: toolCalls.map((c) => c.name) };
    }
    case 'edit-proposed': {
      const p = e.proposal;
      return { kind: type, toolCallId: p.toolCallId, path: p.path, change: p.kind, beforeHash: p.beforeHash, hunks: p.hunks.length };
    }
    case 'policy-decision': {
      // Flat, so `jq 'select(.decision == "deny")'` finds every refusal with its rule and reason.
      const { decision, ...rest } = fields as Omit<typeof e, 'type'>;
      return { kind: type, ...rest, ...decision };
    }
    case 'approval-asked': {
      const { diff, decision, ...rest } = fields as Omit<typeof e, 'type'>;
      void diff;
      return { kind: type, ...rest, ...decision };
    }
    case 'file-seen': {
      // The line hashes are for the task's own checks; the audit line says what was seen, and when.
      const { lines, ...rest } = fields as Omit<typeof e, 'type'>;
      void lines;
      return { kind: type, ...rest };
    }
    case 'tool-call-ended':
      return { kind: type, ...fields, result: brief(e.result, 500) };
    case 'context-compacted': {
      // What was done to the conversation, not the conversation (the journal holds the messages).
      const { replaced, summary, ...rest } = fields as Omit<typeof e, 'type'>;
      const masked = replaced.map((r) => (r.message.role === 'tool' ? r.message.tool_call_id : `#${r.index}`));
      return { kind: type, ...rest, masked, ...(summary ? { summarized: { from: summary.from, to: summary.to, chars: summary.text.length } } : {}) };
    }
    default:
      return { kind: type, ...fields };
  }
}
