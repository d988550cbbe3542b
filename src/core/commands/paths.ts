// Where a path in a command points, judged on real paths (symlinks followed as far as they exist).
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Place = 'inside' | 'root' | 'above' | 'outside';

/**
 * realpath of the longest existing prefix, so a symlink to `/` inside the workspace is seen for what it
 * is; a dangling link is followed too (`out -> /etc/x` writes /etc/x once created).
 */
export function realish(p: string, hops = 0): string {
  let head = path.resolve(p);
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(head), ...tail.reverse());
    } catch {
      let link: string | undefined;
      try {
        link = fs.lstatSync(head).isSymbolicLink() ? fs.readlinkSync(head) : undefined;
      } catch {
        /* does not exist */
      }
      if (link !== undefined && hops < 16) return path.join(realish(path.resolve(path.dirname(head), link), hops + 1), ...tail.reverse());
      const parent = path.dirname(head);
      if (parent === head) return path.join(head, ...tail.reverse());
      tail.push(path.basename(head));
      head = parent;
    }
  }
}

export function placeOf(abs: string, root: string): Place {
  const real = realish(abs);
  if (real === root) return 'root';
  const rel = path.relative(root, real);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return 'inside';
  const up = path.relative(real, root);
  if (up && !up.startsWith('..') && !path.isAbsolute(up)) return 'above';
  return 'outside';
}

/** Resolves `p` against each possible working directory; null when relative and the directory is unknown. */
export function resolveAll(p: string, cwds: string[] | null): string[] | null {
  if (path.isAbsolute(p)) return [path.resolve(p)];
  if (!cwds) return null;
  return cwds.map((c) => path.resolve(c, p));
}

export function unionCwds(a: string[] | null, b: string[] | null): string[] | null {
  if (!a || !b) return null;
  return [...new Set([...a, ...b])];
}
