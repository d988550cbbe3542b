// Proposals: the unified diff of one edit, split into hunks a human can accept or reject one by one.
// Pure: no file system, no editor. The agent loop builds proposals; approvers decide per hunk;
// `applyAcceptedHunks` composes exactly the accepted hunks onto the original text.
import { formatPatch, structuredPatch } from 'diff';
import type { Hunk, Proposal } from '../shared/types';
import { contentHash } from '../shared/hash';
import { splitKeepingEol } from '../shared/line-hashes';

export const DIFF_CONTEXT_LINES = 3;
const NO_NEWLINE_MARKER = '\\ No newline at end of file';

export interface BuildProposalInput {
  id: string;
  taskId: string;
  toolCallId: string;
  /** Workspace-relative, forward slashes. */
  path: string;
  before: string | null;
  after: string | null;
}


export function buildProposal(input: BuildProposalInput): Proposal {
  const { before, after } = input;
  if (before === null && after === null) {
    throw new Error(`Nothing to propose for ${input.path}: the file is absent before and after.`);
  }
  const kind: Proposal['kind'] = before === null ? 'create' : after === null ? 'delete' : 'modify';
  const oldName = before === null ? '/dev/null' : `a/${input.path}`;
  const newName = after === null ? '/dev/null' : `b/${input.path}`;
  const patch = structuredPatch(oldName, newName, before ?? '', after ?? '', undefined, undefined, {
    context: DIFF_CONTEXT_LINES,
  });
  // Copy the hunks before formatting: formatPatch shifts oldStart/newStart of empty ranges in place.
  const hunks: Hunk[] = patch.hunks.map((h, index) => ({
    index,
    oldStart: h.oldStart,
    oldLines: h.oldLines,
    newStart: h.newStart,
    newLines: h.newLines,
    lines: [...h.lines],
  }));
  const diff = formatPatch(patch, { includeIndex: false, includeUnderline: false, includeFileHeaders: true });
  return {
    id: input.id,
    taskId: input.taskId,
    toolCallId: input.toolCallId,
    path: input.path,
    kind,
    before,
    after,
    beforeHash: contentHash(before),
    diff,
    hunks,
  };
}

/** True when the file no longer holds the text the proposal was computed from. */
export function isStale(proposal: Proposal, currentText: string | null): boolean {
  return contentHash(currentText) !== proposal.beforeHash;
}

/**
 * The original text with only the accepted hunks applied: every hunk gives `after`, none gives `before`.
 * Creates and deletes are all-or-nothing. Returns null when the result is "no file".
 * Line endings come from the texts themselves, so CRLF files stay CRLF and a missing final newline stays missing.
 */
export function applyAcceptedHunks(proposal: Proposal, accepted: number[]): string | null {
  const chosen = new Set(accepted);
  for (const index of chosen) {
    if (!proposal.hunks.some((h) => h.index === index)) {
      throw new Error(`Hunk ${index} is not part of proposal ${proposal.id} (it has ${proposal.hunks.length}).`);
    }
  }
  const all = proposal.hunks.every((h) => chosen.has(h.index));
  if (proposal.kind !== 'modify') return all ? proposal.after : proposal.before;
  if (chosen.size === 0) return proposal.before;
  return composeHunks(proposal.before ?? '', proposal.hunks, chosen, proposal.path);
}


// Walks the original lines once; hunks never overlap in the original, so each is placed by its oldStart
// exactly, with no fuzzy matching that could land a hunk in the wrong spot.
function composeHunks(before: string, hunks: Hunk[], chosen: Set<number>, path: string): string {
  const old = splitKeepingEol(before);
  const out: string[] = [];
  let cursor = 0;
  const ordered = [...hunks].sort((a, b) => a.oldStart - b.oldStart);
  for (const hunk of ordered) {
    // oldStart is 1-based and, unlike the formatted diff text, not shifted for empty ranges.
    const start = hunk.oldStart - 1;
    if (start < cursor || start + hunk.oldLines > old.length) {
      throw new Error(`Hunk ${hunk.index} of ${path} does not fit the original text; rebuild the proposal.`);
    }
    out.push(...old.slice(cursor, start));
    cursor = start;
    if (!chosen.has(hunk.index)) {
      out.push(...old.slice(start, start + hunk.oldLines));
      cursor = start + hunk.oldLines;
      continue;
    }
    for (let i = 0; i < hunk.lines.length; i++) {
      const line = hunk.lines[i];
      const sign = line[0];
      const body = line.slice(1);
      const lastInFile = hunk.lines[i + 1] === NO_NEWLINE_MARKER;
      if (sign === '\\') continue;
      if (sign === ' ' || sign === '-') {
        const original = old[cursor];
        if (original === undefined || original.replace(/\n$/, '') !== body) {
          throw new Error(`Hunk ${hunk.index} of ${path} does not match the original text; rebuild the proposal.`);
        }
        if (sign === ' ') out.push(original);
        cursor++;
      } else if (sign === '+') {
        out.push(lastInFile ? body : body + '\n');
      }
    }
  }
  out.push(...old.slice(cursor));
  return out.join('');
}
