// For output no runner format matched: the lines that say what broke (errors, failures, panics),
// told from lines that mention failure only to say there was none.

/** Most of a log is noise; these lines say what broke. */
const FAILING_LINE =
  /\b(?:error|errors|fail|failed|failing|failure|exception|traceback|assert(?:ion)?|panic(?:ked)?|not ok)\b|\b[A-Za-z]\w*(?:Error|Exception)\b|\bERR_[A-Z_]+|✖|✗|×|\bTS\d{4}\b/i;
/** The lines that say *what* failed (`AssertionError: …`, `not ok 3 - …`), better for a one-line summary than a stack location. */
const TELLING_LINE = /\b[A-Za-z]\w*(?:Error|Exception)\b(?: \[\w+\])?:|\bnot ok\b|\bFAIL(?:ED)?\b|✖|✗|\bTS\d{4}\b|\bpanicked\b|^E {2,}|^\s*error(?:\[\w+\])?:/;
/** Lines that mention failure only to say there was none. */
const ZERO_FAILURES = /\b(?:0|no) (?:fail|failed|failures|errors?)\b|\bfail(?:ed|ures)?:? 0\b|\berrors?:? 0\b/i;

export function failingLines(output: string, max = 12): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trimEnd().slice(0, 300);
    if (!line.trim() || !FAILING_LINE.test(line) || ZERO_FAILURES.test(line) || seen.has(line)) continue;
    seen.add(line);
    out.push(line);
    if (out.length >= max) break;
  }
  return out;
}

/** The one line that best says what failed, for the summary. */
export function tellingLine(output: string): string | undefined {
  const lines = failingLines(output, 200);
  return lines.find((l) => TELLING_LINE.test(l)) ?? lines[0];
}
