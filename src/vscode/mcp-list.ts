// "Harness: List MCP servers": the servers a task in this workspace would get, started now (as a
// task would start them) to show their state and tools; a workspace's unconfirmed servers are listed
// with the command they would run, never started. The editor's `harness mcp list`.
import * as vscode from 'vscode';
import type { McpHubs } from './mcp-hubs';
import { mergedPolicy, readModelSettings, resolveApiKey } from './settings';
import { isRestricted } from './trust';

export async function listMcpServers(context: vscode.ExtensionContext, hubs: McpHubs, log: vscode.LogOutputChannel): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return void vscode.window.showErrorMessage('Harness: open a folder first; MCP servers run for a workspace.');
  if (isRestricted()) return void vscode.window.showWarningMessage('Harness: no MCP server runs in Restricted Mode. Trust the workspace first.');
  const merged = mergedPolicy(context, folder.uri);
  const apiKey = await resolveApiKey(context.secrets, readModelSettings().apiKeyEnv);
  const items: (vscode.QuickPickItem & { tools?: string[] })[] = [];
  const hub = await hubs.forTask(folder.uri.fsPath, merged.effective, apiKey ? [apiKey] : []);
  const statuses = hub ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Harness: starting MCP servers…' }, () => hub.start()) : [];
  for (const s of statuses) {
    const tools = hub!.tools().filter((t) => t.server === s.name).map((t) => t.name);
    const state = s.state === 'running' ? `running, ${tools.length} tool${tools.length === 1 ? '' : 's'}${s.sandboxed ? ', sandboxed' : s.note ? ` (${s.note})` : ''}` : `${s.state}${s.error ? `: ${s.error}` : ''}`;
    items.push({ label: `$(server) ${s.name}`, description: `${s.source} · ${state}`, detail: s.target, tools });
    log.info(`MCP server "${s.name}" (${s.source}, ${s.transport}): ${state}; ${s.target}${tools.length ? `\n  ${tools.join('\n  ')}` : ''}`);
  }
  for (const l of merged.loosenings.filter((x) => x.key === 'mcpServers' && !merged.looseningApplied)) {
    items.push({ label: `$(shield) ${(l.to as { name: string }).name}`, description: 'workspace · not started: needs your confirmation (Harness: Confirm workspace policy)', detail: l.description });
  }
  if (!items.length) return void vscode.window.showInformationMessage('Harness: no MCP servers. Add harness.mcpServers to your settings (or the workspace\'s .vscode/mcp.json).');
  const pick = await vscode.window.showQuickPick(items, { title: 'Harness: MCP servers', placeHolder: 'Pick a server to see its tools' });
  if (pick?.tools?.length) await vscode.window.showQuickPick(pick.tools, { title: `Harness: tools of ${pick.label.replace('$(server) ', '')}` });
}
