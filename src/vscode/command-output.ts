// Opens a command's full output, which the task saved beside its journal, in an editor tab. The
// model read only its start and end; the person can read all of it here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isSafeId } from '../core/state/ids';
import { outputFile } from '../core/state/outputs';
import type { StateStore } from '../core/state/store';

export async function openCommandOutput(state: StateStore, taskId: string, toolCallId: string): Promise<void> {
  if (!isSafeId(taskId)) throw new Error(`"${taskId.slice(0, 80)}" is not a task id.`);
  // The path is made from the ids here, never taken from the page or a journal.
  const rel = outputFile(taskId, toolCallId);
  if (!(await state.exists(rel))) {
    throw new Error('The full output of that command was not saved (the task\'s saved outputs were full, or it ran before outputs were kept).');
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(state.dir, rel)));
  await vscode.window.showTextDocument(doc, { preview: true });
}
