// The lines an edit added, with their line numbers in the new text. Checks that judge what
// the agent *introduced* look only at these, so pre-existing content is not blamed on it.
import { diffLines } from 'diff';
import type { TouchedFile } from './types';

export interface AddedLine {
  line: number; // 1-based, in `after`
  text: string;
}

export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function addedLines(file: TouchedFile): AddedLine[] {
  if (file.after === null) return [];
  if (file.before === null) return splitLines(file.after).map((text, i) => ({ line: i + 1, text }));
  const out: AddedLine[] = [];
  let lineNo = 1;
  for (const change of diffLines(file.before, file.after)) {
    const lines = splitLines(change.value);
    if (change.removed) continue;
    if (change.added) lines.forEach((text, i) => out.push({ line: lineNo + i, text }));
    lineNo += lines.length;
  }
  return out;
}

/** Keeps one-line summaries one line and bounded. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
