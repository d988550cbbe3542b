// What a command's output tells the model and the reader, within a size. When a runner's format is
// recognised: the failing tests first (title, workspace location, assertion with expected/actual or
// the diff), then how many were left out and how to rerun one, then the runner's summary and npm's
// error lines, then the rest of the output's start and end. Otherwise the output's start and end, the end
// getting the larger share, with error lines from the elided middle brought forward.
import { headTail, headTailCut } from '../shared/head-tail';
import { extractFailures, plainText, rerunCommand, type Extraction, type FailedTest, type FailureReport } from './failure-extract';
import { failingLines, tellingLine } from './key-lines';

export interface CommandFeedback {
  readonly command: string;
  readonly report: FailureReport;
  /** Failures by the runners' own count (0 when no format was recognised). */
  readonly failedCount: number;
  /** One line for a summary: what failed first, and how many. */
  readonly headline: string | undefined;
  /** The feedback in at most `maxChars` characters; `maxOutputChars` bounds the raw output part when failures were found. */
  render(maxChars: number, opts?: { maxOutputChars?: number }): string;
}

/** A failure's message beyond this many characters loses its middle (long diffs, dumped objects). */
const MESSAGE_MAX_CHARS = 2000;
/** The list of failures not shown stops naming them past this size. */
const OMITTED_TITLES_MAX_CHARS = 400;

export function analyzeCommandOutput(command: string, output: string, root?: string): CommandFeedback {
  const report = extractFailures(output, { command, root });
  const plain = plainText(output);
  const failedCount = report.extractions.reduce((n, e) => n + e.failedCount, 0);
  const first = report.extractions.flatMap((e) => e.failures)[0];
  const firstLine = first?.message.split('\n').find((l) => l.trim());
  const headline = failedCount
    ? `${countText(report.extractions)}${first ? `; first: ${first.title}${firstLine ? `: ${firstLine.trim()}` : ''}` : ''}`
    : (report.npm.errors[0] ?? tellingLine(plain));
  return {
    command,
    report,
    failedCount,
    headline,
    render: (maxChars, opts = {}) => (failedCount ? renderFailures(command, report, plain, maxChars, opts.maxOutputChars ?? Infinity) : renderPlain(plain, maxChars)),
  };
}

function countText(extractions: Extraction[]): string {
  return extractions.map((e) => `${e.failedCount} ${e.noun}${e.failedCount === 1 ? '' : 's'} (${e.runner})`).join(', ');
}

function renderPlain(plain: string, maxChars: number): string {
  if (plain.length <= maxChars) return plain;
  // Error lines from the part about to be elided are worth more than the same room of output.
  const provisional = headTailCut(plain, maxChars);
  const lost = failingLines(plain, 40).filter((l) => !provisional.text.includes(l)).slice(0, 6);
  const lead = lost.length ? `Error lines from the elided middle:\n${lost.join('\n')}\n\n` : '';
  if (lead.length > maxChars / 3) return provisional.text;
  return lead + headTail(plain, maxChars - lead.length);
}

