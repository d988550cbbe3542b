// Measurement 1: checkpoint cost against workspace size. Ours stores only the touched files'
// prior content; the baseline is a shadow git repository (separate --git-dir, the workspace as
// work tree), whose every commit has to look at the whole tree.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointStore } from '../src/core/state/checkpoints';
import { reservedIds } from '../src/core/state/checkpoint-reserve';
import { fsStateStore } from '../src/core/state/store';
import { newTaskId } from '../src/core/state/ids';
import { generateWorkspace } from './workspace-gen';
import { noFsyncApplier, noFsyncStateStore } from './nofsync-store';
import { flushDisk, removeTree } from './cleanup';
import { median, nowMs, round, tempDir } from './stats';

export interface CheckpointRow {
  files: number;
  oursCreateMs: number;
  oursRestoreMs: number;
  shadowGitCreateMs: number;
  shadowGitRestoreMs: number;
  /** shadowGitCreateMs / oursCreateMs: how many times cheaper our checkpoint is than an incremental shadow-git commit. */
  ratio: number;
  restoreRatio: number;
  /** Diagnostic: the same checkpoint code on a store that skips fsync (not the product's behaviour). */
  oursCreateNoFsyncMs: number;
  oursRestoreNoFsyncMs: number;
  shadowGitFirstCommitMs: number;
  /** What was left of readying the next checkpoint file when the restore was done (background work, not on the edit's path). */
  oursBackgroundReserveMs: number;
  generatedBytes: number;
  generateMs: number;
  repeats: number;
}

/** Git without the user's configuration or hooks, so the baseline is the same on every machine. */
function shadowGit(gitDir: string, workTree: string) {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  env.GIT_CONFIG_NOSYSTEM = '1';
  env.GIT_CONFIG_GLOBAL = '/dev/null';
  const base = ['--git-dir', gitDir, '--work-tree', workTree, '-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', '-c', 'gc.auto=0'];
  return (...args: string[]) => execFileSync('git', [...base, ...args], { env, cwd: workTree, maxBuffer: 64 * 1024 * 1024 }).toString();
}

/** The edit: a line added at the top and one changed in the middle, different on every repeat. */
function edited(text: string, repeat: number): string {
  const lines = text.split('\n');
  lines[Math.floor(lines.length / 2)] += ` // edited ${repeat}`;
  return `// benchmark edit ${repeat}\n${lines.join('\n')}`;
}

interface OnceTimes {
  createMs: number;
  restoreMs: number;
}

/**
 * One checkpoint as the agent loop makes it: create (prior content saved), the edit lands (not timed:
 * it is the same for the baseline), recordAfterMany for the five files; then restore, checked byte for byte.
 */
async function oursOnce(
  checkpoints: CheckpointStore, taskId: string, root: string,
  before: { path: string; before: string }[], after: string[], repeat: number,
): Promise<OnceTimes> {
  let start = nowMs();
  const id = await checkpoints.create(taskId, before, `bench edit ${repeat}`);
  let createMs = nowMs() - start;
  before.forEach((f, i) => writeFileSync(join(root, f.path), after[i]));
  start = nowMs();
  await checkpoints.recordAfterMany(id, before.map((f, i) => ({ path: f.path, after: after[i] }))); // one call per multi-file edit
  createMs += nowMs() - start;
  start = nowMs();
  const report = await checkpoints.restore(id);
  const restoreMs = nowMs() - start;
  if (report.restored.length !== before.length || before.some((f) => readFileSync(join(root, f.path), 'utf8') !== f.before)) {
    throw new Error(`checkpoint restore did not bring back the ${before.length} files: ${JSON.stringify(report.conflicts)}`);
  }
  return { createMs, restoreMs };
}

