// Whether a write may replace what is there: the model overwrites only what it has seen, as it saw
// it. write_file and delete_file need the whole file unchanged since the model last saw it; edit_file
// needs the lines old_text spans to be lines it saw, unchanged since (a change elsewhere is fine). A
// file that does not exist needs no read: creating it loses nothing. Pure; the agent's edit flow
// records the refusal and hands its message to the model.
import { diffArrays } from 'diff';
import { contentHash, lineHash } from '../shared/hash';
import { splitKeepingEol, UNSEEN_LINE } from '../shared/line-hashes';
import type { StaleReason } from '../events/schema';
import { seenLineMap, type SeenFile } from '../events/seen';
import { locateEdit, type EditArgs } from './edit-plan';

export interface WriteRefusal {
  reason: StaleReason;
  /** For the model: what happened and what to do. */
  message: string;
  currentHash: string;
  seenStep?: number;
  seenHash?: string;
}

/** Line edits beyond which a changed file counts as rewritten (read it again) rather than aligned. */
const MAX_ALIGN_EDITS = 2000;

const VERB = { write_file: 'write', edit_file: 'edit', delete_file: 'delete' } as const;

/** How the model last saw a file, as the end of "since you …". */
export function sighting(seen: SeenFile): string {
  const when = `at step ${seen.step}`;
  switch (seen.how) {
    case 'partial':
      return seen.range ? `read lines ${seen.range.start}-${seen.range.end} of it ${when}` : `read part of it ${when}`;
    case 'wrote':
      return `wrote it ${when}`;
    case 'applied':
      return `edited it ${when}`;
    case 'deleted':
      return `deleted it ${when}`;
    default:
      return `read it ${when}`;
  }
}

/** Null when the write may go ahead; else why not. edit_file's "old_text not found / not unique" throws as planEdit does. */
export function checkWriteBase(edit: EditArgs, rel: string, current: string | null, seen: SeenFile | undefined): WriteRefusal | null {
  if (current === null) return null;
  const currentHash = contentHash(current);
  const verb = VERB[edit.tool];
  if (!seen) {
    return { reason: 'not-seen', currentHash, message: `Refused: ${rel} exists and you have not read it in this task. Read it first (read_file), then ${verb} it.` };
  }
  const base = { currentHash, seenStep: seen.step, seenHash: seen.hash };
  const changed = seen.hash !== currentHash;
  if (edit.tool !== 'edit_file') {
    if (!changed && !seen.foreign) return null;
    const what = changed ? `changed since you ${sighting(seen)}, by someone else` : `holds changes by someone else that you have not read (your edit at step ${seen.step} landed beside them)`;
    return { ...base, reason: 'changed', message: `Refused: ${rel} ${what}. Read it again, then ${verb} it based on what it holds now.` };
  }
  if (!changed && seen.whole) return null;
  const { at, length } = locateEdit(edit.args, current);
  const lines = splitKeepingEol(current);
  const [first, last] = lineSpan(lines, at, length);
  if (regionSeen(seen, lines, first, last)) return null;
  const where = first === last ? `line ${first + 1}` : `lines ${first + 1}-${last + 1}`;
  if (!changed) {
    return { ...base, reason: 'region-not-seen', message: `Refused: old_text is in ${where} of ${rel}, which you have not read (you ${sighting(seen)}). Read those lines first, then edit.` };
  }
  return {
    ...base,
    reason: 'region-changed',
    message: `Refused: ${where} of ${rel}, where old_text is, are not as you saw them: the file changed since you ${sighting(seen)}, by someone else. Read it again, then edit what it holds now.`,
  };
}

/** The 0-based first and last line holding the characters at..at+length-1. */
function lineSpan(lines: string[], at: number, length: number): [number, number] {
  let first = -1;
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const end = offset + lines[i].length; // one past this line's last character
    if (first < 0 && at < end) first = i;
    if (at + length - 1 < end) return [first, i];
    offset = end;
  }
  return [Math.max(first, 0), lines.length - 1];
}

/** True when lines first..last (0-based) of the file now are lines the model saw, as they are. */
function regionSeen(seen: SeenFile, lines: string[], first: number, last: number): boolean {
  return linesSeen(seen, lines, first, last).slice(first, last + 1).every(Boolean);
}

/**
 * Which lines of the file now (`lines`, terminators kept) the model saw as they are: in the same
 * place in the version it saw, or, having seen all of that version, matched to it by a line diff
 * (lines moved by a change above). Only lines first..last are asked about; others may say false.
 */
export function linesSeen(seen: SeenFile, lines: string[], first = 0, last = lines.length - 1): boolean[] {
  const map = seenLineMap(seen);
  const known = lines.map((line, i) => i >= first && i <= last && map.has(i + 1) && map.get(i + 1) === lineHash(line));
  // With only part of that version seen there is nothing sound to align against: read it again.
  if (!seen.whole || known.slice(first, last + 1).every(Boolean)) return known;
  const old = Array.from({ length: map.size }, (_, i) => map.get(i + 1) ?? UNSEEN_LINE);
  const changes = diffArrays(old, lines.map(lineHash), { maxEditLength: MAX_ALIGN_EDITS });
  if (!changes) return known; // rewritten beyond aligning
  let index = 0;
  for (const c of changes) {
    if (c.removed) continue;
    const n = c.count ?? c.value.length;
    if (!c.added) known.fill(true, index, index + n);
    index += n;
  }
  return known;
}

/**
 * What the model has seen of a file after its edit turned `before` into `after`: the lines it wrote,
 * and around them the lines it had seen of `before`, as short hashes (UNSEEN_LINE for the others,
 * with unseen lines at either end left out: `range` then says which lines `lines` covers). A line
 * someone else changed before the edit stays unseen.
 */
export function seenAfterEdit(prior: SeenFile | undefined, before: string, after: string): { lines: string; range?: { start: number; end: number } } {
  const was = splitKeepingEol(before);
  const now = splitKeepingEol(after);
  const known = prior ? linesSeen(prior, was) : was.map(() => false);
  let head = 0;
  while (head < was.length && head < now.length && was[head] === now[head]) head++;
  let tail = 0;
  while (tail < was.length - head && tail < now.length - head && was[was.length - 1 - tail] === now[now.length - 1 - tail]) tail++;
  const seenNow = now.map((_, i) => {
    const from = i < head ? i : i >= now.length - tail ? was.length - (now.length - i) : -1; // -1: a line the edit wrote
    return from < 0 || known[from];
  });
  const first = seenNow.indexOf(true);
  const last = seenNow.lastIndexOf(true);
  if (first < 0) return { lines: '', range: { start: 1, end: 0 } };
  const lines = now
    .slice(first, last + 1)
    .map((line, i) => (seenNow[first + i] ? lineHash(line) : UNSEEN_LINE))
    .join('');
  return first === 0 && last === now.length - 1 ? { lines } : { lines, range: { start: first + 1, end: last + 1 } };
}
