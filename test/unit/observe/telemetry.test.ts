// OpenTelemetry export of a scripted `harness run` to a local OTLP receiver: the task's spans (task,
// model calls with token usage, tool calls with decision, risk and outcome) and its metrics arrive,
// over http/json and http/protobuf; nothing of the content (prompt, files, paths, commands, output)
// unless the user asked for it, and never the API key. Off unless enabled, and then the SDK is not
// even loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli';
import { startMockLlm } from '../../support/mock-llm-server';
import { startOtlpReceiver, type OtlpReceiver, type Received } from '../../support/otlp-receiver';
import { API_KEY, tempWorkspace } from '../agent/helpers';
import { useTempStateHome } from '../../support/state-home';

const KEY_ENV = 'HARNESS_TELEMETRY_TEST_KEY';
process.env[KEY_ENV] = API_KEY;
useTempStateHome();

const MARKS = { prompt: 'PROMPTMARK-71', path: 'PATHMARK-38', file: 'FILEMARK-42', command: 'CMDMARK-93', written: 'WRITEMARK-55', model: 'MODELMARK-66' };
const TELEMETRY_VARS = ['HARNESS_ENABLE_TELEMETRY', 'HARNESS_TELEMETRY_INCLUDE_CONTENT', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_SDK_DISABLED'];

/** One scripted task that reads a file, runs a command, writes a file and verifies, with telemetry env set. */
async function runWith(env: Record<string, string>): Promise<{ code: number; stderr: string; taskId: string }> {
  const saved = Object.fromEntries(TELEMETRY_VARS.map((k) => [k, process.env[k]]));
  for (const k of TELEMETRY_VARS) delete process.env[k];
  Object.assign(process.env, env);
  const ws = tempWorkspace({ [`notes-${MARKS.path}.txt`]: `${MARKS.file} is in this file\n` });
  const mock = await startMockLlm([
    { toolCalls: [{ id: 'r1', name: 'read_file', arguments: { path: `notes-${MARKS.path}.txt` } }], usage: { prompt_tokens: 111, completion_tokens: 11 } },
    { toolCalls: [{ id: 'c1', name: 'run_command', arguments: { command: `echo ${MARKS.command}` } }], usage: { prompt_tokens: 222, completion_tokens: 22 } },
    { toolCalls: [{ id: 'w1', name: 'write_file', arguments: { path: 'out.txt', content: `${MARKS.written}\n` } }], usage: { prompt_tokens: 333, completion_tokens: 33 } },
    // The model repeats the key it should never have seen: it must not leave even as content.
    { content: `${MARKS.model} done; key ${API_KEY}`, usage: { prompt_tokens: 444, completion_tokens: 44 } },
  ]);
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(
      ['run', '--workspace', ws.root, '--task', `${MARKS.prompt} please`, '--base-url', mock.url, '--api-key-env', KEY_ENV, '--automation', '3', '--on-approval', 'accept', '--verify', 'test -f out.txt', '--json'],
      { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) },
    );
    return { code, stderr, taskId: stdout ? JSON.parse(stdout).taskId : '' };
  } finally {
    await mock.close();
    for (const k of TELEMETRY_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

interface OtlpValue { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number; arrayValue?: { values: OtlpValue[] } }
interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes: { key: string; value: OtlpValue }[]; status?: { code?: number } }

const value = (v: OtlpValue): unknown => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.boolValue ?? v.doubleValue ?? v.arrayValue?.values.map(value));
const attrsOf = (s: { attributes?: { key: string; value: OtlpValue }[] }) => Object.fromEntries((s.attributes ?? []).map((a) => [a.key, value(a.value)]));

function spansOf(received: Received[]): OtlpSpan[] {
  return received
    .filter((r) => r.path === '/v1/traces')
    .flatMap((r) => JSON.parse(r.body.toString()).resourceSpans.flatMap((rs: { scopeSpans: { spans: OtlpSpan[] }[] }) => rs.scopeSpans.flatMap((ss) => ss.spans)));
}

