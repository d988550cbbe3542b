// "Harness: Explain policy for…": how the policy in force for this workspace would judge a command or
// a file operation, part by part, without running anything — the way users test their rules.
import * as vscode from 'vscode';
import type * as AgentCore from './agent-core';
import type { PolicyDecision, PolicyQuery } from '../core/shared/types';
import { resolveRealTarget } from '../core/workspace/real-target';
import { describeDecision } from '../core/policy/describe';
import { mergedPolicy } from './settings';

const FILE_TOOLS = ['write_file', 'edit_file', 'delete_file', 'read_file'];

export async function explainPolicy(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, input?: { command?: string; path?: string; tool?: string }): Promise<PolicyDecision | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Harness: open a folder first; the policy is judged against a workspace.');
    return undefined;
  }
  let target = input;
  if (!target?.command && !target?.path) {
    const kind = await vscode.window.showQuickPick(['A command', 'A file operation'], { title: 'Harness: Explain policy for…' });
    if (!kind) return undefined;
    if (kind === 'A command') {
      const command = await vscode.window.showInputBox({ title: 'Explain policy for a command', prompt: 'The command line, e.g. npm test && git diff', ignoreFocusOut: true });
      if (!command) return undefined;
      target = { command };
    } else {
      const tool = await vscode.window.showQuickPick(FILE_TOOLS, { title: 'Which tool?' });
      const path = tool && (await vscode.window.showInputBox({ title: `Explain policy for ${tool}`, prompt: 'Workspace-relative path, e.g. src/index.ts', ignoreFocusOut: true }));
      if (!tool || !path) return undefined;
      target = { tool, path };
    }
  }
  const merged = mergedPolicy(context, folder.uri);
  const policy = merged.effective;
  const { decidePolicyCommand, decideFileOperation } = require('./agent-core') as typeof AgentCore;
  const decision = target.command
    ? await decidePolicyCommand(target.command, policy, folder.uri.fsPath)
    : decideFileOperation(await fileQuery(folder.uri.fsPath, target.tool ?? 'write_file', target.path!), policy);
  const subject = target.command ? `\`${target.command}\`` : `${target.tool} ${target.path}`;
  const lines = describeDecision(decision);
  if (merged.blockedBy) lines.push(`(Your workspace settings ask to loosen the policy; not in force: ${merged.blockedBy}.)`);
  log.info(`Explain policy for ${subject} at level ${policy.automationLevel}:\n${lines.join('\n')}`);
  void vscode.window.showInformationMessage(`Harness: ${subject} → ${decision.decision} (risk ${decision.risk})`, { modal: true, detail: lines.join('\n') });
  return decision;
}

/** The file operation as the tool call would see it: the name given and where its links lead; outside is refused. */
async function fileQuery(root: string, tool: string, input: string): Promise<PolicyQuery> {
  try {
    const t = await resolveRealTarget(root, input);
    return { tool, path: t.rel, realPath: t.realRel, exists: t.exists };
  } catch (err) {
    if ((err as Error).name === 'ScopeError') return { tool, path: input.replace(/\\/g, '/'), outside: true };
    throw err;
  }
}
