// How a finished task is told in the editor: the outcome in words (never "Verified" for a task that
// changed nothing), and for a failure its cause with the fix as buttons (Set API key, Open settings,
// Retry). The same fixes serve the view's buttons and the missing-key check before a task starts.
import * as vscode from 'vscode';
import type { TaskResult } from '../core/agent/api';
import { OUTCOME_WORDS } from '../core/events/outcome';
import { editorError, OPEN_LOG, OPEN_SETTINGS, RETRY, SET_API_KEY, type EditorError, type ErrorAction } from './error-advice';
import { COMMANDS, KEEP_ALL, UNDO_SOME } from './ui-constants';

export interface FixDeps {
  log: vscode.LogOutputChannel;
  /** Runs the ended task again from where it stopped. */
  retry(taskId: string): void;
  /** An API key is stored or in the environment now. */
  hasApiKey(): Promise<boolean>;
}

/** Carries out one fix button. "Set API key" retries the task once a key is there: nothing is lost. */
export async function applyFix(action: ErrorAction | string, setting: string, taskId: string | undefined, deps: FixDeps): Promise<void> {
  if (action === SET_API_KEY) {
    await vscode.commands.executeCommand(COMMANDS.setApiKey);
    if (taskId && (await deps.hasApiKey())) deps.retry(taskId);
  } else if (action === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', setting);
  else if (action === RETRY && taskId) deps.retry(taskId);
  else if (action === OPEN_LOG) deps.log.show();
}

/** Shows an error with its fixes as buttons and carries out the one picked. */
export async function showEditorError(e: EditorError, taskId: string | undefined, deps: FixDeps, prefix = 'Harness: '): Promise<void> {
  const actions = taskId ? e.actions : e.actions.filter((a) => a !== RETRY);
  const pick = await vscode.window.showErrorMessage(`${prefix}${e.message}`, ...actions);
  if (pick) await applyFix(pick, e.setting, taskId, deps);
}

/** One line: the outcome in words, then what happened. */
export function resultLine(result: TaskResult): string {
  const applied = result.edits.filter((e) => e.status === 'applied').length;
  const words = result.outcome ? OUTCOME_WORDS[result.outcome] : result.status;
  const edits = applied ? `${applied} edit${applied === 1 ? '' : 's'} applied, ` : '';
  return `Harness: task ${result.status === 'completed' ? 'done' : result.status.replace('_', ' ')} — ${words} (${edits}${result.steps} step${result.steps === 1 ? '' : 's'}).`;
}

export interface ReportDeps extends FixDeps {
  /** Edits applied unasked (levels 3-4) that this task left to keep or undo. */
  unasked: number;
  keepAll(): void;
}

export function reportResult(result: TaskResult, deps: ReportDeps): void {
  const line = resultLine(result);
  if (result.status === 'error') {
    const e = editorError(result.errorKind, result.error ?? 'the task failed');
    void showEditorError({ ...e, message: `${line} ${e.message}` }, result.taskId, deps, '');
    return;
  }
  // Levels 3 and 4 applied edits unasked: the closing message offers to keep or undo them.
  const review = deps.unasked > 0 ? [KEEP_ALL, UNDO_SOME] : [];
  const more = deps.unasked > 0 ? ` Keep or undo ${deps.unasked === 1 ? 'that edit' : `those ${deps.unasked} edits`} here, or above each file.` : '';
  const answer = (pick: string | undefined) => {
    if (pick === KEEP_ALL) deps.keepAll();
    else if (pick === UNDO_SOME) void vscode.commands.executeCommand(COMMANDS.undoEdit);
    else if (pick === OPEN_LOG) deps.log.show();
  };
  if (result.status === 'completed' || result.status === 'cancelled') void vscode.window.showInformationMessage(line + more, ...review).then(answer);
  else void vscode.window.showWarningMessage(`${line}${result.error ? ` ${editorError(undefined, result.error).message}` : ''}${more}`, ...review, OPEN_LOG).then(answer);
}
