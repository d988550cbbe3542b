import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostMessage, parseWebviewMessage, PanelStateSchema } from '../../../src/core/ui/panel-protocol';
import { emptyPanelState } from '../../../src/core/ui/panel-model';

test('valid webview messages are accepted with their types', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'approve', toolCallId: 'call_1' }), { type: 'approve', toolCallId: 'call_1' });
  assert.deepEqual(parseWebviewMessage({ type: 'reject', toolCallId: 'call_1', reason: 'wrong file' }), { type: 'reject', toolCallId: 'call_1', reason: 'wrong file' });
  assert.deepEqual(parseWebviewMessage({ type: 'restoreCheckpoint', id: 'cp-1' }), { type: 'restoreCheckpoint', id: 'cp-1' });
  assert.deepEqual(parseWebviewMessage({ type: 'cancelTask', taskId: 't1' }), { type: 'cancelTask', taskId: 't1' });
  assert.deepEqual(parseWebviewMessage({ type: 'openProposal', toolCallId: 'c' }), { type: 'openProposal', toolCallId: 'c' });
});

test('unknown and malformed webview messages are rejected', () => {
  for (const bad of [
    null,
    'approve',
    42,
    {},
    { type: 'runShell', command: 'rm -rf /' },
    { type: 'approve' },
    { type: 'approve', toolCallId: '' },
    { type: 'approve', toolCallId: 7 },
    { type: 'approve', toolCallId: 'x'.repeat(201) },
    { type: 'reject', toolCallId: 'c', reason: 'r'.repeat(2001) },
    { type: 'restoreCheckpoint' },
  ]) {
    assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad)?.slice(0, 80));
  }
});

test('host messages: a valid state is accepted, a broken one rejected', () => {
  const state = emptyPanelState();
  assert.ok(parseHostMessage({ type: 'state', state }));
  assert.equal(parseHostMessage({ type: 'state', state: { ...state, timeline: [{ seq: -1 }] } }), null);
  assert.equal(parseHostMessage({ type: 'state' }), null);
  assert.equal(parseHostMessage({ type: 'eval', code: 'alert(1)' }), null);
  assert.ok(parseHostMessage({ type: 'event', update: { entries: [], nextSeq: 3 } }));
  assert.equal(parseHostMessage({ type: 'event', update: { entries: [{ seq: 0, taskId: 't', at: 0, kind: 'weird', title: 'x' }], nextSeq: 1 } }), null);
  assert.ok(parseHostMessage({ type: 'notice', level: 'error', message: 'restore failed' }));
  assert.ok(PanelStateSchema.safeParse(state).success);
});
