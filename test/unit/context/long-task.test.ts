// Long tasks against a server with a real context limit: the mock refuses any prompt over its window
// with OpenAI's 400 context_length_exceeded body, and the model reads a 24 KB file at every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TaskEvent } from '../../../src/core/events/schema';
import type { ModelProfile } from '../../../src/core/model/profile';
import { STUB_PREFIX } from '../../../src/core/context/stubs';
import { acceptAll, runWithScript } from '../agent/helpers';
import { appendOnly, bigWorkspace, lastToolMessage, ofType, readingModel } from './scripted';
import type { Script, ScriptedTurn } from '../../support/mock-llm-server';

const TASK = 'Read big.txt again and again, then say done.';
const profile = (contextWindow: number): ModelProfile => ({ model: 'mock-model', contextWindow, maxOutputTokens: 8192 });

test('a 60-step task reading a 24 KB file at every step completes within a 64k window, masking in batches', async () => {
  const { ws, file } = bigWorkspace(24);
  const events: TaskEvent[] = [];
  const { result, mock } = await runWithScript(readingModel(60), {
    ws,
    task: TASK,
    maxSteps: 100,
    approver: acceptAll(),
    modelProfile: profile(64_000),
    onEvent: (e) => events.push(e),
    verification: { commands: [], when: 'never' },
    // The server's window is the same 64k: it refuses any request over it.
    mockOptions: { contextWindow: 64_000 },
  });
  assert.equal(result.status, 'completed', result.error);
  assert.equal(result.steps, 61);
  const refused = mock.requests.length - 61;
  assert.equal(refused, 0, 'no request went over the window');

  const compactions = ofType(events, 'context-compacted');
  assert.ok(compactions.length >= 5, `compacted ${compactions.length} times`);
  assert.ok(compactions.length <= 20, `masking in batches, not at every step (${compactions.length} compactions in 60 steps)`);
  // Between two compactions every request only appends to the one before (a prompt cache keeps hitting).
  const compactedBefore = new Set(compactions.map((c) => c.step));
  for (let i = 1; i < mock.requests.length; i++) {
    const step = i + 1;
    if (compactedBefore.has(step)) continue;
    assert.ok(appendOnly(mock.requests[i - 1].body.messages, mock.requests[i].body.messages), `request ${step} rewrote earlier messages without a compaction`);
  }

  // Every request keeps the system prompt, the task text and the latest observation whole.
  for (const [i, r] of mock.requests.entries()) {
    const messages = r.body.messages;
    assert.equal(messages[0].role, 'system');
    assert.deepEqual(messages[1], { role: 'user', content: TASK }, `request ${i + 1} lost the task`);
    const latest = lastToolMessage(messages);
    if (i === 0) continue;
    assert.ok(latest && !latest.content.startsWith(STUB_PREFIX), `request ${i + 1}: the latest observation is masked`);
    assert.ok(latest.content.includes(file.first) && latest.content.includes(file.last), `request ${i + 1}: the latest read is not whole`);
  }
  // Older reads became stubs that say what they were and how to get them again.
  const stubbed = mock.requests.at(-1)!.body.messages.filter((m: { role: string; content: string }) => m.role === 'tool' && m.content.startsWith(STUB_PREFIX));
  assert.ok(stubbed.length > 40, `${stubbed.length} stubs`);
  assert.match(stubbed[0].content, /read_file big\.txt returned \d+ lines, 2\d\.\d KB here; call read_file again/);
});

test('a server whose window is smaller than the profile says: one overflow teaches it, the task goes on', async () => {
  const { ws } = bigWorkspace(24);
  const events: TaskEvent[] = [];
  // The profile says 128k (an unknown model's fallback); the server has 40k.
  const { result, mock } = await runWithScript(readingModel(25), {
    ws,
    task: TASK,
    maxSteps: 60,
    approver: acceptAll(),
    onEvent: (e) => events.push(e),
    verification: { commands: [], when: 'never' },
    mockOptions: { contextWindow: 40_000 },
  });
  assert.equal(result.status, 'completed', result.error);
  const overflows = ofType(events, 'context-compacted').filter((c) => c.reason === 'overflow');
  assert.equal(overflows.length, 1, 'one overflow, then the learned window holds');
  assert.equal(overflows[0].window, 40_000, 'the window the server named is the one used from then on');
  assert.equal(mock.requests.length, 26 + 1, 'one refused request, retried once');
  const retries = ofType(events, 'model-retry');
  assert.equal(retries.length, 1);
  assert.match(retries[0].reason, /did not fit the model's context window/);
});

test('a plan being carried out survives compaction: it stays in the system prompt, and the step ticks stay whole', async () => {
  const { ws } = bigWorkspace(24);
  const plan = { summary: 'Read big.txt until done.', steps: [{ title: 'Read big.txt many times', files: ['big.txt'] }], files: ['big.txt'], commands: [] };
  const reading = readingModel(40) as (req: Parameters<Extract<Script, (...a: never[]) => unknown>>[0]) => ScriptedTurn;
  const script: Script = (req) => {
    const ticked = req.body.messages.some((m: { role: string; tool_call_id?: string }) => m.role === 'tool' && m.tool_call_id === 'u1');
    return req.body.tools && !ticked ? { toolCalls: [{ id: 'u1', name: 'update_plan', arguments: { step: 1, status: 'in_progress' } }] } : reading(req);
  };
  const events: TaskEvent[] = [];
  const { result, mock } = await runWithScript(script, {
    ws,
    task: TASK,
    maxSteps: 100,
    approver: acceptAll(),
    modelProfile: profile(64_000),
    onEvent: (e) => events.push(e),
    verification: { commands: [], when: 'never' },
    mockOptions: { contextWindow: 64_000 },
    plan: { mode: 'execute', plan },
  });
  assert.equal(result.status, 'completed', result.error);
  assert.ok(ofType(events, 'context-compacted').length >= 2, 'the task was compacted');
  const last = mock.requests.at(-1)!.body.messages as { role: string; content: string; tool_call_id?: string }[];
  assert.match(last[0].content, /Read big\.txt many times/, 'the approved plan is still in the system prompt');
  const tick = last.find((m) => m.role === 'tool' && m.tool_call_id === 'u1');
  // A tick's answer is a line: masking leaves results that short alone.
  assert.ok(tick && !tick.content.startsWith(STUB_PREFIX), `update_plan's result is whole: ${tick?.content}`);
  assert.ok(last.some((m) => m.role === 'tool' && m.content.startsWith(STUB_PREFIX)), 'older reads were masked');
});
