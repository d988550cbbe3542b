// A folder search: our walk lists the files in order while they are searched.
//
// - JavaScript engine: every listed file is read and matched (search-scan.ts).
// - ripgrep engine: ripgrep walks and searches the same folder at the same time (rg-run.ts), and
//   reports the files with a matching line. Of the files our walk lists, only those are opened; the
//   ones below a .gitignore ripgrep would read differently are searched in JavaScript; and the first
//   few are searched in JavaScript while ripgrep is still running, so a common pattern returns early.
//   If ripgrep fails, the rest is searched in JavaScript.
// Either way the matches come from the same files, read and matched by the same code in the walk's
// order, so both engines give the same answer, cap included; ripgrep only saves opening files that
// have no match. A file ripgrep reports that our walk does not list is never opened.
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { runRipgrep } from './rg-run';
import type { SearchScanner, ScanFile } from './search-scan';
import { type WalkEntry, walk, yieldToEventLoop } from './walk';

export interface PipelineOptions {
  root: string;
  startAbs: string;
  startRel: string;
  deadline: number;
  maxFileBytes: number;
  signal?: AbortSignal;
  /** Whether a file the walk found is searched at all (glob), or left out as credentials. */
  select(entry: WalkEntry): 'search' | 'skip' | 'secret';
  /** ripgrep and the translated pattern; absent: the JavaScript engine. */
  ripgrep?: { rgPath: string; pattern: string };
  /** Files searched in JavaScript while ripgrep runs (default HEAD_FILES). */
  headFiles?: number;
}

export interface PipelineOutcome {
  /** The walk saw everything (false: stopped by the visit cap or the deadline, or the scan ended first). */
  walkComplete: boolean;
  /** Credential files the walk passed before the scan stopped. */
  secretsSkipped: number;
  /** ripgrep ran to the end and chose the files, or the search ended before it had to (the JavaScript head). */
  usedRipgrep: boolean;
  /** Why ripgrep's answer was not used. */
  fallback?: string;
}

/**
 * Files searched in JavaScript while ripgrep runs, and as many more for each match found there: a
 * pattern with many matches is answered from them, one with none costs ripgrep only this many reads.
 */
export const HEAD_FILES = 256;
/** Files decided per step once ripgrep has answered. */
const STEP_FILES = 4096;
/** More files than this from ripgrep is not an answer we can use (our walk stops at 200,000 entries). */
const MAX_RG_FILES = 400_000;
/** ripgrep's threads: all cores (leaving one to our walk made ripgrep alone slower than the two sharing). */
const RG_THREADS = Number(process.env.HX_THREADS ?? availableParallelism());

/** Resolves the current waiter when something changed: files were listed, the walk ended, ripgrep ended. */
class Wakeup {
  private waiter?: () => void;
  private pending = false;
  notify(): void {
    this.pending = true;
    this.waiter?.();
  }
  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiter = () => {
        this.waiter = undefined;
        this.pending = false;
        resolve();
      };
    });
  }
}

/** Scan `list` to the end (or until the scan stops), giving the event loop back between slices. */
async function scanAll(scanner: SearchScanner, list: ScanFile[]): Promise<void> {
  for (let i = 0; i < list.length && !scanner.stopped; ) {
    i = scanner.scanSlice(list, i);
    await yieldToEventLoop();
  }
}

