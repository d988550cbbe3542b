// Where the editor keeps task journals, checkpoints and audit logs: the workspace's own storage
// (context.storageUri, outside the workspace's files), or the global storage when no folder is open.
import * as vscode from 'vscode';
import { fsStateStore } from '../core/state/store';
import { freezable, type FreezableStateStore } from './freezable-store';

export function stateDirUri(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'state');
}

/** The workspace's state store. Writes create folders as needed; the folder is also made up front. */
export function openStateStore(context: vscode.ExtensionContext, onError?: (message: string) => void): FreezableStateStore {
  const uri = stateDirUri(context);
  vscode.workspace.fs.createDirectory(uri).then(undefined, (e: unknown) => onError?.(`cannot create the state folder ${uri.fsPath}: ${(e as Error).message}`));
  return freezable(fsStateStore(uri.fsPath));
}
