// MCP calls that do not simply answer: a hang cut by the per-call timeout, a task cancelled mid-call
// (the server is told: notifications/cancelled), a tool that reports an error, and a destructive tool
// that asks even under an allow rule. Uses the fixture server (test/support/mcp-fixture-server.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordingApprover, rejectAll, runWithScript, tempWorkspace, toolMessage } from '../agent/helpers';
import type { TaskEvent } from '../../../src/core/events/schema';
import { fixtureConfig, testHub } from './helpers';

const call = (id: string, name: string, args: object) => ({ id, name, arguments: args });
const done = { content: 'done' };
const ALLOW_FIXTURE = { action: 'allow' as const, tool: 'mcp__fx__*', source: 'user' };

async function eventually(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a call that hangs is cut at the server\'s timeout and becomes a tool error; the server stays up', async () => {
  const ws = tempWorkspace();
  const mcp = await testHub(ws.root, { fx: fixtureConfig({ timeout: 1 }) });
  const started = Date.now();
  const { mock, result } = await runWithScript([{ toolCalls: [call('h1', 'mcp__fx__hang', {}), call('f1', 'mcp__fx__fail', {})] }, done], { ws, rules: [ALLOW_FIXTURE], mcp });
  assert.ok(Date.now() - started < 15_000, 'the timeout bounded the call');
  assert.match(toolMessage(mock, 'h1') ?? '', /did not answer hang within 1 s; the call was cancelled/);
  assert.match(toolMessage(mock, 'f1') ?? '', /mcp__fx__fail reported an error:\nthe fixture failed on purpose/);
  assert.deepEqual(result.toolCalls.map((c) => c.outcome), ['failed', 'failed']);
  assert.equal(mcp.status()[0].restarts, 0, 'a slow tool does not get its server restarted');
});

test('cancelling the task mid-call reaches the server as notifications/cancelled', async () => {
  const ws = tempWorkspace();
  const marker = path.join(ws.root, 'marker.txt');
  const mcp = await testHub(ws.root, { fx: fixtureConfig({ env: { FIXTURE_MARKER: marker } }) });
  const controller = new AbortController();
  const events: TaskEvent[] = [];
  const { result, mock } = await runWithScript([{ toolCalls: [call('h1', 'mcp__fx__hang', {})] }, done], {
    ws,
    rules: [ALLOW_FIXTURE],
    mcp,
    signal: controller.signal,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'tool-started') setTimeout(() => controller.abort(), 300);
    },
  });
  assert.equal(result.status, 'cancelled');
  assert.equal(mock.requests.length, 1, 'no model call after the cancel');
  await eventually(() => fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').includes('cancelled'), 'the server to see the cancellation');
  assert.deepEqual(fs.readFileSync(marker, 'utf8').trim().split('\n'), ['started', 'cancelled']);
  const finished = events.find((e) => e.type === 'mcp-call-finished');
  assert.equal(finished?.type === 'mcp-call-finished' && finished.failure, 'cancelled');
});

test('a tool the server calls destructive asks even under an allow rule; a deny rule refuses it outright', async () => {
  const ws = tempWorkspace();
  const mcp = await testHub(ws.root, { fx: fixtureConfig() });
  const approver = recordingApprover(() => ({ approved: true, by: 'user' }));
  const { mock } = await runWithScript([{ toolCalls: [call('w1', 'mcp__fx__wipe', { target: 'db' })] }, done], { ws, approver, level: 4, rules: [ALLOW_FIXTURE], mcp });
  assert.equal(approver.requests.length, 1);
  assert.equal(approver.requests[0].decision.risk, 'critical');
  assert.match(approver.requests[0].decision.reason, /destructive/);
  assert.equal(toolMessage(mock, 'w1'), 'wiped db');

  const denied = rejectAll();
  const second = await runWithScript([{ toolCalls: [call('w2', 'mcp__fx__wipe', { target: 'db' })] }, done], {
    ws,
    approver: denied,
    rules: [ALLOW_FIXTURE, { action: 'deny', tool: 'mcp__fx__wipe', source: 'user' }],
    mcp,
  });
  assert.equal(denied.requests.length, 0);
  assert.match(toolMessage(second.mock, 'w2') ?? '', /Denied by rule deny tool mcp__fx__wipe \(user\)/);
});

test('a server that cannot start is reported, and the task runs without its tools', async () => {
  const ws = tempWorkspace();
  const mcp = await testHub(ws.root, { broken: { command: path.join(ws.root, 'no-such-server'), args: [], env: {} } });
  const events: TaskEvent[] = [];
  const { result, mock } = await runWithScript([done], { ws, mcp, onEvent: (e) => events.push(e) });
  assert.equal(result.status, 'completed');
  const server = events.find((e) => e.type === 'mcp-server');
  assert.ok(server && server.type === 'mcp-server');
  assert.equal(server.state, 'failed');
  assert.match(server.error ?? '', /no-such-server/);
  const tools = (mock.requests[0].body.tools as { function: { name: string } }[]).map((t) => t.function.name);
  assert.ok(!tools.some((t) => t.startsWith('mcp__')));
});
