// The core's folders are layers: a folder imports only from folders below it, so the import graph
// has no cycle; and nothing in the core imports `vscode` (the CLI and these tests run it bare).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

const CORE = resolve(__dirname, '../../../src/core');

/** Lowest first. A folder may import its own files and any folder of a lower rank. */
export const LAYERS: Record<string, number> = {
  shared: 0,
  model: 1,
  workspace: 1,
  diff: 2,
  commands: 2,
  verify: 2,
  events: 2,
  policy: 3,
  state: 3,
  tools: 4,
  // MCP servers and hook commands run code beside the tools: they use commands (sandbox, scrubbed
  // environment) and the policy's settings; the agent calls them.
  mcp: 4,
  hooks: 4,
  observe: 4,
  context: 4,
  plan: 4,
  agent: 5,
  ui: 6,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports (type-only imports too: they are coupling). */
function specifiers(source: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return out;
}

const folderOf = (file: string) => relative(CORE, file).split(sep)[0];

/** The import edges between core folders, and what breaks the rules. */
function scan(): { edges: Set<string>; problems: string[] } {
  const edges = new Set<string>();
  const problems: string[] = [];
  for (const file of files(CORE)) {
    const from = folderOf(file);
    const rel = relative(CORE, file);
    if (!(from in LAYERS)) {
      problems.push(`${rel}: src/core/${from} is not a known layer (files belong in a layer folder; add it to LAYERS)`);
      continue;
    }
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec === 'vscode') problems.push(`${rel} imports vscode: the core must run without the editor`);
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      const to = relative(CORE, target).split(sep)[0];
      if (to.startsWith('..')) {
        problems.push(`${rel} imports ${spec}, outside src/core`);
        continue;
      }
      if (to === from) continue;
      edges.add(`${from}->${to}`);
      if (!(to in LAYERS)) problems.push(`${rel} imports ${spec}: unknown layer ${to}`);
      else if (LAYERS[to] >= LAYERS[from]) problems.push(`${rel} (layer ${from}, ${LAYERS[from]}) imports ${spec} (layer ${to}, ${LAYERS[to]}): a layer imports only lower ones`);
    }
  }
  return { edges, problems };
}

test('each src/core folder imports only lower layers, and no core module imports vscode', () => {
  const { problems } = scan();
  assert.deepEqual(problems, []);
});

test('the folder import graph of src/core has no cycle', () => {
  const { edges } = scan();
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const [a, b] = e.split('->');
    next.set(a, [...(next.get(a) ?? []), b]);
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycle: string[] = [];
  const visit = (n: string, path: string[]): boolean => {
    if (state.get(n) === 'done') return false;
    if (state.get(n) === 'open') {
      cycle.push(...path.slice(path.indexOf(n)), n);
      return true;
    }
    state.set(n, 'open');
    for (const m of next.get(n) ?? []) if (visit(m, [...path, n])) return true;
    state.set(n, 'done');
    return false;
  };
  for (const n of next.keys()) if (visit(n, [])) break;
  assert.deepEqual(cycle, [], `cycle: ${cycle.join(' -> ')}`);
});

test('the checker itself catches an upward import and a vscode import', () => {
  // A guard that cannot fail would prove nothing: run its two rules on made-up sources.
  assert.deepEqual(specifiers("import type { X } from '../agent/api';\nimport * as vscode from 'vscode';\nconst y = require('./z');"), ['../agent/api', 'vscode', './z']);
  assert.ok(LAYERS.agent > LAYERS.state, 'state sits below agent, so state importing agent is refused');
});
