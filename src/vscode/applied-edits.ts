// At levels 3 and 4 edits apply without asking; they are listed here with Keep and Undo.
// Undo writes the earlier text back only when the file still holds what the harness wrote.
import * as vscode from 'vscode';
import type { AppliedEdit } from './edit-applier';
import { readCurrent, writeThroughEditor } from './edit-applier';

interface Listed extends AppliedEdit {
  root: string;
}

export class AppliedEdits {
  private readonly edits: Listed[] = [];

  add(root: string, edit: AppliedEdit): void {
    this.edits.push({ ...edit, root });
  }

  get count(): number {
    return this.edits.length;
  }

  private async pick(action: 'Keep' | 'Undo'): Promise<Listed | undefined> {
    if (!this.edits.length) {
      void vscode.window.showInformationMessage('Harness: no applied edits waiting for Keep or Undo.');
      return undefined;
    }
    const items = this.edits.map((e) => ({
      label: `${e.after === null ? '$(trash)' : e.before === null ? '$(new-file)' : '$(edit)'} ${e.path}`,
      description: `task ${e.taskId} · ${new Date(e.at).toLocaleTimeString()}`,
      edit: e,
    }));
    const choice = await vscode.window.showQuickPick(items, { title: `Harness: ${action} an applied edit`, placeHolder: `${action} which edit?` });
    return choice?.edit;
  }

  async keep(): Promise<void> {
    const e = await this.pick('Keep');
    if (e) this.edits.splice(this.edits.indexOf(e), 1);
  }

  async undo(): Promise<void> {
    const e = await this.pick('Undo');
    if (!e) return;
    const now = await readCurrent(e.root, e.path);
    if (now !== e.after) {
      void vscode.window.showWarningMessage(`Harness: ${e.path} changed after the harness edited it, so Undo would lose that change. Undo it by hand or restore a checkpoint.`);
      return;
    }
    await writeThroughEditor(e.root, e.path, e.before);
    this.edits.splice(this.edits.indexOf(e), 1);
    void vscode.window.showInformationMessage(`Harness: undid the edit to ${e.path}.`);
  }
}
