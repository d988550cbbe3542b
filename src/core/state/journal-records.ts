// The line format of a task journal: one event per line, `{"sum":"<16 hex>","rec":<event JSON>}`.
// The sum is a sha256 prefix of the exact event text, so a line cut short or overwritten by garbage
// is recognised and dropped; an intact line is then checked against its event's schema.
import type { TaskEventBody } from '../events/schema';
import { eventsFromRecord, type StoredEvent } from '../events/validate';
import { sha256 } from '../shared/hash';

/** An event as stored: the body plus when it happened. */
export type JournalRecord = StoredEvent;
export type JournalRecordBody = TaskEventBody;
export type { WriteIntent } from '../events/schema';

const PREFIX = '{"sum":"';
const MIDDLE = '","rec":';
const SUM_LEN = 16;

function checksum(text: string): string {
  return sha256(text).slice(0, SUM_LEN);
}

export function encodeRecord(rec: JournalRecord): string {
  const text = JSON.stringify(rec);
  return `${PREFIX}${checksum(text)}${MIDDLE}${text}}\n`;
}

/** The record on one line (without its newline) as parsed JSON, or null when the line is damaged. */
export function decodeLine(line: string): unknown {
  const head = PREFIX.length + SUM_LEN + MIDDLE.length;
  if (line.length <= head + 1 || !line.startsWith(PREFIX) || !line.endsWith('}')) return null;
  const sum = line.slice(PREFIX.length, PREFIX.length + SUM_LEN);
  if (line.slice(PREFIX.length + SUM_LEN, head) !== MIDDLE) return null;
  const text = line.slice(head, -1);
  if (checksum(text) !== sum) return null;
  try {
    const rec = JSON.parse(text) as unknown;
    return rec && typeof rec === 'object' && typeof (rec as { type?: unknown }).type === 'string' ? rec : null;
  } catch {
    return null;
  }
}

export interface ParsedJournal {
  records: JournalRecord[];
  /** The file text up to and including the last good line (what the file should be). */
  goodText: string;
  /** True when the file holds anything past goodText (a torn tail or a damaged line). */
  damaged: boolean;
  warnings: string[];
}

/** Reads lines until the first damaged one; everything from there on is dropped. */
export function parseJournal(text: string, name: string): ParsedJournal {
  const records: JournalRecord[] = [];
  const warnings: string[] = [];
  let pos = 0;
  let lineNo = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    lineNo++;
    // A last line without its newline was cut mid-write, even if its JSON happens to close.
    if (nl === -1) {
      warnings.push(`${name}: dropped an incomplete last line (${text.length - pos} bytes), likely from a process killed mid-write`);
      break;
    }
    const rec = decodeLine(text.slice(pos, nl));
    if (!rec) {
      const rest = text.length - pos;
      const last = text.indexOf('\n', nl + 1) === -1 && nl === text.length - 1;
      warnings.push(
        last
          ? `${name}: dropped a damaged last line (line ${lineNo})`
          : `${name}: line ${lineNo} is damaged; ignoring it and the ${rest} bytes after it`,
      );
      break;
    }
    // Intact but not an event we know (a newer version's, or planted): skipped, never fatal.
    const read = eventsFromRecord(rec);
    if ('skipped' in read) warnings.push(`${name}: line ${lineNo} skipped: ${read.skipped}`);
    else records.push(...read.events);
    pos = nl + 1;
  }
  return { records, goodText: text.slice(0, pos), damaged: pos < text.length, warnings };
}
