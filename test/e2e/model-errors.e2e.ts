// A 401 from the endpoint names its cause in the editor's words (no CLI flags) and offers the fix:
// Set API key, Open settings, Retry. Setting a key retries the same task, which then completes;
// nothing the person typed is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, typeInQuickInput, waitForNotification } from './support/browser';
import { makeWorkspace } from './support/session';
import { SCENARIO_TIMEOUT, waitStatus, withHarness } from './support/harness';
import { openView, sendInView } from './support/view';

test('a 401 offers "Set API key"; setting it retries the task with its conversation', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'a.txt': 'x\n' });
  const script = [{ fault: 'status' as const, status: 401, body: JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }) }, { content: 'Hello again: the key works now.' }];
  await withHarness('model-errors', { workspace, trusted: true, script }, async ({ page, mock }) => {
    const view = await openView(page);
    await sendInView(view, 'Say hello');
    await waitStatus(page, /Harness: failed — error/);
    const toast = await waitForNotification(page, /rejected the API key \(401\)/);
    const text = await toast.innerText();
    assert.doesNotMatch(text, /--api-key-env|--model/, 'no CLI flags in the editor');
    for (const button of ['Set API key', 'Open settings', 'Retry']) assert.equal(await toast.getByRole('button', { name: button }).count(), 1, `${button} offered`);
    // The view offers the same fixes under the failed task, and the error says what happened.
    await view.locator('[data-testid="task-error"]', { hasText: 'rejected the API key' }).waitFor({ state: 'visible', timeout: 15_000 });
    await view.locator('[data-testid="fix-set-api-key"]').waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'model-errors-1-401-offers-fixes');

    await toast.getByRole('button', { name: 'Set API key' }).click();
    await typeInQuickInput(page, 'sk-new-key-from-the-user');
    await waitStatus(page, /Harness: done — answered, no changes/);
    await view.locator('[data-testid="model-text"]', { hasText: 'the key works now' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(mock!.requests.length, 2);
    const retried = mock!.requests[1];
    assert.equal(retried.headers.authorization, 'Bearer sk-new-key-from-the-user', 'the retry used the new key');
    assert.deepEqual((retried.body.messages as { role: string; content: string }[]).filter((m) => m.role === 'user').map((m) => m.content), ['Say hello'], 'the same task, its message kept');
    await screenshot(page, 'model-errors-2-retried');
  });
});
