// What the Harness view's buttons and message box do, in terms of the extension's parts: the task
// runner (new task, follow-up, retry, resume), the approval and question centers, checkpoints, and
// the verification panel ("Report").
import * as vscode from 'vscode';
import type { ApprovalCenter } from '../approver';
import type { CheckpointCommands } from '../checkpoints';
import type { PanelHost } from '../panel/panel-host';
import type { PanelStore } from '../panel/panel-store';
import type { QuestionCenter } from '../questions';
import type { ResumeCommands } from '../resume';
import type { TaskRunner } from '../task-runner';
import { editorError, type EditorError } from '../error-advice';
import { applyFix } from '../task-report';
import type { NoticeAction } from '../../core/ui/view-protocol';
import type { HarnessViewHost, ViewActions } from './view-host';

export interface ViewDeps {
  runner: TaskRunner;
  center: ApprovalCenter;
  questions: QuestionCenter;
  checkpoints: CheckpointCommands;
  resume: ResumeCommands;
  store: PanelStore;
  panel: PanelHost;
  view(): HarnessViewHost | undefined;
  showError(e: unknown): void;
}

export function viewActions(d: ViewDeps): ViewActions {
  const refused = (e: EditorError) => d.view()?.notice('error', e.message, e.actions as NoticeAction[]);
  const settingFor = (taskId?: string) => editorError(d.store.current.tasks.find((t) => t.id === taskId)?.errorKind, '').setting;
  return {
    async send(text, context, taskId, started) {
      if (taskId) {
        await d.runner.continueTask(taskId, text, { context, started: () => started(), refused });
        return;
      }
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) return refused({ message: 'Open a folder first: the agent works inside a workspace folder.', actions: [], setting: '' });
      await d.runner.run(text, folder, { context, started: () => started(), refused });
    },
    answer: (id, text) => d.questions.answer(id, text),
    approve: (id) => void d.center.decideAll(id, true).catch(d.showError),
    reject: (id, reason) => void d.center.decideAll(id, false, reason).catch(d.showError),
    openProposal: (id) => void d.center.reveal(id),
    cancelTask: (taskId) => void d.runner.cancel(taskId),
    resumeTask: (taskId) => void d.resume.command(taskId).catch(d.showError),
    // The task's work as it was before its first edit: its earliest checkpoint (with a confirmation).
    async restoreTask(taskId) {
      const first = d.store.current.checkpoints.filter((c) => c.taskId === taskId).sort((a, b) => a.createdAt - b.createdAt)[0];
      if (!first) throw new Error(`task ${taskId} has no checkpoint: it applied no edit.`);
      return d.checkpoints.fromPanel(first.id);
    },
    openReport(taskId) {
      void d.store.select(taskId).then(() => d.panel.show());
    },
    noticeAction(action, taskId) {
      void applyFix(action, settingFor(taskId), taskId, d.runner.fixDeps());
    },
  };
}
