// Regular-expression search across workspace files, with the same scope and ignore rules as listing.
//
// The model writes the pattern, so a catastrophic one (`(a+)+$`) must not freeze the harness:
// lines longer than MAX_LINE_CHARS are skipped (minified code), and matching runs in a `vm`
// context with a timeout, which V8 can interrupt even in the middle of a regex backtrack.
// Binary, oversized, unreadable and symlinked files are skipped silently.
import * as vm from 'node:vm';
import { promises as fsp } from 'node:fs';
import { matchesGlob } from './glob';
import { WorkspaceError, assertRealPathInside, quotePath, realRoot, resolveInWorkspace } from './paths';
import { readRegularText } from './files';
import { type WalkEntry, assertWalkable, walk } from './walk';

export const MAX_LINE_CHARS = 2000;
export const MAX_SHOWN_CHARS = 300;
export const DEFAULT_SEARCH_BUDGET_MS = 10_000;

export interface SearchOptions {
  /** A JavaScript regular expression, without slashes or flags. */
  pattern: string;
  /** Folder or file to search, workspace-relative; default the whole workspace. */
  path?: string;
  /** Only files whose path matches this glob (workspace-relative or relative to `path`; `*.ts` matches at any depth). */
  glob?: string;
  ignoreCase?: boolean;
  maxResults: number;
  maxFileBytes: number;
  /** Total time allowed, walking and matching together. */
  timeBudgetMs?: number;
  /** Files a folder search leaves out (credentials the model may only read by name, with approval). */
  skipFile?: (rel: string) => boolean;
}

export interface SearchMatch {
  path: string;
  /** 1-based line number. */
  line: number;
  /** The line, trimmed, shortened to about MAX_SHOWN_CHARS around the match. */
  text: string;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** More matches may exist: the result cap, the time budget or the walk cap was hit. */
  truncated: boolean;
  /** Why the search stopped early, when it did for a reason other than the result cap. */
  note?: string;
}

/** Compile the model's pattern, turning a syntax error into advice. */
export function compilePattern(pattern: string, ignoreCase = false): RegExp {
  if (typeof pattern !== 'string' || pattern === '') {
    throw new WorkspaceError('Search pattern is empty: give a regular expression such as "TODO" or "function \\w+".');
  }
  try {
    return new RegExp(pattern, ignoreCase ? 'i' : '');
  } catch (err) {
    const detail = String((err as Error).message ?? err).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new WorkspaceError(
      `Invalid regular expression ${quotePath(pattern)}: ${detail}. Fix it, or escape special characters such as ( [ { . * + ? with a backslash to match them literally.`,
    );
  }
}

/** Shorten a matching line for display, keeping the match in view. */
export function shownLine(line: string, matchIndex: number): string {
  const raw = line.replace(/\r$/, '');
  if (raw.trim().length <= MAX_SHOWN_CHARS) return raw.trim();
  const start = Math.max(0, Math.min(matchIndex - 100, raw.length - MAX_SHOWN_CHARS));
  const piece = raw.slice(start, start + MAX_SHOWN_CHARS).trim();
  return `${start > 0 ? '…' : ''}${piece}${start + MAX_SHOWN_CHARS < raw.length ? '…' : ''}`;
}

// Runs inside the vm context: returns [lineIndex, matchIndex, ...] for up to `limit` matching lines.
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
  };`;

class Matcher {
  private readonly context = vm.createContext({});
  private readonly call = new vm.Script('__match(__args.re, __args.lines, __args.maxLen, __args.limit)');

  constructor(private readonly re: RegExp) {
    new vm.Script(MATCHER_SOURCE).runInContext(this.context);
  }

  /** Matching [lineIndex, matchIndex] pairs, or 'timeout' when the budget ran out. */
  run(lines: string[], limit: number, timeoutMs: number): number[] | 'timeout' {
    this.context.__args = { re: this.re, lines, maxLen: MAX_LINE_CHARS, limit };
    try {
      return this.call.runInContext(this.context, { timeout: Math.max(1, Math.floor(timeoutMs)) }) as number[];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout';
      throw err;
    } finally {
      this.context.__args = undefined;
    }
  }
}

export async function searchFiles(root: string, options: SearchOptions): Promise<SearchResult> {
  const re = compilePattern(options.pattern, options.ignoreCase);
  if (!Number.isInteger(options.maxResults) || options.maxResults < 1) {
    throw new WorkspaceError(`maxResults must be a whole number of at least 1 (got ${options.maxResults}).`);
  }
  const { abs, rel } = resolveInWorkspace(root, options.path ?? '.');
  assertWalkable(rel);
  const { exists } = await assertRealPathInside(root, abs, false);
  if (!exists) throw new WorkspaceError(`Path ${quotePath(rel)} not found: search '.' for the whole workspace.`);

  const rootReal = await realRoot(root);
  const deadline = Date.now() + (options.timeBudgetMs ?? DEFAULT_SEARCH_BUDGET_MS);
  const matcher = new Matcher(re);
  const matches: SearchMatch[] = [];
  let truncated = false;
  let note: string | undefined;

  const inGlob = (fileRel: string): boolean => {
    if (!options.glob) return true;
    const underPath = rel !== '.' && fileRel.startsWith(`${rel}/`) ? fileRel.slice(rel.length + 1) : fileRel;
    return matchesGlob(fileRel, options.glob) || matchesGlob(underPath, options.glob);
  };

  const searchOne = async (fileRel: string, fileAbs: string): Promise<boolean> => {
    let text: string;
    try {
      const { real } = await assertRealPathInside(root, fileAbs, false);
      text = await readRegularText(rootReal, real, fileRel, options.maxFileBytes);
    } catch (err) {
      if (err instanceof WorkspaceError) return true; // binary, too large, vanished, outside: skip
      throw err;
    }
    const lines = text.split('\n');
    const remaining = options.maxResults - matches.length;
    const found = matcher.run(lines, remaining + 1, deadline - Date.now());
    if (found === 'timeout') {
      truncated = true;
      note = `Search stopped after the ${options.timeBudgetMs ?? DEFAULT_SEARCH_BUDGET_MS} ms budget (in ${fileRel}): simplify the pattern or narrow path/glob.`;
      return false;
    }
    for (let k = 0; k < found.length; k += 2) {
      if (matches.length >= options.maxResults) {
        truncated = true;
        return false;
      }
      matches.push({ path: fileRel, line: found[k] + 1, text: shownLine(lines[found[k]], found[k + 1]) });
    }
    return true;
  };

  const st = await fsp.stat(abs);
  if (!st.isDirectory()) {
    await searchOne(rel, abs);
    return { matches, truncated, note };
  }
  let skipped = 0;
  const complete = await walk(root, abs, rel, { recursive: true, deadline }, async (entry: WalkEntry) => {
    if (entry.kind !== 'file' || !inGlob(entry.rel)) return true;
    if (options.skipFile?.(entry.rel)) {
      skipped++;
      return true;
    }
    return searchOne(entry.rel, entry.abs);
  });
  const skipNote = skipped ? `${skipped} file(s) holding credentials (such as .env) were not searched; read one by name to ask for approval.` : undefined;
  if (!complete && !truncated) {
    truncated = true;
    note = Date.now() > deadline
      ? 'Search stopped at the time budget before covering every file: narrow path or glob.'
      : 'Search stopped after visiting the maximum number of entries: narrow path or glob.';
  }
  if (skipNote) note = note ? `${note} ${skipNote}` : skipNote;
  return { matches, truncated, note };
}
