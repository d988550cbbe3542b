// At levels 3 and 4 edits apply without asking; they are listed here with Keep and Undo: a CodeLens
// above each such file, the task's closing notification, and the palette commands. Undo writes the
// earlier text back only when the file still holds what the harness wrote.
import * as vscode from 'vscode';
import type { AppliedEdit } from './edit-applier';
import { fileUri, readCurrent, writeThroughEditor } from './edit-applier';
import { COMMANDS, KEEP_EDIT_TITLE, UNDO_EDIT_TITLE } from './ui-constants';

interface Listed extends AppliedEdit {
  id: number;
  root: string;
  uri: string;
}

export class AppliedEdits implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly edits: Listed[] = [];
  private nextId = 1;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly registration = vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this);

  /** `onUndone` records the Undo (journal, audit log, panel); its failure is logged, never lost silently. */
  constructor(private readonly onUndone?: (edit: AppliedEdit) => Promise<void>) {}

  add(root: string, edit: AppliedEdit): void {
    let uri = '';
    try {
      uri = fileUri(root, edit.path).toString();
    } catch {
      return; // outside the workspace: the loop never applies such an edit
    }
    this.edits.push({ ...edit, id: this.nextId++, root, uri });
    this.changed.fire();
  }

  get count(): number {
    return this.edits.length;
  }

  countFor(taskId: string): number {
    return this.edits.filter((e) => e.taskId === taskId).length;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const latest = this.edits.filter((e) => e.uri === document.uri.toString()).at(-1);
    // Once the user (or a checkpoint restore) changed the file, Undo could only refuse: offer nothing.
    if (!latest || latest.after === null || document.getText() !== latest.after) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const what = `the harness's edit to ${latest.path} (task ${latest.taskId})`;
    return [
      new vscode.CodeLens(top, { title: KEEP_EDIT_TITLE, command: COMMANDS.keepEdit, arguments: [latest.id], tooltip: `Keep ${what}` }),
      new vscode.CodeLens(top, { title: UNDO_EDIT_TITLE, command: COMMANDS.undoEdit, arguments: [latest.id], tooltip: `Undo ${what}` }),
    ];
  }

  /** Keep: the edit (and the file's earlier ones) leave the list. No argument: the user picks. */
  async keep(arg?: unknown): Promise<void> {
    const e = typeof arg === 'number' ? this.edits.find((x) => x.id === arg) : await this.pick('Keep');
    if (!e) return;
    this.remove((x) => x.uri === e.uri && x.id <= e.id);
  }

  /** Keeps every listed edit of a task (the closing notification's "Keep all"). */
  keepTask(taskId: string): void {
    this.remove((x) => x.taskId === taskId);
  }

  async undo(arg?: unknown): Promise<void> {
    const e = typeof arg === 'number' ? this.edits.find((x) => x.id === arg) : await this.pick('Undo');
    if (!e) return;
    const now = await readCurrent(e.root, e.path);
    if (now !== e.after) {
      void vscode.window.showWarningMessage(`Harness: ${e.path} changed after the harness edited it, so Undo would lose that change. Undo it by hand or restore a checkpoint.`);
      return;
    }
    await writeThroughEditor(e.root, e.path, e.before);
    this.remove((x) => x.id === e.id);
    await this.onUndone?.(e);
    void vscode.window.showInformationMessage(`Harness: undid the edit to ${e.path}.`);
  }

  private remove(match: (e: Listed) => boolean): void {
    for (let i = this.edits.length - 1; i >= 0; i--) if (match(this.edits[i])) this.edits.splice(i, 1);
    this.changed.fire();
  }

  private async pick(action: 'Keep' | 'Undo'): Promise<Listed | undefined> {
    if (!this.edits.length) {
      void vscode.window.showInformationMessage('Harness: no applied edits waiting for Keep or Undo.');
      return undefined;
    }
    const items = [...this.edits].reverse().map((e) => ({
      label: `${e.after === null ? '$(trash)' : e.before === null ? '$(new-file)' : '$(edit)'} ${e.path}`,
      description: `task ${e.taskId} · ${new Date(e.at).toLocaleTimeString()}`,
      edit: e,
    }));
    const choice = await vscode.window.showQuickPick(items, { title: `Harness: ${action} an applied edit`, placeHolder: `${action} which edit? (newest first)` });
    return choice?.edit;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
