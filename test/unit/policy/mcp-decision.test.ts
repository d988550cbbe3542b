// The policy for MCP calls, directly: no rule asks at every level, a rule that names the tool allows
// it (from level 2), annotations raise the risk but never lower it, and deny always wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideMcpCall } from '../../../src/core/policy/mcp-decision';
import type { AutomationLevel, PolicyRule } from '../../../src/core/shared/types';

const pol = (level: AutomationLevel, rules: PolicyRule[] = []) => ({ automationLevel: level, rules, protectedPaths: [] });
const q = (annotations?: object) => ({ tool: 'mcp__github__create_issue', server: 'github', ...(annotations ? { annotations } : {}) });
const ALLOW_GH: PolicyRule = { action: 'allow', tool: 'mcp__github__*', source: 'user' };

test('with no rule, an MCP call asks at every level', () => {
  for (const level of [1, 2, 3, 4] as const) {
    const d = decideMcpCall(q(), pol(level));
    assert.deepEqual([d.decision, d.risk, d.rule], ['ask', 'medium', level === 1 ? 'level:1' : 'builtin:mcp'], `level ${level}`);
  }
});

test('an allow rule naming the tool (a glob) lets it run from level 2; level 1 still asks', () => {
  assert.equal(decideMcpCall(q(), pol(1, [ALLOW_GH])).decision, 'ask');
  for (const level of [2, 3, 4] as const) {
    const d = decideMcpCall(q(), pol(level, [ALLOW_GH]));
    assert.deepEqual([d.decision, d.rule], ['allow', 'allow tool mcp__github__* (user)']);
  }
  assert.equal(decideMcpCall(q(), pol(4, [{ action: 'allow', tool: 'mcp__gitlab__*' }])).decision, 'ask', 'another server\'s rule does not match');
});

test('a catch-all or path rule written for files does not allow an MCP call', () => {
  assert.equal(decideMcpCall(q(), pol(4, [{ action: 'allow' }])).decision, 'ask');
  assert.equal(decideMcpCall(q(), pol(4, [{ action: 'allow', tool: 'mcp__github__*', path: 'src/**' }])).decision, 'ask');
});

test('deny wins over allow, and ask rules ask', () => {
  const d = decideMcpCall(q(), pol(4, [ALLOW_GH, { action: 'deny', tool: 'mcp__github__create_*', source: 'workspace' }]));
  assert.deepEqual([d.decision, d.rule], ['deny', 'deny tool mcp__github__create_* (workspace)']);
  assert.equal(decideMcpCall(q(), pol(4, [ALLOW_GH, { action: 'ask', tool: 'mcp__github__create_issue' }])).decision, 'ask');
  assert.equal(decideMcpCall(q(), pol(4, [{ action: 'deny' }])).decision, 'deny', 'a catch-all deny tightens');
});

test('annotations raise the risk (destructive: critical, always asks; open world: high), never lower it', () => {
  const destructive = decideMcpCall(q({ destructiveHint: true, readOnlyHint: true }), pol(4, [ALLOW_GH]));
  assert.deepEqual([destructive.decision, destructive.risk], ['ask', 'critical']);
  assert.match(destructive.reason, /destructive/);
  const open = decideMcpCall(q({ openWorldHint: true }), pol(4, [ALLOW_GH]));
  assert.deepEqual([open.decision, open.risk], ['allow', 'high']);
  const readOnly = decideMcpCall(q({ readOnlyHint: true, destructiveHint: false }), pol(4));
  assert.deepEqual([readOnly.decision, readOnly.risk], ['ask', 'medium'], 'read-only does not make it run unasked');
  assert.match(readOnly.reason, /The server says: read-only, not destructive \(unverified\)\./);
});
