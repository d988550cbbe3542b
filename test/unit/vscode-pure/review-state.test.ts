import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAcceptedHunks, buildProposal } from '../../../src/core/diff/proposal';
import { hunkSummary, layoutHunks, ReviewState } from '../../../src/vscode/review-state';

const ids = { id: 'p', taskId: 't', toolCallId: 'c', path: 'a.txt' };
const base = Array.from({ length: 30 }, (_, i) => `l${i + 1}`);
const after = [...base];
after[2] = 'X3';
after[14] = 'X15';
after.splice(27, 0, 'NEW');
const proposal = buildProposal({ ...ids, before: base.join('\n') + '\n', after: after.join('\n') + '\n' });

test('accepting hunk 1 and rejecting the others with a reason yields exactly that approval', () => {
  const s = new ReviewState(proposal);
  s.decide(0, true);
  assert.equal(s.complete, false);
  s.decide(1, false, 'keep the old name');
  s.decide(2, false);
  assert.equal(s.complete, true);
  const r = s.result();
  assert.deepEqual(r.acceptedHunks, [0]);
  assert.deepEqual(r.rejectedReasons, { 1: 'keep the old name' });
  assert.equal(r.approved, true);
  const expected = [...base];
  expected[2] = 'X3';
  assert.equal(applyAcceptedHunks(proposal, r.acceptedHunks!), expected.join('\n') + '\n');
});

test('rejecting every hunk is a rejection; result before completion is refused', () => {
  const s = new ReviewState(proposal);
  assert.throws(() => s.result(), /Not every hunk/);
  s.decideRest(false, 'no');
  const r = s.result();
  assert.equal(r.approved, false);
  assert.deepEqual(r.acceptedHunks, []);
  assert.equal(r.reason, 'no; no; no');
});

test('the title-bar accept decides only the hunks still open', () => {
  const s = new ReviewState(proposal);
  s.decide(1, false, 'bad');
  s.decideRest(true);
  assert.deepEqual(s.result().acceptedHunks, [0, 2]);
});

test('a new empty file (no hunks) is decided as a whole', () => {
  const s = new ReviewState(buildProposal({ ...ids, before: null, after: '' }));
  assert.equal(s.complete, false);
  s.decideRest(true);
  assert.deepEqual(s.result(), { approved: true, by: 'user' });
});

test('a create is all-or-nothing even when decided by hunk', () => {
  const s = new ReviewState(buildProposal({ ...ids, before: null, after: 'a\nb\n' }));
  s.decide(0, false, 'not wanted');
  assert.equal(s.complete, true);
  assert.equal(s.result().approved, false);
});

test('an unknown hunk is refused with its 1-based number', () => {
  assert.throws(() => new ReviewState(proposal).decide(5, true), /Hunk 6 is not part of this proposal \(it has 3\)/);
});

test('layout puts removed lines and insertions on the right lines of the current file', () => {
  const [h0, h1, h2] = layoutHunks(proposal);
  assert.deepEqual(h0.removedLines, [2]);
  assert.deepEqual(h0.added, [{ insertBefore: 3, lines: ['X3'] }]);
  assert.equal(h0.firstChangedLine, 2);
  assert.deepEqual(h1.removedLines, [14]);
  assert.deepEqual(h2.removedLines, []);
  assert.deepEqual(h2.added, [{ insertBefore: 27, lines: ['NEW'] }]);
  assert.equal(h2.firstChangedLine, 27);
  assert.equal(hunkSummary(proposal.hunks[0]), '-1 +1');
});

test('layout strips CR from shown added lines of a CRLF file', () => {
  const p = buildProposal({ ...ids, before: 'a\r\nb\r\n', after: 'a\r\nB\r\n' });
  assert.deepEqual(layoutHunks(p)[0].added[0].lines, ['B']);
});
