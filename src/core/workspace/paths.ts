// Turns a path the model wrote into a path inside the workspace, or refuses it.
//
// Decisions (the model is assumed adversarial):
// - Only workspace-relative paths are accepted. Absolute POSIX (`/x`), Windows drive (`C:\x`, `C:x`),
//   UNC (`\\server\x`) and home (`~`, `~user`) paths are refused rather than "helpfully" mapped.
// - Any `..` segment is refused outright, even one that would stay inside (`a/../b`): one rule that
//   never needs reasoning about is safer than a normaliser that must be right every time.
// - Backslashes count as separators on every platform, so `a\..\..\x` cannot slip past on POSIX
//   and later become a traversal on Windows.
// - Control characters (NUL included) are refused: they truncate paths in native code and hide
//   in approval dialogs.
// - Containment is decided on path segments, never on string prefixes (`/w/proj_evil` is not in `/w/proj`).
// - The lexical check is not enough on its own: `assertRealPathInside` resolves symlinks on disk.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** A problem the model can fix by changing its input (bad path, missing file, too large...). */
export class WorkspaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

/** The request would reach outside the workspace (or through a link that does). */
export class ScopeError extends WorkspaceError {
  constructor(message: string) {
    super(message);
    this.name = 'ScopeError';
  }
}

export interface ResolvedPath {
  /** Absolute path on this machine (lexically inside root; symlinks not yet resolved). */
  abs: string;
  /** Workspace-relative, forward slashes, no `./`; `.` for the root itself. */
  rel: string;
}

/** Quote a user-supplied path for an error message without letting it break the line. */
export function quotePath(input: string): string {
  const shown = input.length > 200 ? `${input.slice(0, 200)}…` : input;
  return `'${shown.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

/** Lexically resolve `input` against `root`. Throws ScopeError for anything that is not a plain relative path. */
export function resolveInWorkspace(root: string, input: string): ResolvedPath {
  if (typeof input !== 'string') throw new ScopeError('Path must be a string relative to the workspace root.');
  const q = quotePath(input);
  if (input.trim() === '') throw new ScopeError('Path is empty: give a file path relative to the workspace root, e.g. src/index.ts.');
  if (/[\u0000-\u001f\u007f]/.test(input)) {
    throw new ScopeError(`Path ${q} contains control characters (such as NUL or a newline): remove them.`);
  }
  const slashed = input.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) {
    throw new ScopeError(`Path ${q} is outside the workspace: use a path relative to the workspace root.`);
  }
  if (slashed.startsWith('~')) {
    throw new ScopeError(`Path ${q} refers to a home directory: use a path relative to the workspace root.`);
  }
  const segments: string[] = [];
  for (const seg of slashed.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      throw new ScopeError(`Path ${q} contains '..': use a path relative to the workspace root without '..' segments.`);
    }
    segments.push(seg);
  }
  const absRoot = path.resolve(root);
  const abs = segments.length ? path.join(absRoot, ...segments) : absRoot;
  // Belt and braces: the rules above should make this impossible.
  if (!isInside(absRoot, abs)) {
    throw new ScopeError(`Path ${q} is outside the workspace: use a path relative to the workspace root.`);
  }
  return { abs, rel: segments.length ? segments.join('/') : '.' };
}

/** True when `abs` is `root` or below it, compared segment by segment. */
export function isInside(root: string, abs: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(abs));
  if (rel === '') return true;
  if (path.isAbsolute(rel)) return false; // different drive on Windows
  return rel.split(path.sep)[0] !== '..';
}

/** Workspace-relative forward-slash form of an absolute path known to be inside root. */
export function toRel(root: string, abs: string): string {
  const rel = path.relative(path.resolve(root), abs);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

function errCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
}

/** realpath of the workspace root; the root itself may be a symlink (e.g. /tmp on macOS). */
export async function realRoot(root: string): Promise<string> {
  try {
    return await fsp.realpath(root);
  } catch (err) {
    throw new WorkspaceError(`Workspace root ${quotePath(root)} cannot be opened (${errCode(err) ?? String(err)}).`);
  }
}

/**
 * Check on disk that `abs` really lies inside the workspace: the real path of the target (or, when it
 * does not exist yet, of its nearest existing parent) must be inside realpath(root). This catches a
 * symlinked file or a symlinked directory anywhere along the way that points outside.
 *
 * For writes the target must not itself be a symlink: we refuse to write THROUGH a link even when it
 * points inside, because the approved diff was shown for the link's path, not its target's.
 *
 * Returns the real path that was checked (the target's, or the nearest existing parent's) and
 * whether the target itself exists.
 */
export async function assertRealPathInside(
  root: string,
  abs: string,
  forWrite: boolean,
): Promise<{ real: string; exists: boolean }> {
  const rootReal = await realRoot(root);
  const shown = quotePath(toRel(root, abs));
  if (!isInside(root, abs)) {
    throw new ScopeError(`Path ${shown} is outside the workspace: use a path relative to the workspace root.`);
  }
  let probe = abs;
  let isTarget = true;
  for (;;) {
    let st;
    try {
      st = await fsp.lstat(probe);
    } catch (err) {
      const code = errCode(err);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      st = undefined;
    }
    if (st) {
      if (isTarget && forWrite && st.isSymbolicLink()) {
        throw new ScopeError(`Path ${shown} is a symbolic link: the harness does not write through links; edit the file it points to instead.`);
      }
      let real: string;
      try {
        real = await fsp.realpath(probe);
      } catch (err) {
        // A dangling or looping link: we cannot tell where it leads, so it is not ours to touch.
        throw new ScopeError(`Path ${shown} goes through a broken symbolic link (${errCode(err) ?? 'unresolvable'}): use a path without links.`);
      }
      if (!isInside(rootReal, real)) {
        throw new ScopeError(`Path ${shown} resolves outside the workspace through a symbolic link: use a path whose real location is inside the workspace.`);
      }
      return { real, exists: isTarget };
    }
    const parent = path.dirname(probe);
    if (parent === probe || !isInside(root, parent)) {
      throw new ScopeError(`Path ${shown} has no existing parent inside the workspace.`);
    }
    probe = parent;
    isTarget = false;
  }
}
