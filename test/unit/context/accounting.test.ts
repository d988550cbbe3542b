// Tokens and cost as the server reports them (cached tokens included), and the summary call: made
// only when masking is not enough, recorded with its usage, and counted like any other call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { TaskEvent } from '../../../src/core/events/schema';
import { SUMMARY_PREFIX } from '../../../src/core/events/compaction';
import { fsStateStore } from '../../../src/core/state/store';
import { loadTask } from '../../../src/core/state/tasks';
import { mockPromptTokens, type ScriptedTurn } from '../../support/mock-llm-server';
import { acceptAll, runWithScript, tempWorkspace } from '../agent/helpers';
import { ofType, stepOf } from './scripted';

const never = { commands: [], when: 'never' as const };
const pricing = { input: 2, cachedInput: 0.5, output: 8 };

test('token and cost accounting match the usage the server reports, cached tokens priced as cached', async () => {
  const ws = tempWorkspace({ 'a.txt': 'hello\n' });
  const usages = [0, 1, 2, 3, 4].map((k) => ({ prompt_tokens: 1000 * (k + 1), completion_tokens: 40 + k, prompt_tokens_details: { cached_tokens: 500 * k } }));
  const script = usages.map((usage, k): ScriptedTurn => (k < 4 ? { toolCalls: [{ id: `call_${k}`, name: 'read_file', arguments: { path: 'a.txt' } }], usage } : { content: 'done', usage }));
  const events: TaskEvent[] = [];
  const taskId = 'task-accounting';
  const { result } = await runWithScript(script, { ws, taskId, approver: acceptAll(), verification: never, modelProfile: { model: 'priced-model', contextWindow: 128_000, maxOutputTokens: 4096, pricing }, onEvent: (e) => events.push(e) });
  assert.equal(result.status, 'completed');
  const sum = (f: (u: (typeof usages)[number]) => number) => usages.reduce((n, u) => n + f(u), 0);
  const expectedCost = usages.reduce((n, u) => n + ((u.prompt_tokens - u.prompt_tokens_details.cached_tokens) * 2 + u.prompt_tokens_details.cached_tokens * 0.5 + u.completion_tokens * 8) / 1e6, 0);
  assert.equal(result.usage.promptTokens, sum((u) => u.prompt_tokens));
  assert.equal(result.usage.completionTokens, sum((u) => u.completion_tokens));
  assert.equal(result.usage.cachedTokens, sum((u) => u.prompt_tokens_details.cached_tokens));
  assert.ok(Math.abs((result.usage.costUsd ?? NaN) - expectedCost) < 1e-6, `cost ${result.usage.costUsd} vs ${expectedCost}`);
  // Each turn carries its own cost; the journal, folded again, gives the same totals.
  const turns = ofType(events, 'model-turn');
  assert.equal(turns[1].usage.costUsd, (1500 * 2 + 500 * 0.5 + 41 * 8) / 1e6);
  const replayed = await loadTask(fsStateStore(path.join(ws.root, '.harness')), taskId);
  assert.deepEqual(replayed?.usage, result.usage);
});

test('an unpriced model has no cost (not zero), and a server without cached counts leaves them out', async () => {
  const ws = tempWorkspace({});
  const { result } = await runWithScript([{ content: 'done', usage: { prompt_tokens: 10, completion_tokens: 2 } }], { ws, verification: never, modelName: 'some-local-model' });
  assert.equal(result.usage.costUsd, undefined);
  assert.equal(result.usage.cachedTokens, undefined);
});

test('when masking is not enough, the oldest part is summarized by one recorded call; users keep their words', async () => {
  const ws = tempWorkspace({ 'small.txt': 'tiny\n' });
  const thought = `Thinking aloud: ${'the plan is long and careful. '.repeat(100)}`;
  const events: TaskEvent[] = [];
  const { result, mock } = await runWithScript(
    ({ body }): ScriptedTurn => {
      if (!body.tools) return { content: 'NOTES: small.txt says tiny; nothing changed yet.' };
      const step = stepOf(body);
      return step < 14 ? { content: thought, toolCalls: [{ id: `call_${step}`, name: 'read_file', arguments: { path: 'small.txt' } }] } : { content: 'done' };
    },
    { ws, task: 'think a lot', maxSteps: 30, approver: acceptAll(), verification: never, modelProfile: { model: 'mock-model', contextWindow: 9000, maxOutputTokens: 1000 }, onEvent: (e) => events.push(e), mockOptions: { contextWindow: 9000 } },
  );
  assert.equal(result.status, 'completed', result.error);
  const summaries = ofType(events, 'context-compacted').filter((c) => c.summary);
  assert.ok(summaries.length >= 1, 'a summary was made');
  const summaryCalls = mock.requests.filter((r) => !r.body.tools);
  assert.equal(summaryCalls.length, summaries.length, 'one model call per summary');
  assert.ok(summaries.every((s) => s.usage && s.usage.promptTokens > 0), 'each summary records its usage');
  // The request after the first summary: the task whole at the top, then the summary with the notes.
  const after = mock.requests.find((r) => r.body.tools && r.body.messages.some((m: { content: string }) => typeof m.content === 'string' && m.content.startsWith(SUMMARY_PREFIX)))!;
  assert.deepEqual(after.body.messages[1], { role: 'user', content: 'think a lot' });
  assert.equal(after.body.messages[2].role, 'user');
  assert.match(after.body.messages[2].content, /NOTES: small\.txt says tiny/);
  // Every call the server answered is in the totals: the turns and the summaries.
  const answered = mock.requests.reduce((n, r) => n + mockPromptTokens(r.body), 0);
  assert.equal(result.usage.promptTokens, answered);
  assert.equal(mock.requests.length, result.steps + summaryCalls.length, 'no request was refused');
});
