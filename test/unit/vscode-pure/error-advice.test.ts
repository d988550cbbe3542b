// Model failures as the editor shows them: every kind names its cause and offers the fix, and no
// message the model client wrote for the CLI reaches the editor with a command-line flag in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../../../src/core/model/types';
import { classifyError } from '../../../src/core/model/errors';
import { OpenAIModelClient } from '../../../src/core/model/client';
import { editorError, editorWording, missingKeyError, OPEN_SETTINGS, RETRY, SET_API_KEY } from '../../../src/vscode/error-advice';
import { APIError } from 'openai';

const ctx = { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', secrets: [], retries: 0 };
const statusError = (status: number) => APIError.generate(status, { error: { message: 'scripted' } }, 'scripted', new Headers());

test('a 401 offers Set API key, Open settings (harness.baseUrl) and Retry, in editor words', () => {
  const { error } = classifyError(statusError(401), ctx);
  assert.match(error.message, /--api-key-env/, 'the client speaks CLI');
  const shown = editorError(error.kind, error.message);
  assert.deepEqual(shown.actions, [SET_API_KEY, OPEN_SETTINGS, RETRY]);
  assert.equal(shown.setting, 'harness.baseUrl');
  assert.match(shown.message, /rejected the API key \(401\)/, 'the cause stays');
  assert.match(shown.message, /Harness: Set API key/);
  assert.doesNotMatch(shown.message, /--/);
});

test('every model error kind names the fix, and no editor message carries a CLI flag', () => {
  const messages = [
    classifyError(statusError(401), ctx).error,
    classifyError(statusError(404), ctx).error,
    classifyError(statusError(429), ctx).error,
    classifyError(statusError(500), ctx).error,
    classifyError(new SyntaxError('bad chunk'), ctx).error,
    new ModelError('timeout', 'The model endpoint at x did not answer in time. Try again, or raise the request timeout.'),
    new ModelError('truncated', 'The model endpoint closed the stream before the turn was complete.'),
  ];
  for (const kind of ['unreachable', 'bad_request'] as const) {
    try {
      new OpenAIModelClient({ baseUrl: kind === 'unreachable' ? 'http://u:p@h/v1' : 'http://h/v1', model: kind === 'bad_request' ? ' ' : 'm' });
    } catch (e) {
      messages.push(e as ModelError);
    }
  }
  assert.equal(messages.length, 9);
  for (const e of messages) {
    const shown = editorError(e.kind, e.message);
    assert.ok(shown.actions.length >= 2, `${e.kind}: ${shown.actions}`);
    assert.ok(shown.actions.includes(RETRY) || shown.actions.includes(OPEN_SETTINGS), e.kind);
    assert.doesNotMatch(shown.message, /(^|\s)--[a-z]/, `${e.kind}: ${shown.message}`);
    assert.ok(shown.message.length > 20, `${e.kind} keeps its cause: ${shown.message}`);
  }
  assert.equal(editorError('bad_request', 'x').setting, 'harness.model');
  assert.deepEqual(editorError(undefined, 'disk full').actions, [RETRY, 'Open log']);
});

test('editorWording drops only the sentences that name a flag', () => {
  assert.equal(editorWording('It failed. Use --frobnicate to fix it. Try later.'), 'It failed. Try later.');
  assert.equal(editorWording('Set the model (e.g. --model gpt-4o-mini).'), 'Set harness.model (e.g. gpt-4o-mini).');
  assert.match(missingKeyError('OPENAI_API_KEY').message, /Harness: Set API key.*OPENAI_API_KEY.*harness\.baseUrl/);
  assert.deepEqual(missingKeyError('X').actions, [SET_API_KEY, OPEN_SETTINGS]);
});
