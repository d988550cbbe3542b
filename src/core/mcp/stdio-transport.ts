// The stdio transport for MCP servers, the harness's way: the process gets its own process group and a
// run token (so closing it kills everything it started, like a command), the launch prepared by
// launch.ts (scrubbed environment, sandbox), and its stderr goes line by line to the log, never lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { redact } from '../commands/env';
import { killRun, RUN_TOKEN_VAR } from '../commands/kill-tree';
import type { Launch } from './launch';

/** A server whose single message exceeds this is broken (or hostile): the connection is dropped. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const STDERR_LINE_MAX = 2000;
/** Lines of stderr kept to explain a crash. */
const STDERR_KEPT = 20;
/** Lines of stderr passed to the log per connection before the rest is only counted. */
const STDERR_LOGGED = 2000;
const CLOSE_GRACE_MS = 1000;
const KILL_GRACE_MS = 1500;

export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

export class HarnessStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private readonly closedPromise: Promise<void>;
  private markClosed!: () => void;
  private released: Promise<void> = Promise.resolve();
  private readonly token = randomBytes(12).toString('hex');
  private readonly buffer = new ReadBuffer({ maxBufferSize: MAX_MESSAGE_BYTES });
  private stderrPartial = '';
  private stderrLines = 0;
  /** The last lines the server wrote to stderr (for the error when it dies). */
  readonly recentStderr: string[] = [];
  exit: ExitInfo | undefined;

  constructor(
    private readonly launch: Launch,
    private readonly onStderr: (line: string) => void,
    private readonly secrets: string[],
  ) {
    this.closedPromise = new Promise((resolve) => (this.markClosed = resolve));
  }

  /** Resolves when the process has closed, or after `ms`: a failed start explains itself by its exit. */
  async settled(ms: number): Promise<void> {
    if (!this.child) return;
    await Promise.race([this.closedPromise, new Promise((r) => setTimeout(r, ms).unref())]);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('the MCP server process was already started');
    return new Promise((resolve, reject) => {
      const env = { ...this.launch.env, [RUN_TOKEN_VAR]: this.token };
      const child = spawn(this.launch.file, this.launch.args, { cwd: this.launch.cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      this.child = child;
      child.once('spawn', () => resolve());
      child.once('error', (err) => {
        reject(new Error(`could not start ${this.launch.file}: ${err.message}`));
        this.onerror?.(err);
      });
      child.stdin!.on('error', (err) => this.onerror?.(err));
      child.stdout!.on('data', (chunk: Buffer) => this.read(chunk));
      child.stderr!.on('data', (chunk: Buffer) => this.readStderr(chunk.toString('utf8')));
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        // Whatever the server left running dies with it.
        if (child.pid !== undefined) killRun(child.pid, this.token, 'SIGKILL');
      });
      child.on('close', () => {
        this.flushStderr();
        this.child = undefined;
        this.markClosed();
        // The sandbox's placeholders go back once the server is gone; close() waits for it, so a
        // next start in this workspace never meets them half removed.
        this.released = this.launch.release?.().catch(() => undefined) ?? Promise.resolve();
        this.onclose?.();
      });
    });
  }

  private read(chunk: Buffer): void {
    try {
      this.buffer.append(chunk);
      for (let m = this.buffer.readMessage(); m !== null; m = this.buffer.readMessage()) this.onmessage?.(m);
    } catch (err) {
      // Not JSON-RPC, or too large: the server is not speaking MCP any more.
      this.onerror?.(err as Error);
      void this.close();
    }
  }

  private readStderr(text: string): void {
    const lines = (this.stderrPartial + text).split('\n');
    this.stderrPartial = lines.pop() ?? '';
    if (this.stderrPartial.length > STDERR_LINE_MAX) {
      lines.push(this.stderrPartial);
      this.stderrPartial = '';
    }
    for (const line of lines) this.stderrLine(line);
  }

  private flushStderr(): void {
    if (this.stderrPartial) this.stderrLine(this.stderrPartial);
    this.stderrPartial = '';
  }

  private stderrLine(raw: string): void {
    const line = redact(raw.replace(/\r$/, ''), this.secrets);
    if (!line.trim()) return;
    const shown = line.length > STDERR_LINE_MAX ? `${line.slice(0, STDERR_LINE_MAX)}… [${line.length} chars]` : line;
    this.recentStderr.push(shown);
    if (this.recentStderr.length > STDERR_KEPT) this.recentStderr.shift();
    this.stderrLines++;
    if (this.stderrLines <= STDERR_LOGGED) this.onStderr(shown);
    else if (this.stderrLines === STDERR_LOGGED + 1) this.onStderr(`[more stderr of this server is not logged; the last ${STDERR_KEPT} lines are kept for errors]`);
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed) return Promise.reject(new Error('the MCP server is not running'));
    return new Promise((resolve, reject) => {
      stdin.write(serializeMessage(message), (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Ends stdin, then SIGTERM, then SIGKILL to the server's whole process tree. */
  async close(): Promise<void> {
    const child = this.child;
    // Already gone (it crashed): its placeholders may still be on their way back.
    if (!child || child.pid === undefined) return this.released;
    const pid = child.pid;
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const within = (ms: number) => Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
    try {
      child.stdin?.end();
    } catch {
      /* already closed */
    }
    if (!(await within(CLOSE_GRACE_MS))) {
      killRun(pid, this.token, 'SIGTERM');
      if (!(await within(KILL_GRACE_MS))) {
        killRun(pid, this.token, 'SIGKILL');
        await within(KILL_GRACE_MS);
      }
    }
    await this.released;
  }
}
