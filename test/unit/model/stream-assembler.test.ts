// Chunk assembly for the variants real servers send, and rejection of chunks that are not chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamAssembler } from '../../../src/core/model/stream-assembler';
import { ModelError } from '../../../src/core/model/types';

const choice = (delta: object, finish_reason: string | null = null) => ({ choices: [{ index: 0, delta, finish_reason }] });

test('tool calls keyed by index stay apart even when indexes arrive out of order', () => {
  const a = new StreamAssembler();
  a.add(choice({ tool_calls: [{ index: 1, id: 'b', function: { name: 'list_files', arguments: '' } }] }));
  a.add(choice({ tool_calls: [{ index: 0, id: 'a', function: { name: 'read_file', arguments: '{"pa' } }] }));
  a.add(choice({ tool_calls: [{ index: 1, function: { arguments: '{"path":"."}' } }, { index: 0, function: { arguments: 'th":"x"}' } }] }));
  a.add(choice({}, 'tool_calls'));
  assert.ok(a.finished);
  assert.deepEqual(a.result().toolCalls, [
    { id: 'a', name: 'read_file', arguments: '{"path":"x"}' },
    { id: 'b', name: 'list_files', arguments: '{"path":"."}' },
  ]);
});

test('ids and names repeated in every delta are not duplicated', () => {
  const a = new StreamAssembler();
  for (const piece of ['{"path"', ':"a.ts"}']) {
    a.add(choice({ tool_calls: [{ index: 0, id: 'same', type: 'function', function: { name: 'read_file', arguments: piece } }] }));
  }
  assert.deepEqual(a.result().toolCalls, [{ id: 'same', name: 'read_file', arguments: '{"path":"a.ts"}' }]);
});

test('tool calls without index are told apart by id; missing ids are synthesised uniquely', () => {
  const a = new StreamAssembler();
  a.add(choice({ tool_calls: [{ id: 'x', function: { name: 'read_file', arguments: '{}' } }] }));
  a.add(choice({ tool_calls: [{ id: 'y', function: { name: 'list_files', arguments: '{"path":"."}' } }] }));
  const b = new StreamAssembler();
  b.add(choice({ tool_calls: [{ index: 0, function: { name: 'read_file', arguments: { path: 'obj.ts' } } }] }));
  b.add(choice({ tool_calls: [{ index: 1, function: { name: 'read_file', arguments: '{}' } }] }));
  assert.deepEqual(a.result().toolCalls.map((c) => [c.id, c.name]), [['x', 'read_file'], ['y', 'list_files']]);
  const [first, second] = b.result().toolCalls;
  assert.equal(first.arguments, '{"path":"obj.ts"}', 'object arguments are serialised');
  assert.ok(first.id && second.id && first.id !== second.id, 'each call gets its own id');
});

test('usage is taken from a usage-only chunk, with or without a choices list, or from the finish chunk', () => {
  const a = new StreamAssembler();
  a.add(choice({ content: 'hi' }, 'stop'));
  a.add({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 2 } });
  assert.deepEqual(a.result().usage, { promptTokens: 10, completionTokens: 2 });

  const b = new StreamAssembler();
  b.add({ usage: { prompt_tokens: 7, completion_tokens: 3 } });
  assert.deepEqual(b.result().usage, { promptTokens: 7, completionTokens: 3 });

  const c = new StreamAssembler();
  c.add({ ...choice({ content: 'x' }, 'stop'), usage: { prompt_tokens: 4, completion_tokens: 1 } });
  assert.deepEqual(c.result().usage, { promptTokens: 4, completionTokens: 1 });

  const none = new StreamAssembler();
  none.add(choice({ content: 'x' }, 'stop'));
  assert.deepEqual(none.result().usage, { promptTokens: 0, completionTokens: 0 });
});

test('other choices, null content and unknown delta fields are ignored', () => {
  const a = new StreamAssembler();
  assert.equal(a.add({ choices: [{ index: 1, delta: { content: 'WRONG' } }, { index: 0, delta: { content: 'right' } }] }), 'right');
  assert.equal(a.add(choice({ content: null, reasoning_content: 'thinking...' })), '');
  assert.equal(a.result().content, 'right');
  assert.equal(a.finished, false);
});

test('chunks that are not chunks are "malformed" ModelErrors', () => {
  const bad: unknown[] = [null, 'text', [1], { id: 'x' }, { choices: 'nope' }, { choices: [42] }, choice('str' as never), choice({ tool_calls: [7] })];
  for (const chunk of bad) {
    assert.throws(
      () => new StreamAssembler().add(chunk),
      (err: unknown) => err instanceof ModelError && err.kind === 'malformed',
      `should reject ${JSON.stringify(chunk)}`,
    );
  }
});

test('parallel calls that all carry index 0 but their own ids stay apart', () => {
  const a = new StreamAssembler();
  a.add(choice({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'read_file', arguments: '{"path":' } }] }));
  a.add(choice({ tool_calls: [{ index: 0, function: { arguments: '"a.ts"}' } }] }));
  a.add(choice({ tool_calls: [{ index: 0, id: 'c2', function: { name: 'list_files', arguments: '{"path"' } }] }));
  a.add(choice({ tool_calls: [{ index: 0, function: { arguments: ':"src"}' } }] }));
  a.add(choice({}, 'tool_calls'));
  assert.deepEqual(a.result().toolCalls, [
    { id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' },
    { id: 'c2', name: 'list_files', arguments: '{"path":"src"}' },
  ]);
});
