// MCP tools through runTask against the real @modelcontextprotocol/server-everything over stdio:
// asked by default, run under a user allow rule, arguments checked against the server's schema, a
// large result capped, non-text content described, the environment scrubbed, and a killed server
// turned into a tool error (then restarted for the next call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { API_KEY, acceptAll, recordingApprover, rejectAll, runWithScript, stateText, tempWorkspace, toolMessage } from '../agent/helpers';
import type { TaskEvent } from '../../../src/core/events/schema';
import { everythingConfig, testHub } from './helpers';

const call = (id: string, name: string, args: object) => ({ id, name, arguments: args });
const done = { content: 'done' };
const ALLOW_EVERYTHING = { action: 'allow' as const, tool: 'mcp__everything__*', source: 'user' };

test('with no rule an MCP call asks, even at level 4, and shows the server\'s annotations', async () => {
  const ws = tempWorkspace();
  const mcp = await testHub(ws.root, { everything: everythingConfig() });
  const approver = rejectAll('not that tool');
  const events: TaskEvent[] = [];
  const { mock, result } = await runWithScript([{ toolCalls: [call('m1', 'mcp__everything__echo', { message: 'hi' })] }, done], { ws, approver, level: 4, mcp, onEvent: (e) => events.push(e) });
  assert.equal(result.status, 'completed');
  assert.equal(approver.requests.length, 1, 'the call asked');
  const req = approver.requests[0];
  assert.equal(req.kind, 'tool');
  if (req.kind === 'tool') {
    assert.equal(req.tool, 'mcp__everything__echo');
    assert.deepEqual(req.args, { message: 'hi' });
    assert.match(req.decision.reason, /MCP calls ask at every level/);
    assert.match(req.decision.reason, /read-only/, 'the annotations are shown to the person asked');
  }
  assert.match(toolMessage(mock, 'm1') ?? '', /was not made: the user rejected it\. Reason: not that tool/);
  assert.equal(events.filter((e) => e.type === 'mcp-call-finished').length, 0, 'nothing was sent to the server');
  // The model was offered the server's tools with their own schemas.
  const tools = mock.requests[0].body.tools as { function: { name: string; parameters: { properties: Record<string, unknown> } } }[];
  const echo = tools.find((t) => t.function.name === 'mcp__everything__echo');
  assert.ok(echo, 'the server\'s echo tool is offered');
  assert.ok(echo.function.parameters.properties.message, 'with the server\'s JSON schema');
});

test('an approved call runs, and its result reaches the model', async () => {
  const ws = tempWorkspace();
  const mcp = await testHub(ws.root, { everything: everythingConfig() });
  const { mock } = await runWithScript([{ toolCalls: [call('m1', 'mcp__everything__get-sum', { a: 2, b: 40 })] }, done], { ws, approver: acceptAll(), mcp });
  assert.match(toolMessage(mock, 'm1') ?? '', /The sum of 2 and 40 is 42/);
});

