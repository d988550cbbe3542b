// Reading and writing single files inside the workspace.
//
// Every call re-resolves the path and re-checks it on disk right before touching it, so a
// symlink swapped in after a check (or after a human approved the edit) cannot redirect it.
// Files are opened with O_NOFOLLOW, and on Linux the opened descriptor's real path is checked
// once more through /proc, which closes the race between checking and opening.
// Writes go to a temp file in the same folder and are renamed over the target: readers never
// see half a file, and a hard link to a file outside the workspace is replaced, not written through.
import { constants as fsc, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { DEFAULT_LIMITS } from '../shared/limits';
import { ScopeError, WorkspaceError, assertRealPathInside, isInside, quotePath, realRoot, resolveInWorkspace } from './paths';

export interface FileLimits {
  maxFileBytes: number;
}

const O_NOFOLLOW = fsc.O_NOFOLLOW ?? 0;
const O_NONBLOCK = fsc.O_NONBLOCK ?? 0; // a FIFO planted in the workspace must not hang a read
const BINARY_SNIFF_BYTES = 8192;

function errCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

function tooLarge(rel: string, size: number, max: number, verb: string): WorkspaceError {
  return new WorkspaceError(
    `File ${quotePath(rel)} is ${formatBytes(size)} (${size} bytes), over the ${max}-byte limit (maxFileBytes): ${verb}.`,
  );
}

/** On Linux, confirm where an open descriptor really points; elsewhere this check is skipped. */
async function assertFdInside(fh: FileHandle, rootReal: string, rel: string): Promise<void> {
  let target: string;
  try {
    target = await fsp.readlink(`/proc/self/fd/${fh.fd}`);
  } catch {
    return;
  }
  if (!isInside(rootReal, target)) {
    throw new ScopeError(`Path ${quotePath(rel)} resolves outside the workspace through a symbolic link: use a path whose real location is inside the workspace.`);
  }
}

/** True for content we should not show as text: a NUL byte early on, or invalid UTF-8. */
export function looksBinary(buf: Uint8Array): boolean {
  if (buf.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
    return false;
  } catch {
    return true;
  }
}

/**
 * Read a regular file at `real` (already checked to be inside), refusing links, non-files,
 * oversized and binary content. Shared by readTextFile and searchFiles.
 */
export async function readRegularText(rootReal: string, real: string, rel: string, maxFileBytes: number): Promise<string> {
  let fh: FileHandle;
  try {
    fh = await fsp.open(real, fsc.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    const code = errCode(err);
    if (code === 'ELOOP') throw new ScopeError(`Path ${quotePath(rel)} became a symbolic link while being read: use a path without links.`);
    if (code === 'ENOENT') throw new WorkspaceError(`File ${quotePath(rel)} not found: check the path with list_files.`);
    if (code === 'EACCES' || code === 'EPERM') throw new WorkspaceError(`File ${quotePath(rel)} is not readable (permission denied).`);
    throw err;
  }
  try {
    await assertFdInside(fh, rootReal, rel);
    const st = await fh.stat();
    if (st.isDirectory()) throw new WorkspaceError(`Path ${quotePath(rel)} is a directory, not a file: use list_files to see what it contains.`);
    if (!st.isFile()) throw new WorkspaceError(`Path ${quotePath(rel)} is not a regular file (device, socket or pipe): it cannot be read.`);
    if (st.size > maxFileBytes) throw tooLarge(rel, st.size, maxFileBytes, 'read a smaller file or use search_files to find the lines you need');
    // Read at most one byte past the limit in case the file grew since fstat.
    const buf = Buffer.alloc(Math.min(st.size, maxFileBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, length, buf.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buf.length) break;
    }
    if (length > maxFileBytes) throw tooLarge(rel, length, maxFileBytes, 'read a smaller file or use search_files to find the lines you need');
    const bytes = buf.subarray(0, length);
    if (looksBinary(bytes)) throw new WorkspaceError(`File ${quotePath(rel)} is a binary file, not shown.`);
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  } finally {
    await fh.close();
  }
}

/** Read a UTF-8 text file named by the model. */
export async function readTextFile(root: string, input: string, limits: FileLimits): Promise<{ rel: string; text: string }> {
  const { abs, rel } = resolveInWorkspace(root, input);
  if (rel === '.') throw new WorkspaceError('Path is the workspace root, a directory: give a file path, or use list_files.');
  const { real, exists } = await assertRealPathInside(root, abs, false);
  if (!exists) throw new WorkspaceError(`File ${quotePath(rel)} not found: check the path with list_files.`);
  const text = await readRegularText(await realRoot(root), real, rel, limits.maxFileBytes);
  return { rel, text };
}

export interface LineSlice {
  /** The lines, each prefixed with its 1-based number and a tab. */
  text: string;
  startLine: number;
  endLine: number;
  totalLines: number;
}

/**
 * Lines `start`..`end` (1-based, inclusive) numbered for the model. `end` past the last line is
 * clamped; `start` past it is an error. A final newline does not count as an extra empty line.
 */
export function sliceLines(text: string, start?: number, end?: number): LineSlice {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const total = lines.length;
  for (const [name, v] of [['start', start], ['end', end]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      throw new WorkspaceError(`Line ${name} ${v} is not valid: line numbers are whole numbers starting at 1.`);
    }
  }
  const from = start ?? 1;
  if (total === 0) {
    if (start !== undefined && start > 1) throw new WorkspaceError(`Line ${start} is past the end: the file is empty.`);
    return { text: '', startLine: 1, endLine: 0, totalLines: 0 };
  }
  if (from > total) throw new WorkspaceError(`Line ${from} is past the end of the file, which has ${total} line${total === 1 ? '' : 's'}.`);
  if (end !== undefined && end < from) throw new WorkspaceError(`Line range ${from}-${end} is empty: the end must not be before the start.`);
  const to = Math.min(end ?? total, total);
  const width = String(to).length;
  const body = lines
    .slice(from - 1, to)
    .map((line, i) => `${String(from + i).padStart(width, ' ')}\t${line.replace(/\r$/, '')}`)
    .join('\n');
  return { text: body, startLine: from, endLine: to, totalLines: total };
}


/** Create the missing folders from root down to `dirAbs`, checking each real location as we go. */
async function ensureDirsInside(root: string, rootReal: string, dirAbs: string, rel: string): Promise<void> {
  const parts = path.relative(path.resolve(root), dirAbs).split(path.sep).filter(Boolean);
  let current = path.resolve(root);
  for (const part of parts) {
    current = path.join(current, part);
    try {
      await fsp.mkdir(current);
    } catch (err) {
      if (errCode(err) !== 'EEXIST') throw err;
    }
    const real = await fsp.realpath(current).catch(() => {
      throw new ScopeError(`Path ${quotePath(rel)} goes through a broken symbolic link: use a path without links.`);
    });
    if (!isInside(rootReal, real)) {
      throw new ScopeError(`Path ${quotePath(rel)} resolves outside the workspace through a symbolic link: use a path whose real location is inside the workspace.`);
    }
    const st = await fsp.stat(current);
    if (!st.isDirectory()) throw new WorkspaceError(`Cannot create ${quotePath(rel)}: ${quotePath(path.basename(current))} is a file, not a folder.`);
  }
}

/**
 * Write `content` to `rel` atomically: check containment on disk, create parent folders, write a
 * temp file beside the target, fsync, rename over it. Keeps the permission bits of an existing file.
 * Refuses symbolic links as targets and directories.
 */
export async function atomicWriteFile(
  root: string,
  rel: string,
  content: string,
  limits: FileLimits = { maxFileBytes: DEFAULT_LIMITS.maxFileBytes },
): Promise<void> {
  const resolved = resolveInWorkspace(root, rel);
  const { abs } = resolved;
  const shown = resolved.rel;
  if (shown === '.') throw new WorkspaceError('Path is the workspace root, a directory: give a file path.');
  const bytes = Buffer.from(content, 'utf8');
  if (bytes.length > limits.maxFileBytes) throw tooLarge(shown, bytes.length, limits.maxFileBytes, 'write smaller files');
  const rootReal = await realRoot(root);
  await assertRealPathInside(root, abs, true);
  const dir = path.dirname(abs);
  await ensureDirsInside(root, rootReal, dir, shown);
  // The last check, immediately before creating anything next to the target.
  const { exists } = await assertRealPathInside(root, abs, true);
  let mode = 0o666;
  let keepMode = false;
  if (exists) {
    const st = await fsp.lstat(abs);
    if (st.isDirectory()) throw new WorkspaceError(`Path ${quotePath(shown)} is a directory: give a file path.`);
    if (!st.isFile()) throw new WorkspaceError(`Path ${quotePath(shown)} is not a regular file: it cannot be written.`);
    mode = st.mode & 0o7777;
    keepMode = true;
  }
  const tmp = path.join(dir, `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.harness-tmp`);
  const fh = await fsp.open(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | O_NOFOLLOW, mode);
  let renamed = false;
  try {
    try {
      await assertFdInside(fh, rootReal, shown);
      await fh.writeFile(bytes);
      if (keepMode) await fh.chmod(mode); // open() applied the umask; restore the exact bits
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, abs);
    renamed = true;
  } finally {
    if (!renamed) await fsp.unlink(tmp).catch(() => undefined);
  }
  await fsyncDir(dir);
}

/** Make the rename durable; not possible on every platform, so failures are ignored. */
async function fsyncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await fsp.open(dir, fsc.O_RDONLY);
    await fh.sync();
  } catch {
    // Windows cannot open folders this way; the rename is still atomic.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/**
 * Delete the file `rel`. Directories are refused. A symbolic link is removed itself (its target is
 * untouched), provided the folder holding it is really inside the workspace.
 */
export async function removeFile(root: string, rel: string): Promise<void> {
  const resolved = resolveInWorkspace(root, rel);
  const { abs } = resolved;
  const shown = resolved.rel;
  if (shown === '.') throw new WorkspaceError('Path is the workspace root: the harness deletes files only.');
  await assertRealPathInside(root, path.dirname(abs), false);
  let st;
  try {
    st = await fsp.lstat(abs);
  } catch (err) {
    if (errCode(err) === 'ENOENT' || errCode(err) === 'ENOTDIR') throw new WorkspaceError(`File ${quotePath(shown)} not found: nothing to delete.`);
    throw err;
  }
  if (st.isDirectory()) throw new WorkspaceError(`Path ${quotePath(shown)} is a directory: the harness deletes files only.`);
  await fsp.unlink(abs);
}
