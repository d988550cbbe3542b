// `harness mcp list`: the MCP servers a task in this workspace would get, each started once to show
// its state and tools (then stopped). Workspace servers not yet accepted are listed, not started.
//
// --json: { "servers": [{ "name", "source": "user"|"workspace", "transport": "stdio"|"http",
//   "target", "state": "running"|"failed"|"needs-confirmation", "tools": [{ "name", "exposedAs",
//   "description", "annotations"? }], "sandboxed"?, "note"?, "error"? }], "warnings": string[],
//   "acceptWith"?: string }
// Exit 0 when every allowed server started, 1 when one failed, 2 on bad input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadWorkspacePolicyDetailed, readHarnessSettings, userSettingsFile } from '../core/policy/settings';
import { commandLine, isHttpServer, type McpServerConfig } from '../core/policy/mcp-settings';
import { hubForPolicy } from '../core/mcp/from-policy';
import { parseFlags, UsageError, type CliIo } from './args';

export const MCP_USAGE = 'usage: harness mcp list [--workspace DIR] [--accept-workspace-policy HASH] [--json]';

interface ToolView {
  name: string;
  exposedAs: string;
  description: string;
  annotations?: Record<string, boolean>;
}

interface ServerView {
  name: string;
  source: 'user' | 'workspace';
  transport: 'stdio' | 'http';
  target: string;
  state: string;
  tools: ToolView[];
  sandboxed?: boolean;
  note?: string;
  error?: string;
}

const targetOf = (c: McpServerConfig) => (isHttpServer(c) ? c.url : commandLine(c));

export async function mcpCommandMain(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let root: string;
  let json: boolean;
  let policy: ReturnType<typeof loadWorkspacePolicyDetailed>;
  try {
    if (argv[0] !== 'list') throw new UsageError(`the only subcommand is "list". ${MCP_USAGE}`);
    const flags = parseFlags(argv.slice(1), { values: ['--workspace', '--accept-workspace-policy'], booleans: ['--json'] }, MCP_USAGE);
    if (flags.positionals.length) throw new UsageError(`unexpected argument "${flags.positionals[0]}". ${MCP_USAGE}`);
    root = path.resolve(flags.values.get('--workspace') ?? process.cwd());
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`workspace ${root} does not exist or is not a folder: pass --workspace DIR.`);
    root = fs.realpathSync(root);
    json = flags.booleans.has('--json');
    const accepted = flags.values.get('--accept-workspace-policy');
    policy = loadWorkspacePolicyDetailed(root, { user: readHarnessSettings(userSettingsFile(env)), ...(accepted ? { acceptedHash: accepted } : {}) });
  } catch (err) {
    io.stderr(`harness mcp: ${(err as Error).message}\n`);
    return 2;
  }
  const views: ServerView[] = [];
  const hub = await hubForPolicy(policy.effective, root, []);
  hub?.onLog((_level, message) => io.stderr(`harness: ${message}\n`));
  try {
    for (const s of hub ? await hub.start() : []) {
      const tools = hub!.tools().filter((t) => t.server === s.name);
      views.push({
        name: s.name,
        source: s.source,
        transport: s.transport,
        target: s.target,
        state: s.state,
        tools: tools.map((t) => ({ name: t.tool, exposedAs: t.name, description: t.description.replace(/^\[MCP server [^\]]*\] ?/, ''), ...(t.annotations ? { annotations: t.annotations as Record<string, boolean> } : {}) })),
        ...(s.sandboxed !== undefined ? { sandboxed: s.sandboxed } : {}),
        ...(s.note ? { note: s.note } : {}),
        ...(s.error ? { error: s.error } : {}),
      });
    }
  } finally {
    await hub?.close();
  }
  // Workspace servers waiting for the user's acceptance: shown with what would run, never started.
  if (policy.blockedBy) {
    for (const l of policy.loosenings.filter((x) => x.key === 'mcpServers')) {
      const { name, ...config } = l.to as { name: string } & McpServerConfig;
      views.push({ name, source: 'workspace', transport: isHttpServer(config) ? 'http' : 'stdio', target: targetOf(config), state: 'needs-confirmation', tools: [] });
    }
  }
  const acceptWith = policy.blockedBy ? `--accept-workspace-policy ${policy.hash}` : undefined;
  if (json) io.stdout(JSON.stringify({ servers: views, warnings: policy.warnings, ...(acceptWith ? { acceptWith } : {}) }, null, 2) + '\n');
  else io.stdout(formatText(views, policy.warnings, acceptWith, env));
  return views.some((v) => v.state === 'failed') ? 1 : 0;
}

function formatText(views: ServerView[], warnings: string[], acceptWith: string | undefined, env: NodeJS.ProcessEnv): string {
  const lines: string[] = [];
  for (const w of warnings) lines.push(`warning: ${w}`);
  if (!views.length) {
    lines.push(`No MCP servers: add harness.mcpServers to ${userSettingsFile(env)} (or the workspace's .vscode/settings.json or .vscode/mcp.json).`);
    return lines.join('\n') + '\n';
  }
  for (const v of views) {
    const how = v.state === 'running' ? `running, ${v.tools.length} tool${v.tools.length === 1 ? '' : 's'}${v.sandboxed ? ', sandboxed' : v.note ? ` (${v.note})` : ''}` : v.state === 'needs-confirmation' ? `not started: needs your confirmation (${acceptWith})` : `${v.state}${v.error ? `: ${v.error}` : ''}`;
    lines.push(`${v.name} (${v.source}, ${v.transport}): ${how}`, `  ${v.target}`);
    for (const t of v.tools) lines.push(`  - ${t.exposedAs}${t.description ? `: ${t.description.split('\n')[0].slice(0, 100)}` : ''}`);
  }
  return lines.join('\n') + '\n';
}
