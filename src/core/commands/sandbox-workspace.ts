// What a sandboxed command may not change or read inside the workspace, found on disk before each run:
// - protected paths (the policy's list) are bound read-only over themselves;
// - in every `.git` folder only `config`, `hooks` and `info` are read-only (objects and refs stay
//   writable, so commits work), with whatever that config names as a program, hook folder or include;
// - secret files (workspace/secret-files.ts) are hidden under an empty file or folder;
// - paths that run code by themselves but do not exist yet (`.vscode`, `.git/hooks`, …) are pinned
//   with a transient placeholder (placeholders.ts), since a mount needs an existing path.
// A layout the sandbox cannot pin (a `.git` or `.vscode` that is a symbolic link, a huge tree) throws
// SandboxUnenforceable: the command then does not run unasked.
import { promises as fsp, type Dirent } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { protectedMatcher } from '../workspace/protected';
import { secretFileReason, secretNameReason } from '../workspace/secret-files';
import type { Placeholder } from './placeholders';
import { gitConfigPaths } from './git-config-paths';

export class SandboxUnenforceable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxUnenforceable';
  }
}

export interface WorkspaceMap {
  /** Absolute paths bound read-only over themselves. */
  readOnly: string[];
  /** Absolute paths hidden under an empty file or folder. */
  hidden: string[];
  /** Missing paths to pin for the run. */
  missing: Placeholder[];
  /** Every `.git` (folder or file) in the workspace: one that appears during a run is a new repository. */
  gitEntries: string[];
}

/** The default patterns for git's folder: handled by the `.git` rules below, not as a whole read-only tree. */
const GIT_PATTERNS = new Set(['.git', '.git/**', '**/.git/**', '**/.git']);
/** Paths that make programs run by themselves once they exist (the editor, git): pinned even when missing. */
const AUTO_RUN_AT_ROOT: Placeholder[] = [{ rel: '.vscode', dir: true }, { rel: '.git', dir: true }];
const GIT_PINNED: Placeholder[] = [{ rel: 'config', dir: false }, { rel: 'hooks', dir: true }, { rel: 'info', dir: true }];
const SKIPPED_DIRS = new Set(['node_modules']);
const MAX_ENTRIES = 300_000;
const MAX_MOUNTS = 2_000;
const PARALLEL_READS = 16;
/** A child name no specific pattern matches: a folder protected for it is protected for every child. */
const PROBE_CHILD = '\u0001any';

/** A small text file's content, or '' when it is missing, unreadable or large. */
function readSmall(file: string): string {
  try {
    return fs.statSync(file).size <= 1_000_000 ? fs.readFileSync(file, 'utf8') : '';
  } catch {
    return '';
  }
}

const inside = (root: string, p: string) => p === root || p.startsWith(root + path.sep);

class Mapper {
  readonly readOnly = new Set<string>();
  readonly hidden = new Set<string>();
  readonly missing: Placeholder[] = [];
  /** Links that lead outside the workspace: a reader that follows links reads there. */
  readonly outsideLinks = new Set<string>();
  readonly gitEntries = new Set<string>();
  private entries = 0;

  private readonly isProtected: (rel: string) => string | undefined;

  constructor(private readonly root: string, patterns: readonly string[]) {
    this.isProtected = protectedMatcher(patterns, { parents: false });
  }

  private rel(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/');
  }

  /** Pins a missing path inside the workspace: its first missing ancestor, so no folders are made on the way. */
  private pin(abs: string, dir: boolean): void {
    let p = abs;
    while (!fs.existsSync(path.dirname(p)) && inside(this.root, path.dirname(p))) p = path.dirname(p);
    const rel = this.rel(p);
    if (!this.missing.some((m) => m.rel === rel)) this.missing.push({ rel, dir: dir || p !== abs });
  }

