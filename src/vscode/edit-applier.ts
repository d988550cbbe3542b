// Applies approved edits through WorkspaceEdit, so they join the editor's undo stack, respect open
// (and dirty) documents, and are saved. Reads prefer the open document: what the user sees wins.
import * as vscode from 'vscode';
import type { EditApplier } from '../core/shared/applier';
import { assertRealPathInside, resolveInWorkspace } from '../core/workspace/paths';
import { saveApplied } from './save-applied';
import { RESTRICTED_REASON } from './ui-constants';

export interface AppliedEdit {
  taskId: string;
  path: string;
  before: string | null;
  after: string | null;
  at: number;
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export function fileUri(root: string, relPath: string): vscode.Uri {
  return vscode.Uri.file(resolveInWorkspace(root, relPath).abs);
}

/** The text the user sees: the open document (dirty buffer included), else the disk, else null. */
export async function readCurrent(root: string, relPath: string): Promise<string | null> {
  const { abs } = resolveInWorkspace(root, relPath);
  await assertRealPathInside(root, abs, false);
  const uri = vscode.Uri.file(abs);
  const doc = openDocument(uri);
  if (doc && !doc.isClosed) return doc.getText();
  try {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return null;
    if (!(await exists(uri))) return null;
    throw e;
  }
}

/** Writes `content` (null deletes) with a WorkspaceEdit and saves. Containment is re-checked right before. */
export async function writeThroughEditor(root: string, relPath: string, content: string | null): Promise<void> {
  if (!vscode.workspace.isTrusted) throw new Error(RESTRICTED_REASON);
  const { abs } = resolveInWorkspace(root, relPath);
  const { exists: present } = await assertRealPathInside(root, abs, true);
  const uri = vscode.Uri.file(abs);
  const edit = new vscode.WorkspaceEdit();
  if (content === null) {
    if (!present) return;
    edit.deleteFile(uri, { ignoreIfNotExists: true });
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused to delete ${relPath}; is it read-only?`);
    return;
  }
  if (!present) {
    edit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(content) });
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused to create ${relPath}; does it exist already?`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  edit.replace(uri, whole, content);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused to edit ${relPath}; is it read-only?`);
  const readDisk = async () => new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  if (!(await saveApplied(doc, content, readDisk))) throw new Error(`Could not save ${relPath} after applying the edit; save it by hand.`);
}

/**
 * The EditApplier handed to the agent loop for one task. Every applied edit is remembered (with the text
 * before it) so levels 3 and 4 can offer Keep / Undo.
 */
export function editorApplier(root: string, taskId: string, onApplied: (e: AppliedEdit) => void): EditApplier {
  return {
    read: (relPath) => readCurrent(root, relPath),
    async apply(relPath, content) {
      const before = await readCurrent(root, relPath);
      await writeThroughEditor(root, relPath, content);
      onApplied({ taskId, path: relPath, before, after: content, at: Date.now() });
    },
  };
}
