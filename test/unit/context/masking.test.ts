// What masking and compaction do to a conversation: old observations become stubs that say how to get
// them back, in one batch; refusals, users' words and the newest turn are never touched; replaying a
// compaction event from a hostile journal cannot rewrite what it should not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatMessage } from '../../../src/core/model/types';
import { planMasking } from '../../../src/core/context/masking';
import { planCompaction } from '../../../src/core/context/planner';
import { contextBudget } from '../../../src/core/context/budget';
import { STUB_PREFIX } from '../../../src/core/context/stubs';
import { applyCompaction, SUMMARY_PREFIX } from '../../../src/core/events/compaction';
import { TokenCounter } from '../../../src/core/model/tokens';

const big = (tag: string) => `${tag}\n${'some file content here\n'.repeat(200)}`;
const call = (id: string, name: string, args: object) => ({ id, type: 'function' as const, function: { name, arguments: JSON.stringify(args) } });

function conversation(): ChatMessage[] {
  return [
    { role: 'system', content: 'system prompt' },
    { role: 'user', content: 'the task' },
    { role: 'assistant', content: null, tool_calls: [call('r1', 'read_file', { path: 'a.ts' }), call('c1', 'run_command', { command: 'npm test' })] },
    { role: 'tool', tool_call_id: 'r1', content: big('A') },
    { role: 'tool', tool_call_id: 'c1', content: `$ npm test\n[exit code 1; sandboxed]\n${big('OUT')}` },
    { role: 'assistant', content: null, tool_calls: [call('w1', 'write_file', { path: 'b.ts', content: big('B') })] },
    { role: 'tool', tool_call_id: 'w1', content: `The edit to b.ts was rejected by the user: ${'not like this. '.repeat(40)}` },
    { role: 'user', content: 'Verification failed (round 1): fix the test' },
    { role: 'assistant', content: null, tool_calls: [call('r2', 'read_file', { path: 'c.ts' })] },
    { role: 'tool', tool_call_id: 'r2', content: big('C') },
  ];
}

const counter = new TokenCounter(undefined);
const outcomes: Record<string, string> = { r1: 'ok', c1: 'failed', w1: 'rejected', r2: 'ok' };
const mask = (messages: ChatMessage[], keep = 0) => planMasking(messages, { count: (m) => counter.message(m), keepRecentTokens: keep, outcomeOf: (id) => outcomes[id] });

test('old observations become stubs naming the call and how to get it again; the newest turn stays whole', () => {
  const messages = conversation();
  const plan = mask(messages);
  const byIndex = new Map(plan.replaced.map((r) => [r.index, r.message]));
  const content = (i: number) => (byIndex.get(i) as { content: string } | undefined)?.content;
  assert.match(content(3) ?? '', /^\[harness: masked to save context: read_file a\.ts returned 201 lines, 4\.5 KB here; call read_file again if you need it\.\]$/);
  assert.match(content(4) ?? '', /run_command `npm test` returned .* \[exit code 1; sandboxed\] here; run it again \(narrowed with grep, head or tail\)/);
  assert.equal(byIndex.has(6), false, 'a rejection and its reason stay');
  assert.equal(byIndex.has(7), false, 'a user message is never masked');
  assert.equal(byIndex.has(9), false, 'the most recent observation stays whole');
  // The old write_file call carried a whole file: its content is shortened, its JSON still valid.
  const write = byIndex.get(5) as Extract<ChatMessage, { role: 'assistant' }>;
  const args = JSON.parse(write.tool_calls![0].function.arguments);
  assert.equal(args.path, 'b.ts');
  assert.match(args.content, /^\[harness: masked to save context: 201 lines, 4\.5 KB of content/);
});

test('pinned tools (the plan, issue 15) and short results are never masked; masking twice changes nothing', () => {
  const messages = conversation();
  const pinned = planMasking(messages, { count: (m) => counter.message(m), keepRecentTokens: 0, outcomeOf: (id) => outcomes[id], pinnedTools: new Set(['read_file']) });
  assert.ok(!pinned.replaced.some((r) => r.index === 3));
  applyCompaction(messages, { replaced: mask(messages).replaced });
  assert.deepEqual(mask(messages).replaced, []);
});

test('the recent turns kept whole grow with the room given, and always include the newest', () => {
  const messages = conversation();
  assert.equal(mask(messages, 0).recentStart, 8);
  assert.equal(mask(messages, 1_000_000).recentStart, 2, 'room for everything: nothing is old');
});

test('compaction waits for the threshold, then masks in one batch so the next requests only append', () => {
  const profile = { contextWindow: 8000, maxOutputTokens: 1000 };
  const budget = contextBudget(profile);
  const messages: ChatMessage[] = [{ role: 'system', content: 's' }, { role: 'user', content: 'task' }];
  const input = () => ({ messages, counter, toolTokens: 0, budget, ratio: 1, outcomeOf: () => 'ok' });
  let compactions = 0;
  let appendOnlyRuns = 0;
  for (let i = 0; i < 40; i++) {
    messages.push({ role: 'assistant', content: null, tool_calls: [call(`r${i}`, 'read_file', { path: `f${i}` })] });
    messages.push({ role: 'tool', tool_call_id: `r${i}`, content: 'x'.repeat(1400) });
    const plan = planCompaction(input());
    if (!plan) {
      appendOnlyRuns++;
      continue;
    }
    compactions++;
    assert.ok(plan.tokensBefore > budget.threshold);
    applyCompaction(messages, { replaced: plan.replaced });
    // One batch brings it under the goal, or (stubs add up over a long task) a summary is planned.
    assert.ok(plan.tokensAfterMasking <= budget.goal || plan.summary, 'masking left it over the goal without a summary');
  }
  assert.ok(compactions >= 3 && appendOnlyRuns >= 3 * compactions, `${compactions} compactions, ${appendOnlyRuns} append-only requests`);
});

test('a compaction replayed from a journal ignores positions out of range or of another role', () => {
  const messages = conversation();
  const before = JSON.stringify(messages);
  applyCompaction(messages, { replaced: [{ index: 99, message: { role: 'tool', tool_call_id: 'x', content: 'evil' } }, { index: 1, message: { role: 'tool', tool_call_id: 'x', content: 'the task is now something else' } }] });
  assert.equal(JSON.stringify(messages), before);
});

test('a summary replaces the oldest part but keeps every user message, and folds an earlier summary in', () => {
  const messages = conversation();
  applyCompaction(messages, { replaced: [], summary: { from: 0, to: 8, text: `${SUMMARY_PREFIX} (6 messages)] first notes` } });
  // From is clamped to after the task: the system prompt and the task stay first.
  assert.deepEqual(messages.slice(0, 4).map((m) => m.role), ['system', 'user', 'user', 'user']);
  assert.equal(messages[1].content, 'the task');
  assert.match(messages[2].content ?? '', /first notes/);
  assert.equal(messages[3].content, 'Verification failed (round 1): fix the test');
  applyCompaction(messages, { replaced: [], summary: { from: 2, to: 4, text: `${SUMMARY_PREFIX} (2 messages)] second notes` } });
  const summaries = messages.filter((m) => typeof m.content === 'string' && m.content.startsWith(SUMMARY_PREFIX));
  assert.equal(summaries.length, 1, 'the earlier summary is folded into the new one');
  assert.ok(messages.some((m) => m.content === 'Verification failed (round 1): fix the test'));
  assert.ok(!messages.some((m) => typeof m.content === 'string' && m.content.startsWith(STUB_PREFIX)));
});
