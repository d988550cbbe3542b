// Built-in checks on what a part touches: deleting or writing outside the workspace, redirections,
// git hooks/config, and reading known secret locations.
import * as path from 'node:path';
import type { Concern, Part } from './parts';
import { baseName } from './parts';
import { placeOf, resolveAll } from './paths';
import type { Word } from './words';

const risky = (reason: string): Concern => ({ level: 'risky', reason });
const critical = (reason: string): Concern => ({ level: 'critical', reason });

const HOME_SECRETS = ['.ssh', '.aws', '.gnupg', '.kube', '.docker/config.json', '.netrc', '.git-credentials', '.npmrc', '.pypirc', '.config/gh', '.config/gcloud', '.azure', '.password-store', '.pgpass', '.vault-token', '.terraform.d/credentials.tfrc.json'];
const SYSTEM_SECRETS = ['/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/etc/ssh'];
const KEY_FILES = /^(id_rsa|id_dsa|id_ecdsa|id_ed25519)(\.pub)?$|\.(pem|p12|pfx|key)$/;
const ENV_FILE = /^\.env($|[.*?[])/;
const ENV_SAMPLE = /^\.env\.(example|sample|template|dist)$/;
const SAFE_DEVICES = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/zero']);
const WRITE_REDIRECT = new Set(['>', '>>', '>|', '&>', '&>>', '<>', '>&']);
const READ_ONLY = new Set(['cat', 'less', 'more', 'head', 'tail', 'ls', 'grep', 'rg', 'wc', 'file', 'stat', 'diff', 'git', 'find', 'tree', 'du']);
const WRITE_ALL = new Set(['touch', 'mkdir', 'rmdir', 'unlink', 'shred', 'truncate', 'tee', 'mv', 'chmod', 'chown', 'chgrp']);
const WRITE_LAST = new Set(['cp', 'ln', 'install', 'rsync', 'scp']);

export interface PathContext {
  root: string;
  home: string;
}

/** Why a path is a secret, or undefined. */
export function secretReason(value: string, cwds: string[] | null, ctx: PathContext): string | undefined {
  if (/(^|[/=~@])\.(ssh|aws|gnupg|netrc|git-credentials|pgpass)(\/|$)/.test(value)) return `reads a secret location (${value})`;
  const candidates = [value, ...(value.includes('=') ? [value.slice(value.indexOf('=') + 1)] : []), ...(value.startsWith('@') ? [value.slice(1)] : [])];
  for (const cand of candidates) {
    const expanded = cand.startsWith('~/') ? path.join(ctx.home, cand.slice(2)) : cand;
    const base = path.basename(expanded);
    if (ENV_FILE.test(base) && !ENV_SAMPLE.test(base)) return `reads a secrets file (${cand})`;
    if (KEY_FILES.test(base) && !base.endsWith('.pub')) return `reads a private key (${cand})`;
    for (const abs of resolveAll(expanded, cwds) ?? []) {
      const fromHome = path.relative(ctx.home, abs);
      if (HOME_SECRETS.some((s) => fromHome === s || fromHome.startsWith(s + '/'))) return `reads a secret location (~/${fromHome})`;
      if (SYSTEM_SECRETS.some((s) => abs === s || abs.startsWith(s + '/'))) return `reads a secret location (${abs})`;
      if (/^\/proc\/[^/]+\/environ$/.test(abs)) return `reads another process's environment (${abs})`;
    }
  }
  return undefined;
}

/** Paths of git hooks and config: writing them runs code on the next git command. */
function gitControl(abs: string, root: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '.git/config' || rel === '.git/hooks' || rel.startsWith('.git/hooks/');
}

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
    if (gitControl(p, ctx.root)) return critical(`changes git hooks or config (${v})`);
  }
  return undefined;
}

function positionals(args: Word[]): Word[] {
  let ended = false;
  return args.filter((w) => {
    if (ended) return true;
    if (w.value === '--') return !(ended = true);
    return w.value === null || !w.value.startsWith('-') || w.value === '-';
  });
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
      else if (gitControl(p, ctx.root) || path.relative(ctx.root, p) === '.git') out.push(critical(`deletes git data (${t.value})`));
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
      if (c) out.push(c.level === 'critical' && !c.reason.startsWith('changes') ? critical(`redirection writes outside the workspace (${r.target.text})`) : c);
    } else if (r.op === '<' || r.op === '<&') {
      if (r.target.value && /^\/dev\/(tcp|udp)\//.test(r.target.value)) out.push(risky(`opens a network connection (${r.target.value})`));
    }
  }
  const all: Word[] = [...part.words, ...part.redirects.map((r) => r.target).filter((w): w is Word => !!w), ...part.assignments.map((a) => a.value).filter((w): w is Word => !!w)];
  for (const w of all) {
    const s = w.value !== null ? secretReason(w.value, cwds, ctx) : /\.(ssh|aws|gnupg)\b|\.env\b/.test(w.text) ? `may read a secret location (${w.text})` : undefined;
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
  } else if (!READ_ONLY.has(name)) {
    // Any other program naming .git/hooks or .git/config is assumed to write it.
    for (const w of args) {
      if (w.value === null) continue;
      const abs = resolveAll(w.value, cwds) ?? [];
      if (abs.some((p) => gitControl(p, ctx.root))) out.push(critical(`touches git hooks or config (${w.value})`));
    }
  }
  return out;
}
