// Which runner printed an output, and what failed in it. Each parser recognises its own runner's
// format and returns nothing otherwise; one output may hold several (`tsc && mocha`, `lint && test`).
import { parseCargo } from './cargo';
import { parseEslint } from './eslint';
import { parseGoTest } from './go-test';
import { parseJest } from './jest';
import { parseMocha } from './mocha';
import { parseNodeSpec } from './node-spec';
import { npmNotes, type NpmNotes } from './npm';
import { parsePytest } from './pytest';
import { parseNodeTap, parseTap } from './tap';
import { parseInput } from './text';
import { parseTsc } from './tsc';
import { parseVitest } from './vitest';
import type { Extraction, ParseInput, Parser, RunnerName } from './types';

export type { Extraction, FailedTest, RunnerName } from './types';
export { rerunCommand, shellQuote } from './rerun';
export { plainText } from './text';

/** Formats with an unmistakable summary line; TAP is tried only when none of them matched. */
const PARSERS: Parser[] = [parseMocha, parseJest, parseVitest, parseNodeSpec, parsePytest, parseCargo, parseGoTest, parseTsc, parseEslint];

export interface FailureReport {
  /** One per runner that reported failures, in the order they are listed above. */
  extractions: Extraction[];
  npm: NpmNotes;
}

export function extractFailures(output: string, opts: { command?: string; root?: string } = {}): FailureReport {
  const input = parseInput(output, opts.root);
  const npm = npmNotes(input.lines);
  const ran = `${opts.command ?? ''}\n${npm.script ?? ''}`;
  const extractions = PARSERS.map((p) => safely(p, input)).filter((e): e is Extraction => !!e && e.failedCount > 0);
  if (!extractions.length) {
    const tap = safely(tapFor(ran, input), input);
    if (tap && tap.failedCount > 0) extractions.push(tap);
  }
  return { extractions, npm };
}

/** Node's TAP carries "# Subtest:" and duration_ms; mocha's tap reporter is mocha's to rerun. */
function tapFor(ran: string, input: ParseInput): Parser {
  if (/\bmocha\b/.test(ran)) return (i) => relabel(parseTap(i), 'mocha');
  if (/\bnode\b.*--test\b/.test(ran) || input.lines.some((l) => /^\s*duration_ms: /.test(l))) return parseNodeTap;
  return parseTap;
}

function relabel(e: Extraction | undefined, runner: RunnerName): Extraction | undefined {
  return e && { ...e, runner };
}

/** A parser that throws on some odd output must not take the check down with it. */
function safely(parser: Parser, input: ParseInput): Extraction | undefined {
  try {
    return parser(input);
  } catch {
    return undefined;
  }
}
