// The record types of a task journal and the line format that protects them.
// A line is `{"sum":"<16 hex>","rec":<record JSON>}`: the sum is a sha256 prefix of the exact
// record text, so a line cut short or overwritten by garbage is recognised and dropped.
import type { ApprovalResult, EditStatus, Proposal, TaskStatus, Usage } from '../types';
import type { Budgets } from '../agent/api';
import type { ChatMessage } from '../model/types';
import { sha256 } from './hash';

/** What the loop knew about a write before doing it, so resume can tell whether it landed. */
export interface WriteIntent {
  path: string;
  beforeHash: string;
  afterHash: string;
}

export type JournalRecordBody =
  | { type: 'start'; task: string; startedAt: number; root: string; budgets: Budgets; model?: string }
  | { type: 'message'; message: ChatMessage }
  /** `usage` is the running total after this step. */
  | { type: 'step'; step: number; usage: Usage }
  | { type: 'tool-start'; toolCallId: string; tool: string; args: unknown; intent?: WriteIntent }
  | { type: 'tool-end'; toolCallId: string; result: string; ok: boolean }
  | { type: 'proposal'; proposal: Proposal }
  | { type: 'approval'; toolCallId: string; result: ApprovalResult }
  | { type: 'edit'; path: string; status: EditStatus; checkpointId?: string; afterHash?: string }
  | { type: 'status'; status: 'running' | TaskStatus }
  | { type: 'end'; status: TaskStatus; summary: string };

/** A record as stored: the body plus when it was written. */
export type JournalRecord = JournalRecordBody & { at: number };

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

/** The record on one line (without its newline), or null when the line is damaged. */
export function decodeLine(line: string): JournalRecord | null {
  const head = PREFIX.length + SUM_LEN + MIDDLE.length;
  if (line.length <= head + 1 || !line.startsWith(PREFIX) || !line.endsWith('}')) return null;
  const sum = line.slice(PREFIX.length, PREFIX.length + SUM_LEN);
  if (line.slice(PREFIX.length + SUM_LEN, head) !== MIDDLE) return null;
  const text = line.slice(head, -1);
  if (checksum(text) !== sum) return null;
  try {
    const rec = JSON.parse(text) as JournalRecord;
    return rec && typeof rec === 'object' && typeof rec.type === 'string' ? rec : null;
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
    records.push(rec);
    pos = nl + 1;
  }
  return { records, goodText: text.slice(0, pos), damaged: pos < text.length, warnings };
}
