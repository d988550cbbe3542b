// `harness tasks list`, `harness checkpoints list|restore|prune`: look at and act on the state a
// workspace's tasks left behind. Exit codes: 0 ok, 1 restore left conflicts, 2 bad input.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CheckpointNotFoundError, CheckpointStore, type CheckpointManifest, type RestoreReport } from '../core/state/checkpoints';
import { isSafeId } from '../core/state/ids';
import { fsStateStore } from '../core/state/store';
import { listTasks, type TaskSummary } from '../core/state/tasks';
import { recordRestore } from '../core/state/late-events';
import { OUTCOME_WORDS } from '../core/events/outcome';
import { UsageError } from './args';
import { resolveStateDir } from './state-dir';
import { oneLine, table, when } from './text-table';
import { showTask, statsCommand } from './observe-commands';

export interface StateCommandIO {
  stdout(s: string): void;
  stderr(s: string): void;
}


const USAGE = `usage:
  harness tasks list [--json]
  harness tasks show TASK_ID [--json]      the task's timeline: decisions, reasons, approvals, edits, verification
  harness stats [--json]                    figures over the workspace's tasks
  harness checkpoints list [--task ID] [--json]
  harness checkpoints restore CHECKPOINT_ID [--force] [--path FILE]... [--json]
  harness checkpoints prune [--max-count N] [--max-bytes N] [--json]
common options: --workspace DIR (default: current directory), --state-dir DIR (default: a folder for DIR under
  $XDG_STATE_HOME/harness, or ~/.local/state/harness)`;

interface Parsed {
  words: string[];
  workspace: string;
  stateDir?: string;
  json: boolean;
  force: boolean;
  task?: string;
  paths: string[];
  maxCount?: number;
  maxBytes?: number;
}

const VALUE_FLAGS = new Set(['--workspace', '--state-dir', '--task', '--path', '--max-count', '--max-bytes']);

