// Reading one file for search_files, with the same checks as read_file, in synchronous calls.
//
// A search opens thousands of files; every asynchronous call is a trip through libuv's thread pool,
// and on a busy machine those trips cost more than the reads (9,080 files: 0.7-1.3 s with 32 reads in
// flight, 0.13-0.26 s one after another). So the search reads synchronously, in slices that give the
// event loop back (see search-scan.ts).
//
// The walk already guarantees what the old per-file realpath re-checked: it starts at a folder whose
// real path is inside and never enters a link. What a walk cannot see is a race (a folder swapped for a
// link after it was listed), so every file is still opened without following a final link, and on
// Linux the opened descriptor's real path is checked through /proc. Elsewhere the real path is checked
// before opening, as before.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from './paths';

const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0; // a FIFO swapped in must not hang the search
const FLAGS = fs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK;

/** Errors that mean "this file is not searchable now" (gone, a link, not permitted...): skip it silently. */
const SKIPPED_CODES = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'EACCES', 'EPERM', 'EISDIR', 'ENXIO', 'EAGAIN', 'EWOULDBLOCK']);

function skippable(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
  return code !== undefined && SKIPPED_CODES.has(code);
}

const FD_LINKS = process.platform === 'linux';

export class SearchFileReader {
  /** Whether /proc/self/fd answered; when it does not, each file's real path is checked before opening. */
  private fdLinks = FD_LINKS;
  private readonly rootPrefix: string;

  constructor(
    private readonly rootReal: string,
    private readonly maxFileBytes: number,
  ) {
    this.rootPrefix = rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep;
  }

  /**
   * The bytes of the regular file `abs`, or undefined when it is skipped: gone, a link, not a regular
   * file, over maxFileBytes, or really outside the workspace. Binary content is checked by the caller,
   * and only for files that match (most files in a search do not).
   */
  read(abs: string): Buffer | undefined {
    if (!this.fdLinks && !this.realPathInside(abs)) return undefined;
    let fd: number;
    try {
      fd = fs.openSync(abs, FLAGS);
    } catch (err) {
      if (skippable(err)) return undefined;
      throw err;
    }
    try {
      if (this.fdLinks && !this.fdInside(fd, abs)) return undefined;
      const st = fs.fstatSync(fd);
      if (!st.isFile() || st.size > this.maxFileBytes) return undefined;
      // One byte past the limit, in case the file grew since fstat. A short read that brought all
      // fstat promised means the end, which saves a second read for almost every file.
      const buf = Buffer.allocUnsafe(Math.min(st.size, this.maxFileBytes) + 1);
      let length = 0;
      for (;;) {
        const want = buf.length - length;
        const n = fs.readSync(fd, buf, length, want, null);
        length += n;
        if (n === 0 || (n < want && length >= st.size) || length === buf.length) break;
      }
      if (length > this.maxFileBytes) return undefined;
      return buf.subarray(0, length);
    } catch (err) {
      if (skippable(err)) return undefined;
      throw err;
    } finally {
      fs.closeSync(fd);
    }
  }

  private fdInside(fd: number, abs: string): boolean {
    let target: string;
    try {
      target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      this.fdLinks = false; // no /proc here (a container without it): check real paths instead
      return this.realPathInside(abs);
    }
    // The kernel's answer is a canonical absolute path, like rootReal, so a prefix test is exact.
    return target === this.rootReal || target.startsWith(this.rootPrefix);
  }

  private realPathInside(abs: string): boolean {
    try {
      return isInside(this.rootReal, fs.realpathSync(abs));
    } catch {
      return false; // dangling, looping or gone
    }
  }
}
