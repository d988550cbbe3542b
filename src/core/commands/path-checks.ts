// Built-in checks on what a part touches: deleting or writing outside the workspace, redirections,
// git hooks/config, and reading known secret locations.
import type { Concern, Part } from './parts';
import { baseName } from './parts';
import { placeOf, resolveAll } from './paths';
import { guardedPath, positionals } from './guarded';
import { linkConcerns } from './link-checks';
import { flagWriteTargets } from './write-targets';
import type { Word } from './words';
import { globSecretReason, holdsSecrets, readsTrees, secretReason, type PathContext } from './secrets';

export type { PathContext } from './secrets';

const risky = (reason: string): Concern => ({ level: 'risky', reason });
const critical = (reason: string): Concern => ({ level: 'critical', reason });

const SAFE_DEVICES = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/zero']);
const WRITE_REDIRECT = new Set(['>', '>>', '>|', '&>', '&>>', '<>', '>&']);
const READ_ONLY = new Set(['cat', 'less', 'more', 'head', 'tail', 'ls', 'grep', 'rg', 'wc', 'file', 'stat', 'diff', 'git', 'find', 'tree', 'du']);
const WRITE_ALL = new Set(['touch', 'mkdir', 'rmdir', 'unlink', 'shred', 'truncate', 'tee', 'mv', 'chmod', 'chown', 'chgrp']);
const WRITE_LAST = new Set(['cp', 'ln', 'install', 'rsync', 'scp']);

/** Judges one written path. `what` words the concern ("writes", "deletes"). */
function writeConcern(w: Word, cwds: string[] | null, ctx: PathContext, what: string): Concern | undefined {
  if (w.procSubst) return undefined;
  if (w.value === null) return risky(`${what} a path only known at run time (${w.text})`);
  const v = w.value;
  if (SAFE_DEVICES.has(v) || /^\/dev\/fd\/\d+$/.test(v)) return undefined;
  if (v.startsWith('/dev/tcp/') || v.startsWith('/dev/udp/')) return risky(`opens a network connection (${v})`);
  const abs = resolveAll(v, cwds);
  if (!abs) return risky(`${what} ${v} from a folder only known at run time`);
  for (const p of abs) {
    const place = placeOf(p, ctx.root);
    if (place === 'outside' || place === 'above') return critical(`${what} outside the workspace (${v})`);
    const guarded = guardedPath(p, ctx);
    if (guarded) return critical(`changes ${guarded}: ${v}`);
  }
  return undefined;
}

