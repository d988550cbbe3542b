// Offers tasks that stopped without finishing (a window reload, a crashed extension host) for
// resume, and "Harness: Resume task…" runs one through the same TaskRunner as a new task, so the
// status bar, the progress notification and the panel follow it the same way.
import * as vscode from 'vscode';
import type { TaskResult } from '../core/agent/api';
import type { StateStore } from '../core/state/store';
import { unfinishedTasks } from '../core/state/tasks';
import type { TaskRunner } from './task-runner';
import { RESUME_CHOICE, STATE_COMMANDS, resumeItems, resumeNotice } from './state-format';

export class ResumeCommands {
  constructor(
    private readonly state: StateStore,
    private readonly runner: TaskRunner,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private unfinished() {
    return unfinishedTasks(this.state, { running: this.runner.busyTaskIds });
  }

  /** On activation: one notification when interrupted tasks exist; never an error if the state is unreadable. */
  async offer(): Promise<void> {
    let n = 0;
    try {
      n = (await this.unfinished()).length;
    } catch (e) {
      this.log.warn(`resume: cannot read the task history: ${(e as Error).message}`);
      return;
    }
    if (!n) return;
    this.log.info(resumeNotice(n));
    const pick = await vscode.window.showInformationMessage(resumeNotice(n), RESUME_CHOICE);
    if (pick === RESUME_CHOICE) await vscode.commands.executeCommand(STATE_COMMANDS.resumeTask);
  }

  /** The command: the given task id, or a QuickPick of interrupted tasks. */
  async command(taskId?: unknown): Promise<TaskResult | undefined> {
    if (typeof taskId === 'string' && taskId) return this.runner.resume(taskId);
    const items = resumeItems(await this.unfinished(), Date.now());
    if (!items.length) {
      void vscode.window.showInformationMessage('Harness: no interrupted task to resume.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(items, {
      title: 'Harness: Resume task…',
      placeHolder: 'The task continues from its last completed step; pending approvals are asked again',
      matchOnDescription: true,
    });
    return pick ? this.runner.resume(pick.id) : undefined;
  }
}
