// How an MCP server's tool is named to the model and in policy rules: `mcp__<server>__<tool>`. Model
// APIs accept only [A-Za-z0-9_-]{1,64} as a function name, so a server's own tool name is mapped.
import { sha256 } from './hash';

export const MCP_PREFIX = 'mcp__';
const MAX_NAME = 64;

/** Server names: letters, digits, `-` and `_` (no `__`, which separates the parts of a tool's name). */
export const SERVER_NAME = /^(?!.*__)[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export function isMcpToolName(name: string): boolean {
  return name.startsWith(MCP_PREFIX);
}

/** The name the model sees for `tool` of `server`; long or odd names are shortened with a hash, stably. */
export function mcpToolName(server: string, tool: string): string {
  const clean = tool.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^_+|_+$/g, '') || 'tool';
  const full = `${MCP_PREFIX}${server}__${clean}`;
  if (full.length <= MAX_NAME && clean === tool) return full;
  // A changed or cut name gets a short hash of the real one, so two tools never collapse into one.
  const suffix = `_${sha256(tool).slice(0, 6)}`;
  return `${MCP_PREFIX}${server}__${clean}`.slice(0, MAX_NAME - suffix.length) + suffix;
}

/** The server a `mcp__<server>__…` name belongs to, or undefined for another tool. */
export function mcpServerOf(name: string): string | undefined {
  if (!isMcpToolName(name)) return undefined;
  const rest = name.slice(MCP_PREFIX.length);
  const end = rest.indexOf('__');
  return end > 0 ? rest.slice(0, end) : undefined;
}