function metricNames(received: Received[]): Set<string> {
  return new Set(
    received
      .filter((r) => r.path === '/v1/metrics')
      .flatMap((r) => JSON.parse(r.body.toString()).resourceMetrics.flatMap((rm: { scopeMetrics: { metrics: { name: string }[] }[] }) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.name)))),
  );
}

/** Runs `body` with a fresh receiver, closed after. */
async function withReceiver(body: (receiver: OtlpReceiver) => Promise<void>): Promise<void> {
  const receiver = await startOtlpReceiver();
  try {
    await body(receiver);
  } finally {
    await receiver.close();
  }
}

const everything = (received: Received[]) => received.map((r) => r.body.toString('latin1')).join('\n');

test('telemetry is off by default: nothing is sent and the OpenTelemetry SDK is never loaded', () =>
  withReceiver(async (receiver) => {
    const r = await runWith({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(receiver.received.length, 0);
    assert.deepEqual(Object.keys(require.cache).filter((f) => f.includes('@opentelemetry')), [], 'no OpenTelemetry module was loaded');
    const disabled = await runWith({ HARNESS_ENABLE_TELEMETRY: '1', OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    assert.equal(disabled.code, 0);
    assert.equal(receiver.received.length, 0, 'OTEL_SDK_DISABLED wins');
  }));

test('http/json: the task span, model-call and tool-call spans, and the metrics arrive — without any content', () =>
  withReceiver(async (receiver) => {
    const r = await runWith({ HARNESS_ENABLE_TELEMETRY: '1', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(receiver.received.every((x) => x.contentType.startsWith('application/json')));
    const spans = spansOf(receiver.received);
    const root = spans.find((s) => s.name === 'invoke_agent harness');
    assert.ok(root, `spans: ${spans.map((s) => s.name).join(', ')}`);
    const ra = attrsOf(root);
    assert.deepEqual([ra['harness.task.id'], ra['harness.task.status'], ra['harness.task.verdict'], ra['gen_ai.request.model']], [r.taskId, 'completed', 'verified', 'gpt-4o-mini']);
    assert.deepEqual([ra['gen_ai.usage.input_tokens'], ra['gen_ai.usage.output_tokens']], [111 + 222 + 333 + 444, 11 + 22 + 33 + 44]);
    assert.ok(spans.every((s) => s.traceId === root.traceId), 'one trace per task');
    assert.ok(spans.filter((s) => s !== root && !attrsOf(s)['harness.verification.check']).every((s) => s.parentSpanId === root.spanId), 'model and tool calls are children of the task');

    const chats = spans.filter((s) => s.name === 'chat gpt-4o-mini').map(attrsOf);
    assert.deepEqual(chats.map((a) => [a['gen_ai.operation.name'], a['gen_ai.usage.input_tokens'], a['gen_ai.usage.output_tokens']]), [['chat', 111, 11], ['chat', 222, 22], ['chat', 333, 33], ['chat', 444, 44]]);
    const tool = (name: string) => attrsOf(spans.find((s) => s.name === `execute_tool ${name}` && !attrsOf(s)['harness.verification.check'])!);
    assert.deepEqual([tool('read_file')['harness.policy.decision'], tool('read_file')['harness.policy.risk'], tool('read_file')['harness.policy.rule'], tool('read_file')['harness.tool.outcome']], ['allow', 'low', 'builtin:reads', 'ok']);
    assert.equal(tool('write_file')['harness.policy.rule'], 'level:3');
    const cmd = tool('run_command');
    assert.deepEqual([cmd['harness.policy.decision'], cmd['harness.policy.risk'], cmd['harness.approval.outcome'], cmd['harness.approval.by'], cmd['harness.command.program'], cmd['harness.command.exit_code'], cmd['harness.tool.outcome']], ['ask', 'low', 'approved', 'cli:accept', 'echo', 0, 'ok']);
    assert.equal(typeof cmd['harness.approval.wait_ms'], 'number');
    assert.deepEqual([tool('write_file')['harness.policy.decision'], tool('write_file')['harness.tool.outcome']], ['allow', 'ok']);
    const verification = spans.find((s) => s.name === 'harness.verification');
    assert.equal(attrsOf(verification!)['harness.verification.verdict'], 'verified');

    const names = metricNames(receiver.received);
    for (const m of ['harness.task.count', 'harness.task.duration', 'harness.tool.call.count', 'harness.approval.count', 'harness.approval.wait', 'harness.verification.fix_rounds', 'gen_ai.client.token.usage', 'gen_ai.client.operation.duration']) assert.ok(names.has(m), `metric ${m} (got ${[...names].join(', ')})`);

    const all = everything(receiver.received);
    for (const [what, mark] of Object.entries(MARKS)) assert.ok(!all.includes(mark), `${what} (${mark}) was exported without includeContent`);
    assert.ok(!all.includes('SECRETKEY'), 'the API key was exported');
    assert.ok(!all.includes('notes-'), 'a file path was exported');
  }));

test('includeContent adds the prompt, tool arguments and results, model text — the API key still never leaves', () =>
  withReceiver(async (receiver) => {
    const r = await runWith({ HARNESS_ENABLE_TELEMETRY: '1', HARNESS_TELEMETRY_INCLUDE_CONTENT: '1', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    assert.equal(r.code, 0, r.stderr);
    const all = everything(receiver.received);
    for (const mark of [MARKS.prompt, MARKS.path, MARKS.file, MARKS.command, MARKS.written, MARKS.model]) assert.ok(all.includes(mark), `${mark} is exported when asked for`);
    assert.ok(!all.includes('SECRETKEY'), 'the API key was exported');
    assert.ok(all.includes('[redacted]'));
  }));

test('http/protobuf: protobuf bodies to /v1/traces and /v1/metrics, the spans in them, no content', () =>
  withReceiver(async (receiver) => {
    const r = await runWith({ HARNESS_ENABLE_TELEMETRY: '1', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...new Set(receiver.received.map((x) => x.path))].sort(), ['/v1/metrics', '/v1/traces']);
    assert.ok(receiver.received.every((x) => x.contentType === 'application/x-protobuf'), receiver.received.map((x) => x.contentType).join());
    // Protobuf strings are their UTF-8 bytes: the span names and attribute keys are in the body as such.
    const traces = receiver.received.filter((x) => x.path === '/v1/traces').map((x) => x.body.toString('latin1')).join();
    for (const s of ['invoke_agent harness', 'chat gpt-4o-mini', 'execute_tool read_file', 'execute_tool run_command', 'gen_ai.usage.input_tokens', 'harness.policy.decision', r.taskId]) assert.ok(traces.includes(s), `${s} in the protobuf traces`);
    const all = everything(receiver.received);
    assert.ok(all.includes('harness.approval.count'));
    for (const [what, mark] of Object.entries(MARKS)) assert.ok(!all.includes(mark), `${what} was exported`);
    assert.ok(!all.includes('SECRETKEY'));
  }));

test('a bad protocol or an unreachable collector is said once on stderr; the task is unaffected', async () => {
  const grpc = await runWith({ HARNESS_ENABLE_TELEMETRY: '1', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
  assert.equal(grpc.code, 0);
  assert.match(grpc.stderr, /harness: telemetry is off: OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: use http\/protobuf or http\/json/);
  const receiver = await startOtlpReceiver();
  const url = receiver.url;
  await receiver.close(); // nothing listens there now
  const dead = await runWith({ HARNESS_ENABLE_TELEMETRY: '1', OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
  assert.equal(dead.code, 0, 'the task completes');
  // The exporters retry until their timeout; a failure is said once per signal, or the wait is.
  const lines = dead.stderr.split('\n').filter((l) => l.includes('telemetry'));
  assert.ok(lines.length >= 1 && lines.length <= 2, dead.stderr);
  for (const l of lines) assert.match(l, /^harness: telemetry: (cannot export (traces|metrics): connect ECONNREFUSED|the collector at .*\/v1\/traces did not take the last data within 5 s)/);
  assert.equal(new Set(lines).size, lines.length, 'nothing said twice');
});
