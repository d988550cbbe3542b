// `harness.mcpServers` (and VS Code's `.vscode/mcp.json`) read as data: which MCP servers exist, how
// each starts, and how a server is described to the person who must confirm it. Nothing here starts
// anything (the editor loads this at activation; the client lives in core/mcp).
import { SERVER_NAME } from '../shared/mcp-names';

export interface StdioServerConfig {
  command: string;
  args: string[];
  /** Added to the scrubbed environment; values may say `${env:NAME}` to pass one of the user's variables. */
  env: Record<string, string>;
  /** Working directory; relative paths are inside the workspace. Default: the workspace root. */
  cwd?: string;
  /** Inside the sandbox, whether the server may reach the network (default false). */
  allowNetwork?: boolean;
  /** Longest a single tool call may take, in seconds. */
  timeout?: number;
}

export interface HttpServerConfig {
  url: string;
  headers: Record<string, string>;
  timeout?: number;
}

export type McpServerConfig = StdioServerConfig | HttpServerConfig;

export interface McpServerEntry {
  name: string;
  config: McpServerConfig;
  /** `user`: the user's own settings; `workspace`: the workspace's (ran only once confirmed). */
  source: 'user' | 'workspace';
}

export const isHttpServer = (c: McpServerConfig): c is HttpServerConfig => 'url' in c;

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function stringMap(v: unknown): Record<string, string> | undefined {
  if (v === undefined) return {};
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') return undefined;
    out[k] = String(x);
  }
  return out;
}

const positive = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** One server's settings, or a one-line reason it was ignored. */
export function parseServerConfig(name: string, raw: unknown): McpServerConfig | string {
  if (!SERVER_NAME.test(name)) return `MCP server name "${name}" must be letters, digits, "-" or "_" (at most 32, no "__")`;
  if (!isRecord(raw)) return `MCP server "${name}" must be an object with "command" or "url"`;
  const type = raw.type;
  if (type === 'sse') return `MCP server "${name}" uses the SSE transport, which is not supported: use a streamable HTTP URL or a stdio command`;
  const timeout = positive(raw.timeout);
  if (typeof raw.url === 'string' && raw.command === undefined) {
    let url: URL;
    try {
      url = new URL(raw.url);
    } catch {
      return `MCP server "${name}": "${raw.url}" is not a URL`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `MCP server "${name}": the URL must be http(s)`;
    if (url.username || url.password) return `MCP server "${name}": put credentials in "headers", not in the URL`;
    const headers = stringMap(raw.headers);
    if (!headers) return `MCP server "${name}": "headers" must map names to strings`;
    return { url: raw.url, headers, ...(timeout ? { timeout } : {}) };
  }
  if (typeof raw.command !== 'string' || !raw.command.trim()) return `MCP server "${name}" needs a "command" (stdio) or a "url" (streamable HTTP)`;
  const args = raw.args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) return `MCP server "${name}": "args" must be a list of strings`;
  const env = stringMap(raw.env);
  if (!env) return `MCP server "${name}": "env" must map names to strings`;
  if (raw.cwd !== undefined && typeof raw.cwd !== 'string') return `MCP server "${name}": "cwd" must be a string`;
  if (raw.allowNetwork !== undefined && typeof raw.allowNetwork !== 'boolean') return `MCP server "${name}": "allowNetwork" must be true or false`;
  return {
    command: raw.command.trim(),
    args: args as string[],
    env,
    ...(raw.cwd ? { cwd: raw.cwd as string } : {}),
    ...(raw.allowNetwork ? { allowNetwork: true } : {}),
    ...(timeout ? { timeout } : {}),
  };
}

/** Every valid server of a `harness.mcpServers` value; each bad one is a warning saying what to fix. */
export function parseServers(raw: unknown, where: string, warnings: string[]): Record<string, McpServerConfig> {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) {
    warnings.push(`Ignored harness.mcpServers in ${where} settings: use an object of {"<name>": {"command", "args"?, "env"?, "cwd"?} | {"url", "headers"?}}.`);
    return {};
  }
  const out: Record<string, McpServerConfig> = {};
  for (const [name, value] of Object.entries(raw)) {
    const parsed = parseServerConfig(name, value);
    if (typeof parsed === 'string') warnings.push(`Ignored ${parsed} (${where} settings).`);
    else out[name] = parsed;
  }
  return out;
}

/** The servers of VS Code's `.vscode/mcp.json` (`{"servers": {...}}`), in harness.mcpServers' shape. */
export function serversFromMcpJson(raw: unknown): Record<string, unknown> {
  if (!isRecord(raw) || !isRecord(raw.servers)) return {};
  return raw.servers;
}

/** One argument as a shell would need it typed, so the confirmation shows the command exactly. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(c: StdioServerConfig): string {
  return [c.command, ...c.args].map(shellWord).join(' ');
}

/** What starting the server does, in one line: the exact command (or URL) and what it is given. */
export function describeServer(name: string, c: McpServerConfig): string {
  if (isHttpServer(c)) {
    const headers = Object.entries(c.headers).map(([k, v]) => `${k}: ${v}`);
    return `MCP server "${name}": connects to ${c.url}${headers.length ? ` with headers ${headers.join('; ')}` : ''}`;
  }
  const env = Object.entries(c.env).map(([k, v]) => `${k}=${shellWord(v)}`);
  const extras = [
    c.cwd ? `in ${c.cwd}` : '',
    env.length ? `with ${env.join(' ')}` : '',
    c.allowNetwork ? 'with network access' : '',
  ].filter(Boolean);
  return `MCP server "${name}": runs \`${commandLine(c)}\`${extras.length ? ` ${extras.join(', ')}` : ''}`;
}
