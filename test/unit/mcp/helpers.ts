// MCP test servers: the real @modelcontextprotocol/server-everything over stdio, and the small fixture
// server (test/support/mcp-fixture-server.mjs) for hangs, crashes and cancellation.
import * as path from 'node:path';
import { after } from 'node:test';
import { McpHub } from '../../../src/core/mcp/hub';
import type { McpServerEntry, StdioServerConfig } from '../../../src/core/policy/mcp-settings';

const ROOT = path.resolve(__dirname, '../../..');
export const EVERYTHING = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
export const FIXTURE = path.join(ROOT, 'test/support/mcp-fixture-server.mjs');

export function everythingConfig(extra: Partial<StdioServerConfig> = {}): StdioServerConfig {
  return { command: process.execPath, args: [EVERYTHING, 'stdio'], env: {}, ...extra };
}

export function fixtureConfig(extra: Partial<StdioServerConfig> = {}): StdioServerConfig {
  return { command: process.execPath, args: [FIXTURE], env: {}, ...extra };
}

const hubs: McpHub[] = [];
after(async () => {
  await Promise.all(hubs.map((h) => h.close()));
});

/** A hub for `root` with the given servers (closed after the test file); sandboxed where bwrap works. */
export async function testHub(root: string, servers: Record<string, StdioServerConfig>, secretValues: string[] = []): Promise<McpHub> {
  const hub = new McpHub({ root, sandbox: 'auto', envAllowList: [], secretValues });
  hubs.push(hub);
  const entries: McpServerEntry[] = Object.entries(servers).map(([name, config]) => ({ name, config, source: 'user' }));
  await hub.configure(entries);
  return hub;
}
