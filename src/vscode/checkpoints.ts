// "Harness: Restore checkpoint…" and the panel's Restore: the core's CheckpointStore with the editor's
// applier, so a restore joins each file's undo stack and respects open documents. Files the user
// changed since the agent's edit are never overwritten without asking.
import * as vscode from 'vscode';
import type { EditApplier } from '../core/shared/applier';
import { CheckpointNotFoundError, CheckpointStore, type CheckpointManifest, type RestoreReport } from '../core/state/checkpoints';
import { LockedError, type FileLockManager, type Release } from '../core/state/locks';
import type { StateStore } from '../core/state/store';
import type { TaskEvent } from '../core/events/schema';
import { recordRestore } from '../core/state/late-events';
import { listTasks, loadTask } from '../core/state/tasks';
import { readCurrent, writeThroughEditor } from './edit-applier';
import {
  OVERWRITE_CHOICE,
  RESTORE_CHOICE,
  SKIP_CHOICE,
  checkpointItems,
  checkpointViews,
  conflictPrompt,
  formatRestoreReport,
  mergeRestoreReports,
  restoreConfirmation,
} from './state-format';

export interface CheckpointDeps {
  state: StateStore;
  locks: FileLockManager;
  log: vscode.LogOutputChannel;
  /** Ids of the tasks running now: their checkpoints are not restored under them. */
  runningTaskIds(): string[];
  /** Where the panel's checkpoint list goes. */
  showCheckpoints(views: ReturnType<typeof checkpointViews>): void;
  /** Events recorded with the restored task (its edits reverted), for the panel, the view and the status bar. */
  emit?(e: TaskEvent): void;
}

/** For tests and scripted use: what to do with conflicts without the modal. */
export interface RestoreOptions {
  onConflict?: 'ask' | 'overwrite' | 'skip';
}

function editorRestoreApplier(root: string): EditApplier {
  return { read: (p) => readCurrent(root, p), apply: (p, content) => writeThroughEditor(root, p, content) };
}

export class CheckpointCommands {
  constructor(private readonly deps: CheckpointDeps) {}

  /** Listing needs no workspace root; only restore does. */
  private reader(): CheckpointStore {
    return new CheckpointStore(this.deps.state, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? this.deps.state.dir);
  }

  /** Sends the current list to the panel; a failure is logged, never shown (the panel is secondary). */
  async refreshPanel(): Promise<void> {
    try {
      this.deps.showCheckpoints(checkpointViews(await this.reader().list()));
    } catch (e) {
      this.deps.log.warn(`checkpoints: cannot list: ${(e as Error).message}`);
    }
  }

