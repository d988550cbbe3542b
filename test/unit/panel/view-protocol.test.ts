// The Harness view's messages are validated on both sides like the panel's: a message from the
// other side is data, bounded, and an unknown or malformed one is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseViewHostMessage, parseViewMessage } from '../../../src/core/ui/view-protocol';
import { emptyPanelState } from '../../../src/core/ui/panel-model';

test('the view\'s own messages are accepted with their types; unknown and oversized ones are refused', () => {
  assert.deepEqual(parseViewMessage({ type: 'send', text: 'fix the bug\nin a.ts', context: ['file:a.ts'] }), { type: 'send', text: 'fix the bug\nin a.ts', context: ['file:a.ts'] });
  assert.equal(parseViewMessage({ type: 'send', text: 'x', taskId: 't1', context: [] })?.type, 'send');
  assert.equal(parseViewMessage({ type: 'answer', toolCallId: 'q1', answer: 'tabs' })?.type, 'answer');
  assert.equal(parseViewMessage({ type: 'noticeAction', action: 'Set API key' })?.type, 'noticeAction');
  for (const bad of [
    { type: 'send', text: 'x' },
    { type: 'send', text: 'x'.repeat(20_001), context: [] },
    { type: 'send', text: 'x', context: ['a', 'b', 'c', 'd', 'e'] },
    { type: 'noticeAction', action: 'rm -rf' },
    { type: 'answer', toolCallId: '', answer: 'x' },
    { type: 'runShell', command: 'x' },
    null,
  ]) assert.equal(parseViewMessage(bad), null, JSON.stringify(bad)?.slice(0, 60));
});

test('host messages: the state comes with the view\'s extras; a notice\'s actions are the known fixes only', () => {
  const extras = { context: [{ id: 'file:a.ts', kind: 'file', path: 'a.ts' }], draft: 'half typed', canRun: true };
  assert.equal(parseViewHostMessage({ type: 'state', state: emptyPanelState(), extras })?.type, 'state');
  assert.equal(parseViewHostMessage({ type: 'state', state: emptyPanelState() }), null, 'extras are required');
  assert.equal(parseViewHostMessage({ type: 'notice', level: 'error', message: '401', actions: ['Set API key', 'Open settings', 'Retry'] })?.type, 'notice');
  assert.equal(parseViewHostMessage({ type: 'notice', level: 'error', message: '401', actions: ['Run this'] }), null);
  assert.equal(parseViewHostMessage({ type: 'sent' })?.type, 'sent');
});
