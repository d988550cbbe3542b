// The message a failed round sends back to the model: each failing check with its summary and what
// its output says, within one size cap for the whole round. A failing command's part is rendered
// for the share it gets (failing tests first, then the summary, then output), never cut blindly.
import { headTail } from '../shared/head-tail';
import { feedbackOf } from './feedback-sources';
import type { CheckResult } from './types';

/** Default size of one round's feedback, in characters; the task's context budget may set another. */
export const DEFAULT_FEEDBACK_MAX_CHARS = 8000;
/** Within a failing command's part, the raw output after the extracted failures takes at most this much. */
const FEEDBACK_OUTPUT_MAX_CHARS = 1500;

export interface FeedbackOptions {
  /** The whole message's size cap in characters (default DEFAULT_FEEDBACK_MAX_CHARS). */
  maxChars?: number;
}

export function feedbackForModel(checks: CheckResult[], opts: FeedbackOptions = {}): string {
  const max = Math.max(200, Math.floor(opts.maxChars ?? DEFAULT_FEEDBACK_MAX_CHARS));
  const failures = checks.filter((c) => c.status === 'failed');
  if (!failures.length) return 'Verification passed.';
  const ran = checks.filter((c) => c.status === 'passed' || c.status === 'failed').length;
  const head = `Verification failed: ${failures.length} of ${ran} checks. Fix these, then finish with a short summary.\n`;
  const headings = failures.map((c) => {
    const where = c.file ? ` (${c.file}${c.line ? `:${c.line}` : ''})` : '';
    return `\n- ${c.name} [${c.severity}]${where}: ${c.summary}\n`;
  });
  const room = max - head.length - headings.reduce((n, h) => n + h.length, 0);
  const shares = fairShares(failures.map((c) => body(c, room).length), Math.max(0, room));
  const text = head + failures.map((c, i) => headings[i] + body(c, shares[i])).join('');
  return text.length <= max ? text : headTail(text, max, { tailShare: 0.5 });
}

/** What a check says beyond its summary, in at most `max` characters, indented under its heading. */
function body(c: CheckResult, max: number): string {
  if (max <= 0) return '';
  const indent = (s: string) => (s.trim() ? `${s.replace(/\n+$/, '').replace(/^/gm, '  ')}\n` : '');
  const source = feedbackOf(c);
  if (!source) return indent(firstLinesWithin(c.details ?? '', max));
  // The indent is not known until the lines are: render, then shrink by what the indent added.
  let budget = max;
  let out = '';
  for (let attempt = 0; attempt < 4 && budget > 0; attempt++) {
    out = indent(source.render(budget, { maxOutputChars: FEEDBACK_OUTPUT_MAX_CHARS }));
    if (out.length <= max) return out;
    budget -= out.length - max + 16;
  }
  return headTail(out, max, { tailShare: 0.5 });
}

/** Findings are listed most important first: whole lines from the top, and how many were left out. */
function firstLinesWithin(details: string, max: number): string {
  // Each line costs its indent (2) and its newline too.
  const cost = (l: string) => l.length + 3;
  const all = details.split('\n').filter((l) => l.trim()).map((l) => (l.length > 300 ? `${l.slice(0, 299)}…` : l));
  if (all.reduce((n, l) => n + cost(l), 0) <= max) return all.join('\n');
  const kept: string[] = [];
  let used = 60; // room for the note on what was left out
  for (const line of all) {
    if (used + cost(line) > max) break;
    kept.push(line);
    used += cost(line);
  }
  kept.push(`(${all.length - kept.length} more line(s) in the check's details)`);
  return kept.join('\n');
}

/** Splits `room` so that small wants are met in full and the rest share what is left evenly. */
export function fairShares(wants: number[], room: number): number[] {
  const shares = wants.map(() => 0);
  let left = room;
  let open = wants.map((_, i) => i);
  while (open.length) {
    const each = Math.floor(left / open.length);
    const small = open.filter((i) => wants[i] <= each);
    if (!small.length) {
      for (const i of open) shares[i] = each;
      break;
    }
    for (const i of small) {
      shares[i] = wants[i];
      left -= wants[i];
    }
    open = open.filter((i) => !small.includes(i));
  }
  return shares;
}
