// When a workspace has no verification commands, offer the ones its files suggest (a test script, a
// tsconfig, an eslint config). Offered once per workspace; they are only saved when the user says so,
// and even then run only as the command policy allows.
import * as vscode from 'vscode';
import { suggestVerificationCommands } from '../core/verify';

const ASKED_KEY = 'harness.verificationSuggestionOffered';

export async function offerSuggestedVerification(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, configured: readonly string[]): Promise<void> {
  if (configured.length > 0 || context.workspaceState.get<boolean>(ASKED_KEY)) return;
  const suggestions = await suggestVerificationCommands(folder.uri.fsPath);
  if (suggestions.length === 0) return;
  await context.workspaceState.update(ASKED_KEY, true);
  const list = suggestions.map((s) => s.command).join(', ');
  const use = 'Use for this workspace';
  // Not awaited by the caller's task: the task runs with what is configured now.
  void vscode.window
    .showInformationMessage(`Harness: no verification commands are set. Suggested from this workspace: ${list}. They run only as your command policy allows.`, use, 'Not now')
    .then(async (choice) => {
      if (choice !== use) return;
      await vscode.workspace
        .getConfiguration('harness', folder.uri)
        .update('verification.commands', suggestions.map((s) => s.command), vscode.ConfigurationTarget.WorkspaceFolder);
    });
}