function rmConcerns(args: Word[], cwds: string[] | null, ctx: PathContext): Concern[] {
  const out: Concern[] = [];
  const recursive = args.some((w) => w.value !== null && (w.value === '--recursive' || /^-[A-Za-z]*[rR]/.test(w.value)) && !w.value.startsWith('--no'));
  if (args.some((w) => w.value === '--no-preserve-root')) out.push(critical('rm --no-preserve-root'));
  for (const t of positionals(args)) {
    if (t.value === null) {
      out.push(recursive ? critical(`rm -r of a path only known at run time (${t.text})`) : risky(`rm of a path only known at run time (${t.text})`));
      continue;
    }
    const globAt = t.shape.search(/[*?[]/);
    // `rm -r *` empties the folder the glob is in: judge that folder.
    const target = globAt >= 0 ? t.value.slice(0, t.value.slice(0, globAt).lastIndexOf('/') + 1) || '.' : t.value;
    const abs = resolveAll(target, cwds);
    if (!abs) {
      out.push(risky(`rm of ${t.value} from a folder only known at run time`));
      continue;
    }
    for (const p of abs) {
      const place = placeOf(p, ctx.root);
      if (place === 'outside' || place === 'above') out.push(critical(`rm outside the workspace (${t.value})`));
      else if (place === 'root' && (recursive || globAt < 0)) out.push(critical(`rm ${recursive ? '-r ' : ''}of the workspace root (${t.value})`));
      else if (guardedPath(p, ctx)) out.push(critical(`deletes ${guardedPath(p, ctx)}: ${t.value}`));
      else continue;
      break;
    }
  }
  return out;
}

export function pathConcerns(part: Part, ctx: PathContext): Concern[] {
  const out: Concern[] = [];
  const cwds = part.cwds;
  for (const r of part.redirects) {
    if (!r.target) continue;
    const isWrite = WRITE_REDIRECT.has(r.op) && !(r.op === '>&' && /^(\d+|-)$/.test(r.target.value ?? ''));
    if (isWrite) {
      const c = writeConcern(r.target, cwds, ctx, 'writes');
      if (c) out.push(c.level === 'critical' && c.reason.includes('outside the workspace') ? critical(`redirection writes outside the workspace (${r.target.text})`) : c);
    } else if (r.op === '<' || r.op === '<&') {
      if (r.target.value && /^\/dev\/(tcp|udp)\//.test(r.target.value)) out.push(risky(`opens a network connection (${r.target.value})`));
    }
  }
  const all: Word[] = [...part.words, ...part.redirects.map((r) => r.target).filter((w): w is Word => !!w), ...part.assignments.map((a) => a.value).filter((w): w is Word => !!w)];
  for (const w of all) {
    const s = w.value !== null ? secretReason(w.value, cwds, ctx) ?? globSecretReason(w, cwds, ctx) : /\.(ssh|aws|gnupg)\b|\.env\b/.test(w.text) ? `may read a secret location (${w.text})` : undefined;
    if (s) out.push(critical(s));
  }

  const nameValue = part.words[0]?.value;
  if (!nameValue) return out;
  const name = baseName(nameValue);
  const args = part.words.slice(1);
  if (name === 'rm') out.push(...rmConcerns(args, cwds, ctx));
  else if (WRITE_ALL.has(name)) {
    let targets = positionals(args);
    if ((name === 'chmod' || name === 'chown' || name === 'chgrp') && !args.some((w) => (w.value ?? '').startsWith('--reference'))) targets = targets.slice(1);
    if (name === 'truncate') targets = targets.filter((w, i, list) => !(i > 0 && list[i - 1].value === '-s'));
    for (const t of targets) {
      const c = writeConcern(t, cwds, ctx, 'changes files');
      if (c) out.push(c);
    }
  } else if (WRITE_LAST.has(name)) {
    const targetDir = args.find((w) => (w.value ?? '').startsWith('--target-directory='));
    const tIndex = args.findIndex((w) => w.value === '-t');
    const targets = positionals(args);
    const t = targetDir ? { ...targetDir, value: targetDir.value!.slice(19) } : tIndex >= 0 ? args[tIndex + 1] : targets.length > 1 ? targets[targets.length - 1] : undefined;
    const c = t && writeConcern(t, cwds, ctx, 'writes');
    if (c) out.push(c);
  } else if (name === 'dd') {
    for (const w of args) {
      if (w.value === null) out.push(risky(`dd argument only known at run time (${w.text})`));
      else if (w.value.startsWith('of=')) {
        const c = writeConcern({ ...w, value: w.value.slice(3), shape: w.shape.slice(3) }, cwds, ctx, 'writes');
        if (c) out.push(c);
      }
    }
  }
  out.push(...linkConcerns(name, args, cwds, ctx));
  if (readsTrees(name, args.map((w) => w.value))) {
    const tree = positionals(args).find((w) => w.value !== null && (resolveAll(w.value, cwds) ?? []).some((p) => holdsSecrets(p, ctx)));
    if (tree) out.push(critical(`reads every file under ${tree.value}, secret locations included`));
  }
  for (const t of flagWriteTargets(part.words)) {
    const c = writeConcern(t, cwds, ctx, 'writes');
    if (c) out.push(c);
  }
  if (!READ_ONLY.has(name) && !WRITE_ALL.has(name) && !WRITE_LAST.has(name) && name !== 'rm' && name !== 'dd') {
    // Any other program naming .git/hooks or .git/config is assumed to write it.
    for (const w of args) {
      if (w.value === null) continue;
      const abs = resolveAll(w.value, cwds) ?? [];
      const guarded = abs.map((p) => guardedPath(p, ctx)).find((g) => g?.startsWith('git'));
      if (guarded) out.push(critical(`touches ${guarded} (${w.value})`));
    }
  }
  return out;
}
