// A streamable HTTP server (server-everything's own HTTP transport, started by the test): its tools
// are offered and called like a stdio server's, and a server that goes away becomes a tool error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { McpHub } from '../../../src/core/mcp/hub';
import { runWithScript, tempWorkspace, toolMessage } from '../agent/helpers';
import { EVERYTHING } from './helpers';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function startHttpEverything(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server-everything (HTTP) did not start')), 20_000);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (/listening on port/.test(err)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`server-everything (HTTP) exited ${code}: ${err}`)));
  });
  return { url: `http://127.0.0.1:${port}/mcp`, child };
}

test('a streamable HTTP server\'s tools are offered and called; when it goes away the call is a tool error', async () => {
  const ws = tempWorkspace();
  const { url, child } = await startHttpEverything();
  const mcp = new McpHub({ root: ws.root, sandbox: 'auto', envAllowList: [], secretValues: [] });
  try {
    await mcp.configure([{ name: 'web', source: 'user', config: { url, headers: { 'X-Test': 'yes' } } }]);
    const rules = [{ action: 'allow' as const, tool: 'mcp__web__*', source: 'user' }];
    const first = await runWithScript([{ toolCalls: [{ id: 'h1', name: 'mcp__web__echo', arguments: { message: 'over http' } }] }, { content: 'done' }], { ws, rules, mcp });
    assert.equal(toolMessage(first.mock, 'h1'), 'Echo: over http');
    assert.equal(mcp.status()[0].transport, 'http');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const second = await runWithScript([{ toolCalls: [{ id: 'h2', name: 'mcp__web__echo', arguments: { message: 'again' } }] }, { content: 'done' }], { ws, rules, mcp });
    assert.equal(second.result.status, 'completed');
    const msg = toolMessage(second.mock, 'h2') ?? '';
    assert.match(msg, /MCP server "web" could not be reached for echo/);
    assert.doesNotMatch(msg, /Echo: again/);
  } finally {
    child.kill('SIGKILL');
    await mcp.close();
  }
});
