// The MCP servers of one workspace: configured from the policy (the user's servers, and the
// workspace's once confirmed), started when a task needs them, and shared by later tasks. Each tool
// is offered as `mcp__<server>__<tool>` with the server's own schema and annotations.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { mcpToolName } from '../shared/mcp-names';
import { redact } from '../commands/env';
import { commandLine, describeServer, isHttpServer, type McpServerEntry } from '../policy/mcp-settings';
import type { McpAnnotations } from '../policy/mcp-decision';
import { MAX_RESTARTS, McpCallError, ServerConnection, type LogFn, type ServerState } from './connection';
import type { McpRuntime } from './launch';
import { argumentChecker, schemaForModel, type ArgumentCheck } from './schema';
import { formatToolResult, type FormattedResult } from './result';

export { McpCallError, MAX_RESTARTS };
export type { McpRuntime };

export interface McpToolEntry {
  /** The name the model sees: `mcp__<server>__<tool>`. */
  name: string;
  kind: 'mcp';
  server: string;
  /** The tool's name on its server. */
  tool: string;
  description: string;
  parameters: Record<string, unknown>;
  annotations?: McpAnnotations;
  check: ArgumentCheck;
}

export interface McpServerStatus {
  name: string;
  source: 'user' | 'workspace';
  transport: 'stdio' | 'http';
  /** The command line or the URL. */
  target: string;
  description: string;
  state: ServerState;
  tools: string[];
  sandboxed?: boolean;
  note?: string;
  error?: string;
  restarts: number;
}

export interface McpCallOutcome extends FormattedResult {
  durationMs: number;
}

interface Served {
  key: string;
  conn: ServerConnection;
  tools: McpToolEntry[];
  /** The connection's start the tool list was built from. */
  generation: number;
}

type Listener = (level: 'info' | 'warn' | 'error', message: string) => void;

const key = (e: McpServerEntry, rt: McpRuntime) => JSON.stringify([e.name, e.source, e.config, rt.root, rt.sandbox, rt.envAllowList, rt.protectedPaths ?? null]);

export class McpHub {
  private readonly servers = new Map<string, Served>();
  private readonly listeners = new Set<Listener>();
  private runtime: McpRuntime;

  constructor(runtime: McpRuntime) {
    this.runtime = runtime;
  }

  /** Lines for the log (server stderr, starts, crashes) go to every listener; returns the unsubscribe. */
  onLog(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private readonly log: LogFn = (level, message) => {
    for (const l of this.listeners) l(level, message);
  };

  /**
   * Takes the servers the policy allows now: new ones are added (not started), changed ones are
   * stopped and replaced, and ones no longer allowed are stopped.
   */
  async configure(entries: readonly McpServerEntry[], runtime: McpRuntime = this.runtime): Promise<void> {
    this.runtime = runtime;
    const wanted = new Map(entries.map((e) => [e.name, e]));
    for (const [name, s] of [...this.servers]) {
      const e = wanted.get(name);
      if (e && key(e, runtime) === s.key) continue;
      this.servers.delete(name);
      await s.conn.close();
    }
    for (const e of entries) {
      if (!this.servers.has(e.name)) this.servers.set(e.name, { key: key(e, runtime), conn: new ServerConnection(e, runtime, this.log), tools: [], generation: 0 });
    }
  }

  /** Starts every server not running (a task's start); a server that fails is reported, not fatal. */
  async start(): Promise<McpServerStatus[]> {
    await Promise.all(
      [...this.servers.values()].map(async (s) => {
        if (s.conn.state === 'running') return;
        // Each task gives a broken server a fresh start and its own restart budget.
        s.conn.restarts = 0;
        try {
          await s.conn.start();
          this.refreshTools(s);
        } catch (err) {
          this.log('error', (err as Error).message);
        }
      }),
    );
    return this.status();
  }

  /** The tools of the running servers, as offered to the model. */
  tools(): McpToolEntry[] {
    return [...this.servers.values()].flatMap((s) => (s.conn.state === 'stopped' || s.conn.state === 'failed' ? [] : s.tools));
  }

  status(): McpServerStatus[] {
    return [...this.servers.values()].map(({ conn, tools }) => {
      const c = conn.entry.config;
      return {
        name: conn.name,
        source: conn.entry.source,
        transport: isHttpServer(c) ? 'http' : 'stdio',
        target: isHttpServer(c) ? c.url : commandLine(c),
        description: describeServer(conn.name, c),
        state: conn.state,
        tools: tools.map((t) => t.tool),
        ...(conn.sandboxed !== undefined ? { sandboxed: conn.sandboxed } : {}),
        ...(conn.sandboxNote ? { note: conn.sandboxNote } : {}),
        ...(conn.error ? { error: conn.error } : {}),
        restarts: conn.restarts,
      };
    });
  }

  /** The process id of a stdio server (tests kill it to see a crash handled). */
  pid(server: string): number | undefined {
    return this.servers.get(server)?.conn.pid;
  }

  /** Calls a tool; the result is formatted and cut to `maxChars`. Throws McpCallError when there is none. */
  async call(server: string, tool: string, args: Record<string, unknown>, opts: { signal: AbortSignal; timeoutMs: number; maxChars: number }): Promise<McpCallOutcome> {
    const s = this.servers.get(server);
    if (!s) throw new McpCallError('unavailable', `MCP server "${server}" is not configured any more.`);
    const timeout = s.conn.entry.config.timeout;
    const started = Date.now();
    const result = await s.conn.call(tool, args, { signal: opts.signal, timeoutMs: timeout ? timeout * 1000 : opts.timeoutMs });
    this.refreshTools(s); // a restart may have changed the server's tools
    const formatted = formatToolResult(result, opts.maxChars);
    return { ...formatted, text: redact(formatted.text, s.conn.secrets), durationMs: Date.now() - started };
  }

  private refreshTools(s: Served): void {
    if (s.generation === s.conn.generation) return;
    s.generation = s.conn.generation;
    s.tools = toolEntries(s.conn.name, s.conn.tools, this.log);
  }

  async close(): Promise<void> {
    const all = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(all.map((s) => s.conn.close()));
  }
}

function toolEntries(server: string, tools: Tool[], log: LogFn): McpToolEntry[] {
  const seen = new Set<string>();
  const out: McpToolEntry[] = [];
  for (const t of tools) {
    const name = mcpToolName(server, t.name);
    if (seen.has(name)) {
      log('warn', `MCP server "${server}": two tools map to ${name}; only the first is offered.`);
      continue;
    }
    seen.add(name);
    const parameters = schemaForModel(t.inputSchema as Record<string, unknown>);
    const a = t.annotations;
    const annotations: McpAnnotations | undefined = a
      ? {
          ...(typeof a.readOnlyHint === 'boolean' ? { readOnlyHint: a.readOnlyHint } : {}),
          ...(typeof a.destructiveHint === 'boolean' ? { destructiveHint: a.destructiveHint } : {}),
          ...(typeof a.idempotentHint === 'boolean' ? { idempotentHint: a.idempotentHint } : {}),
          ...(typeof a.openWorldHint === 'boolean' ? { openWorldHint: a.openWorldHint } : {}),
        }
      : undefined;
    const description = (t.description ?? t.title ?? '').slice(0, 1000);
    out.push({ name, kind: 'mcp', server, tool: t.name, description: `[MCP server ${server}] ${description}`.trim(), parameters, ...(annotations ? { annotations } : {}), check: argumentChecker(parameters) });
  }
  return out;
}
