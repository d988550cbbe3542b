// MCP servers and hooks in the policy merge. Both run code, so whatever a workspace defines is a
// loosening: it starts only in a trusted workspace, after the user confirmed exactly that command
// (the loosening's hash covers the whole configuration). The user's own servers and hooks apply as set.
import { describeHook, hookKey, parseHooks, type HookEntry } from './hook-settings';
import { describeServer, parseServers, serversFromMcpJson, type McpServerEntry } from './mcp-settings';

interface Layered {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export interface ExtensionLoosening {
  key: 'mcpServers' | 'hooks';
  from: unknown;
  to: unknown;
  description: string;
}

export interface ExtensionMerge {
  user: { mcpServers: McpServerEntry[]; hooks: HookEntry[] };
  /** With every workspace server and hook (what applies once confirmed). */
  loose: { mcpServers: McpServerEntry[]; hooks: HookEntry[] };
  loosenings: ExtensionLoosening[];
}

const wsValue = (l: Layered | undefined) => l?.workspaceFolderValue ?? l?.workspaceValue;

export function mergeExtensions(servers: Layered | undefined, hooks: Layered | undefined, warnings: string[]): ExtensionMerge {
  const userServers = parseServers(servers?.globalValue ?? servers?.defaultValue, 'user', warnings);
  const wsServers = parseServers(wsValue(servers), 'workspace', warnings);
  const userHooks = parseHooks(hooks?.globalValue ?? hooks?.defaultValue, 'user', 'user', warnings);
  const wsHooks = parseHooks(wsValue(hooks), 'workspace', 'workspace', warnings);

  const user = {
    mcpServers: Object.entries(userServers).map(([name, config]): McpServerEntry => ({ name, config, source: 'user' })),
    hooks: userHooks,
  };
  const loosenings: ExtensionLoosening[] = [];
  const looseServers = new Map(user.mcpServers.map((s) => [s.name, s]));
  for (const [name, config] of Object.entries(wsServers)) {
    const mine = userServers[name];
    if (mine && JSON.stringify(mine) === JSON.stringify(config)) continue;
    looseServers.set(name, { name, config, source: 'workspace' });
    loosenings.push({ key: 'mcpServers', from: mine ? { name, ...mine } : null, to: { name, ...config }, description: `Starts ${describeServer(name, config)}${mine ? ' (instead of yours)' : ''}` });
  }
  const known = new Set(userHooks.map(hookKey));
  const looseHooks = [...userHooks];
  for (const h of wsHooks) {
    if (known.has(hookKey(h))) continue;
    known.add(hookKey(h));
    looseHooks.push(h);
    const { source: _source, ...shape } = h;
    loosenings.push({ key: 'hooks', from: null, to: shape, description: `Runs a ${describeHook(h)}` });
  }
  return { user, loose: { mcpServers: [...looseServers.values()], hooks: looseHooks }, loosenings };
}

/**
 * Adds the servers of the workspace's `.vscode/mcp.json` (VS Code's own MCP file) to the workspace's
 * harness.mcpServers; a server named in both is taken from the settings.
 */
export function withMcpJsonServers<L extends Layered>(layer: L | undefined, mcpJson: unknown): L {
  const extra = serversFromMcpJson(mcpJson);
  const base = (layer ?? {}) as L;
  if (Object.keys(extra).length === 0) return base;
  const own = wsValue(base);
  const merged = { ...extra, ...(own && typeof own === 'object' && !Array.isArray(own) ? own : {}) };
  return { ...base, workspaceFolderValue: merged };
}
