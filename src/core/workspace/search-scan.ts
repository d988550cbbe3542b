// Turning the files a search selected into matches, in the walk's order, until the result cap or the
// budget. Both engines end here: ripgrep only decides which files are worth opening, so what the model
// sees (which lines, how they are shortened, where the cap cuts) is decided by this code alone.
import { looksBinary } from './files';
import { Matcher, prefilterFor, shownLine } from './search-match';
import { SearchFileReader } from './search-read';
import type { SearchMatch } from './search';

export interface ScanFile {
  rel: string;
  abs: string;
  /** Position in the walk's order. */
  order: number;
  /** ripgrep found a matching line (or the model named this file): no prefilter needed. */
  chosen?: boolean;
}

export interface ScanOptions {
  rootReal: string;
  pattern: string;
  re: RegExp;
  ignoreCase: boolean;
  maxResults: number;
  maxFileBytes: number;
  deadline: number;
  budgetMs: number;
}

/** How long one slice may hold the event loop. */
const SLICE_MS = 10;
/** Texts handed to the prefilter in one vm call: its set-up costs about as much as testing a small file. */
const GROUP_FILES = 64;
const GROUP_BYTES = 1024 * 1024;

export class SearchScanner {
  readonly matches: SearchMatch[] = [];
  /** More matches may exist (the cap or the budget stopped the scan). */
  truncated = false;
  /** Set when the pattern ran out of time in a file. */
  note?: string;
  /** The scan must not go on: the cap was passed, the pattern timed out, or the deadline passed. */
  stopped = false;
  /** The deadline passed between files (the caller words the note, as for a walk cut short). */
  outOfTime = false;
  /** The walk position of the file where the scan stopped. */
  stoppedAt?: number;
  private readonly reader: SearchFileReader;
  private readonly matcher: Matcher;
  private readonly needle?: Buffer;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(private readonly options: ScanOptions) {
    this.reader = new SearchFileReader(options.rootReal, options.maxFileBytes);
    const pre = prefilterFor(options.pattern, options.ignoreCase);
    this.needle = pre && 'bytes' in pre ? pre.bytes : undefined;
    this.matcher = new Matcher(options.re, pre && 'regex' in pre ? pre.regex : undefined);
  }

  /**
   * Scan `files` from `start` in order for about one slice. Returns the index to continue from
   * (files.length when done, or when the scan stopped).
   */
  scanSlice(files: readonly ScanFile[], start: number): number {
    const sliceEnd = Date.now() + SLICE_MS;
    let i = start;
    while (i < files.length && !this.stopped) {
      if (Date.now() > this.options.deadline) {
        this.stop(files[i], true);
        break;
      }
      i = !files[i].chosen && !this.needle && this.matcher.prefilter ? this.scanGroup(files, i) : this.scanOne(files[i], i);
      if (Date.now() > sliceEnd) break;
    }
    return this.stopped ? files.length : i;
  }

  private scanOne(file: ScanFile, index: number): number {
    const bytes = this.reader.read(file.abs);
    if (bytes && (file.chosen || !this.needle || bytes.indexOf(this.needle) !== -1)) this.matchLines(file, bytes);
    return index + 1;
  }

  /** Read a group of files, run the prefilter over all of them in one call, then match the survivors. */
  private scanGroup(files: readonly ScanFile[], start: number): number {
    const group: { file: ScanFile; bytes: Buffer }[] = [];
    const texts: string[] = [];
    let size = 0;
    let i = start;
    for (; i < files.length && !files[i].chosen && group.length < GROUP_FILES && size < GROUP_BYTES; i++) {
      const bytes = this.reader.read(files[i].abs);
      if (!bytes) continue;
      group.push({ file: files[i], bytes });
      texts.push(bytes.toString('utf8')); // same text as the strict decode for any file that is not binary
      size += bytes.length;
    }
    const hits = this.matcher.anyText(texts, this.options.deadline - Date.now());
    if (!Array.isArray(hits)) {
      this.timedOut(group[hits.at].file);
      return files.length;
    }
    for (const k of hits) {
      if (this.stopped) break;
      this.matchLines(group[k].file, group[k].bytes);
    }
    return i;
  }

  private matchLines(file: ScanFile, bytes: Buffer): void {
    if (looksBinary(bytes)) return;
    const lines = this.decoder.decode(bytes).split('\n');
    const remaining = this.options.maxResults - this.matches.length;
    const found = this.matcher.lines(lines, remaining + 1, this.options.deadline - Date.now());
    if (found === 'timeout') {
      this.timedOut(file);
      return;
    }
    for (let k = 0; k < found.length; k += 2) {
      if (this.matches.length >= this.options.maxResults) {
        this.stop(file, false);
        this.truncated = true;
        return;
      }
      this.matches.push({ path: file.rel, line: found[k] + 1, text: shownLine(lines[found[k]], found[k + 1]) });
    }
  }

  private timedOut(file: ScanFile): void {
    this.stop(file, false);
    this.truncated = true;
    this.note = `Search stopped after the ${this.options.budgetMs} ms budget (in ${file.rel}): simplify the pattern or narrow path/glob.`;
  }

  private stop(file: ScanFile, outOfTime: boolean): void {
    this.stopped = true;
    this.outOfTime = outOfTime;
    this.stoppedAt = file.order;
  }
}
