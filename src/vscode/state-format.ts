// Words and lists the checkpoint and resume commands show. Pure (no `vscode` import) so the wording
// the user reads is unit-tested; the command ids are stable for the end-to-end suite.
import type { CheckpointManifest, RestoreReport } from '../core/state/checkpoints';
import type { TaskSummary } from '../core/state/tasks';
import type { CheckpointView } from '../core/ui/panel-protocol';

export const STATE_COMMANDS = {
  restoreCheckpoint: 'harness.restoreCheckpoint',
  resumeTask: 'harness.resumeTask',
} as const;

export const OVERWRITE_CHOICE = 'Overwrite these files';
export const SKIP_CHOICE = 'Skip them';
export const RESUME_CHOICE = 'Resume…';
export const RESTORE_CHOICE = 'Restore';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "5 min ago", "3 h ago", or the date for anything older than a day. */
export function relativeTime(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(then).toISOString().slice(0, 16).replace('T', ' ');
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function fileList(paths: string[], max = 4): string {
  if (paths.length <= max) return paths.join(', ');
  return `${paths.slice(0, max).join(', ')} and ${paths.length - max} more`;
}

export interface CheckpointPickItem {
  label: string;
  description: string;
  detail: string;
  id: string;
}

/** QuickPick rows, newest first: what the checkpoint covers, which task made it and when. */
export function checkpointItems(list: CheckpointManifest[], taskTexts: Map<string, string>, now: number): CheckpointPickItem[] {
  return [...list]
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((m) => {
      const files = m.files.map((f) => f.path);
      const task = taskTexts.get(m.taskId);
      return {
        id: m.id,
        label: m.label || `checkpoint ${m.id}`,
        description: `${relativeTime(m.createdAt, now)} · ${task ? shorten(task, 60) : `task ${m.taskId}`}`,
        detail: `${plural(files.length, 'file')}: ${fileList(files)}`,
      };
    });
}

/** The panel's list, newest first, capped so a long history stays a small message. */
export function checkpointViews(list: CheckpointManifest[], max = 200): CheckpointView[] {
  return [...list]
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, max)
    .map((m) => ({ id: m.id, taskId: m.taskId, createdAt: m.createdAt, label: m.label.slice(0, 500), files: m.files.map((f) => f.path) }));
}

/** The one-line result: "Restored 2 files, deleted 1." plus what was left alone. */
export function formatRestoreReport(r: RestoreReport): string {
  const done: string[] = [];
  if (r.restored.length) done.push(`restored ${plural(r.restored.length, 'file')}`);
  if (r.deleted.length) done.push(`deleted ${r.deleted.length}`);
  let line = done.length
    ? `${capitalize(done.join(', '))}.`
    : r.unchanged.length && !r.conflicts.length
      ? `Nothing to restore: ${plural(r.unchanged.length, 'file is', 'files are')} already as at checkpoint ${r.checkpointId}.`
      : 'Nothing was restored.';
  if (done.length && r.unchanged.length) line += ` ${plural(r.unchanged.length, 'file was', 'files were')} already as before.`;
  if (r.conflicts.length) line += ` Left alone: ${fileList(r.conflicts.map((c) => c.path))}.`;
  return line;
}

/** The modal that lists files the user changed since the agent's edit. */
export function conflictPrompt(r: RestoreReport): { message: string; detail: string } {
  return {
    message: `${plural(r.conflicts.length, 'file has', 'files have')} changed since the agent's edit. Overwrite them with their content at the checkpoint?`,
    detail: r.conflicts.map((c) => `• ${c.reason}`).join('\n'),
  };
}

/** The first pass plus the forced pass over the conflicting files: one report of everything done. */
export function mergeRestoreReports(first: RestoreReport, forced: RestoreReport): RestoreReport {
  const forcedPaths = new Set([...forced.restored, ...forced.deleted, ...forced.unchanged, ...forced.conflicts.map((c) => c.path)]);
  return {
    checkpointId: first.checkpointId,
    restored: [...first.restored, ...forced.restored],
    deleted: [...first.deleted, ...forced.deleted],
    unchanged: [...first.unchanged, ...forced.unchanged],
    conflicts: [...first.conflicts.filter((c) => !forcedPaths.has(c.path)), ...forced.conflicts],
  };
}

/** Asked before a restore started from the panel. */
export function restoreConfirmation(m: CheckpointManifest, laterCount: number): { message: string; detail: string } {
  const files = m.files.map((f) => f.path);
  return {
    message: `Restore checkpoint "${m.label || m.id}"?`,
    detail:
      `${fileList(files, 8)} ${files.length === 1 ? 'returns' : 'return'} to ${files.length === 1 ? 'its' : 'their'} content before this edit` +
      (laterCount ? `, undoing ${plural(laterCount, 'later edit')} of the same task as well` : '') +
      '. Files you changed since are not overwritten without asking. The restore can be undone with Undo in each editor.',
  };
}

export const resumeNotice = (n: number) => `Harness: ${plural(n, 'interrupted task')} can be resumed.`;

export interface ResumePickItem {
  label: string;
  description: string;
  detail: string;
  id: string;
}

/** QuickPick rows for interrupted tasks, newest first. */
export function resumeItems(tasks: TaskSummary[], now: number): ResumePickItem[] {
  return tasks
    .filter((t) => t.status === 'interrupted')
    .sort((a, b) => b.startedAt - a.startedAt)
    .map((t) => {
      const applied = t.edits.filter((e) => e.status === 'applied').length;
      return {
        id: t.id,
        label: shorten(t.task || `task ${t.id}`, 80),
        description: `${relativeTime(t.startedAt, now)} · ${t.id}`,
        detail: `stopped after step ${t.steps}, ${plural(applied, 'edit')} applied${t.warnings.length ? ` · ${t.warnings[0]}` : ''}`,
      };
    });
}
