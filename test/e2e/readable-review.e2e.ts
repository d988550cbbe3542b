// A proposal with a 20-line function is reviewed in the diff editor, the review surface: every
// proposed line is readable in full, with the hunk's Accept / Reject right under it. Next/previous
// hunk bring a hunk into view; the keys act only on a hunk in view (an off-screen one is revealed,
// not decided); a decision redraws the hunk at once. Disk gets exactly the accepted hunk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { eventually, readFile, runCommand, screenshot, typeInQuickInput } from './support/browser';
import { makeWorkspace } from './support/session';
import { runHarnessTask, SCENARIO_TIMEOUT, toolMessages, waitStatus, withHarness } from './support/harness';

const filler = Array.from({ length: 70 }, (_, i) => `const filler${i + 1} = ${i + 1};`);
const HEAD = ['// Greetings for the demo app.', "const NAME = 'world';", ''];
const TAIL = ['', 'module.exports = { NAME };', ''];
const FAREWELL = [
  'function farewell(name, options = {}) {',
  '  const polite = options.polite ?? true;',
  '  const excited = options.excited ?? false;',
  '  const parts = [];',
  '  if (polite) {',
  "    parts.push('Goodbye');",
  '  } else {',
  "    parts.push('Bye');",
  '  }',
  '  parts.push(name);',
  "  let text = parts.join(', ');",
  '  if (excited) {',
  "    text += '!!!';",
  '  } else {',
  "    text += '.';",
  '  }',
  '  if (options.upper) text = text.toUpperCase();',
  '  const stamp = new Date().toISOString();',
  '  return `${text} (${stamp})`;',
  '}',
];
const BEFORE = [...HEAD, ...filler, ...TAIL].join('\n');
const PROPOSED = [HEAD[0], "const NAME = process.env.GREET_NAME ?? 'world';", HEAD[2], ...filler, '', ...FAREWELL, ...TAIL].join('\n');
const ONLY_FUNCTION = [...HEAD, ...filler, '', ...FAREWELL, ...TAIL].join('\n');
const REASON = 'keep the fixed name';

test('a 20-line hunk is read in full next to its Accept / Reject; keys act on the hunk in view; a decision redraws at once', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'src/greet.js': BEFORE });
  // The model reads the file first: an existing file is overwritten only once seen (issue 19).
  const script = [{ toolCalls: [{ name: 'read_file', arguments: { path: 'src/greet.js' } }, { name: 'write_file', arguments: { path: 'src/greet.js', content: PROPOSED } }] }, { content: 'Applied what you accepted.' }];
  await withHarness('readable-review', { workspace, trusted: true, script }, async ({ page, mock }) => {
    await runHarnessTask(page, 'Add a farewell function');
    await waitStatus(page, /waiting for approval \(1\)/);
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: 30_000 });
    const widget = (n: number) => page.locator('.review-widget', { hasText: `Hunk ${n} of 2` }).first();
    await widget(1).waitFor({ state: 'visible', timeout: 30_000 });
    // VS Code opens its Comments panel the first time a file with comment threads shows (the hunks are
    // listed there too); close it for room, as a reviewer would.
    await runCommand(page, 'View: Hide Panel');

    // Into the proposal side, then "next hunk" twice: the function's hunk comes into view with its widget.
    await diff.locator('.editor.modified .view-lines:not([monaco-view-zone])').first().click({ position: { x: 200, y: 10 } });
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+Alt+BracketRight');
    await page.keyboard.press('Control+Alt+BracketRight');
    await widget(2).waitFor({ state: 'visible', timeout: 15_000 });
    const modified = diff.locator('.editor.modified').first();
    for (const line of [FAREWELL[0], FAREWELL[9], "  if (options.upper) text = text.toUpperCase();", FAREWELL[19]]) {
      await modified.locator('.view-line', { hasText: line.trim() }).first().waitFor({ state: 'visible', timeout: 10_000 });
    }
    assert.match(await widget(2).innerText(), /Accept hunk 2[\s\S]*Reject hunk 2/);
    await screenshot(page, 'readable-review-1-function-in-full-with-accept-reject');

    // The key acts on the hunk in view: hunk 2. It shows "accepted" at once; nothing is written yet.
    await page.keyboard.press('Control+Alt+Y');
    await page.locator('.review-widget', { hasText: 'Hunk 2 accepted' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(readFile(join(workspace, 'src/greet.js')), BEFORE, 'nothing lands before every hunk is decided');
    await screenshot(page, 'readable-review-2-hunk-2-accepted');

    // Hunk 1 is scrolled away: the key brings it into view instead of deciding it blind.
    await page.keyboard.press('Control+Alt+Y');
    await widget(1).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await widget(1).innerText(), /accept or reject/, 'hunk 1 is still open');
    assert.equal(readFile(join(workspace, 'src/greet.js')), BEFORE);
    await screenshot(page, 'readable-review-3-hunk-1-revealed');

    // Now in view: reject it with a reason. The proposal side drops it at once; the accepted hunk lands.
    await page.keyboard.press('Control+Alt+N');
    await typeInQuickInput(page, REASON);
    await waitStatus(page, /Harness: done/, 'readable-review-4-done');
    await eventually(() => readFile(join(workspace, 'src/greet.js')) === ONLY_FUNCTION, 'exactly the accepted hunk on disk');
    assert.ok(toolMessages(mock!).join('\n').includes(REASON), 'the model hears why hunk 1 was rejected');
  });
});
