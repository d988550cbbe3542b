// Scenario 6: in Restricted Mode (an untrusted folder) a task may read and propose, but applies nothing;
// the model is told why its edit was not applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { eventually, isRestrictedMode, readFile, screenshot } from './support/browser';
import { makeWorkspace } from './support/session';
import { runHarnessTask, SCENARIO_TIMEOUT, toolMessages, waitStatus, withHarness } from './support/harness';

const BEFORE = 'export const answer = 41;\n';

test('Restricted Mode: the task reads and proposes, the file stays unchanged and the model is told', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'answer.js': BEFORE });
  const script = [
    { toolCalls: [{ name: 'read_file', arguments: { path: 'answer.js' } }] },
    { toolCalls: [{ name: 'edit_file', arguments: { path: 'answer.js', old_text: '41', new_text: '42' } }] },
    { toolCalls: [{ name: 'run_command', arguments: { command: 'node answer.js' } }] },
    { content: 'I proposed answer = 42, but this workspace is in Restricted Mode.' },
  ];
  await withHarness('restricted-mode', { workspace, trusted: false, script }, async ({ page, mock }) => {
    await eventually(() => isRestrictedMode(page), 'Restricted Mode');
    await runHarnessTask(page, 'Fix the answer');
    await waitStatus(page, /Harness: done/, 'restricted-mode-1-done');
    assert.equal(mock!.requests.length, 4);
    const told = toolMessages(mock!);
    assert.ok(told[0].includes('answer = 41'), `read_file must work in Restricted Mode: ${told[0]}`);
    assert.match(told[1], /Restricted Mode|not trusted/i, `the model must be told the edit was not applied: ${told[1]}`);
    assert.match(told[2], /Restricted Mode|not trusted|denied/i, `the command must not run: ${told[2]}`);
    assert.equal(readFile(join(workspace, 'answer.js')), BEFORE, 'nothing is applied in Restricted Mode');
    // "Propose": the user can read the proposal, read-only in the diff editor, marked as not applied.
    await page.locator('.tabs-container .tab', { hasText: 'Restricted Mode: not applied' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.monaco-diff-editor .modified .view-lines', { hasText: 'answer = 42' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    // Nothing is pending, so the read-only proposal offers no Accept / Reject in its title bar.
    await page.locator('.monaco-diff-editor .modified .view-lines').first().click();
    await page.waitForTimeout(500);
    const offered = await page.locator('.editor-actions a.action-label[aria-label^="Accept proposal"]').count();
    assert.equal(offered, 0, 'a Restricted-Mode proposal cannot be accepted, so no Accept button is shown');
    await page.mouse.move(700, 600); // no title-bar tooltip over the tab in the screenshot
    await screenshot(page, 'restricted-mode-2-proposal-shown-file-unchanged');
  });
});
