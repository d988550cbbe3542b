import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkInFlight, recheckProposals, resumeMessages } from '../../../src/core/state/resume';
import { contentHash } from '../../../src/core/shared/hash';
import type { Proposal } from '../../../src/core/shared/types';
import type { ChatMessage } from '../../../src/core/model/types';

const disk = (files: Record<string, string>) => async (p: string) => files[p] ?? null;

test('an in-flight write is classified by what the disk holds now, never repeated', async () => {
  const intent = { path: 'a.ts', beforeHash: contentHash('old'), afterHash: contentHash('new') };
  const call = { toolCallId: 'c1', tool: 'edit_file', args: {}, intent };
  assert.equal((await checkInFlight(call, disk({ 'a.ts': 'new' }))).outcome, 'landed');
  assert.equal((await checkInFlight(call, disk({ 'a.ts': 'old' }))).outcome, 'not-applied');
  const changed = await checkInFlight(call, disk({ 'a.ts': 'user' }));
  assert.equal(changed.outcome, 'changed');
  assert.match(changed.message, /Read the file again/);
  // A file the agent was creating: absent before.
  const create = { ...call, intent: { path: 'n.ts', beforeHash: 'absent', afterHash: contentHash('x') } };
  assert.equal((await checkInFlight(create, disk({}))).outcome, 'not-applied');
  const cmd = await checkInFlight({ toolCallId: 'c2', tool: 'run_command', args: { command: 'npm test' } }, disk({}));
  assert.equal(cmd.outcome, 'unknown');
  assert.match(cmd.message, /not run again/);
});

test('pending proposals are asked again unless their file moved on', async () => {
  const p = (path: string, before: string | null) => ({ id: path, toolCallId: path, path, beforeHash: contentHash(before) }) as Proposal;
  const r = await recheckProposals([p('a', 'x'), p('b', 'y'), p('c', null)], disk({ a: 'x', b: 'changed' }));
  assert.deepEqual(r.askAgain.map((x) => x.path), ['a', 'c']);
  assert.deepEqual(r.stale.map((x) => x.path), ['b']);
});

test('resumeMessages answers every unanswered tool call of the last turn, once', () => {
  const messages: ChatMessage[] = [
    { role: 'user', content: 'go' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{}' } },
        { id: 'c2', type: 'function', function: { name: 'edit_file', arguments: '{}' } },
        { id: 'c3', type: 'function', function: { name: 'run_command', arguments: '{}' } },
      ],
    },
    { role: 'tool', tool_call_id: 'c1', content: 'file text' },
  ];
  const out = resumeMessages({ messages }, new Map([['c2', 'applied already']]));
  assert.deepEqual(out.slice(3), [
    { role: 'tool', tool_call_id: 'c2', content: 'applied already' },
    { role: 'tool', tool_call_id: 'c3', content: 'The harness stopped before run_command finished; it was not run again. Call it again if it is still needed.' },
  ]);
  assert.equal(messages.length, 3); // the snapshot is not modified
  assert.deepEqual(resumeMessages({ messages: out }), out);
});
