// What the model has seen of each file, folded from `file-seen` events: the version (content hash)
// it last saw, when and how, and which lines of that version. The write tools check against it
// (tools/write-base.ts). Being part of the task's state, resume rebuilds it from the journal.
import { splitLineHashes, UNSEEN_LINE } from '../shared/line-hashes';
import type { EventOf, SeenHow } from './schema';

export interface SeenFile {
  /** Content hash of the version seen ('absent' once the model deleted the file). */
  hash: string;
  /** The step in which the model last saw it. */
  step: number;
  how: SeenHow;
  /** The range of the last sighting, when it was a partial read. */
  range?: { start: number; end: number };
  /** True when the model saw every line of that version (read it whole, wrote it). */
  whole: boolean;
  /** The version holds changes by someone else that the model has not read (its edit landed beside them). */
  foreign: boolean;
  /** The lines of that version the model saw: short hashes from line `start` on (UNSEEN_LINE: not seen). */
  parts: { start: number; hashes: string }[];
}

/** Keyed by workspace-relative path; a Map, so a file named `__proto__` is just a file. */
export type SeenFiles = Map<string, SeenFile>;

export function foldSeen(seen: SeenFiles, e: EventOf<'file-seen'>): void {
  const prior = seen.get(e.path);
  // Lines of one version add up (two partial reads); another version replaces what was seen.
  const same = prior !== undefined && prior.hash === e.hash;
  const parts = same ? prior.parts : [];
  parts.push({ start: Math.max(1, e.range?.start ?? 1), hashes: e.lines });
  const whole = (same && prior.whole) || (e.range === undefined && !e.lines.includes(UNSEEN_LINE[0]));
  seen.set(e.path, { hash: e.hash, step: e.step, how: e.how, ...(e.range ? { range: e.range } : {}), whole, foreign: e.foreign === true, parts });
}

/** Line number (1-based) → short hash, for every line of the version that the model saw. */
export function seenLineMap(file: SeenFile): Map<number, string> {
  const lines = new Map<number, string>();
  for (const part of file.parts) {
    splitLineHashes(part.hashes).forEach((h, i) => {
      if (h !== UNSEEN_LINE) lines.set(part.start + i, h);
    });
  }
  return lines;
}
