// Mount points for paths that must stay unwritable although they do not exist yet (.vscode, .git/hooks):
// bwrap can only pin an existing path read-only, so an empty one is made for the run and removed after
// it. It stays only while another run (of this or another harness process) still uses it, or when
// someone put something in it meanwhile (then it is theirs). A registry per workspace, under a private
// folder in the temp directory and guarded by a lock folder, records what was made and who uses it.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Placeholder {
  /** Workspace-relative. */
  rel: string;
  dir: boolean;
}

interface Made extends Placeholder {
  ino: number;
}

const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 10_000;

/** The harness's private folder in the temp directory: made 0700, refused when it is not ours. */
export function privateTempDir(): string {
  const dir = path.join(os.tmpdir(), `harness-sandbox-${process.getuid?.() ?? 'user'}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || (st.mode & 0o077) !== 0) {
    throw new Error(`${dir} is not a private folder of this user: remove it`);
  }
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function withLock<T>(dir: string, fn: () => T): Promise<T> {
  const lock = path.join(dir, 'lock');
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'owner'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'owner'), 'utf8'));
      } catch {
        /* being made: its owner writes it next */
      }
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if ((Number.isFinite(owner) && !alive(owner)) || age > LOCK_STALE_MS) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`the sandbox registry ${dir} stays locked by process ${owner}`);
      else await new Promise((r) => setTimeout(r, 10));
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function readMade(file: string): Made[] {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Made[];
  } catch {
    return [];
  }
}

/** Removes placeholders nobody uses any more, if they are still the empty ones that were made. */
function sweep(root: string, dir: string): void {
  const users = fs.readdirSync(dir).filter((n) => n.startsWith('run-'));
  const live = users.filter((n) => alive(Number(n.split('-')[1])));
  for (const n of users) if (!live.includes(n)) fs.rmSync(path.join(dir, n), { force: true });
  if (live.length) return;
  const madeFile = path.join(dir, 'made.json');
  for (const m of readMade(madeFile)) {
    const p = path.join(root, m.rel);
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st || st.ino !== m.ino) continue;
    try {
      if (m.dir && st.isDirectory()) fs.rmdirSync(p);
      else if (!m.dir && st.isFile() && st.size === 0) fs.unlinkSync(p);
    } catch {
      /* not empty any more: someone's, so it stays */
    }
  }
  fs.rmSync(madeFile, { force: true });
}

export interface PlaceholderHold {
  /** Makes the missing `entries` (empty folders or files; parents must exist). */
  pin(entries: Placeholder[]): Promise<void>;
  /** Gives back what this run made, once no other run uses it. */
  release(): Promise<void>;
}

/**
 * Registers a run as a user of the workspace's placeholders. Taken before the workspace is looked at:
 * a placeholder another run made is then never swept away between this run seeing it and binding it.
 */
export async function holdPlaceholders(root: string): Promise<PlaceholderHold> {
  const dir = path.join(privateTempDir(), crypto.createHash('sha256').update(root).digest('hex').slice(0, 16));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const marker = path.join(dir, `run-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  await withLock(dir, () => fs.writeFileSync(marker, root));
  let released = false;
  return {
    pin: async (entries) => {
      if (!entries.length) return;
      await withLock(dir, () => {
        const madeFile = path.join(dir, 'made.json');
        const made = readMade(madeFile);
        for (const e of entries) {
          const p = path.join(root, e.rel);
          if (fs.lstatSync(p, { throwIfNoEntry: false })) continue;
          if (e.dir) fs.mkdirSync(p, { mode: 0o755 });
          else fs.writeFileSync(p, '', { flag: 'wx', mode: 0o644 });
          made.push({ ...e, ino: fs.lstatSync(p).ino });
        }
        fs.writeFileSync(madeFile, JSON.stringify(made));
      });
    },
    release: async () => {
      if (released) return;
      released = true;
      await withLock(dir, () => {
        fs.rmSync(marker, { force: true });
        sweep(root, dir);
      });
    },
  };
}
