// Regular-expression search across workspace files, with the same scope and ignore rules as listing.
//
// Two engines, one answer. The walk (walk.ts) decides which files are in scope: .gitignore, the
// skipped folders, links never followed, credentials left out. With a ripgrep binary (`rgPath`), it
// picks out which of those files may match; without one, every file is read. Either way the matches
// themselves come from the JavaScript pattern run by search-scan.ts, in the walk's order, so the
// result (lines, shortening, cap, notes) is the same whichever engine ran.
// Binary, oversized, unreadable and symlinked files are skipped silently.
import { promises as fsp } from 'node:fs';
import { matchesGlob } from './glob';
import { WorkspaceError, assertRealPathInside, quotePath, realRoot, resolveInWorkspace } from './paths';
import { toRipgrepPattern } from './rg-pattern';
import { ripgrepUsable } from './rg-locate';
import { runSearchPipeline } from './search-pipeline';
import { SearchScanner } from './search-scan';
import { assertWalkable } from './walk';

export { MAX_LINE_CHARS, MAX_SHOWN_CHARS, shownLine } from './search-match';
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
  /** A ripgrep binary to choose files with; without one (or if it does not run) the search reads every file. */
  rgPath?: string;
  /** Cancels the search: it stops reading, kills ripgrep and rejects with an AbortError. */
  signal?: AbortSignal;
  /**
   * With ripgrep: how many of the first files are searched in JavaScript while ripgrep runs, and how
   * many more per match found there (so a pattern with many matches answers without waiting for it).
   * Default 256; tests set 0 to make ripgrep choose every file.
   */
  headFiles?: number;
}

export interface SearchMatch {
  path: string;
  /** 1-based line number. */
  line: number;
  /** The line, trimmed, shortened to about MAX_SHOWN_CHARS around the match. */
  text: string;
}

export type SearchEngine = 'ripgrep' | 'javascript';

export interface SearchResult {
  matches: SearchMatch[];
  /** More matches may exist: the result cap, the time budget or the walk cap was hit. */
  truncated: boolean;
  /** Why the search stopped early, when it did for a reason other than the result cap. */
  note?: string;
  /** Which engine chose the files (the matches are the same either way). */
  engine: SearchEngine;
  /** Why ripgrep was not used, when one was given. */
  engineNote?: string;
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

function cancelled(): Error {
  const err = new Error('Search cancelled.');
  err.name = 'AbortError';
  return err;
}

/** The ripgrep engine's inputs, or why the JavaScript engine runs instead. */
async function chooseEngine(options: SearchOptions): Promise<{ rgPath: string; pattern: string } | { why?: string }> {
  if (!options.rgPath) return {};
  if (!(await ripgrepUsable(options.rgPath))) return { why: `${options.rgPath} does not run as ripgrep` };
  const pattern = toRipgrepPattern(options.pattern, options.ignoreCase ?? false);
  if (pattern === undefined) return { why: 'the pattern uses syntax only JavaScript reads' };
  return { rgPath: options.rgPath, pattern };
}

export async function searchFiles(root: string, options: SearchOptions): Promise<SearchResult> {
  const re = compilePattern(options.pattern, options.ignoreCase);
  if (!Number.isInteger(options.maxResults) || options.maxResults < 1) {
    throw new WorkspaceError(`maxResults must be a whole number of at least 1 (got ${options.maxResults}).`);
  }
  const { abs, rel } = resolveInWorkspace(root, options.path ?? '.');
  assertWalkable(rel);
  const { exists, real } = await assertRealPathInside(root, abs, false);
  if (!exists) throw new WorkspaceError(`Path ${quotePath(rel)} not found: search '.' for the whole workspace.`);

  const budgetMs = options.timeBudgetMs ?? DEFAULT_SEARCH_BUDGET_MS;
  const deadline = Date.now() + budgetMs;
  const scanner = new SearchScanner({
    rootReal: await realRoot(root),
    pattern: options.pattern,
    re,
    ignoreCase: options.ignoreCase ?? false,
    maxResults: options.maxResults,
    maxFileBytes: options.maxFileBytes,
    deadline,
    budgetMs,
  });

  if (!(await fsp.stat(abs)).isDirectory()) {
    // One named file: read where it really is (a link inside the workspace is fine when named).
    scanner.scanSlice([{ rel, abs: real, order: 0, chosen: true }], 0);
    return { matches: scanner.matches, truncated: scanner.truncated, note: scanner.note, engine: 'javascript' };
  }

  const engine = await chooseEngine(options);
  const inGlob = (fileRel: string): boolean => {
    if (!options.glob) return true;
    const underPath = rel !== '.' && fileRel.startsWith(`${rel}/`) ? fileRel.slice(rel.length + 1) : fileRel;
    return matchesGlob(fileRel, options.glob) || matchesGlob(underPath, options.glob);
  };
  const outcome = await runSearchPipeline(scanner, {
    root,
    startAbs: abs,
    startRel: rel,
    deadline,
    maxFileBytes: options.maxFileBytes,
    ...(options.signal ? { signal: options.signal } : {}),
    select: (entry) => (!inGlob(entry.rel) ? 'skip' : options.skipFile?.(entry.rel) ? 'secret' : 'search'),
    ...('rgPath' in engine ? { ripgrep: engine } : {}),
    ...(options.headFiles !== undefined ? { headFiles: options.headFiles } : {}),
  });
  if (options.signal?.aborted) throw cancelled();

  let { truncated, note } = scanner;
  if (scanner.outOfTime || (!scanner.stopped && !outcome.walkComplete)) {
    truncated = true;
    note =
      scanner.outOfTime || Date.now() > deadline
        ? 'Search stopped at the time budget before covering every file: narrow path or glob.'
        : 'Search stopped after visiting the maximum number of entries: narrow path or glob.';
  }
  if (outcome.secretsSkipped) {
    const skipNote = `${outcome.secretsSkipped} file(s) holding credentials (such as .env) were not searched; read one by name to ask for approval.`;
    note = note ? `${note} ${skipNote}` : skipNote;
  }
  const why = 'why' in engine ? engine.why : outcome.fallback;
  return {
    matches: scanner.matches,
    truncated,
    note,
    engine: outcome.usedRipgrep ? 'ripgrep' : 'javascript',
    ...(why ? { engineNote: why } : {}),
  };
}