function renderFailures(command: string, report: FailureReport, plain: string, maxChars: number, maxOutputChars: number): string {
  const groups = groupAlike(report.extractions);
  const listed = groups.reduce((n, g) => n + 1 + g.alike.length, 0);
  const total = report.extractions.reduce((n, e) => n + e.failedCount, 0);
  const summary = summaryText(report);
  // The failures get the room first; the note on what was left out and the summary keep theirs.
  const reserve = Math.min(Math.floor(maxChars / 4), 300 + OMITTED_TITLES_MAX_CHARS + summary.length);
  const room = Math.max(0, maxChars - reserve);
  const perFailure = Math.max(300, Math.min(MESSAGE_MAX_CHARS, Math.floor(room / Math.max(1, Math.min(groups.length, 4)))));
  let text = `${countText(report.extractions)}:\n`;
  let shown = 0;
  for (const g of groups) {
    let block = failureBlock(shown + 1, g.first.f, perFailure);
    if (g.alike.length) block += `   The same in ${g.alike.length} more: ${titlesWithin(g.alike.map((x) => x.f.title), OMITTED_TITLES_MAX_CHARS)}\n`;
    // The first failure is always shown, cut to the room if it must be.
    if (text.length + block.length > room && shown > 0) break;
    text += shown === 0 && text.length + block.length > room ? headTail(block, Math.max(0, room - text.length), { tailShare: 0.5 }) + '\n' : block;
    shown++;
  }
  const hidden = groups.slice(shown);
  const notShown = hidden.reduce((n, g) => n + 1 + g.alike.length, 0) + Math.max(0, total - listed);
  const example = hidden[0]?.first ?? groups[0]?.first;
  const rerun = example && rerunCommand(example.e.runner, command, example.f, report.npm.script);
  if (notShown) {
    const names = titlesWithin(hidden.flatMap((g) => [g.first, ...g.alike]).map((x) => x.f.title), OMITTED_TITLES_MAX_CHARS);
    text += `\n${notShown} more not shown${names ? `: ${names}` : ''}.`;
    text += rerun ? ` To see one, rerun it alone: ${rerun}\n` : ` Rerun \`${command}\` to see them.\n`;
  } else if (rerun) {
    text += `\nTo rerun one alone: ${rerun}\n`;
  }
  text += summary ? `\n${summary}\n` : '';
  // The rest of the output comes last, and only when there is room for more than a fragment of it.
  const left = Math.min(maxChars - text.length, maxOutputChars) - 60;
  const rest = otherOutput(plain, report.extractions);
  if (left >= 400 && rest) text += rest.length <= left ? `\nOther output:\n${rest}\n` : `\nOther output (start and end):\n${headTail(rest, left)}\n`;
  return text.length > maxChars ? headTail(text, maxChars, { tailShare: 0.5 }) : text;
}

/** The output without the lines the failures and summaries above were read from. */
function otherOutput(plain: string, extractions: Extraction[]): string {
  const lines = plain.split('\n');
  const drop = new Uint8Array(lines.length);
  for (const e of extractions) for (const [start, end] of e.shown ?? []) drop.fill(1, Math.max(0, start), Math.min(lines.length, end));
  return lines
    .filter((_, i) => !drop[i])
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface Listed {
  f: FailedTest;
  e: Extraction;
}

/** Failures with the same message at the same place are one problem: shown once, the others named. */
function groupAlike(extractions: Extraction[]): { first: Listed; alike: Listed[] }[] {
  const groups = new Map<string, { first: Listed; alike: Listed[] }>();
  for (const e of extractions) {
    for (const f of e.failures) {
      const key = `${e.runner}\u0000${f.file ?? ''}:${f.line ?? ''}\u0000${f.message}`;
      const g = groups.get(key);
      if (g) g.alike.push({ f, e });
      else groups.set(key, { first: { f, e }, alike: [] });
    }
  }
  return [...groups.values()];
}

function failureBlock(n: number, f: FailedTest, max: number): string {
  const place = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '';
  const where = place && !f.title.startsWith(place) ? `   at ${place}\n` : '';
  const head = `${n}) ${f.title}\n${where}`;
  const room = Math.max(100, max - head.length);
  const message = f.message.length > room ? headTail(f.message, room, { tailShare: 0.5 }) : f.message;
  return `${head}${message ? message.replace(/^/gm, '   ') + '\n' : ''}`;
}

function summaryText(report: FailureReport): string {
  const lines = report.extractions.filter((e) => e.summary.length).map((e) => `Summary (${e.runner}): ${e.summary.join(' · ')}`);
  return [...lines, ...report.npm.errors].join('\n');
}

function titlesWithin(titles: string[], max: number): string {
  let out = '';
  for (const t of titles) {
    const next = `${out ? `${out}; ` : ''}${t}`;
    if (next.length > max) return out ? `${out}; …` : '';
    out = next;
  }
  return out;
}
