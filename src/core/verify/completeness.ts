// Signs that the work is not finished although the model says it is: conflict markers,
// placeholder stubs it introduced, files it left empty, edits the user rejected.
import { addedLines, oneLine, splitLines } from './added-lines';
import type { CheckResult, Finding, TouchedFile } from './types';

const CONFLICT = /^(?:<{7}|>{7})(?: |$)|^\|{7}(?: |$)/;

/** Placeholder text a model leaves when it elides code instead of writing it. */
const STUBS: RegExp[] = [
  /\bTODO:?\s*implement/i,
  /\bthrow new Error\(\s*["'`](?:not (?:yet )?implemented|todo\b)/i,
  /\braise NotImplementedError\b/,
  /\bunimplemented!\(|\btodo!\(/,
  /^\s*pass\s*#\s*TODO\b/i,
  /^\s*\.\.\.\s*$/,
  /^\s*(?:\/\/|#|\/\*|<!--)\s*\.\.\.(?:\s|\*\/|-->|$)/,
  /\{\s*\/\*\s*\.\.\.\s*\*\/\s*\}/, // `{/* ... */}` as a function body
  /^\s*(?:\/\/|#|\/\*)\s*(?:(?:add|put|insert|write)\s+)?(?:your|the)\s+(?:code|implementation|logic)\s+(?:goes\s+)?here\b/i,
  /^\s*(?:\/\/|#|\/\*)\s*(?:code|implementation|logic)\s+goes\s+here\b/i,
  /^\s*(?:\/\/|#|\/\*)\s*(?:\.\.\.\s*)?\(?(?:rest of|remaining|existing|other|unchanged)\b.*\b(?:code|file|implementation|methods|functions|logic|unchanged|same)\b/i,
];

/** Prose and stub files where `...` is ordinary. */
const PROSE = /\.(?:md|markdown|txt|rst|adoc|pyi)$/i;

/** Files that are empty by convention. */
const EMPTY_OK = /(?:^|\/)(?:__init__\.py|\.gitkeep|\.keep|py\.typed|\.nojekyll)$/;

export function findConflictMarkers(files: TouchedFile[]): Finding[] {
  const out: Finding[] = [];
  for (const f of files) {
    if (f.after === null) continue;
    splitLines(f.after).forEach((text, i) => {
      if (CONFLICT.test(text)) out.push({ path: f.path, line: i + 1, text: oneLine(text, 120) });
    });
  }
  return out;
}

export function findStubs(files: TouchedFile[]): Finding[] {
  const out: Finding[] = [];
  for (const f of files) {
    if (PROSE.test(f.path)) continue;
    for (const { line, text } of addedLines(f)) {
      if (STUBS.some((re) => re.test(text))) out.push({ path: f.path, line, text: oneLine(text, 120) });
    }
  }
  return out;
}

export function findEmptyFiles(files: TouchedFile[]): Finding[] {
  return files
    .filter((f) => f.after !== null && f.after.trim() === '')
    .filter((f) => (f.before !== null && f.before.trim() !== '') || !EMPTY_OK.test(f.path))
    .filter((f) => !(f.before !== null && f.before.trim() === '')) // was already empty: not the agent's doing
    .map((f) => ({ path: f.path, line: 1, text: f.before === null ? 'created empty' : 'emptied' }));
}

const CLAIMS_DONE =
  /\b(?:done|complete[d]?|finished|implemented|fixed|resolved|updated|added|created|all set|successfully|works now)\b/i;
// Words with which a model says it accepted the user's no: then its "done" is about the rest of the work.
const ADMITS_REJECTION =
  /\b(?:reject(?:ed|ion)?|declined|denied|not applied|wasn't applied|was not applied|could not|couldn't|unable|did not|didn't|won't|will not|not (?:changed|modified|deleted|removed|touched|edited)|unchanged|untouched|left (?:\S+ )?(?:as is|alone|in place)|(?:kept|keeps|stays|remains|remained)\b|as you (?:asked|requested|wished)|as requested|skipped|instead)/i;

export function claimsDoneDespiteRejection(rejectedPaths: string[], finalMessage: string): boolean {
  return rejectedPaths.length > 0 && CLAIMS_DONE.test(finalMessage) && !ADMITS_REJECTION.test(finalMessage);
}

function listing(findings: Finding[]): string {
  const lines = findings.slice(0, 40).map((f) => `${f.path}:${f.line}: ${f.text}`);
  if (findings.length > 40) lines.push(`… and ${findings.length - 40} more`);
  return lines.join('\n');
}

function fromFindings(name: string, severity: CheckResult['severity'], what: string, findings: Finding[]): CheckResult {
  if (!findings.length) return { name, status: 'passed', passed: true, severity, summary: `no ${what}` };
  const first = findings[0];
  return {
    name,
    status: 'failed',
    passed: false,
    severity,
    summary: `${findings.length} ${what}, first at ${first.path}:${first.line}: ${first.text}`,
    details: listing(findings),
    file: first.path,
    line: first.line,
  };
}

export function completenessChecks(files: TouchedFile[], rejectedPaths: string[], finalMessage: string): CheckResult[] {
  const rejectedClaim = claimsDoneDespiteRejection(rejectedPaths, finalMessage);
  return [
    fromFindings('conflict-markers', 'high', 'merge-conflict marker(s)', findConflictMarkers(files)),
    fromFindings('placeholders', 'medium', 'placeholder stub(s) introduced', findStubs(files)),
    fromFindings('empty-files', 'medium', 'file(s) left empty', findEmptyFiles(files)),
    rejectedClaim
      ? {
          name: 'rejected-edits',
          status: 'failed',
          passed: false,
          severity: 'high',
          forHuman: true,
          summary: `the final message claims the work is done, but edits to ${rejectedPaths.length} file(s) were rejected: ${oneLine(rejectedPaths.join(', '), 120)}`,
          details: `Rejected: ${rejectedPaths.join(', ')}\nFinal message: ${oneLine(finalMessage, 400)}`,
          file: rejectedPaths[0],
        }
      : { name: 'rejected-edits', status: 'passed', passed: true, severity: 'high', summary: rejectedPaths.length ? 'rejected edits acknowledged' : 'no rejected edits' },
  ];
}