function parse(argv: string[]): Parsed {
  const p: Parsed = { words: [], workspace: process.cwd(), json: false, force: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (VALUE_FLAGS.has(arg)) {
      value ??= argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${arg} needs a value`);
    }
    switch (arg) {
      case '--workspace': p.workspace = value!; break;
      case '--state-dir': p.stateDir = value!; break;
      case '--task': p.task = value!; break;
      case '--path': p.paths.push(value!); break;
      case '--max-count': p.maxCount = wholeNumber(arg, value!); break;
      case '--max-bytes': p.maxBytes = wholeNumber(arg, value!); break;
      case '--json': p.json = true; break;
      case '--force': p.force = true; break;
      case '--help': case '-h': p.words = ['help']; return p;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        p.words.push(arg);
    }
  }
  return p;
}

function wholeNumber(flag: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} takes a whole number (got "${v}")`);
  return Number(v);
}

function openState(p: Parsed, io: StateCommandIO) {
  const workspace = resolve(p.workspace);
  let isDir = false;
  try {
    isDir = statSync(workspace).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new UsageError(`workspace ${workspace} is not a directory: pass --workspace DIR`);
  const { dir, note } = resolveStateDir(workspace, p.stateDir);
  if (note) io.stderr(`harness: ${note}\n`);
  const store = fsStateStore(dir);
  return { workspace, store, checkpoints: new CheckpointStore(store, workspace) };
}

function tasksTable(tasks: TaskSummary[]): string {
  if (tasks.length === 0) return 'No tasks yet.\n';
  const rows = [['ID', 'STATUS', 'OUTCOME', 'STARTED', 'STEPS', 'EDITS', 'TASK']];
  for (const t of tasks) rows.push([t.id, t.status, t.outcome ? OUTCOME_WORDS[t.outcome] : '-', when(t.startedAt), String(t.steps), String(t.edits.length), oneLine(t.task, 60)]);
  const warn = tasks.flatMap((t) => t.warnings.map((w) => `warning: ${w}\n`)).join('');
  return table(rows) + warn;
}

function checkpointsTable(list: CheckpointManifest[]): string {
  if (list.length === 0) return 'No checkpoints.\n';
  const rows = [['ID', 'TASK', 'CREATED', 'FILES', 'LABEL']];
  for (const m of list) {
    const files = m.files.map((f) => f.path).join(', ');
    rows.push([m.id, m.taskId, when(m.createdAt), oneLine(files, 50), oneLine(m.label, 40)]);
  }
  return table(rows);
}

function restoreText(r: RestoreReport): string {
  const lines: string[] = [];
  for (const p of r.restored) lines.push(`restored   ${p}`);
  for (const p of r.deleted) lines.push(`deleted    ${p}`);
  for (const p of r.unchanged) lines.push(`unchanged  ${p}`);
  for (const c of r.conflicts) lines.push(`CONFLICT   ${c.path}: ${c.reason}`);
  if (lines.length === 0) lines.push('Nothing to restore.');
  if (r.conflicts.length) lines.push('Rerun with --force (optionally with --path FILE) to overwrite the conflicting files.');
  return lines.join('\n') + '\n';
}

async function dispatch(p: Parsed, io: StateCommandIO): Promise<number> {
  const [group, action, ...rest] = p.words;
  if (group === 'help') {
    io.stdout(USAGE + '\n');
    return 0;
  }
  const out = (v: unknown, text: string) => io.stdout(p.json ? JSON.stringify(v, null, 2) + '\n' : text);
  const extra = (n: number) => {
    if (rest.length > n) throw new UsageError(`unexpected argument "${rest[n]}"`);
  };
  if (group === 'tasks' && action === 'list') {
    extra(0);
    const { store } = openState(p, io);
    const tasks = await listTasks(store);
    const json = tasks.map(({ id, status, task, startedAt, steps }) => ({ id, status, task, startedAt, steps }));
    out(json, tasksTable(tasks));
    return 0;
  }
  if (group === 'tasks' && action === 'show') {
    const id = rest[0];
    if (!id) throw new UsageError('tasks show needs a TASK_ID (see "harness tasks list")');
    extra(1);
    return showTask(openState(p, io).store, id, io, p.json);
  }
  if (group === 'stats') {
    if (action !== undefined) throw new UsageError(`unexpected argument "${action}"`);
    return statsCommand(openState(p, io).store, io, p.json);
  }
  if (group === 'checkpoints' && action === 'list') {
    extra(0);
    if (p.task !== undefined && !isSafeId(p.task)) throw new UsageError(`invalid task id "${p.task}"`);
    const { checkpoints } = openState(p, io);
    const list = await checkpoints.list(p.task);
    out(list, checkpointsTable(list));
    return 0;
  }
  if (group === 'checkpoints' && action === 'restore') {
    const id = rest[0];
    if (!id) throw new UsageError('checkpoints restore needs a CHECKPOINT_ID (see "harness checkpoints list")');
    extra(1);
    const { checkpoints, store } = openState(p, io);
    const report = await checkpoints.restore(id, { force: p.force, paths: p.paths.length ? p.paths : undefined });
    // The task's record says its edits were put back (its outcome becomes "restored").
    const taskId = (await checkpoints.get(id))?.taskId;
    if (taskId) await recordRestore(store, taskId, report, 'cli').catch((e: unknown) => io.stderr(`harness: restored, but could not record it with task ${taskId}: ${(e as Error).message}\n`));
    out(report, restoreText(report));
    if (report.conflicts.length) {
      io.stderr(`harness: ${report.conflicts.length} file(s) not restored because of conflicts: ${report.conflicts.map((c) => c.path).join(', ')}\n`);
    }
    return report.conflicts.length ? 1 : 0;
  }
  if (group === 'checkpoints' && action === 'prune') {
    extra(0);
    if (p.maxCount === undefined && p.maxBytes === undefined) throw new UsageError('checkpoints prune needs --max-count N and/or --max-bytes N');
    const { checkpoints } = openState(p, io);
    const r = await checkpoints.prune({ maxCount: p.maxCount, maxBytes: p.maxBytes });
    if (r.skipped) {
      io.stderr(`harness: nothing pruned: ${r.skipped}; try again when it has finished.\n`);
      return 1;
    }
    out(r, `Removed ${r.removedCheckpoints.length} checkpoint(s)${r.removedCheckpoints.length ? ` (${r.removedCheckpoints.join(', ')})` : ''} and ${r.removedBlobs} stored file version(s), freeing ${r.freedBytes} bytes.\n`);
    return 0;
  }
  throw new UsageError(`unknown command "${p.words.join(' ')}": use tasks list, tasks show ID, stats, checkpoints list, checkpoints restore ID or checkpoints prune (--help for details)`);
}

export async function stateCommandMain(argv: string[], io: StateCommandIO): Promise<number> {
  try {
    return await dispatch(parse(argv), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`harness: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CheckpointNotFoundError) {
      io.stderr(`harness: ${e.message}\n`);
      return 2;
    }
    io.stderr(`harness: ${(e as Error).message}\n`);
    return 1;
  }
}
