// What the telemetry may carry without includeContent: built-in rule ids and program names, never a
// user's rule text (it holds their command lines and paths); with it, text with the secrets cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandProgram, contentOf, ruleName } from '../../../src/core/observe/telemetry/content';
import { exportTargets } from '../../../src/core/observe/telemetry/config';

const off = { include: false, secrets: ['sk-secret-123'] };
const on = { include: true, secrets: ['sk-secret-123'] };

test('rule names: built-in ids as they are, a user rule only as "configured" unless content is on', () => {
  assert.equal(ruleName(off, 'builtin:critical'), 'builtin:critical');
  assert.equal(ruleName(off, 'level:3'), 'level:3');
  assert.equal(ruleName(off, 'allow "deploy --to prod-eu" (user)'), 'configured');
  assert.equal(ruleName(on, 'allow "deploy --to prod-eu" (user)'), 'allow "deploy --to prod-eu" (user)');
  assert.equal(ruleName(off, undefined), undefined);
});

test('the program of a command, never its arguments; content only when on, secrets cut, long text capped', () => {
  assert.deepEqual(['npm test -- --grep x', '/usr/bin/make all', 'FOO=1 make', '  git   push', 'ünïcode x'].map(commandProgram), ['npm', 'make', 'other', 'git', 'other']);
  assert.equal(contentOf(off, 'the file says hi'), undefined);
  assert.equal(contentOf(on, 'key sk-secret-123 here'), 'key [redacted] here');
  assert.match(contentOf(on, 'x'.repeat(10_000))!, /^x{4000}… \[10000 chars\]$/);
});

test('export targets from the standard variables: endpoint + signal path, per-signal overrides, protocol checked', () => {
  const t = exportTargets({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'https://m.example/ingest', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
  assert.ok(!('error' in t));
  assert.deepEqual([t.traces.url, t.metrics.url, t.traces.protocol], ['http://collector:4318/v1/traces', 'https://m.example/ingest', 'http/json']);
  const d = exportTargets({});
  assert.ok(!('error' in d));
  assert.deepEqual([d.traces.url, d.traces.protocol, d.timeoutMs], ['http://localhost:4318/v1/traces', 'http/protobuf', 10_000]);
  assert.match((exportTargets({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' }) as { error: string }).error, /^OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc is not supported/);
  assert.match((exportTargets({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }) as { error: string }).error, /OTEL_EXPORTER_OTLP_ENDPOINT is not an http\(s\) URL/);
});
