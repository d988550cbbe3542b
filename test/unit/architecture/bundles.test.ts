// The editor loads two bundles: extension.js at activation, agent-core.js on the first task. Each
// core module must exist in only one of them, or its module-level state (a sandbox probe, a class
// used with instanceof) would exist twice. Needs the production build (npm test builds first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';

const DIST = resolve(__dirname, '../../../dist');
const built = existsSync(join(DIST, 'bundles.json')) && existsSync(join(DIST, 'agent-core.js'));
const skip = !built && 'needs the build (npm run build)';

test('no src/core module is bundled into both extension.js and agent-core.js', { skip }, () => {
  const report = JSON.parse(readFileSync(join(DIST, 'bundles.json'), 'utf8')) as { extension: string[]; agentCore: string[] };
  assert.ok(report.extension.includes('state/journal'), 'extension.js holds the journal (task history at activation)');
  assert.ok(report.agentCore.includes('agent/loop'), 'agent-core.js holds the loop');
  const both = report.extension.filter((m) => report.agentCore.includes(m));
  assert.deepEqual(both, []);
  // The bytes agree: the lock table's own message is in extension.js only.
  const marker = 'is being edited by task';
  assert.ok(readFileSync(join(DIST, 'extension.js'), 'utf8').includes(marker));
  assert.ok(!readFileSync(join(DIST, 'agent-core.js'), 'utf8').includes(marker), 'agent-core.js carries its own copy of state/locks');
});

test('agent-core.js loaded after extension.js uses extension.js\'s own core modules', { skip }, () => {
  // `vscode` exists only in the editor: any property read returns a stub.
  const stub: object = new Proxy(function () {}, { get: (_t, k) => (k === "__esModule" ? false : stub), apply: () => stub, construct: () => stub });
  const load = (Module as unknown as { _load: (r: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = (request, ...rest) => (request === 'vscode' ? stub : load(request, ...rest));
  try {
    const ext = require(join(DIST, 'extension.js')) as { CORE_MODULES: Record<string, Record<string, unknown>> };
    const report = JSON.parse(readFileSync(join(DIST, 'bundles.json'), 'utf8')) as { extension: string[] };
    assert.deepEqual(Object.keys(ext.CORE_MODULES).sort(), [...report.extension].sort());
    const core = require(join(DIST, 'agent-core.js')) as { runTask: unknown; decideFileOperation: (q: object, p: object) => { decision: string } };
    assert.equal(typeof core.runTask, 'function');
    const d = core.decideFileOperation({ tool: 'write_file', path: '.git/config' }, { automationLevel: 4, rules: [], protectedPaths: ['.git/**'] });
    assert.equal(d.decision, 'ask', 'a protected path still asks through the shared modules');
  } finally {
    (Module as unknown as { _load: typeof load })._load = load;
  }
});

test('the o200k tokenizer is its own file, required by the agent core and the CLI, never loaded at activation', { skip }, () => {
  const ext = readFileSync(join(DIST, 'extension.js'), 'utf8');
  const core = readFileSync(join(DIST, 'agent-core.js'), 'utf8');
  const cli = readFileSync(join(DIST, 'cli.js'), 'utf8');
  const tokenizer = readFileSync(join(DIST, 'tokenizer-o200k.js'), 'utf8');
  assert.ok(tokenizer.length > 2_000_000 && tokenizer.includes('countTokens'), 'the ranks are in the tokenizer file');
  // The ranks alone are over 2 MB: a bundle that carried them would be at least that big.
  for (const [name, text] of [['extension.js', ext], ['agent-core.js', core], ['cli.js', cli]] as const) assert.ok(text.length < 2_000_000, `${name} carries the ranks (${text.length} bytes)`);
  assert.ok(!ext.includes('tokenizer-o200k'), 'extension.js never requires it');
  assert.ok(core.includes('./tokenizer-o200k.js') && cli.includes('./tokenizer-o200k.js'), 'the agent core and the CLI require it at run time');
  assert.ok(readFileSync(join(DIST, '..', '.vscodeignore'), 'utf8').includes('!dist/tokenizer-o200k.js'), 'the .vsix ships it');
});

test('the MCP SDK (and the classic zod and ajv it brings) is in agent-core.js and cli.js, never in extension.js', { skip }, () => {
  // Strings of the SDK's client (its cancellation) and of ajv (its error text) mark their code.
  const markers = ['notifications/cancelled', 'must NOT have additional properties'];
  const ext = readFileSync(join(DIST, 'extension.js'), 'utf8');
  for (const m of markers) {
    assert.ok(!ext.includes(m), `extension.js holds "${m}": something loaded at activation imports the MCP client`);
    assert.ok(readFileSync(join(DIST, 'agent-core.js'), 'utf8').includes(m), `agent-core.js lacks "${m}"`);
    assert.ok(readFileSync(join(DIST, 'cli.js'), 'utf8').includes(m), `cli.js lacks "${m}"`);
  }
  const report = JSON.parse(readFileSync(join(DIST, 'bundles.json'), 'utf8')) as { extension: string[] };
  assert.deepEqual(report.extension.filter((m) => m.startsWith('mcp/') || m.startsWith('hooks/')), [], 'no module of core/mcp or core/hooks at activation');
});

test('OpenTelemetry lives only in dist/telemetry.js, which shares no core module with the editor bundles', { skip }, () => {
  const report = JSON.parse(readFileSync(join(DIST, 'bundles.json'), 'utf8')) as { extension: string[]; agentCore: string[]; telemetry: string[] };
  assert.ok(report.telemetry.includes('observe/telemetry/session'));
  assert.deepEqual(report.telemetry.filter((m) => report.extension.includes(m) || report.agentCore.includes(m)), []);
  // Loaded at activation, on the first task, or by every CLI run: none may carry the SDK.
  for (const file of ['extension.js', 'agent-core.js', 'cli.js']) {
    const text = readFileSync(join(DIST, file), 'utf8');
    assert.ok(!text.includes('@opentelemetry') && !text.includes('OTLPTraceExporter'), `${file} carries OpenTelemetry`);
    if (file !== 'agent-core.js') assert.match(text, /require\("\.\/telemetry\.js"\)/, `${file} requires dist/telemetry.js at run time`);
  }
  assert.ok(readFileSync(join(DIST, 'telemetry.js'), 'utf8').includes('OTLPTraceExporter'));
});
