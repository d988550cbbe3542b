// Scenario 2: an edit with two separate hunks is reviewed inline, in the file's own editor: hunk 1 is
// accepted by its CodeLens, hunk 2 rejected with a reason typed into the InputBox. Exactly the accepted
// hunk lands on disk and the model is told the reason. Then a proposal the user overtakes by typing in
// the file goes stale: the user's edit survives and the model is told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { clickCodeLens, eventually, readFile, screenshot, typeInQuickInput } from './support/browser';
import { makeWorkspace } from './support/session';
import { runHarnessTask, SCENARIO_TIMEOUT, toolMessages, waitStatus, withHarness } from './support/harness';

const lines = (n: number, edit: Record<number, string> = {}) =>
  Array.from({ length: n }, (_, i) => edit[i + 1] ?? `const line${i + 1} = ${i + 1};`).join('\n') + '\n';

const BEFORE = lines(14);
// Line 2 and line 13 change: far enough apart (3 lines of context each side) to make two hunks.
const PROPOSED = lines(14, { 2: 'const line2 = "two"; // hunk 1', 13: 'const line13 = "thirteen"; // hunk 2' });
const ONLY_HUNK_1 = lines(14, { 2: 'const line2 = "two"; // hunk 1' });
const REASON = 'keep line 13 numeric please';

const lensLink = (title: RegExp) => `.codelens-decoration a:text-matches("${title.source}")`;

test('two hunks: accept one by its CodeLens, reject the other with a reason; disk holds exactly the accepted hunk and the model hears why', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'src/values.js': BEFORE });
  const script = [
    { toolCalls: [{ name: 'read_file', arguments: { path: 'src/values.js' } }, { name: 'write_file', arguments: { path: 'src/values.js', content: PROPOSED } }] },
    { content: 'Applied what you accepted.' },
  ];
  await withHarness('hunk-review', { workspace, trusted: true, script }, async ({ page, mock }) => {
    await runHarnessTask(page, 'Make lines 2 and 13 strings');
    await waitStatus(page, /waiting for approval \(1\)/);
    await page.locator(lensLink(/Reject hunk 2/)).first().waitFor({ state: 'visible', timeout: 30_000 });
    // Beside the inline review, VS Code's diff editor shows the proposal (read-only, the extension's scheme).
    await page.locator('.tabs-container .tab', { hasText: 'Harness proposal' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'hunk-review-1-inline-two-hunks');
    assert.equal(readFile(join(workspace, 'src/values.js')), BEFORE, 'the real file is untouched before any decision');

    await clickCodeLens(page, /Accept hunk 1/);
    await page.locator('.codelens-decoration', { hasText: 'Hunk 1: accepted' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(readFile(join(workspace, 'src/values.js')), BEFORE, 'nothing applies until every hunk is decided');

    await clickCodeLens(page, /Reject hunk 2/);
    await typeInQuickInput(page, REASON, { submit: false });
    await screenshot(page, 'hunk-review-2-reject-reason');
    await page.keyboard.press('Enter');

    await waitStatus(page, /Harness: done/, 'hunk-review-3-done');
    await eventually(() => readFile(join(workspace, 'src/values.js')) === ONLY_HUNK_1, 'exactly hunk 1 on disk');
    const told = toolMessages(mock!).join('\n');
    assert.ok(told.includes(REASON), `the model must receive the rejection reason; tool messages: ${told}`);
    // The accepted hunk landed, and the model hears it did (not "write_file failed").
    assert.match(told, /Applied the edit to src\/values\.js/, `the model must be told the accepted hunk was applied; tool messages: ${told}`);
    assert.doesNotMatch(told, /failed/i, told);
  });
});

test('a user edit made while a proposal is pending survives: the proposal goes stale and the model is told', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'src/values.js': BEFORE });
  const script = [
    { toolCalls: [{ name: 'read_file', arguments: { path: 'src/values.js' } }, { name: 'edit_file', arguments: { path: 'src/values.js', old_text: 'const line1 = 1;', new_text: 'const line1 = "agent";' } }] },
    { content: 'Understood, I left your change alone.' },
  ];
  await withHarness('hunk-review-stale', { workspace, trusted: true, script }, async ({ page, mock }) => {
    await runHarnessTask(page, 'Make line 1 a string');
    await waitStatus(page, /waiting for approval \(1\)/);
    await page.locator(lensLink(/Accept hunk 1/)).first().waitFor({ state: 'visible', timeout: 30_000 });

    // The user types at the end of the file in the real editor (group 1), then saves.
    const editor = page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines');
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('// my own edit\n');
    await page.keyboard.press('Control+S');

    await waitStatus(page, /Harness: done/, 'hunk-review-4-stale-done');
    const onDisk = await eventually(() => {
      const t = readFile(join(workspace, 'src/values.js'));
      return t.includes('// my own edit') ? t : undefined;
    }, 'the user edit saved to disk');
    assert.ok(!onDisk.includes('"agent"'), 'a stale proposal must never be applied over the user edit');
    assert.ok(onDisk.startsWith('const line1 = 1;'), onDisk);
    const told = toolMessages(mock!).join('\n');
    assert.match(told, /stale/i, `the model must be told the proposal went stale; tool messages: ${told}`);
  });
});
