// The MCP servers of each workspace folder, kept between tasks: started by the first task that needs
// them (never at activation), reconfigured when the policy changes, stopped with the extension.
import type * as vscode from 'vscode';
import type * as AgentCore from './agent-core';
import type { McpHub } from '../core/mcp/hub';
import type { EffectivePolicy } from '../core/policy/merge';

export class McpHubs implements vscode.Disposable {
  private readonly hubs = new Map<string, McpHub>();

  /** The hub for a task in `root` under `policy`, or undefined when the policy allows no server. */
  async forTask(root: string, policy: EffectivePolicy, secretValues: string[]): Promise<McpHub | undefined> {
    if (!policy.mcpServers.length && !this.hubs.has(root)) return undefined;
    // The MCP SDK is in agent-core.js, loaded with the first task: activation never pays for it.
    const { hubForPolicy } = require('./agent-core') as typeof AgentCore;
    const hub = await hubForPolicy(policy, root, secretValues, this.hubs.get(root));
    if (hub) this.hubs.set(root, hub);
    return hub;
  }

  dispose(): void {
    for (const hub of this.hubs.values()) void hub.close();
    this.hubs.clear();
  }
}
