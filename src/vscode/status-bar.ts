// The status-bar item that always says where the task is (text from core/status-text, tested under Node).
import * as vscode from 'vscode';
import type { TaskEvent } from '../core/events/schema';
import { foldProgress, type TaskProgress } from '../core/events/progress';
import { statusText, type PhaseEvent } from '../core/ui/status-text';
import { COMMANDS, STATUS_BAR_ID, STATUS_BAR_NAME } from './ui-constants';

export class HarnessStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly latest = new Map<string, PhaseEvent>();
  private lastTaskId: string | undefined;
  private running = new Set<string>();
  private policyUnconfirmed = false;
  private unsandboxed: { reason: string; autonomy: boolean } | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 50);
    this.item.name = STATUS_BAR_NAME;
    this.item.command = COMMANDS.statusBarClicked;
    this.render();
    this.item.show();
  }

  /** Follows each task's progress: the same fold of its events the core keeps. */
  handleEvent(e: TaskEvent): void {
    const before = this.latest.get(e.taskId);
    const start: TaskProgress = before ?? { phase: 'idle', step: 0, maxSteps: 0, pendingApprovals: 0, usage: { promptTokens: 0, completionTokens: 0 } };
    const next = foldProgress(start, e);
    if (before && next === before) return;
    this.latest.set(e.taskId, { ...next, taskId: e.taskId });
    this.lastTaskId = e.taskId;
    if (next.phase === 'done' || next.phase === 'failed' || next.phase === 'cancelled') this.running.delete(e.taskId);
    else this.running.add(e.taskId);
    this.render();
  }

  setPolicyUnconfirmed(flag: boolean): void {
    this.policyUnconfirmed = flag;
    this.render();
  }

  /** Commands run without the enforcing sandbox here (undefined: they run in it). */
  setUnsandboxed(state: { reason: string; autonomy: boolean } | undefined): void {
    this.unsandboxed = state;
    this.render();
  }

  /** The text as shown; the e2e test reads the same string off the real status bar. */
  get text(): string {
    return this.item.text;
  }

  private render(): void {
    // Show a running task when there is one, else the last one that ran.
    const runningId = [...this.running].pop();
    const shown = (runningId && this.latest.get(runningId)) || (this.lastTaskId ? this.latest.get(this.lastTaskId) : undefined);
    const s = statusText({ phase: shown, policyUnconfirmed: this.policyUnconfirmed, runningTasks: this.running.size, ...(this.unsandboxed ? { unsandboxed: this.unsandboxed } : {}) });
    this.item.text = s.text;
    this.item.tooltip = s.tooltip;
    this.item.backgroundColor = s.attention ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