test('a user allow rule lets the server\'s tools run without asking; the audit log records server, tool, decision and outcome', async () => {
  const ws = tempWorkspace();
  const mcp = await testHub(ws.root, { everything: everythingConfig() });
  const approver = rejectAll();
  const { mock, result } = await runWithScript([{ toolCalls: [call('m1', 'mcp__everything__echo', { message: 'ruled' })] }, done], { ws, approver, rules: [ALLOW_EVERYTHING], mcp });
  assert.equal(approver.requests.length, 0);
  assert.equal(toolMessage(mock, 'm1'), 'Echo: ruled');
  const audit = fs.readFileSync(result.auditLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const decision = audit.find((l) => l.kind === 'policy-decision' && l.toolCallId === 'm1');
  assert.equal(decision?.decision, 'allow');
  assert.match(String(decision?.rule), /allow tool mcp__everything__\* \(user\)/);
  const finished = audit.find((l) => l.kind === 'mcp-call-finished');
  assert.deepEqual([finished?.server, finished?.tool, finished?.isError], ['everything', 'echo', false]);
  const proposed = audit.find((l) => l.kind === 'tool-call-proposed' && l.toolCallId === 'm1');
  assert.deepEqual(proposed?.args, { message: 'ruled' });
  const servers = audit.filter((l) => l.kind === 'mcp-server');
  assert.equal(servers.length, 1);
  assert.equal(servers[0].state, 'running');
  assert.ok((servers[0].tools as string[]).includes('echo'));
  assert.deepEqual(result.toolCalls.map((c) => [c.tool, c.decision, c.outcome]), [['mcp__everything__echo', 'allow', 'ok']]);
});

test('arguments that break the server\'s schema are refused before any call', async () => {
  const ws = tempWorkspace();
  const mcp = await testHub(ws.root, { everything: everythingConfig() });
  const approver = acceptAll();
  const events: TaskEvent[] = [];
  const { mock } = await runWithScript([{ toolCalls: [call('m1', 'mcp__everything__echo', { message: 42 }), call('m2', 'mcp__everything__get-sum', { a: 1 })] }, done], { ws, approver, rules: [ALLOW_EVERYTHING], mcp, onEvent: (e) => events.push(e) });
  assert.match(toolMessage(mock, 'm1') ?? '', /Invalid arguments for mcp__everything__echo: arguments\/message must be string/);
  assert.match(toolMessage(mock, 'm2') ?? '', /Invalid arguments for mcp__everything__get-sum: .*must have required property 'b'/);
  assert.equal(approver.requests.length, 0, 'a call that cannot be valid is not asked about');
  assert.equal(events.filter((e) => e.type === 'tool-started' || e.type === 'mcp-call-finished').length, 0, 'nothing reached the server');
});

test('a large result is capped to the observation size, and the cut is recorded', async () => {
  const ws = tempWorkspace();
  const mcp = await testHub(ws.root, { everything: everythingConfig() });
  const big = 'x'.repeat(50_000) + 'THE-END';
  const events: TaskEvent[] = [];
  const { mock } = await runWithScript([{ toolCalls: [call('m1', 'mcp__everything__echo', { message: big })] }, done], {
    ws,
    rules: [ALLOW_EVERYTHING],
    mcp,
    limits: { maxCommandOutputBytes: 4000 },
    onEvent: (e) => events.push(e),
  });
  const msg = toolMessage(mock, 'm1') ?? '';
  assert.ok(msg.length < 4500, `the model got ${msg.length} chars`);
  assert.match(msg, /THE-END/, 'the end of the result is kept');
  assert.match(msg, /result cut to 4000 characters/);
  const finished = events.find((e) => e.type === 'mcp-call-finished');
  assert.ok(finished && finished.type === 'mcp-call-finished' && finished.omittedChars > 40_000);
});

test('non-text content is described to the model, not dropped', async () => {
  const ws = tempWorkspace();
  const mcp = await testHub(ws.root, { everything: everythingConfig() });
  const { mock } = await runWithScript([{ toolCalls: [call('m1', 'mcp__everything__get-tiny-image', {})] }, done], { ws, rules: [ALLOW_EVERYTHING], mcp });
  assert.match(toolMessage(mock, 'm1') ?? '', /\[image content: image\/png, \d+ bytes; not shown to the model\]/);
});

test('a stdio server gets the scrubbed environment plus only what its configuration names', async () => {
  const ws = tempWorkspace();
  process.env.I17_DEPLOY_TOKEN = 'tok-should-not-leak-1234';
  process.env.I17_PASS_TOKEN = 'passed-through-5678';
  try {
    const mcp = await testHub(ws.root, { everything: everythingConfig({ env: { GREETING: 'hello-from-config', FORWARDED: '${env:I17_PASS_TOKEN}' } }) }, [API_KEY]);
    const { mock, bodies } = await runWithScript([{ toolCalls: [call('m1', 'mcp__everything__get-env', {})] }, done], { ws, rules: [ALLOW_EVERYTHING], mcp });
    const env = toolMessage(mock, 'm1') ?? '';
    assert.match(env, /"GREETING": "hello-from-config"/);
    assert.doesNotMatch(env, /I17_DEPLOY_TOKEN|tok-should-not-leak/, 'a credential-looking variable is not passed');
    assert.doesNotMatch(env, /passed-through-5678/, 'a value taken from ${env:…} is redacted from what the model sees');
    assert.match(env, /"FORWARDED": "\[REDACTED\]"/);
    assert.ok(!bodies.some((b) => b.includes(API_KEY)), 'the API key never reaches the model');
  } finally {
    delete process.env.I17_DEPLOY_TOKEN;
    delete process.env.I17_PASS_TOKEN;
  }
});

test('a server killed during a call becomes a tool error; the next call restarts it', async () => {
  const ws = tempWorkspace();
  const mcp = await testHub(ws.root, { everything: everythingConfig() });
  const events: TaskEvent[] = [];
  const { mock, result } = await runWithScript(
    [{ toolCalls: [call('m1', 'mcp__everything__trigger-long-running-operation', { duration: 30, steps: 30 })] }, { toolCalls: [call('m2', 'mcp__everything__echo', { message: 'back' })] }, done],
    {
      ws,
      rules: [ALLOW_EVERYTHING],
      mcp,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'tool-started' && e.toolCallId === 'm1') setTimeout(() => process.kill(mcp.pid('everything')!, 'SIGKILL'), 300);
      },
    },
  );
  assert.equal(result.status, 'completed');
  assert.match(toolMessage(mock, 'm1') ?? '', /MCP server "everything" stopped during the call to trigger-long-running-operation \(killed by SIGKILL|exit code/);
  assert.equal(toolMessage(mock, 'm2'), 'Echo: back', 'the server was restarted for the next call');
  const m1 = result.toolCalls.find((c) => c.id === 'm1');
  assert.equal(m1?.outcome, 'failed');
  const finished = events.filter((e) => e.type === 'mcp-call-finished').map((e) => (e.type === 'mcp-call-finished' ? e.failure ?? 'ok' : ''));
  assert.deepEqual(finished, ['crashed', 'ok']);
  assert.ok(events.some((e) => e.type === 'log' && /Restarting MCP server "everything"/.test(e.message)), 'the restart is in the log');
  assert.ok(!stateText(path.join(ws.root, '.harness')).includes(API_KEY));
});
