// A hub for the servers a policy allows: the one place the front ends (CLI, editor) turn the
// policy's `mcpServers` and sandbox settings into running servers.
import type { McpServerEntry } from '../policy/mcp-settings';
import { McpHub, type McpRuntime } from './hub';

export interface McpPolicy {
  mcpServers: McpServerEntry[];
  sandbox?: McpRuntime['sandbox'];
  envAllowList?: string[];
  protectedPaths?: readonly string[];
}

export function mcpRuntime(policy: McpPolicy, root: string, secretValues: string[]): McpRuntime {
  return { root, sandbox: policy.sandbox ?? 'auto', envAllowList: policy.envAllowList ?? [], secretValues, ...(policy.protectedPaths ? { protectedPaths: policy.protectedPaths } : {}) };
}

/**
 * The hub to hand a task: `existing` reconfigured (the editor keeps its servers between tasks), or a
 * new one; undefined when the policy allows no server (and then `existing` has been emptied).
 */
export async function hubForPolicy(policy: McpPolicy, root: string, secretValues: string[], existing?: McpHub): Promise<McpHub | undefined> {
  const runtime = mcpRuntime(policy, root, secretValues);
  if (existing) {
    await existing.configure(policy.mcpServers, runtime);
    return policy.mcpServers.length ? existing : undefined;
  }
  if (!policy.mcpServers.length) return undefined;
  const hub = new McpHub(runtime);
  await hub.configure(policy.mcpServers);
  return hub;
}
