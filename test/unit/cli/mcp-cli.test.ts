// The CLI with MCP servers and hooks from the user's settings file ($HARNESS_CONFIG): `harness mcp
// list` shows servers, their state and tools (a workspace's only once accepted), and `harness run`
// offers the servers' tools and runs the hooks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { startMockLlm } from '../../support/mock-llm-server';
import { useTempStateHome } from '../../support/state-home';
import { API_KEY, tempWorkspace } from '../agent/helpers';
import { everythingConfig, fixtureConfig } from '../mcp/helpers';

const KEY_ENV = 'HARNESS_MCP_CLI_KEY';
process.env[KEY_ENV] = API_KEY;
useTempStateHome();

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function userSettings(ws: { base: string }, settings: object): void {
  const file = path.join(ws.base, 'user-settings.json');
  fs.writeFileSync(file, JSON.stringify(settings));
  process.env.HARNESS_CONFIG = file;
}

test('harness mcp list shows the user\'s servers with their tools; a workspace server waits for --accept-workspace-policy', async () => {
  const ws = tempWorkspace();
  userSettings(ws, { 'harness.mcpServers': { everything: everythingConfig() } });
  ws.write('.vscode/mcp.json', JSON.stringify({ servers: { fx: fixtureConfig() } }));
  const first = await cli(['mcp', 'list', '--workspace', ws.root, '--json']);
  assert.equal(first.code, 0, first.stderr);
  const out = JSON.parse(first.stdout) as { servers: { name: string; source: string; state: string; target: string; tools: { name: string; exposedAs: string; annotations?: object }[] }[]; acceptWith?: string };
  assert.deepEqual(out.servers.map((s) => [s.name, s.source, s.state]), [['everything', 'user', 'running'], ['fx', 'workspace', 'needs-confirmation']]);
  const echo = out.servers[0].tools.find((t) => t.name === 'echo');
  assert.equal(echo?.exposedAs, 'mcp__everything__echo');
  assert.deepEqual(echo?.annotations, { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
  assert.match(out.servers[1].target, /mcp-fixture-server\.mjs/);
  assert.deepEqual(out.servers[1].tools, [], 'not started before it is accepted');
  assert.match(out.acceptWith ?? '', /^--accept-workspace-policy [0-9a-f]{64}$/);

  const accepted = await cli(['mcp', 'list', '--workspace', ws.root, ...out.acceptWith!.split(' ')]);
  assert.equal(accepted.code, 0, accepted.stderr);
  assert.match(accepted.stdout, /fx \(workspace, stdio\): running, 4 tools/);
  assert.match(accepted.stdout, /- mcp__fx__hang: Never answers/);
});

test('harness mcp list exits 1 when a server cannot start, and 2 on bad input', async () => {
  const ws = tempWorkspace();
  userSettings(ws, { 'harness.mcpServers': { gone: { command: path.join(ws.root, 'missing-binary') } } });
  const r = await cli(['mcp', 'list', '--workspace', ws.root]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /gone \(user, stdio\): failed: .*missing-binary/);
  const bad = await cli(['mcp', 'start']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /the only subcommand is "list"/);
});

test('harness run offers the user\'s MCP tools under its rules, and runs its hooks', async () => {
  const ws = tempWorkspace();
  ws.write('lint.js', `process.stdin.resume(); process.stdin.on('end', () => console.log('hook saw the call'));`);
  userSettings(ws, {
    'harness.mcpServers': { everything: everythingConfig() },
    'harness.rules': [{ action: 'allow', tool: 'mcp__everything__get-sum' }],
    'harness.hooks': { PostToolUse: [{ matcher: 'mcp__everything__.*', hooks: [{ type: 'command', command: 'node lint.js' }] }] },
  });
  const mock = await startMockLlm([{ toolCalls: [{ id: 's1', name: 'mcp__everything__get-sum', arguments: { a: 20, b: 22 } }] }, { content: 'the sum is 42' }]);
  try {
    const r = await cli(['run', '--workspace', ws.root, '--task', 'add numbers', '--base-url', mock.url, '--api-key-env', KEY_ENV, '--on-approval', 'reject', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { toolCalls: { tool: string; decision: string; ok: boolean }[] };
    assert.deepEqual(out.toolCalls.map((c) => [c.tool, c.decision, c.ok]), [['mcp__everything__get-sum', 'allow', true]]);
    const toolMsg = (mock.requests[1].body.messages as { role: string; content: string }[]).find((m) => m.role === 'tool');
    assert.match(toolMsg?.content ?? '', /The sum of 20 and 22 is 42\.[\s\S]*hook saw the call/);
    assert.match(r.stderr, /harness: \[mcp everything\] Starting default \(STDIO\) server/, 'the server\'s stderr is in the CLI\'s log');
  } finally {
    await mock.close();
  }
});
