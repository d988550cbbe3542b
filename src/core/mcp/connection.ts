// One MCP server through the official SDK client: started on demand, its tools listed, each call
// bounded by a timeout and the task's signal (aborting sends `notifications/cancelled`), and a crash
// or a hang turned into an error the model can read, with a bounded number of restarts.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { isHttpServer, type HttpServerConfig, type McpServerEntry } from '../policy/mcp-settings';
import { expandVariables, stdioLaunch, type McpRuntime } from './launch';
import { HarnessStdioTransport } from './stdio-transport';

export type ServerState = 'stopped' | 'starting' | 'running' | 'crashed' | 'failed';
export type LogFn = (level: 'info' | 'warn' | 'error', message: string) => void;

/** Restarts after a crash, per task: a server that keeps dying stops being restarted. */
export const MAX_RESTARTS = 2;
/** Starting a server (an `npx` download included) and listing its tools. */
const START_TIMEOUT_MS = 60_000;
const PING_TIMEOUT_MS = 3000;
const MAX_TOOL_PAGES = 20;

export type McpFailure = 'timeout' | 'crashed' | 'cancelled' | 'unavailable' | 'error';

/** A call that did not produce a result; `kind` says why, the message says what to do. */
export class McpCallError extends Error {
  constructor(readonly kind: McpFailure, message: string) {
    super(message);
    this.name = 'McpCallError';
  }
}

