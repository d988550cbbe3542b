// Issue 15 in the editor: "Harness: Plan task" runs the task with read tools only and ends with a plan;
// the review lists each step with what the policy will decide and the pre-check sentence; Approve runs
// the plan as a new task with the plan as scope, and the status bar and the panel show each step's
// progress as the model ticks the steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, pickQuickInputItem, readFile, runCommand, screenshot, typeInQuickInput } from './support/browser';
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

test('plan a task, review each step\'s expected decision, approve, and follow the per-step progress', { timeout: 2 * SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'notes.md': '# Notes\n\nfirst note\n', 'AGENTS.md': 'Keep every note on one line.\n' });
  const script = [
    // The planning task: it reads, then submits the plan (and is offered nothing that writes).
    { content: 'Reading the notes first.', toolCalls: [{ name: 'read_file', arguments: { path: 'notes.md' } }] },
    { toolCalls: [{ name: 'submit_plan', arguments: PLAN }] },
    // The approved plan, carried out; slow turns so each step's progress is seen.
    { toolCalls: [{ name: 'update_plan', arguments: { step: 1, status: 'in_progress' } }, { name: 'edit_file', arguments: { path: 'notes.md', old_text: 'first note\n', new_text: 'first note\nsecond note\n' } }] },
    { toolCalls: [{ name: 'update_plan', arguments: { step: 1, status: 'done' } }, { name: 'write_file', arguments: { path: 'CHANGELOG.md', content: '# Changelog\n' } }], delayMs: 200 },
    { toolCalls: [{ name: 'update_plan', arguments: { step: 2, status: 'done' } }], delayMs: 3000 },
    { toolCalls: [{ name: 'update_plan', arguments: { step: 3, status: 'skipped', note: 'publishing is for a human' } }] },
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
    assert.match(steps[2], /3\. Publish the package ?(will ask|will be refused)/);
    const precheck = await page.locator('.quick-input-widget .quick-input-box input').getAttribute('placeholder');
    assert.match(precheck ?? '', /1 of 3 steps will ask: it will run `npm publish`|Step 3 would be refused: run `npm publish`/);
    await screenshot(page, 'plan-task-1-review');
    assert.equal(readFile(join(workspace, 'notes.md')), '# Notes\n\nfirst note\n', 'planning wrote nothing');
    assert.equal(existsSync(join(workspace, 'CHANGELOG.md')), false);
    // The planning task was offered the read tools and submit_plan only, and was told the project's instructions.
    for (const req of mock!.requests.slice(0, 2)) assert.deepEqual(req.body.tools.map((t: any) => t.function.name), ['read_file', 'list_files', 'search_files', 'submit_plan']);
    assert.match(mock!.requests[0].body.messages[0].content, /Keep every note on one line\./);

    await pickQuickInputItem(page, /Approve and run the plan/);
    // Per-step progress: step 1 done, step 2 not yet, in the status bar and the panel's plan.
    await waitStatus(page, /plan 1\/3/, undefined, 120_000);
    const frame = panelFrame(page);
    await frame.locator('[data-testid="plan-step-1"][data-status="done"]').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame.locator('[data-testid="plan-step-2"]').getAttribute('data-status'), 'pending');
    assert.match(await frame.locator('[data-testid="plan-progress"]').innerText(), /1 of 3 steps done · approved by user/i);
    assert.match(await frame.locator('[data-testid="plan-assessment"]').innerText(), /npm publish/);
    await screenshot(page, 'plan-task-2-step-1-done');

    // A loaded machine: the remaining turns, and verification, may take a while.
    await waitStatus(page, /Harness: done/, undefined, 240_000);
    await frame.locator('[data-testid="plan-step-3"][data-status="skipped"]').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame.locator('[data-testid="plan-step-2"]').getAttribute('data-status'), 'done');
    assert.match(await frame.locator('[data-testid="plan-progress"]').innerText(), /3 of 3 steps done/i);
    assert.match(await frame.locator('[data-testid="instruction-file"]').first().innerText(), /AGENTS\.md/);
    await eventually(() => readFile(join(workspace, 'notes.md')) === '# Notes\n\nfirst note\nsecond note\n', 'the planned edit on disk');
    assert.equal(readFile(join(workspace, 'CHANGELOG.md')), '# Changelog\n');
    // The carrying-out task was told the plan is its scope, and could tick steps.
    const exec = mock!.requests[2].body;
    assert.match(exec.messages[0].content, /## The approved plan \(your scope\)[\s\S]*3\. Publish the package/);
    assert.ok(exec.tools.some((t: any) => t.function.name === 'update_plan'));
    await screenshot(page, 'plan-task-3-done');
  });
});

/** Waits until the review's quick pick shows the item (the planning task must end first). */
async function waitForQuickPickItem(page: import('playwright-core').Page, label: RegExp): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: 90_000 });
}
