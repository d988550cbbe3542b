// The proposal side of the review as the decisions so far make it: accepted and undecided hunks
// as proposed, rejected ones back to the original, so the diff editor always shows exactly what
// would land. Where each hunk sits in that text (for its widget, the navigation and the keys that
// act on the hunk in view). No `vscode` import: tested under Node.
import type { Hunk, Proposal } from '../core/shared/types';
import { applyAcceptedHunks } from '../core/diff/proposal';
import type { HunkDecision } from './review-state';

export interface RenderedHunk {
  index: number;
  /** 0-based first and last changed line in the rendered text (the removed place for a pure deletion). */
  firstLine: number;
  lastLine: number;
  decision?: HunkDecision;
}

export interface RenderedProposal {
  /** The proposal side's text now ('' for a deletion). */
  text: string;
  hunks: RenderedHunk[];
}

/** 0-based first and last changed line of a hunk, counted in the text it is shown in. */
function changedSpan(h: Hunk, start: number, shown: '+' | '-'): { first: number; last: number } {
  let line = start;
  let first = -1;
  let last = -1;
  for (const raw of h.lines) {
    const sign = raw[0];
    if (sign === '\\') continue;
    if (sign === ' ') {
      line++;
      continue;
    }
    if (first === -1) first = line;
    if (sign === shown) {
      last = line;
      line++;
    }
  }
  if (first === -1) first = start;
  // Nothing of the hunk is shown (a deletion as proposed): it sits where the lines were.
  return { first, last: Math.max(first, last) };
}

export function renderProposal(proposal: Proposal, decision: (index: number) => HunkDecision | undefined): RenderedProposal {
  const rejected = new Set(proposal.hunks.filter((h) => decision(h.index)?.accepted === false).map((h) => h.index));
  const text = applyAcceptedHunks(proposal, proposal.hunks.filter((h) => !rejected.has(h.index)).map((h) => h.index)) ?? '';
  // A hunk starts where it does in the proposal, shifted by what the rejected hunks before it give back.
  let delta = 0;
  const hunks: RenderedHunk[] = [];
  for (const h of [...proposal.hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    const d = decision(h.index);
    const back = rejected.has(h.index);
    const span = changedSpan(h, Math.max(0, h.newStart - 1 + delta), back ? '-' : '+');
    hunks.push({ index: h.index, firstLine: span.first, lastLine: span.last, ...(d ? { decision: d } : {}) });
    if (back) delta += h.oldLines - h.newLines;
  }
  return { text, hunks: hunks.sort((a, b) => a.index - b.index) };
}

/** The hunk a line falls in (or is nearest to, within `slack` lines). */
export function hunkAtLine(hunks: readonly RenderedHunk[], line: number, slack = 1): RenderedHunk | undefined {
  return hunks.find((h) => line >= h.firstLine - slack && line <= h.lastLine + slack);
}

/**
 * The hunk a key should act on: the one at the cursor if it is in view, else the first undecided
 * one in view. Undefined when none is in view: the caller reveals one instead of deciding blindly.
 */
export function hunkInView(hunks: readonly RenderedHunk[], cursorLine: number, visible: readonly { start: number; end: number }[]): RenderedHunk | undefined {
  const open = hunks.filter((h) => !h.decision);
  const inView = (h: RenderedHunk) => visible.some((v) => h.lastLine >= v.start && h.firstLine <= v.end);
  const atCursor = hunkAtLine(open, cursorLine);
  if (atCursor && inView(atCursor)) return atCursor;
  return open.filter(inView).sort((a, b) => a.firstLine - b.firstLine)[0];
}

/** The next (or previous) undecided hunk from a line, wrapping around; every hunk when all are decided. */
export function nextHunk(hunks: readonly RenderedHunk[], fromLine: number, direction: 1 | -1): RenderedHunk | undefined {
  const pool = hunks.some((h) => !h.decision) ? hunks.filter((h) => !h.decision) : [...hunks];
  const sorted = [...pool].sort((a, b) => a.firstLine - b.firstLine);
  if (!sorted.length) return undefined;
  if (direction === 1) return sorted.find((h) => h.firstLine > fromLine) ?? sorted[0];
  return [...sorted].reverse().find((h) => h.lastLine < fromLine) ?? sorted[sorted.length - 1];
}