  /** A git folder: its config, hooks and info read-only (or pinned), plus what the config points at. */
  private gitDir(gitDir: string): void {
    for (const g of GIT_PINNED) {
      const p = path.join(gitDir, g.rel);
      const st = fs.lstatSync(p, { throwIfNoEntry: false });
      if (st?.isSymbolicLink()) throw new SandboxUnenforceable(`${this.rel(p)} is a symbolic link, which the sandbox cannot pin read-only`);
      if (st) this.readOnly.add(p);
      else this.pin(p, g.dir);
    }
    // Read as more config once extensions.worktreeConfig is set: pinned like config, existing or not.
    const worktreeConfig = path.join(gitDir, 'config.worktree');
    if (fs.existsSync(worktreeConfig)) this.readOnly.add(worktreeConfig);
    else if (/worktreeconfig\s*=\s*true/i.test(readSmall(path.join(gitDir, 'config')))) this.pin(worktreeConfig, false);
    for (const ref of gitConfigPaths(path.join(gitDir, 'config'), this.root, gitDir)) {
      if (!inside(this.root, ref.path)) continue;
      if (fs.existsSync(ref.path)) this.readOnly.add(ref.path);
      else this.pin(ref.path, ref.dir);
    }
    this.modules(path.join(gitDir, 'modules'), 0);
  }

  /** Submodules keep their git folders under .git/modules/<name>, possibly nested. */
  private modules(dir: string, depth: number): void {
    if (depth > 4) return;
    let names: Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names) {
      if (!d.isDirectory()) continue;
      const p = path.join(dir, d.name);
      if (fs.existsSync(path.join(p, 'HEAD'))) this.gitDir(p);
      else this.modules(p, depth + 1);
    }
  }

  private gitEntry(abs: string, d: Dirent): void {
    this.gitEntries.add(abs);
    if (d.isSymbolicLink()) throw new SandboxUnenforceable(`${this.rel(abs)} is a symbolic link, which the sandbox cannot pin read-only`);
    if (d.isDirectory()) this.gitDir(abs);
    // A `.git` file points git at a folder elsewhere: pointing it at another one would run that one's hooks.
    else this.readOnly.add(abs);
  }

  /** A link's name says what its target is: a secret behind a secret's name is hidden, a protected one pinned. */
  private linkEntry(abs: string, rel: string): void {
    if (rel === '.vscode') throw new SandboxUnenforceable('.vscode is a symbolic link, which the sandbox cannot pin read-only');
    let target: string;
    try {
      target = fs.realpathSync(abs);
    } catch {
      return; // dangling: nothing to read or write through it
    }
    if (!inside(this.root, target)) this.outsideLinks.add(abs);
    const secret = secretFileReason(rel) !== undefined;
    if (!secret && !this.isProtected(rel)) return;
    if (secret) this.hidden.add(target);
    else if (inside(this.root, target)) this.readOnly.add(target);
  }

  /** One folder's entries: each judged, sub-folders returned for the next round. */
  private async visit(dir: { rel: string; readOnly: boolean }): Promise<{ rel: string; readOnly: boolean }[]> {
    let dirents: Dirent[];
    try {
      dirents = await fsp.readdir(path.join(this.root, dir.rel), { withFileTypes: true });
    } catch {
      return [];
    }
    const next: { rel: string; readOnly: boolean }[] = [];
    for (const d of dirents) {
      if (++this.entries > MAX_ENTRIES) throw new SandboxUnenforceable(`the workspace holds more than ${MAX_ENTRIES} files and folders (node_modules left out): too many to map its protected and secret files before each command`);
      const rel = dir.rel ? `${dir.rel}/${d.name}` : d.name;
      const abs = path.join(this.root, rel);
      if (d.name === '.git') {
        this.gitEntry(abs, d);
        continue;
      }
      if (d.isSymbolicLink()) {
        this.linkEntry(abs, rel);
        continue;
      }
      if (d.isDirectory() && SKIPPED_DIRS.has(d.name)) continue;
      if (secretNameReason(d.name)) {
        this.hidden.add(abs);
        continue;
      }
      // A folder whose every entry is protected (`.github/workflows/**`) is pinned whole, so nothing new appears in it.
      const pinned = !dir.readOnly && (this.isProtected(rel) !== undefined || (d.isDirectory() && this.isProtected(`${rel}/${PROBE_CHILD}`) !== undefined));
      if (pinned) this.readOnly.add(abs);
      if (d.isDirectory()) next.push({ rel, readOnly: dir.readOnly || pinned });
    }
    return next;
  }

  async walk(): Promise<void> {
    for (const a of AUTO_RUN_AT_ROOT) if (!fs.lstatSync(path.join(this.root, a.rel), { throwIfNoEntry: false })) this.pin(path.join(this.root, a.rel), a.dir);
    let level: { rel: string; readOnly: boolean }[] = [{ rel: '', readOnly: false }];
    // Breadth-first, a few folders at a time: the file system answers several reads at once.
    while (level.length) {
      const next: { rel: string; readOnly: boolean }[] = [];
      for (let i = 0; i < level.length; i += PARALLEL_READS) {
        for (const found of await Promise.all(level.slice(i, i + PARALLEL_READS).map((d) => this.visit(d)))) next.push(...found);
      }
      level = next;
    }
  }
}