  /** The command: a QuickPick (or the given id), then the restore. Returns the report for tests. */
  async command(id?: unknown, opts?: RestoreOptions): Promise<RestoreReport | undefined> {
    if (typeof id === 'string' && id) return this.restore(id, opts ?? {});
    const list = await this.reader().list();
    if (!list.length) {
      void vscode.window.showInformationMessage('Harness: no checkpoints yet. One is made before each edit the agent applies.');
      return undefined;
    }
    const texts = new Map((await listTasks(this.deps.state)).map((t) => [t.id, t.task]));
    const pick = await vscode.window.showQuickPick(checkpointItems(list, texts, Date.now()), {
      title: 'Harness: Restore checkpoint…',
      placeHolder: 'Files return to their content just before this edit (later edits of the same task are undone too)',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return pick ? this.restore(pick.id, opts ?? {}) : undefined;
  }

  /** The panel's Restore: a confirmation first, since one click in a list is easy to make by mistake. */
  async fromPanel(id: string): Promise<string> {
    const m = await this.reader().get(id);
    if (!m) throw new CheckpointNotFoundError(id);
    const later = (await this.reader().list(m.taskId)).filter((o) => o.id !== id && o.createdAt >= m.createdAt).length;
    const { message, detail } = restoreConfirmation(m, later);
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, RESTORE_CHOICE);
    if (choice !== RESTORE_CHOICE) throw new Error('restore cancelled; nothing was changed.');
    return formatRestoreReport(await this.restore(id, {}));
  }

  private async restore(id: string, opts: RestoreOptions): Promise<RestoreReport> {
    if (!vscode.workspace.isTrusted) throw new Error('the workspace is not trusted (Restricted Mode): a restore writes files; trust the workspace first.');
    const m = await this.reader().get(id);
    if (!m) throw new CheckpointNotFoundError(id);
    if (this.deps.runningTaskIds().includes(m.taskId)) {
      throw new Error(`task ${m.taskId} is still running: cancel it ("Harness: Cancel task") before restoring its checkpoints.`);
    }
    const root = await this.rootOf(m);
    const store = new CheckpointStore(this.deps.state, root, editorRestoreApplier(root));
    const releases = await this.lockFiles(id, m.taskId);
    let report: RestoreReport;
    try {
      report = await store.restore(id);
      if (report.conflicts.length) {
        const choice = opts.onConflict && opts.onConflict !== 'ask' ? opts.onConflict : await this.askAboutConflicts(report);
        if (choice === 'overwrite') {
          const forced = await store.restore(id, { force: true, paths: report.conflicts.map((c) => c.path) });
          report = mergeRestoreReports(report, forced);
        }
      }
    } finally {
      releases.forEach((r) => r());
    }
    // The task's record says its edits were put back: its outcome becomes "restored", not its old verdict.
    await recordRestore(this.deps.state, m.taskId, report, 'user', (e) => this.deps.emit?.(e)).catch((e: unknown) => this.deps.log.warn(`checkpoint ${id}: restored, but not recorded with task ${m.taskId}: ${(e as Error).message}`));
    const line = formatRestoreReport(report);
    this.deps.log.info(`checkpoint ${id}: ${line}${report.conflicts.map((c) => `\n  left alone: ${c.reason}`).join('')}`);
    if (report.conflicts.length) void vscode.window.showWarningMessage(`Harness: ${line}`);
    else void vscode.window.showInformationMessage(`Harness: ${line}`);
    void this.refreshPanel();
    return report;
  }

  private async askAboutConflicts(report: RestoreReport): Promise<'overwrite' | 'skip'> {
    const { message, detail } = conflictPrompt(report);
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, OVERWRITE_CHOICE, SKIP_CHOICE);
    return choice === OVERWRITE_CHOICE ? 'overwrite' : 'skip';
  }

  /** The folder the checkpoint's task ran in; it must be open here, since paths are relative to it. */
  private async rootOf(m: CheckpointManifest): Promise<string> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const snap = await loadTask(this.deps.state, m.taskId).catch(() => null);
    if (snap?.root) {
      const folder = folders.find((f) => f.uri.fsPath === snap.root);
      if (!folder) throw new Error(`checkpoint ${m.id} belongs to ${snap.root}, which is not open in this window: open that folder to restore it.`);
      return folder.uri.fsPath;
    }
    if (folders.length === 1) return folders[0].uri.fsPath;
    throw new Error(`cannot tell which folder checkpoint ${m.id} belongs to (the journal of task ${m.taskId} is gone).`);
  }

  /** Locks every file of the task's checkpoints, so a running task's pending edit is never overwritten. */
  private async lockFiles(id: string, taskId: string): Promise<Release[]> {
    const paths = new Set((await this.reader().list(taskId)).flatMap((c) => c.files.map((f) => f.path)));
    const releases: Release[] = [];
    try {
      for (const p of paths) releases.push(await this.deps.locks.acquire(p, `restore-${id}`));
    } catch (e) {
      releases.forEach((r) => r());
      if (e instanceof LockedError) throw new Error(`${e.path} has a pending edit in task ${e.holder}: let that task finish (or cancel it), then restore again.`);
      throw e;
    }
    return releases;
  }
}
