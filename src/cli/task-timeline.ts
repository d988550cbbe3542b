// A task's timeline as the terminal shows it (`harness tasks show`): one line per event, read from
// the journal, with what was decided and why, who answered and how fast. The conversation itself
// (prompts, file contents) stays in the journal: these lines say what happened, not what was said.
import { auditEntryFor, type AuditLine } from '../core/events/audit-entry';
import type { EventOf, TaskEventBody } from '../core/events/schema';

export interface TimelineLine {
  at: number;
  /** Since the task started. */
  offsetMs: number;
  type: string;
  /** Indented under the tool call it belongs to. */
  nested: boolean;
  text: string;
  /** The event's facts as the audit log records them (decisions flat, content left out). */
  details: Omit<AuditLine, 'kind'>;
}

const flat = (s: string, max = 160) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

export function seconds(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** What a tool call is about: its command, path or pattern. */
function target(args: unknown): string {
  if (!args || typeof args !== 'object') return '';
  const a = args as Record<string, unknown>;
  for (const k of ['command', 'path', 'pattern', 'query']) if (typeof a[k] === 'string') return flat(a[k] as string, 120);
  return '';
}

function decisionText(d: EventOf<'policy-decision'>['decision']): string {
  const head = `${d.decision} · ${d.risk} risk${d.rule ? ` · ${d.rule}` : ''} — ${flat(d.reason, 300)}`;
  const parts = (d.parts ?? []).length > 1 ? (d.parts ?? []).map((p) => `\n      part "${flat(p.text, 80)}": ${p.decision}${p.rule ? ` (${p.rule})` : ''} — ${flat(p.reason, 160)}`).join('') : '';
  return head + parts;
}

function changeSize(p: EventOf<'edit-proposed'>['proposal']): string {
  let plus = 0;
  let minus = 0;
  for (const h of p.hunks) {
    for (const l of h.lines) {
      if (l.startsWith('+')) plus++;
      else if (l.startsWith('-')) minus++;
    }
  }
  return `+${plus} −${minus} in ${p.hunks.length} hunk${p.hunks.length === 1 ? '' : 's'}`;
}

type Line = { text: string; nested: boolean } | null;
const top = (text: string): Line => ({ text, nested: false });
const sub = (text: string): Line => ({ text, nested: true });

/** The line for one event, or null for those the timeline leaves to the journal. */
function lineFor(e: TaskEventBody, askedAt: Map<string, number>, at: number): Line {
  switch (e.type) {
    case 'task-started': {
      const b = e.budgets;
      const budget = [`${b.maxSteps} steps`, b.maxTokens ? `${b.maxTokens} tokens` : '', b.maxWallMs ? seconds(b.maxWallMs) : ''].filter(Boolean).join(', ');
      return top(`task started: "${flat(e.task, 200)}" (${[e.model ? `model ${e.model}` : '', e.level ? `automation level ${e.level}` : '', `budget ${budget}`].filter(Boolean).join(', ')})`);
    }
    case 'task-resumed':
      return top(`task resumed after step ${e.step}`);
    case 'model-retry':
      return top(`step ${e.step}: model call retried (attempt ${e.attempt}, after ${seconds(e.delayMs)}): ${flat(e.reason)}`);
    case 'model-turn': {
      const tokens = `${e.usage.promptTokens} in / ${e.usage.completionTokens} out tokens`;
      const next = e.toolCalls.length ? `→ ${e.toolCalls.map((c) => c.name).join(', ')}` : '→ final answer';
      return top(`step ${e.step}: model replied in ${seconds(e.latencyMs)} (${tokens}) ${next}`);
    }
    case 'tool-call-proposed':
      return top(`${e.tool}${target(e.args) ? ` ${target(e.args)}` : ''}`);
    case 'policy-decision':
      // Verification's own commands have no proposal line: name the command here.
      return sub(`${e.toolCallId.startsWith('verify:') ? `verification check ${e.command ?? ''}: ` : ''}${decisionText(e.decision)}`);
    case 'edit-proposed':
      return sub(`proposal: ${e.proposal.kind} ${e.proposal.path} (${changeSize(e.proposal)})`);
    case 'approval-asked':
      askedAt.set(e.toolCallId, at);
      return sub(`approval asked (${e.request}): ${flat(e.subject, 200)}`);
    case 'approval-answered': {
      const since = askedAt.get(e.toolCallId);
      const wait = since !== undefined && at ? ` after ${seconds(Math.max(0, at - since))}` : '';
      const hunks = e.outcome === 'partly' && e.acceptedHunks ? ` (hunks ${e.acceptedHunks.map((h) => h + 1).join(', ')} accepted)` : '';
      return sub(`${e.outcome} by ${e.by}${wait}${hunks}${e.reason ? `: ${flat(e.reason, 300)}` : ''}${e.addRule ? ` — added rule ${JSON.stringify(e.addRule)}` : ''}`);
    }
    case 'command-finished': {
      const how = e.timedOut ? 'timed out' : e.cancelled ? 'was cancelled' : `exited ${e.exitCode ?? 'without a code'}${e.signal ? ` (signal ${e.signal})` : ''}`;
      return sub(`command ${how} in ${seconds(e.durationMs)} (${e.sandboxed ? 'sandboxed' : `not sandboxed${e.sandboxNote ? `: ${flat(e.sandboxNote, 120)}` : ''}`})`);
    }
    case 'edit-applied':
      return sub(`applied ${e.path}${e.checkpointId ? ` (checkpoint ${e.checkpointId})` : ''}`);
    case 'edit-refused':
      return sub(`not applied ${e.path}: ${e.status} by ${e.by}${e.reason ? `: ${flat(e.reason, 300)}` : ''}`);
    case 'edit-reverted':
      return top(`reverted ${e.path} by ${e.by}: ${flat(e.reason, 300)}`);
    case 'tool-call-ended':
      return sub(`↳ ${e.outcome}${e.outcome !== 'ok' && e.error ? `: ${flat(e.error, 300)}` : ''}`);
    case 'verification-round': {
      // Counts, and by name the checks that did not pass: those are what the round decided on.
      const n = (st: string) => e.checks.filter((c) => c.status === st);
      const named = (st: string) => (n(st).length ? ` ${st} ${n(st).length} (${n(st).map((c) => c.name).join(', ')})` : '');
      const checks = e.checks.length ? `${n('passed').length} passed,${named('failed')}${named('not_run')}${n('skipped').length ? ` skipped ${n('skipped').length}` : ''}`.replace(/,$/, '') : 'no checks';
      return top(`verification round ${e.round}: ${e.verdict.replace(/_/g, ' ')} — ${checks} → ${e.action}: ${flat(e.reason, 300)}`);
    }
    case 'budget-hit':
      return top(`budget hit: ${flat(e.message)}`);
    case 'resume-check':
      return top(`on resume, ${e.tool} ${e.toolCallId}: ${e.outcome} — ${flat(e.message)}`);
    case 'checkpoint-restored':
      return top(`checkpoint ${e.checkpointId} restored: ${e.reverted.length} file(s) reverted${e.conflicts.length ? `, ${e.conflicts.length} conflict(s)` : ''} (${flat(e.reason)})`);
    case 'checkpoints-pruned':
      return top(`pruned ${e.removed.length} checkpoint(s): ${flat(e.reason)}`);
    case 'error':
      return top(`error${e.during ? ` during ${e.during}` : ''}: ${flat(e.message, 300)}`);
    case 'task-ended':
      return top(`task ended: ${e.status}, verdict ${e.verdict.replace(/_/g, ' ')}, ${e.steps} step${e.steps === 1 ? '' : 's'}, ${e.usage.promptTokens} in / ${e.usage.completionTokens} out tokens${e.error ? ` — ${flat(e.error, 300)}` : ''}`);
    default:
      return null; // messages, step ends, tool starts, verification starts: the lines around them say it
  }
}

export function timelineLines(events: readonly (TaskEventBody & { at: number })[]): TimelineLine[] {
  const start = events.find((e) => e.type === 'task-started')?.at ?? events[0]?.at ?? 0;
  const askedAt = new Map<string, number>();
  const out: TimelineLine[] = [];
  for (const e of events) {
    const line = lineFor(e, askedAt, e.at);
    if (!line) continue;
    const { kind: _kind, ...details } = auditEntryFor(e) ?? { kind: e.type };
    void _kind;
    out.push({ at: e.at, offsetMs: Math.max(0, e.at - start), type: e.type, nested: line.nested, text: line.text, details });
  }
  return out;
}

/** `+12.3 s  text`, nested lines indented under their call. */
export function timelineText(lines: readonly TimelineLine[]): string {
  const stamps = lines.map((l) => `+${seconds(l.offsetMs)}`);
  const width = Math.max(0, ...stamps.map((s) => s.length));
  return lines.map((l, i) => `${stamps[i].padStart(width)}  ${l.nested ? '    ' : ''}${l.text}`).join('\n') + (lines.length ? '\n' : '');
}