/** Maps the workspace at `root` (a real path) under the policy's protected paths. */
export async function mapWorkspace(root: string, protectedPaths: readonly string[]): Promise<WorkspaceMap> {
  const mapper = new Mapper(root, protectedPaths.filter((p) => !GIT_PATTERNS.has(p)));
  await mapper.walk();
  const map = { readOnly: [...mapper.readOnly].sort(), hidden: [...mapper.hidden].sort(), missing: mapper.missing, gitEntries: [...mapper.gitEntries] };
  const mounts = map.readOnly.length + map.hidden.length + map.missing.length;
  if (mounts > MAX_MOUNTS) throw new SandboxUnenforceable(`the workspace has ${mounts} protected or secret paths, more than the sandbox's ${MAX_MOUNTS}`);
  return map;
}

const HAZARD_CACHE_MS = 2_000;
const hazardCache = new Map<string, { at: number; hazards: Promise<ReadHazards | undefined> }>();

/** What a read through the workspace could reach that it should not: its secret files, and links to outside it. */
export interface ReadHazards {
  secrets: string[];
  outsideLinks: string[];
}

/**
 * The workspace's secret files and links to outside (absolute), for judging a read-only command
 * without a sandbox; undefined when the tree cannot be mapped. Kept two seconds: one line asks once.
 */
export function readHazardsIn(root: string): Promise<ReadHazards | undefined> {
  const hit = hazardCache.get(root);
  if (hit && Date.now() - hit.at < HAZARD_CACHE_MS) return hit.hazards;
  const mapper = new Mapper(root, []);
  const hazards = mapper.walk().then(() => ({ secrets: [...mapper.hidden], outsideLinks: [...mapper.outsideLinks] }), () => undefined);
  hazardCache.set(root, { at: Date.now(), hazards });
  return hazards;
}

/**
 * Repositories a run created (a `.git` that was not there before it): their config and hooks could run
 * programs as soon as the editor's git opens them, so each is renamed aside, out of git's sight, and named
 * in the returned note for the user to review. Defence in depth: the command checks ask for `git init`,
 * `git clone` and writes into any `.git` they can see.
 */
export async function disableNewRepositories(root: string, before: readonly string[]): Promise<string | undefined> {
  let after: string[];
  try {
    after = (await mapWorkspace(root, [])).gitEntries;
  } catch {
    return undefined;
  }
  const known = new Set(before);
  const moved: string[] = [];
  for (const git of after.filter((g) => !known.has(g))) {
    let aside = `${git}.harness-disabled`;
    for (let i = 2; fs.existsSync(aside); i++) aside = `${git}.harness-disabled-${i}`;
    try {
      fs.renameSync(git, aside);
      moved.push(`${path.relative(root, git)} → ${path.relative(root, aside)}`);
    } catch {
      moved.push(`${path.relative(root, git)} (could not be moved aside: review it before opening that folder)`);
    }
  }
  if (!moved.length) return undefined;
  return `[harness: the command made a new git repository; its config and hooks could run programs when git opens it, so it was moved out of git's sight: ${moved.join('; ')}. Review it, then rename it back if you trust it.]`;
}
