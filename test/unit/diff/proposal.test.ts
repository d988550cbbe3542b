import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch } from 'diff';
import { applyAcceptedHunks, buildProposal, isStale } from '../../../src/core/diff/proposal';
import { contentHash } from '../../../src/core/shared/hash';

const ids = { id: 'p1', taskId: 't1', toolCallId: 'c1', path: 'src/a.txt' };

function lines(n: number, prefix = 'line'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
}

// 30 lines with three changes far apart (lines 3, 15, 27), so they form three separate hunks.
const base = lines(30);
const edited = [...base];
edited[2] = 'CHANGED three';
edited[14] = 'CHANGED fifteen';
edited.splice(27, 0, 'INSERTED after 27');
const before = base.join('\n') + '\n';
const after = edited.join('\n') + '\n';

test('three distant changes give three indexed hunks with a/ b/ headers and context 3', () => {
  const p = buildProposal({ ...ids, before, after });
  assert.equal(p.kind, 'modify');
  assert.equal(p.hunks.length, 3);
  assert.deepEqual(p.hunks.map((h) => h.index), [0, 1, 2]);
  assert.match(p.diff, /^--- a\/src\/a\.txt\n\+\+\+ b\/src\/a\.txt\n@@ /);
  // context 3: the first hunk starts at line 1 (only 2 lines before the change), the second at line 12.
  assert.equal(p.hunks[1].oldStart, 12);
  assert.deepEqual(p.hunks[1].lines, [' line 12', ' line 13', ' line 14', '-line 15', '+CHANGED fifteen', ' line 16', ' line 17', ' line 18']);
  assert.equal(p.beforeHash, contentHash(before));
});

test('accepting only the middle hunk of three changes exactly that line', () => {
  const p = buildProposal({ ...ids, before, after });
  const expected = [...base];
  expected[14] = 'CHANGED fifteen';
  assert.equal(applyAcceptedHunks(p, [1]), expected.join('\n') + '\n');
});

test('every subset of hunks composes like applying those hunks alone with jsdiff', () => {
  const p = buildProposal({ ...ids, before, after });
  for (let mask = 0; mask < 8; mask++) {
    const accepted = [0, 1, 2].filter((i) => mask & (1 << i));
    const viaJsdiff = applyPatch(before, {
      oldFileName: 'a',
      newFileName: 'b',
      oldHeader: undefined,
      newHeader: undefined,
      hunks: p.hunks.filter((h) => accepted.includes(h.index)).map((h) => ({ ...h, lines: [...h.lines] })),
    });
    assert.equal(applyAcceptedHunks(p, accepted), viaJsdiff, `subset ${accepted.join(',')}`);
  }
});

test('all hunks give exactly after, none give exactly before', () => {
  const p = buildProposal({ ...ids, before, after });
  assert.equal(applyAcceptedHunks(p, [0, 1, 2]), after);
  assert.equal(applyAcceptedHunks(p, []), before);
});

test('CRLF files stay CRLF when only some hunks are accepted', () => {
  const b = base.join('\r\n') + '\r\n';
  const a = edited.join('\r\n') + '\r\n';
  const p = buildProposal({ ...ids, before: b, after: a });
  assert.equal(p.hunks.length, 3);
  const expected = [...base];
  expected[2] = 'CHANGED three';
  const result = applyAcceptedHunks(p, [0]);
  assert.equal(result, expected.join('\r\n') + '\r\n');
  assert.ok(!/[^\r]\n/.test(result!), 'no bare LF introduced');
  assert.equal(applyAcceptedHunks(p, [0, 1, 2]), a);
});

test('a missing final newline stays missing when the last hunk is rejected or accepted', () => {
  const b = base.join('\n'); // no final newline
  const e = [...base];
  e[0] = 'FIRST';
  e[29] = 'LAST';
  const a = e.join('\n');
  const p = buildProposal({ ...ids, before: b, after: a });
  assert.equal(p.hunks.length, 2);
  assert.ok(p.hunks[1].lines.includes('\\ No newline at end of file'));
  const firstOnly = applyAcceptedHunks(p, [0])!;
  assert.equal(firstOnly, ['FIRST', ...base.slice(1)].join('\n'));
  assert.ok(!firstOnly.endsWith('\n'));
  const lastOnly = applyAcceptedHunks(p, [1])!;
  assert.equal(lastOnly, [...base.slice(0, 29), 'LAST'].join('\n'));
  assert.equal(applyAcceptedHunks(p, [0, 1]), a);
});

