// The one modal that lets a workspace loosen the policy: it shows exactly what changes, and the answer
// is remembered by the loosenings' hash (in VS Code's workspace storage, not in the workspace's files).
import * as vscode from 'vscode';
import { describeLoosenings, type MergeResult } from '../core/policy/merge';
import { mergedPolicy } from './settings';
import { CONFIRMED_POLICY_KEY, DECLINED_POLICY_KEY } from './ui-constants';

export const ALLOW_LOOSENING = 'Allow for this workspace';
export const KEEP_MY_POLICY = 'Keep my policy';

/** Returns the merge after the user's answer. Asks only when a loosening is waiting for confirmation. */
export async function confirmWorkspacePolicy(context: vscode.ExtensionContext, scope: vscode.Uri | undefined, force = false): Promise<MergeResult> {
  const merged = mergedPolicy(context, scope);
  if (merged.loosenings.length === 0) {
    if (force) void vscode.window.showInformationMessage('Harness: this workspace does not ask to loosen your policy; your own policy applies with its tightenings.');
    return merged;
  }
  if (merged.blockedBy === 'untrusted') {
    if (force) void vscode.window.showWarningMessage('Harness: this workspace is not trusted (Restricted Mode), so it cannot loosen your policy. Trust it first.');
    return merged;
  }
  if (merged.blockedBy === 'disabled') {
    if (force) void vscode.window.showWarningMessage('Harness: workspace loosening is turned off (harness.allowWorkspaceLoosening in your user settings).');
    return merged;
  }
  if (merged.blockedBy === undefined && !force) return merged;
  // "Keep my policy" to exactly these loosenings is an answer too: not asked again until they change
  // (the status bar keeps saying "policy unconfirmed"; the Confirm command asks again).
  if (!force && context.workspaceState.get<string>(DECLINED_POLICY_KEY) === merged.hash) return merged;
  const choice = await vscode.window.showWarningMessage(
    'Harness: this workspace wants to loosen your policy',
    { modal: true, detail: describeLoosenings(merged.loosenings) },
    // The safe answer first: it is the default button, so a reflexive Enter keeps the user's policy.
    KEEP_MY_POLICY,
    ALLOW_LOOSENING,
  );
  if (choice === ALLOW_LOOSENING) {
    await context.workspaceState.update(CONFIRMED_POLICY_KEY, merged.hash);
    await context.workspaceState.update(DECLINED_POLICY_KEY, undefined);
  } else if (choice === KEEP_MY_POLICY) {
    await context.workspaceState.update(CONFIRMED_POLICY_KEY, undefined);
    await context.workspaceState.update(DECLINED_POLICY_KEY, merged.hash);
    void vscode.window.showInformationMessage('Harness: your own policy stays in force in this workspace. To change your answer, run "Harness: Confirm workspace policy".');
  }
  return mergedPolicy(context, scope);
}
