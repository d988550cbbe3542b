// Long text cut to a size: its start and its end kept, the middle elided and marked. Tools print
// their summary (and usually their error) last, so the end gets the larger share, and a cut never
// keeps the start alone. Used for command output shown to the model and to people.

/** Share of the room the end of the text gets when nothing else is said. */
export const DEFAULT_TAIL_SHARE = 0.7;

export interface HeadTailOptions {
  /** Share of the room for the end of the text, 0.5 to 1 (default 0.7). */
  tailShare?: number;
}

export interface HeadTailCut {
  text: string;
  /** Lines (whole or partial) left out of the middle; 0 when the text fitted. */
  elidedLines: number;
  elidedChars: number;
}

const marker = (lines: number, chars: number) => `[… ${lines} line${lines === 1 ? '' : 's'} (${chars} chars) elided …]`;

/** Cuts `text` to at most `maxChars` characters: head + marker + tail, on line boundaries where it can. */
export function headTail(text: string, maxChars: number, opts: HeadTailOptions = {}): string {
  return headTailCut(text, maxChars, opts).text;
}

export function headTailCut(text: string, maxChars: number, opts: HeadTailOptions = {}): HeadTailCut {
  const max = Math.max(0, Math.floor(maxChars));
  if (text.length <= max) return { text, elidedLines: 0, elidedChars: 0 };
  const share = Math.min(1, Math.max(0.5, opts.tailShare ?? DEFAULT_TAIL_SHARE));
  // The marker's length depends on the numbers in it; the widest it can be is reserved.
  const reserve = marker(text.length, text.length).length + 2;
  if (max <= reserve + 8) {
    // No room for both ends and a marker: the end alone, which is where the outcome is.
    let start = text.length - max;
    if (isLowSurrogate(text, start)) start++;
    return { text: text.slice(start), elidedLines: countLines(text.slice(0, start)), elidedChars: start };
  }
  const room = max - reserve;
  const tailRoom = Math.floor(room * share);
  const headRoom = room - tailRoom;
  const headEnd = cutAfterLine(text, headRoom);
  const tailStart = cutBeforeLine(text, tailRoom);
  const middle = text.slice(headEnd, tailStart);
  const head = text.slice(0, headEnd);
  const tail = text.slice(tailStart);
  const mark = marker(countLines(middle), middle.length);
  const joined = `${head}${head && !head.endsWith('\n') ? '\n' : ''}${mark}\n${tail}`;
  return { text: joined, elidedLines: countLines(middle), elidedChars: middle.length };
}

/** End of the head: after the last newline within `room`, or at `room` when no line ends there. */
function cutAfterLine(text: string, room: number): number {
  const nl = text.lastIndexOf('\n', room - 1);
  // A line boundary is worth losing at most half the room; past that, cut inside the line.
  const end = nl >= 0 && nl + 1 >= room / 2 ? nl + 1 : room;
  return isLowSurrogate(text, end) ? end - 1 : end;
}

/** Start of the tail: after a newline within the last `room` characters, or exactly `room` from the end. */
function cutBeforeLine(text: string, room: number): number {
  const from = text.length - room;
  const nl = text.indexOf('\n', from);
  const start = nl >= 0 && nl + 1 <= from + room / 2 ? nl + 1 : from;
  return isLowSurrogate(text, start) ? start + 1 : start;
}

function countLines(s: string): number {
  if (!s) return 0;
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0 && i < s.length - 1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** A cut at `i` would split a surrogate pair (an emoji cut in half is not valid text). */
function isLowSurrogate(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return i > 0 && i < text.length && code >= 0xdc00 && code <= 0xdfff;
}