test('adding a final newline is a hunk of its own that can be rejected', () => {
  const b = 'x\ny\nz';
  const a = 'x\ny\nz\n';
  const p = buildProposal({ ...ids, before: b, after: a });
  assert.equal(p.hunks.length, 1);
  assert.equal(applyAcceptedHunks(p, []), b);
  assert.equal(applyAcceptedHunks(p, [0]), a);
});

test('changes 7 lines apart stay separate hunks and compose independently; closer ones merge', () => {
  const e = [...base];
  e[4] = 'five';
  e[12] = 'thirteen'; // 7 unchanged lines between: more than 2*context, so two hunks
  const p = buildProposal({ ...ids, before, after: e.join('\n') + '\n' });
  assert.equal(p.hunks.length, 2);
  const only2 = [...base];
  only2[12] = 'thirteen';
  assert.equal(applyAcceptedHunks(p, [1]), only2.join('\n') + '\n');

  const near = [...base];
  near[4] = 'five';
  near[10] = 'eleven'; // 5 lines between: one hunk
  assert.equal(buildProposal({ ...ids, before, after: near.join('\n') + '\n' }).hunks.length, 1);
});

test('adjacent hunks at the start and end of the file (deletion + insertion) compose exactly', () => {
  const e = base.slice(1); // delete line 1
  e.push('tail'); // append at the end
  const a = e.join('\n') + '\n';
  const p = buildProposal({ ...ids, before, after: a });
  assert.equal(p.hunks.length, 2);
  assert.equal(applyAcceptedHunks(p, [0]), base.slice(1).join('\n') + '\n');
  assert.equal(applyAcceptedHunks(p, [1]), [...base, 'tail'].join('\n') + '\n');
});

test('create and delete are all-or-nothing', () => {
  const created = buildProposal({ ...ids, before: null, after: 'hello\nworld\n' });
  assert.equal(created.kind, 'create');
  assert.equal(created.beforeHash, 'absent');
  assert.match(created.diff, /^--- \/dev\/null\n\+\+\+ b\/src\/a\.txt/);
  assert.equal(applyAcceptedHunks(created, [0]), 'hello\nworld\n');
  assert.equal(applyAcceptedHunks(created, []), null);

  const deleted = buildProposal({ ...ids, before: 'bye\n', after: null });
  assert.equal(deleted.kind, 'delete');
  assert.match(deleted.diff, /\+\+\+ \/dev\/null/);
  assert.equal(applyAcceptedHunks(deleted, [0]), null);
  assert.equal(applyAcceptedHunks(deleted, []), 'bye\n');
});

test('creating an empty file has no hunks and approving it creates the empty file', () => {
  const p = buildProposal({ ...ids, before: null, after: '' });
  assert.equal(p.hunks.length, 0);
  assert.equal(applyAcceptedHunks(p, []), '');
});

test('a hunk index that does not exist is refused with a clear error', () => {
  const p = buildProposal({ ...ids, before, after });
  assert.throws(() => applyAcceptedHunks(p, [7]), /Hunk 7 is not part of proposal p1/);
});

test('stale: any change to the file since the proposal, including creation or deletion, is detected', () => {
  const p = buildProposal({ ...ids, before, after });
  assert.equal(isStale(p, before), false);
  assert.equal(isStale(p, before + ' '), true);
  assert.equal(isStale(p, before.replace(/\n/g, '\r\n')), true);
  assert.equal(isStale(p, null), true);
  const created = buildProposal({ ...ids, before: null, after: 'x' });
  assert.equal(isStale(created, null), false);
  assert.equal(isStale(created, ''), true);
});

test('contentHash is sha256 hex, and absent for no file', () => {
  assert.equal(contentHash(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(contentHash(null), 'absent');
});
