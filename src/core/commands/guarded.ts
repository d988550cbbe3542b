// What a command may not change or point at without a human, shared by the write, delete and link
// checks: git hooks and config (they run code on the next git command), the protected paths, and
// the operands of a command line.
import * as path from 'node:path';
import { leaves, realish } from './paths';
import { DEFAULT_PROTECTED_PATHS, isProtected } from '../workspace/protected';
import type { Word } from './words';
import type { PathContext } from './secrets';

/** Why changing `abs` needs a human although it is inside the workspace, or undefined. */
export function guardedPath(abs: string, ctx: PathContext): string | undefined {
  const rel = path.relative(ctx.root, realish(abs)).split(path.sep).join('/');
  if (/^\.git\/(config|hooks|info)(\/|$)/.test(rel)) return 'git hooks or config';
  const pattern = rel && !leaves(rel) ? isProtected(rel, ctx.protectedPaths ?? DEFAULT_PROTECTED_PATHS) : undefined;
  return pattern ? `a protected path (${pattern})` : undefined;
}

/** Operands: words that are not options, and everything after `--`. */
export function positionals(args: Word[]): Word[] {
  let ended = false;
  return args.filter((w) => {
    if (ended) return true;
    if (w.value === '--') return !(ended = true);
    return w.value === null || !w.value.startsWith('-') || w.value === '-';
  });
}
