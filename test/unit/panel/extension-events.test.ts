// The panel shows what MCP servers and hooks did: a server's state and tools, every hook run with its
// verdict (a block or a failure as a warning), and an MCP call's approval like any other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, emptyPanelState } from '../../../src/core/ui/panel-model';
import { PanelStateSchema } from '../../../src/core/ui/panel-protocol';
import type { TaskEvent, TaskEventBody } from '../../../src/core/events/schema';

const ev = (body: TaskEventBody, at = 1000): TaskEvent => ({ ...body, taskId: 't1', at }) as TaskEvent;

test('MCP server states and hook runs appear in the timeline; failures as warnings', () => {
  let s = emptyPanelState();
  s = applyEvent(s, ev({ type: 'mcp-server', server: 'everything', source: 'workspace', transport: 'stdio', target: 'node srv.js', state: 'running', tools: ['echo', 'get-sum'], sandboxed: true }));
  s = applyEvent(s, ev({ type: 'mcp-server', server: 'broken', source: 'user', transport: 'stdio', target: 'nope', state: 'failed', tools: [], error: 'could not start nope' }));
  s = applyEvent(s, ev({ type: 'hook-run', hookEvent: 'PreToolUse', command: 'node guard.js', source: 'user', toolCallId: 'w1', tool: 'write_file', result: 'block', reason: 'no Markdown', exitCode: 2, timedOut: false, sandboxed: true, durationMs: 40 }));
  s = applyEvent(s, ev({ type: 'hook-run', hookEvent: 'PostToolUse', command: 'prettier --check', source: 'user', toolCallId: 'w2', tool: 'write_file', result: 'context', exitCode: 0, timedOut: false, sandboxed: true, durationMs: 40 }));
  assert.deepEqual(
    s.timeline.map((e) => [e.level, e.title]),
    [
      ['info', 'MCP server "everything" (workspace): running, 2 tools, sandboxed'],
      ['warn', 'MCP server "broken" (user): failed: could not start nope'],
      ['warn', 'PreToolUse hook `node guard.js` (write_file): block — no Markdown'],
      ['info', 'PostToolUse hook `prettier --check` (write_file): context'],
    ],
  );
  assert.ok(PanelStateSchema.safeParse(s).success);
});

test('an MCP call waiting for approval is listed with its arguments and the annotations in its reason', () => {
  let s = emptyPanelState();
  const decision = { decision: 'ask' as const, risk: 'medium' as const, rule: 'builtin:mcp', reason: 'Needs a human. The server says: read-only (unverified).' };
  s = applyEvent(s, ev({ type: 'approval-asked', toolCallId: 'm1', request: 'tool', subject: 'mcp__everything__echo {"message":"hi"}', decision }));
  assert.deepEqual(s.approvals.map((a) => [a.kind, a.title, a.risk]), [['tool', 'mcp__everything__echo {"message":"hi"}', 'medium']]);
  assert.match(s.approvals[0].reason, /read-only/);
});