export async function benchCheckpoint(fileCount: number, repeats: number, log: (msg: string) => void): Promise<CheckpointRow> {
  const tmp = tempDir(`ckpt-${fileCount}`);
  const root = join(tmp.dir, 'ws');
  try {
    log(`checkpoint: generating ${fileCount.toLocaleString('en')} files`);
    const genStart = nowMs();
    const ws = generateWorkspace(root, fileCount);
    const generateMs = nowMs() - genStart;
    const git = shadowGit(join(tmp.dir, 'shadow.git'), root);
    git('init', '-q');
    log('checkpoint: shadow git first commit');
    let start = nowMs();
    git('add', '-A');
    git('commit', '-q', '--no-verify', '-m', 'checkpoint 0');
    const firstCommitMs = nowMs() - start;
    // Every repeat starts from the generated content, so restoring means going back to this commit.
    const baseCommit = git('rev-parse', 'HEAD').trim();

    const durableStore = fsStateStore(join(tmp.dir, 'state'));
    const durable = new CheckpointStore(durableStore, root);
    // As the agent loop does at task start: the first checkpoint file is made ready off the edit's path.
    // Its cost (and that of the next file, readied after each checkpoint) is reported on its own.
    durable.prepare();
    await reservedIds(durableStore);
    const fast = new CheckpointStore(noFsyncStateStore(join(tmp.dir, 'state-nofsync')), root, noFsyncApplier(root));
    const taskId = newTaskId();
    const samples = { ours: [] as OnceTimes[], oursNoFsync: [] as OnceTimes[], gitCreate: [] as number[], gitRestore: [] as number[], reserveWait: [] as number[] };
    for (let r = 1; r <= repeats; r++) {
      flushDisk(); // start every repeat from a quiet disk: nothing of the generator's or git's writes pending
      const before = ws.editTargets.map((p) => ({ path: p, before: readFileSync(join(root, p), 'utf8') }));
      const after = before.map((f) => edited(f.before, r));

      samples.ours.push(await oursOnce(durable, taskId, root, before, after, r));
      // The next checkpoint file, made in the background after this checkpoint: timed apart.
      start = nowMs();
      await reservedIds(durableStore);
      samples.reserveWait.push(nowMs() - start);
      samples.oursNoFsync.push(await oursOnce(fast, taskId, root, before, after, r));

      // Shadow git: the same edit, then an incremental commit (what every later checkpoint costs), then restore.
      before.forEach((f, i) => writeFileSync(join(root, f.path), after[i]));
      start = nowMs();
      git('add', '-A');
      git('commit', '-q', '--no-verify', '-m', `checkpoint ${r}`);
      samples.gitCreate.push(nowMs() - start);
      start = nowMs();
      git('checkout', baseCommit, '--', ...ws.editTargets);
      samples.gitRestore.push(nowMs() - start);
      if (before.some((f) => readFileSync(join(root, f.path), 'utf8') !== f.before)) throw new Error('shadow git checkout did not restore the five files');
    }
    const row = {
      files: fileCount,
      oursCreateMs: median(samples.ours.map((t) => t.createMs)),
      oursRestoreMs: median(samples.ours.map((t) => t.restoreMs)),
      shadowGitCreateMs: median(samples.gitCreate),
      shadowGitRestoreMs: median(samples.gitRestore),
    };
    return {
      files: fileCount,
      oursCreateMs: round(row.oursCreateMs),
      oursRestoreMs: round(row.oursRestoreMs),
      shadowGitCreateMs: round(row.shadowGitCreateMs),
      shadowGitRestoreMs: round(row.shadowGitRestoreMs),
      ratio: round(row.shadowGitCreateMs / row.oursCreateMs, 1),
      restoreRatio: round(row.shadowGitRestoreMs / row.oursRestoreMs, 1),
      oursCreateNoFsyncMs: round(median(samples.oursNoFsync.map((t) => t.createMs))),
      oursRestoreNoFsyncMs: round(median(samples.oursNoFsync.map((t) => t.restoreMs))),
      shadowGitFirstCommitMs: round(firstCommitMs),
      oursBackgroundReserveMs: round(median(samples.reserveWait)),
      generatedBytes: ws.bytes,
      generateMs: round(generateMs),
      repeats,
    };
  } finally {
    log(`checkpoint: removing the ${fileCount.toLocaleString('en')}-file workspace`);
    removeTree(tmp.dir);
  }
}
