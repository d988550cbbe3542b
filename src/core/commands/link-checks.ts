// Links made by a command. A link is a second name for its target: once `g -> .git` exists, `g/config`
// is `.git/config` to every later command and tool. So a link to a protected path, to a secret, or to
// anything outside the workspace is critical to make, whatever name it gets (ln, ln -s, cp -s, cp -l, link).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Concern } from './parts';
import { placeOf, resolveAll } from './paths';
import type { Word } from './words';
import { guardedPath, positionals } from './guarded';
import { secretReason, type PathContext } from './secrets';

const risky = (reason: string): Concern => ({ level: 'risky', reason });
const critical = (reason: string): Concern => ({ level: 'critical', reason });
const shortHas = (a: string | null, letter: string): boolean => !!a && /^-[A-Za-z]+$/.test(a) && a.includes(letter);

/** Whether the program makes links with these arguments, and whether they are symbolic. */
function linking(name: string, a: (string | null)[]): { links: boolean; symbolic: boolean } {
  if (name === 'ln') return { links: true, symbolic: a.some((x) => x === '--symbolic' || shortHas(x, 's')) };
  if (name === 'link') return { links: true, symbolic: false };
  if (name === 'cp' || name === 'gcp') {
    const symbolic = a.some((x) => x === '--symbolic-link' || shortHas(x, 's'));
    return { links: symbolic || a.some((x) => x === '--link' || shortHas(x, 'l')), symbolic };
  }
  return { links: false, symbolic: false };
}

/** The folder a relative symbolic target is read from: the link's own folder (or the folder it is put in). */
function linkBases(dest: Word | undefined, cwds: string[] | null): string[] | null {
  if (!dest?.value) return cwds;
  const at = resolveAll(dest.value, cwds);
  if (!at) return null;
  return at.map((p) => (fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ? p : path.dirname(p)));
}

export function linkConcerns(name: string, args: Word[], cwds: string[] | null, ctx: PathContext): Concern[] {
  const { links, symbolic } = linking(name, args.map((w) => w.value));
  if (!links) return [];
  const ops = positionals(args);
  const tIndex = args.findIndex((w) => w.value === '-t' || (w.value ?? '').startsWith('--target-directory'));
  const tDir = tIndex < 0 ? undefined : args[tIndex].value === '-t' ? args[tIndex + 1] : { ...args[tIndex], value: args[tIndex].value!.slice(args[tIndex].value!.indexOf('=') + 1) };
  const sources = tIndex >= 0 || ops.length < 2 ? ops.filter((w) => w !== args[tIndex + 1]) : ops.slice(0, -1);
  const dest = tDir ?? (ops.length >= 2 ? ops[ops.length - 1] : undefined);
  for (const src of sources) {
    if (src.value === null) return [risky(`creates a link to a path only known at run time (${src.text})`)];
    // A relative symlink target is read from the link's folder, not from the working directory.
    const bases = symbolic && !src.value.startsWith('/') ? linkBases(dest, cwds) : cwds;
    const abs = resolveAll(src.value, bases);
    if (!abs) return [risky(`creates a link from a folder only known at run time (${src.value})`)];
    for (const p of abs) {
      const place = placeOf(p, ctx.root);
      if (place === 'outside' || place === 'above') return [critical(`creates a link to outside the workspace (${src.value}): reads and writes through it reach outside`)];
      const guarded = guardedPath(p, ctx);
      if (guarded) return [critical(`creates a link to ${guarded} (${src.value}): writes through it change that path`)];
      const secret = secretReason(p, null, ctx);
      if (secret) return [critical(`creates a link to a secret (${src.value}): ${secret}`)];
    }
  }
  return [];
}
