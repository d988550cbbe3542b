// The ripgrep VS Code ships (under vscode.env.appRoot), for search_files, as other extensions use it.
// Looked up once; without one the search runs in JavaScript with the same results.
import * as vscode from 'vscode';
import { editorRipgrepCandidates, firstExecutable } from '../core/workspace/rg-locate';

let found: { path: string | undefined } | undefined;

export function editorRipgrep(log: vscode.LogOutputChannel): string | undefined {
  if (!found) {
    found = { path: firstExecutable(editorRipgrepCandidates(vscode.env.appRoot)) };
    log.info(found.path ? `search_files uses ripgrep at ${found.path}` : `No ripgrep under ${vscode.env.appRoot}: search_files searches in JavaScript.`);
  }
  return found.path;
}
