// Issue 15 in the editor: "Harness: Plan task" runs the task with read tools only and ends with a plan;
// the review lists each step with what the policy will decide and the pre-check sentence; Approve runs
// the plan as a new task with the plan as scope, and the status bar and the panel show each step's
// progress as the model ticks the steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { clickNotificationButton, eventually, pickQuickInputItem, readFile, runCommand, screenshot, typeInQuickInput, waitForNotification } from './support/browser';
import { makeWorkspace } from './support/session';
import { panelFrame, SCENARIO_TIMEOUT, waitStatus, withHarness } from './support/harness';

const PLAN = {
  summary: 'Add a second note and start a changelog.',
  steps: [
    { title: 'Add the second note', files: ['notes.md'] },
    { title: 'Start the changelog', files: ['CHANGELOG.md'] },
    { title: 'Publish the package', commands: ['npm publish'] },
  ],
  files: ['notes.md', 'CHANGELOG.md'],
  commands: ['npm publish'],
  risks: ['Publishing is for a human to do.'],
};

/** What the user leaves after editing: the plan without the publishing step. */
const EDITED = { summary: PLAN.summary, steps: PLAN.steps.slice(0, 2), files: PLAN.files, commands: [] };

test('plan a task, review each step\'s expected decision, edit the plan (a bad edit is refused in one line), approve, and follow the per-step progress', { timeout: 2 * SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'notes.md': '# Notes\n\nfirst note\n', 'AGENTS.md': 'Keep every note on one line.\n' });
  const script = [
    // The planning task: it reads, then submits the plan (and is offered nothing that writes).
    { content: 'Reading the notes first.', toolCalls: [{ name: 'read_file', arguments: { path: 'notes.md' } }] },
    { toolCalls: [{ name: 'submit_plan', arguments: PLAN }] },
    // The approved plan, carried out (a new task: it reads notes.md before editing it); slow turns so
    // each step's progress is seen.
    { toolCalls: [{ name: 'update_plan', arguments: { step: 1, status: 'in_progress' } }, { name: 'read_file', arguments: { path: 'notes.md' } }, { name: 'edit_file', arguments: { path: 'notes.md', old_text: 'first note\n', new_text: 'first note\nsecond note\n' } }] },
    { toolCalls: [{ name: 'update_plan', arguments: { step: 1, status: 'done' } }, { name: 'write_file', arguments: { path: 'CHANGELOG.md', content: '# Changelog\n' } }], delayMs: 200 },
    { toolCalls: [{ name: 'update_plan', arguments: { step: 2, status: 'done' } }], delayMs: 3000 },
    { content: 'Both notes are in and the changelog exists; publishing is left to you.' },
  ];
  await withHarness('plan-task', { workspace, trusted: true, script, userSettings: { 'harness.automationLevel': 3 } }, async ({ page, mock }) => {
    await runCommand(page, 'Harness: Plan task');
    await typeInQuickInput(page, 'Add a second note and start a changelog');

    // The review: every step with its expected decision, the pre-check sentence as the prompt.
    await waitForQuickPickItem(page, /Approve and run the plan/);
    const rows = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts();
    const steps = rows.filter((r) => /^\s*\d\. /.test(r) || /\d\. (Add|Start|Publish)/.test(r)).map((r) => r.replace(/\s+/g, ' ').trim());
    assert.equal(steps.length, 3, rows.join('\n'));
    assert.match(steps[0], /1\. Add the second note ?runs unasked/);
    assert.match(steps[1], /2\. Start the changelog ?runs unasked/);
    assert.match(steps[2], /3\. Publish the package ?will ask/);
    const precheck = await page.locator('.quick-input-widget .quick-input-box input').getAttribute('placeholder');
    assert.equal(precheck, '1 of 3 steps will ask: it will run `npm publish`.');
    await screenshot(page, 'plan-task-1-review');
    assert.equal(readFile(join(workspace, 'notes.md')), '# Notes\n\nfirst note\n', 'planning wrote nothing');
    assert.equal(existsSync(join(workspace, 'CHANGELOG.md')), false);
    // The planning task was offered the read tools and submit_plan only, and was told the project's instructions.
    for (const req of mock!.requests.slice(0, 2)) assert.deepEqual(req.body.tools.map((t: any) => t.function.name), ['read_file', 'list_files', 'search_files', 'submit_plan']);
    assert.match(mock!.requests[0].body.messages[0].content, /Keep every note on one line\./);

    // Edit: the plan opens as JSON. A plan that breaks the schema is refused in one line; the user drops step 3.
    await pickQuickInputItem(page, /Edit the plan/);
    await waitForNotification(page, /edit the plan, then use it/);
    await page.locator('.tab.active').filter({ hasText: /\.plan\.json/ }).waitFor({ state: 'visible', timeout: 15_000 });
    await replaceEditorText(page, JSON.stringify({ summary: 'x', steps: [] }));
    await clickNotificationButton(page, /edit the plan, then use it/, 'Use edited plan');
    const refused = await waitForNotification(page, /the edited plan is not a valid plan/);
    assert.match(await refused.innerText(), /is not a valid plan \(steps: steps must have at least one step\): fix it/);
    await screenshot(page, 'plan-task-2-bad-edit');
    await replaceEditorText(page, JSON.stringify(EDITED));
    await clickNotificationButton(page, /edit the plan, then use it/, 'Use edited plan');

    // The review again, for the edited plan, checked against the policy again.
    await waitForQuickPickItem(page, /Approve and run the plan/);
    const again = (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts()).join('\n');
    assert.doesNotMatch(again, /Publish the package/);
    assert.equal(await page.locator('.quick-input-widget .quick-input-box input').getAttribute('placeholder'), 'All 2 steps run without asking.');
    await pickQuickInputItem(page, /Approve and run the plan/);

    // Per-step progress: step 1 done, step 2 not yet, in the status bar and the panel's plan.
    await waitStatus(page, /plan 1\/2/, undefined, 120_000);
    await runCommand(page, 'Harness: Show panel');
    const frame = panelFrame(page);
    await frame.locator('[data-testid="plan-step-1"][data-status="done"]').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame.locator('[data-testid="plan-step-2"]').getAttribute('data-status'), 'pending');
    assert.equal(await frame.locator('[data-testid="plan-step-3"]').count(), 0, 'the edited plan is the one carried out');
    assert.match(await frame.locator('[data-testid="plan-progress"]').innerText(), /1 of 2 steps done · approved by user/i);
    assert.match(await frame.locator('[data-testid="plan-assessment"]').innerText(), /All 2 steps run without asking/);
    await screenshot(page, 'plan-task-3-step-1-done');

    // A loaded machine: the remaining turns, and verification, may take a while.
    await waitStatus(page, /Harness: done/, undefined, 240_000);
    await frame.locator('[data-testid="plan-step-2"][data-status="done"]').waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await frame.locator('[data-testid="plan-progress"]').innerText(), /2 of 2 steps done/i);
    assert.match(await frame.locator('[data-testid="instruction-file"]').first().innerText(), /AGENTS\.md/);
    await eventually(() => readFile(join(workspace, 'notes.md')) === '# Notes\n\nfirst note\nsecond note\n', 'the planned edit on disk');
    assert.equal(readFile(join(workspace, 'CHANGELOG.md')), '# Changelog\n');
    // The carrying-out task was told the edited plan is its scope, and could tick steps.
    const exec = mock!.requests[2].body;
    assert.match(exec.messages[0].content, /## The approved plan \(your scope\)[\s\S]*2\. Start the changelog/);
    assert.doesNotMatch(exec.messages[0].content, /Publish the package/);
    assert.ok(exec.tools.some((t: any) => t.function.name === 'update_plan'));
    await screenshot(page, 'plan-task-4-done');
  });
});

/** Waits until the review's quick pick shows the item (the planning task must end first). */
async function waitForQuickPickItem(page: import('playwright-core').Page, label: RegExp): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: 90_000 });
}

/** Replaces the whole text of the focused editor (the plan's JSON) the way a paste does: no auto-closing. */
async function replaceEditorText(page: import('playwright-core').Page, text: string): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}
