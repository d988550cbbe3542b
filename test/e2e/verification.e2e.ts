// Scenario 3: a workspace's verification command (node --test) fails after the first edit; the failing
// test, its values and its line go back to the model, its second edit fixes it, and the panel shows both
// rounds (round 1 failing, its log listing the failing test first; round 2 passing) with the verdict
// "verified" — in the dark and in the light theme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { eventually, readFile, runCommand, screenshot, typeInQuickInput } from './support/browser';
import { makeWorkspace } from './support/session';
import { answerPolicyModalIfShown, panelFrame, runHarnessTask, SCENARIO_TIMEOUT, toolMessages, waitStatus, withHarness } from './support/harness';

// A real runner: node's own test runner, 3 passing tests and 1 that fails until value.txt says "fixed".
const CHECK = `const { test } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
for (const n of [1, 2, 3]) test(\`sanity \${n}\`, () => assert.ok(n > 0));
test('value.txt says fixed', () => {
  assert.strictEqual(fs.readFileSync(__dirname + '/value.txt', 'utf8').trim(), 'fixed');
});
`;
const VERIFY = 'node --test check.test.js';

// The allow rule lives in the USER settings of this launch, as a user would grant it; level 3 applies edits.
const USER = { 'harness.automationLevel': 3, 'harness.rules': [{ action: 'allow', tool: 'run_command', command: VERIFY }] };

test('verification: a failing check goes back to the model, the fix round passes, and the panel shows both rounds in dark and light', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({
    'check.test.js': CHECK,
    'value.txt': 'initial\n',
    '.vscode/settings.json': JSON.stringify({ 'harness.verification.commands': [VERIFY] }, null, 2),
  });
  const script = [
    { toolCalls: [{ name: 'read_file', arguments: { path: 'value.txt' } }, { name: 'write_file', arguments: { path: 'value.txt', content: 'broken\n' } }] },
    { content: 'Updated value.txt.' },
    { toolCalls: [{ name: 'write_file', arguments: { path: 'value.txt', content: 'fixed\n' } }] },
    { content: 'Fixed value.txt so the test passes.' },
  ];
  await withHarness('verification', { workspace, trusted: true, script, userSettings: USER }, async ({ page, mock }) => {
    await runHarnessTask(page, 'Update value.txt');
    await answerPolicyModalIfShown(page, 'Allow for this workspace');
    await waitStatus(page, /Harness: done/, undefined, 90_000);
    await eventually(() => readFile(join(workspace, 'value.txt')) === 'fixed\n', 'the fixed value on disk');
    assert.equal(mock!.requests.length, 4, 'edit, claim, fix, claim');
    const feedback = JSON.stringify(mock!.requests[2].body.messages);
    assert.match(feedback, /Verification failed/, 'round 1 failure must be sent back to the model');
    // The model is told which test failed, where, and the expected and actual values.
    assert.match(feedback, /1 failing test \(node-test\):\\n {2}1\) value\.txt says fixed\\n {5}at check\.test\.js:6/, 'the failing test by name and place');
    assert.match(feedback, /expected: fixed\\n {5}actual: broken|'fixed'.*'broken'|'broken'.*'fixed'/, 'with expected and actual');
    assert.ok(toolMessages(mock!).length >= 2);

    await runCommand(page, 'Harness: Show panel');
    const panel = panelFrame(page);
    const verdict = panel.locator('[data-testid="verdict"]');
    await verdict.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
    const round1 = panel.locator('[data-testid="round-1"] [data-testid^="check-"][data-status="failed"]');
    const round2 = panel.locator('[data-testid="round-2"] [data-testid^="check-"]');
    assert.ok((await round1.count()) >= 1, 'round 1 shows a failing check');
    assert.match((await round1.first().innerText()), /check\.test\.js/);
    // The check's log, opened: the failing test first, with its values, then the runner's counts.
    await round1.first().locator('summary').click();
    const log = await round1.first().locator('pre.log').innerText();
    assert.match(log, /^1 failing test \(node-test\):\n1\) value\.txt says fixed\n {3}at check\.test\.js:6\n/);
    assert.match(log, /broken/);
    assert.match(log, /Summary \(node-test\): tests 4 · pass 3 · fail 1\n/);
    assert.ok((await round2.count()) >= 1, 'round 2 has checks');
    assert.equal(await panel.locator('[data-testid="round-2"] [data-testid^="check-"][data-status="failed"]').count(), 0, 'round 2 passes');
    await verdict.scrollIntoViewIfNeeded();
    await screenshot(page, 'verification-1-panel-dark');

    // Same panel, light theme, switched the way a user does (the webview follows the theme live).
    await runCommand(page, 'Preferences: Color Theme');
    await typeInQuickInput(page, 'Light Modern');
    await eventually(async () => {
      const bg = await page.locator('.part.statusbar').evaluate((el) => getComputedStyle(el).backgroundColor);
      const [r, g, b] = bg.match(/\d+/g)!.map(Number);
      return r + g + b > 3 * 180;
    }, 'the light theme', 20_000);
    await eventually(async () => {
      const bg = await panel.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor);
      const [r, g, b] = bg.match(/\d+/g)!.map(Number);
      return r + g + b > 3 * 180;
    }, 'the panel in the light theme', 20_000);
    assert.equal(await panel.locator('[data-testid="verdict"]').getAttribute('data-verdict'), 'verified');
    await screenshot(page, 'verification-2-panel-light');
  });
});