export class ServerConnection {
  state: ServerState = 'stopped';
  tools: Tool[] = [];
  restarts = 0;
  /** Counts successful starts, so a tool list built from an earlier start can be told apart. */
  generation = 0;
  error: string | undefined;
  sandboxed: boolean | undefined;
  sandboxNote: string | undefined;
  /** Values taken from the user's environment for this server: never shown to the model or the log. */
  secrets: string[] = [];
  private client: Client | undefined;
  private transport: HarnessStdioTransport | StreamableHTTPClientTransport | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    readonly entry: McpServerEntry,
    private readonly rt: McpRuntime,
    private readonly log: LogFn,
  ) {}

  get name(): string {
    return this.entry.name;
  }

  get pid(): number | undefined {
    return this.transport instanceof HarnessStdioTransport ? this.transport.pid : undefined;
  }

  /** Connects and lists the tools; at most one start runs at a time. */
  start(): Promise<void> {
    this.starting ??= this.connect().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async connect(): Promise<void> {
    this.state = 'starting';
    this.error = undefined;
    const client = new Client({ name: 'harness', version: '0.1.0' }, { capabilities: {} });
    try {
      const transport = await this.makeTransport();
      this.transport = transport;
      this.client = client;
      client.onclose = () => this.closed(client);
      client.onerror = (err) => this.log('warn', `MCP server "${this.name}": ${err.message}`);
      await client.connect(transport, { timeout: START_TIMEOUT_MS });
      const tools: Tool[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_TOOL_PAGES; page++) {
        const listed = await client.listTools(cursor ? { cursor } : undefined, { timeout: START_TIMEOUT_MS });
        tools.push(...listed.tools);
        cursor = listed.nextCursor;
        if (!cursor) break;
      }
      this.tools = tools;
      this.generation++;
      this.state = 'running';
      this.log('info', `MCP server "${this.name}" started (${tools.length} tool${tools.length === 1 ? '' : 's'}${this.sandboxed === false ? `; ${this.sandboxNote}` : this.sandboxed ? ', sandboxed' : ''}).`);
    } catch (err) {
      // A server that died at once (a missing program, a crash) explains itself by its exit and stderr.
      if (this.transport instanceof HarnessStdioTransport) await this.transport.settled(1000);
      const why = this.explain(err) + this.networkHint();
      await this.disconnect();
      this.state = 'failed';
      this.error = why;
      throw new McpCallError('unavailable', `MCP server "${this.name}" could not start: ${why}`);
    }
  }

  private async makeTransport(): Promise<HarnessStdioTransport | StreamableHTTPClientTransport> {
    const c = this.entry.config;
    if (isHttpServer(c)) {
      this.sandboxed = undefined;
      return this.httpTransport(c);
    }
    const launch = await stdioLaunch(c, this.rt);
    this.sandboxed = launch.sandboxed;
    this.sandboxNote = launch.note;
    this.secrets = [...launch.secrets, ...this.rt.secretValues];
    return new HarnessStdioTransport(launch, (line) => this.log('info', `[mcp ${this.name}] ${line}`), this.secrets);
  }

  private httpTransport(c: HttpServerConfig): StreamableHTTPClientTransport {
    const secrets: string[] = [];
    const expand = (s: string) => expandVariables(s, this.rt.root, process.env, secrets);
    const headers = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, expand(v)]));
    this.secrets = [...secrets, ...this.rt.secretValues];
    return new StreamableHTTPClientTransport(new URL(expand(c.url)), { requestInit: { headers } });
  }

  /** The connection went away. A server that was running crashed; the next call may restart it. */
  private closed(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.state !== 'running') return;
    this.state = 'crashed';
    this.error = this.exitText();
    this.log('warn', `MCP server "${this.name}" stopped: ${this.error}`);
  }

  private exitText(): string {
    const t = this.transport;
    if (!(t instanceof HarnessStdioTransport)) return 'the connection closed';
    const exit = t.exit ? (t.exit.signal ? `killed by ${t.exit.signal}` : `exit code ${t.exit.code}`) : 'the process ended';
    const last = t.recentStderr.slice(-3).join(' | ');
    return `${exit}${last ? `; last stderr: ${last}` : ''}`;
  }

  /** A sandboxed server without network that failed on the network: say how to give it some. */
  private networkHint(): string {
    const c = this.entry.config;
    if (!this.sandboxed || isHttpServer(c) || c.allowNetwork || !(this.transport instanceof HarnessStdioTransport)) return '';
    const said = this.transport.recentStderr.join('\n');
    return /ENOTFOUND|EAI_AGAIN|ENETUNREACH|ECONNREFUSED|getaddrinfo|fetch failed|network/i.test(said)
      ? ' (it runs in the sandbox without network: if it needs to download or reach a service, set "allowNetwork": true in its settings)'
      : '';
  }

  private explain(err: unknown): string {
    const msg = err instanceof Error ? err.message : String(err);
    const extra = this.transport instanceof HarnessStdioTransport && this.transport.exit ? ` (${this.exitText()})` : '';
    return `${msg}${extra}`;
  }

  private async ensureRunning(): Promise<Client> {
    if (this.starting) await this.starting.catch(() => undefined);
    if (this.state === 'running' && this.client) return this.client;
    if (this.restarts >= MAX_RESTARTS) {
      throw new McpCallError('unavailable', `MCP server "${this.name}" is down (${this.error ?? this.state}) and was restarted ${this.restarts} times already; it is not started again in this task.`);
    }
    this.restarts++;
    this.log('warn', `Restarting MCP server "${this.name}" (restart ${this.restarts} of ${MAX_RESTARTS}).`);
    await this.start();
    return this.client!;
  }

  async call(tool: string, args: Record<string, unknown>, opts: { signal: AbortSignal; timeoutMs: number }): Promise<CallToolResult> {
    const client = await this.ensureRunning();
    try {
      const result = await client.callTool({ name: tool, arguments: args }, undefined, { signal: opts.signal, timeout: opts.timeoutMs, maxTotalTimeout: opts.timeoutMs });
      return result as CallToolResult;
    } catch (err) {
      if (opts.signal.aborted) throw new McpCallError('cancelled', `The call to ${tool} was cancelled; the server was told (notifications/cancelled).`);
      if (err instanceof McpError && err.code === ErrorCode.RequestTimeout) {
        await this.checkAlive(client);
        throw new McpCallError('timeout', `MCP server "${this.name}" did not answer ${tool} within ${Math.round(opts.timeoutMs / 1000)} s; the call was cancelled.`);
      }
      if (this.state === 'crashed' || (err instanceof McpError && err.code === ErrorCode.ConnectionClosed)) {
        if (this.state === 'running') this.closed(client);
        throw new McpCallError('crashed', `MCP server "${this.name}" stopped during the call to ${tool} (${this.error ?? 'connection closed'}). The call's effect is unknown.`);
      }
      if (!(err instanceof McpError) && isHttpServer(this.entry.config)) {
        // A transport failure (the HTTP server went away): reconnect on the next call.
        await this.disconnect();
        this.state = 'crashed';
        this.error = (err as Error).message;
        throw new McpCallError('crashed', `MCP server "${this.name}" could not be reached for ${tool} (${this.error}). The call's effect is unknown.`);
      }
      throw new McpCallError('error', `MCP server "${this.name}" refused the call to ${tool}: ${(err as Error).message}`);
    }
  }

  /** After a timeout: a server that no longer answers a ping is stopped, to be restarted on the next call. */
  private async checkAlive(client: Client): Promise<void> {
    try {
      await client.ping({ timeout: PING_TIMEOUT_MS });
    } catch {
      this.log('warn', `MCP server "${this.name}" stopped answering; it is stopped and will be restarted on the next call.`);
      await this.disconnect();
      this.state = 'crashed';
      this.error = 'it stopped answering';
    }
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    const transport = this.transport;
    this.client = undefined;
    try {
      if (client) await client.close();
      else await transport?.close();
    } catch {
      /* closing a broken connection: nothing more to do */
    }
  }

  async close(): Promise<void> {
    await this.disconnect();
    this.state = 'stopped';
  }
}
