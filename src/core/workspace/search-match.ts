// Running the model's regular expression, interruptibly.
//
// The model writes the pattern, so a catastrophic one (`(a+)+$`) must not freeze the harness: lines
// longer than MAX_LINE_CHARS are skipped (minified code), and matching runs in a `vm` context with a
// timeout, which V8 can interrupt even in the middle of a regex backtrack.
import * as vm from 'node:vm';

export const MAX_LINE_CHARS = 2000;
export const MAX_SHOWN_CHARS = 300;

/** Shorten a matching line for display, keeping the match in view. */
export function shownLine(line: string, matchIndex: number): string {
  const raw = line.replace(/\r$/, '');
  if (raw.trim().length <= MAX_SHOWN_CHARS) return raw.trim();
  const start = Math.max(0, Math.min(matchIndex - 100, raw.length - MAX_SHOWN_CHARS));
  const piece = raw.slice(start, start + MAX_SHOWN_CHARS).trim();
  return `${start > 0 ? '…' : ''}${piece}${start + MAX_SHOWN_CHARS < raw.length ? '…' : ''}`;
}

// Runs inside the vm context.
// __match: [lineIndex, matchIndex, ...] for up to `limit` matching lines.
// __any: indices of the texts the prefilter matches; __at is how far it got, for a timeout's message.
const MATCHER_SOURCE = `
  globalThis.__match = function (re, lines, maxLen, limit) {
    const out = [];
    for (let i = 0; i < lines.length && out.length < limit * 2; i++) {
      const line = lines[i];
      if (line.length > maxLen) continue;
      re.lastIndex = 0;
      const m = re.exec(line);
      if (m) out.push(i, m.index);
    }
    return out;
  };
  globalThis.__any = function (re, texts) {
    const out = [];
    for (let i = 0; i < texts.length; i++) {
      globalThis.__at = i;
      re.lastIndex = 0;
      if (re.test(texts[i])) out.push(i);
    }
    return out;
  };`;

type Timeout = { timeout: true; at: number };

export class Matcher {
  private readonly context = vm.createContext({});
  private readonly matchCall = new vm.Script('__match(__args.re, __args.lines, __args.maxLen, __args.limit)');
  private readonly anyCall = new vm.Script('__any(__args.re, __args.texts)');

  /**
   * @param re the model's pattern, matched against each line
   * @param prefilter a looser pattern matched against whole files: a file it does not match has no
   *   matching line (see prefilterFor), so most files are ruled out in one call without splitting lines
   */
  constructor(
    private readonly re: RegExp,
    readonly prefilter?: RegExp,
  ) {
    new vm.Script(MATCHER_SOURCE).runInContext(this.context);
  }

  /** Matching [lineIndex, matchIndex] pairs, or 'timeout' when the budget ran out. */
  lines(lines: string[], limit: number, timeoutMs: number): number[] | 'timeout' {
    const out = this.run<number[]>(this.matchCall, { re: this.re, lines, maxLen: MAX_LINE_CHARS, limit }, timeoutMs);
    return Array.isArray(out) ? out : 'timeout';
  }

  /** Indices of the texts the prefilter matches, or where the budget ran out. */
  anyText(texts: string[], timeoutMs: number): number[] | Timeout {
    if (!this.prefilter) return texts.map((_, i) => i);
    this.context.__at = 0;
    const out = this.run<number[]>(this.anyCall, { re: this.prefilter, texts }, timeoutMs);
    return Array.isArray(out) ? out : { timeout: true, at: Number(this.context.__at) || 0 };
  }

  private run<T>(script: vm.Script, args: Record<string, unknown>, timeoutMs: number): T | 'timeout' {
    this.context.__args = args;
    try {
      return script.runInContext(this.context, { timeout: Math.max(1, Math.floor(timeoutMs)) }) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout';
      throw err;
    } finally {
      this.context.__args = undefined;
    }
  }
}

/** Index just past the group opening at `open` (escapes and classes skipped), or -1. */
function groupEnd(p: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The pattern without its lookarounds (and a quantifier on one), or undefined if it cannot tell. */
function withoutLookarounds(p: string): string | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      out += p.slice(i, i + 2);
      i++;
    } else if (inClass) {
      inClass = c !== ']';
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (/^\(\?<?[=!]/.test(p.slice(i, i + 4))) {
      const end = groupEnd(p, i);
      if (end < 0) return undefined;
      const quantifier = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(p.slice(end));
      i = end + (quantifier ? quantifier[0].length : 0) - 1;
    } else out += c;
  }
  return out;
}

/**
 * A cheaper test that every file with a matching line passes.
 * - A plain literal (no regex syntax, case-sensitive): its UTF-8 bytes, found with Buffer.indexOf
 *   before the file is even decoded.
 * - Otherwise the pattern itself with the `m` flag, run once on the whole text: a match inside one line
 *   is a match inside the text, and `m` lets `^` and `$` match at every line's ends. Lookarounds could
 *   look past a line's ends, so they are dropped first (which only loosens the test); with
 *   back-references too, dropping them could renumber groups, so such a pattern gets none.
 */
export function prefilterFor(pattern: string, ignoreCase: boolean): { bytes: Buffer } | { regex: RegExp } | undefined {
  // Lone surrogates would not survive UTF-8 encoding; they only ever match halves of astral characters.
  if (!ignoreCase && !/[\\^$.|?*+()[\]{}\ud800-\udfff]/.test(pattern)) return { bytes: Buffer.from(pattern, 'utf8') };
  let source: string | undefined = pattern;
  if (/\(\?<?[=!]/.test(pattern)) source = /\\[1-9]|\\k/.test(pattern) ? undefined : withoutLookarounds(pattern);
  if (source === undefined) return undefined;
  try {
    return { regex: new RegExp(source, ignoreCase ? 'im' : 'm') };
  } catch {
    return undefined;
  }
}
