// Where a path in a command points, judged on real paths (symlinks followed as far as they exist).
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Place = 'inside' | 'root' | 'above' | 'outside';

const MAX_LINK_HOPS = 40;

/**
 * Where `p` (relative to the folder `base`) leads, resolved the way the kernel does: every symlink is
 * followed before the next segment is taken, so `link/..` is the parent of the link's target, never
 * `base`; text is never collapsed first. Segments past a missing one are joined as written, and a
 * dangling link is followed too (`out -> /etc/x` writes /etc/x once created).
 */
export function physicalPath(base: string, p: string): string {
  let hops = 0;
  const walk = (from: string, rel: string): string => {
    let cur = path.isAbsolute(rel) ? '/' : from;
    const segments = rel.split('/');
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        cur = path.dirname(cur);
        continue;
      }
      const next = path.join(cur, seg);
      let link: string | undefined;
      try {
        link = fs.lstatSync(next).isSymbolicLink() ? fs.readlinkSync(next) : undefined;
      } catch {
        /* missing: taken as written */
      }
      if (link === undefined || ++hops > MAX_LINK_HOPS) cur = next;
      else cur = walk(cur, link);
    }
    return cur;
  };
  return walk(path.isAbsolute(base) ? base : path.resolve(base), p);
}

/** The real location of an absolute path: symlinks followed as far as they exist, `..` after them. */
export function realish(p: string): string {
  return physicalPath('/', p);
}

/** True when a path.relative() result leaves its base (`..` or `../x`; a name like `...` does not). */
export function leaves(rel: string): boolean {
  return rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel);
}

export function placeOf(abs: string, root: string): Place {
  const real = realish(abs);
  if (real === root) return 'root';
  const rel = path.relative(root, real);
  if (rel && !leaves(rel)) return 'inside';
  const up = path.relative(real, root);
  if (up && !leaves(up)) return 'above';
  return 'outside';
}

/**
 * Resolves `p` against each possible working directory, following links before `..` (see
 * physicalPath); null when relative and the directory is unknown.
 */
export function resolveAll(p: string, cwds: string[] | null): string[] | null {
  if (path.isAbsolute(p)) return [physicalPath('/', p)];
  if (!cwds) return null;
  return cwds.map((c) => physicalPath(c, p));
}

export function unionCwds(a: string[] | null, b: string[] | null): string[] | null {
  if (!a || !b) return null;
  return [...new Set([...a, ...b])];
}