export async function runSearchPipeline(scanner: SearchScanner, options: PipelineOptions): Promise<PipelineOutcome> {
  // Only names are kept while walking: most files of a ripgrep search are never opened.
  const files: string[] = [];
  const rootPrefix = path.resolve(options.root) + path.sep;
  const toScan = (order: number, chosen = false): ScanFile => {
    const rel = files[order];
    return { rel, abs: rootPrefix + (path.sep === '/' ? rel : rel.split('/').join(path.sep)), order, ...(chosen ? { chosen } : {}) };
  };
  const secretsAt: number[] = []; // for each credential file skipped: how many files were listed before it
  const differing: string[] = []; // folders whose .gitignore ripgrep would read differently
  const wakeup = new Wakeup();
  const stop = new AbortController(); // ends the walk and ripgrep once the scan is over
  const stopRipgrep = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  stop.signal.addEventListener('abort', () => stopRipgrep.abort(), { once: true });

  const ripgrep = options.ripgrep;
  const rg: { state: 'off' | 'running' | 'done' | 'failed' } = { state: ripgrep ? 'running' : 'off' };
  let fallback: string | undefined;
  const reported = new Set<string>();
  const ripgrepFailed = (why: string) => {
    if (rg.state !== 'running' && rg.state !== 'done') return;
    rg.state = 'failed';
    fallback ??= why;
    stopRipgrep.abort();
    wakeup.notify();
  };
  if (ripgrep) {
    void runRipgrep({
      rgPath: ripgrep.rgPath,
      cwd: options.root,
      start: options.startRel,
      pattern: ripgrep.pattern,
      maxFileBytes: options.maxFileBytes,
      onFile: (rel) => reported.add(rel),
      maxFiles: MAX_RG_FILES,
      signal: stopRipgrep.signal,
      deadline: options.deadline,
      threads: RG_THREADS,
    }).then((result) => {
      // Stopped by us (the scan is over, or the search was cancelled): not a failure of ripgrep's.
      if (!result.ok && stopRipgrep.signal.aborted) return wakeup.notify();
      if (!result.ok) return ripgrepFailed(`ripgrep failed: ${result.why}`);
      if (rg.state === 'running') rg.state = 'done';
      wakeup.notify();
    });
  }

  let walkDone = false;
  let walkComplete = false;
  const walking = walk(
    options.root,
    options.startAbs,
    options.startRel,
    {
      recursive: true,
      deadline: options.deadline,
      signal: stop.signal,
      onRipgrepDiffers: (dir, verdict) => {
        differing.push(dir);
        // ripgrep may be stuck reading a FIFO named .gitignore: do not wait for it.
        if (verdict === 'unsafe') ripgrepFailed(`${dir === '.' ? '' : `${dir}/`}.gitignore is not a regular file`);
      },
    },
    (entry) => {
      if (entry.kind !== 'file') return true;
      const choice = options.select(entry);
      if (choice === 'secret') secretsAt.push(files.length);
      else if (choice === 'search') {
        files.push(entry.rel);
        if ((files.length & 63) === 0) wakeup.notify();
      }
      return true;
    },
  ).finally(() => {
    walkDone = true;
    wakeup.notify();
  });
  walking.then((complete) => (walkComplete = complete), () => undefined);

  const underDiffering = (rel: string) => differing.some((dir) => dir === '.' || rel.startsWith(`${dir}/`));
  let finalState = rg.state;
  let finalFallback: string | undefined;
  let scanned = 0; // files before this index are decided
  const head: ScanFile[] = [];
  const headFiles = options.headFiles ?? HEAD_FILES;
  try {
    while (!scanner.stopped && !options.signal?.aborted) {
      if (rg.state === 'running') {
        const headEnd = Math.min(files.length, headFiles * (1 + scanner.matches.length));
        if (scanned < headEnd) {
          while (head.length < headEnd) head.push(toScan(head.length));
          scanned = scanner.scanSlice(head, scanned);
          await yieldToEventLoop();
        } else await wakeup.wait();
        continue;
      }
      if (scanned < files.length) {
        const trust = rg.state === 'done';
        const end = Math.min(files.length, scanned + STEP_FILES);
        const list: ScanFile[] = [];
        for (; scanned < end; scanned++) {
          const rel = files[scanned];
          if (!trust || underDiffering(rel)) list.push(toScan(scanned));
          else if (reported.has(rel)) list.push(toScan(scanned, true));
        }
        await scanAll(scanner, list);
        continue;
      }
      if (walkDone) break;
      await wakeup.wait();
    }
  } finally {
    // What ripgrep contributed is settled here: stopping it below is our doing, not its failure.
    finalState = rg.state;
    finalFallback = fallback;
    stop.abort();
    options.signal?.removeEventListener('abort', onAbort);
    await walking.catch(() => undefined);
  }
  await walking; // a walk error (not a stop) is the search's error
  const stoppedAt = scanner.stoppedAt ?? files.length;
  return {
    walkComplete: walkComplete && !scanner.stopped,
    secretsSkipped: secretsAt.filter((at) => at <= stoppedAt).length,
    usedRipgrep: finalState === 'done' || (finalState === 'running' && scanner.stopped),
    ...(finalFallback ? { fallback: finalFallback } : {}),
  };
}
