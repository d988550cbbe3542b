// One page of a file for read_file: the lines asked for, within a cap in lines and in bytes, and a
// note saying how many lines the file has and the start_line to read on from.
import { sliceLines } from '../workspace/files';

export interface PageCaps {
  maxLines: number;
  maxBytes: number;
}

export interface Page {
  /** Numbered lines. */
  text: string;
  startLine: number;
  endLine: number;
  totalLines: number;
  /** What the caps left out, and how to read on; absent when the whole request fitted. */
  note?: string;
  /** The last line shown is only its start (a line longer than the byte cap). */
  cut?: boolean;
}

const kb = (n: number) => `${Math.round(n / 1024)} KB`;

export function pageOf(text: string, start: number | undefined, end: number | undefined, caps: PageCaps): Page {
  const from = start ?? 1;
  const lineCap = from + Math.max(1, caps.maxLines) - 1;
  // Validates the range (a clear error for a bad one) and numbers the lines.
  const slice = sliceLines(text, start, Math.min(end ?? lineCap, lineCap));
  if (slice.totalLines === 0) return { text: '', startLine: 1, endLine: 0, totalLines: 0 };
  const wanted = Math.min(end ?? slice.totalLines, slice.totalLines);
  let body = slice.text;
  let last = slice.endLine;
  let cutLine = false;
  if (Buffer.byteLength(body) > caps.maxBytes) {
    const cut = cutToBytes(body, caps.maxBytes);
    const nl = cut.lastIndexOf('\n');
    if (nl > 0) {
      body = cut.slice(0, nl);
      last = slice.startLine + countNewlines(body);
    } else {
      // One line longer than the whole cap (minified code): its start, marked.
      body = `${cut}…`;
      last = slice.startLine;
      cutLine = true;
    }
  }
  if (last >= wanted && !cutLine) return { text: body, startLine: slice.startLine, endLine: last, totalLines: slice.totalLines };
  const readOn = last < slice.totalLines ? ` Call read_file with start_line=${last + 1} to read on.` : '';
  const why = cutLine
    ? `Line ${last} is longer than ${kb(caps.maxBytes)} and was cut.`
    : `Showing lines ${slice.startLine}-${last} of ${slice.totalLines} (at most ${caps.maxLines} lines and ${kb(caps.maxBytes)} per call).`;
  return { text: body, startLine: slice.startLine, endLine: last, totalLines: slice.totalLines, note: `[${why}${readOn}]`, ...(cutLine ? { cut: true } : {}) };
}

/** The longest prefix of `s` within `max` UTF-8 bytes, never splitting a character. */
function cutToBytes(s: string, max: number): string {
  const buf = Buffer.from(s, 'utf8').subarray(0, max);
  // A character cut in half decodes as U+FFFD at the end: drop it.
  return buf.toString('utf8').replace(/\uFFFD$/, '');
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
