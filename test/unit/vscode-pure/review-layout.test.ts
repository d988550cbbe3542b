// The proposal side of the review follows the decisions: a rejected hunk goes back to the original at
// once (so the diff shows what would land), and every hunk is found where it now is, for its widget,
// next/previous navigation and the keys that act on the hunk in view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProposal } from '../../../src/core/diff/proposal';
import { hunkInView, nextHunk, renderProposal } from '../../../src/vscode/review-layout';

const base = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
const fn = Array.from({ length: 20 }, (_, i) => `  body ${i + 1}`);
const after = [...base.slice(0, 2), 'line 3 changed', ...base.slice(3, 20), ...fn, ...base.slice(20, 35), ...base.slice(37)];
const proposal = buildProposal({ id: 'p', taskId: 't', toolCallId: 'c', path: 'a.txt', before: base.join('\n') + '\n', after: after.join('\n') + '\n' });
const lines = (text: string) => text.split('\n');

test('three hunks as proposed: each found on its changed lines (a 20-line insertion spans 20 lines)', () => {
  assert.equal(proposal.hunks.length, 3);
  const r = renderProposal(proposal, () => undefined);
  assert.equal(r.text, after.join('\n') + '\n');
  const spans = r.hunks.map((h) => [h.firstLine, h.lastLine]);
  assert.deepEqual(spans[0], [2, 2], 'line 3 (0-based 2) replaced');
  assert.deepEqual(spans[1], [20, 39], 'the inserted function, all 20 lines');
  assert.equal(lines(r.text)[spans[1][0]], '  body 1');
  assert.equal(lines(r.text)[spans[1][1]], '  body 20');
  assert.equal(lines(r.text)[spans[2][0]], 'line 38', 'a pure deletion sits where its lines were');
});

test('a rejected hunk shows the original at once and moves the hunks after it', () => {
  const r = renderProposal(proposal, (i) => (i === 1 ? { accepted: false } : i === 0 ? { accepted: true } : undefined));
  const text = lines(r.text);
  assert.ok(!r.text.includes('body 1'), 'the rejected function is gone from the proposal side');
  assert.equal(text[2], 'line 3 changed', 'the accepted hunk stays as proposed');
  assert.deepEqual([r.hunks[0].decision, r.hunks[1].decision], [{ accepted: true }, { accepted: false }]);
  assert.equal(text[r.hunks[2].firstLine], 'line 38', 'the later hunk moved up by the 20 lines given back');
});

test('keys act on the hunk in view, never one scrolled away; navigation goes round the open hunks', () => {
  const r = renderProposal(proposal, () => undefined);
  const view = (start: number, end: number) => [{ start, end }];
  assert.equal(hunkInView(r.hunks, 25, view(15, 45))?.index, 1, 'the hunk at the cursor');
  assert.equal(hunkInView(r.hunks, 0, view(15, 45))?.index, 1, 'cursor off-screen: the first hunk in view');
  assert.equal(hunkInView(r.hunks, 2, view(100, 140)), undefined, 'nothing in view: nothing decided blindly');
  assert.equal(nextHunk(r.hunks, 0, 1)?.index, 0);
  assert.equal(nextHunk(r.hunks, 2, 1)?.index, 1);
  assert.equal(nextHunk(r.hunks, r.hunks[2].firstLine, 1)?.index, 0, 'wraps around');
  assert.equal(nextHunk(r.hunks, 10, -1)?.index, 0);
  const decided = renderProposal(proposal, (i) => (i === 1 ? { accepted: true } : undefined));
  assert.equal(nextHunk(decided.hunks, 2, 1)?.index, 2, 'a decided hunk is skipped');
  assert.equal(hunkInView(decided.hunks, 25, view(15, 45)), undefined, 'a decided hunk in view is not decided again');
});
