// Harness-specific steps shared by the scenarios: start a session with the packaged vsix, run a task
// from the palette, read the Harness status bar item, and look into what the scripted model was sent.
import type { Page } from 'playwright-core';
import type { MockLlm } from '../../support/mock-llm-server';
import { runCommand, screenshot, statusBarText, typeInQuickInput, waitForStatusBar } from './browser';
import { harnessVsix, startSession, type Session, type SessionOptions } from './session';

/** DOM id prefix of the extension's status bar item (`<publisher>.<name>.<item id>`). */
export const STATUS_ID = 'harness-dev.harness';
export const RUN_TASK = 'Harness: Run harnessed task';
export const SCENARIO_TIMEOUT = 240_000;

/** Starts code-server with harness.vsix, runs `body`, and on failure adds a screenshot + logs to the error. */
export async function withHarness(name: string, opts: Omit<SessionOptions, 'vsix'>, body: (s: Session) => Promise<void>): Promise<void> {
  const session = await startSession({ vsix: harnessVsix(), ...opts });
  try {
    await body(session);
  } catch (err) {
    const extra = await session.diagnostics(name).catch(() => '');
    (err as Error).message += `\n${extra.slice(-20_000)}`;
    throw err;
  } finally {
    await session.close();
  }
}

/** Waits for the Harness status item to exist (the extension activated on startup or a command). */
export async function harnessStatus(page: Page): Promise<string> {
  return (await statusBarText(page, STATUS_ID))[0] ?? '';
}

/** Palette → "Harness: Run harnessed task" → types the task into the InputBox. */
export async function runHarnessTask(page: Page, task: string): Promise<void> {
  await runCommand(page, RUN_TASK);
  await typeInQuickInput(page, task);
}

/** Waits for the status bar item to match, then saves a screenshot named `shot` (if given). */
export async function waitStatus(page: Page, match: RegExp, shot?: string, timeoutMs = 60_000): Promise<string> {
  const text = await waitForStatusBar(page, match, STATUS_ID, timeoutMs);
  if (shot) await screenshot(page, shot);
  return text;
}

/** Every tool-result message the model was sent, across all recorded requests (last request holds them all). */
export function toolMessages(mock: MockLlm): string[] {
  const last = mock.requests.at(-1);
  if (!last) return [];
  return (last.body.messages as { role: string; content: unknown }[])
    .filter((m) => m.role === 'tool')
    .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)));
}

/** All message text the model was sent in its last request (for "was the model told X" checks). */
export function lastPrompt(mock: MockLlm): string {
  const last = mock.requests.at(-1);
  return last ? JSON.stringify(last.body.messages) : '';
}

/** The Harness panel's document: code-server nests a webview's content two iframes deep (not the Harness view's). */
export function panelFrame(page: Page) {
  return page.frameLocator('iframe.webview.ready:not([src*="purpose=webviewView"])').frameLocator('#active-frame');
}

/** If the workspace-policy modal shows within `waitMs`, answer it with `button`; returns whether it showed. */
export async function answerPolicyModalIfShown(page: Page, button: 'Allow for this workspace' | 'Keep my policy', waitMs = 3000): Promise<boolean> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: /wants to loosen your policy/ });
  try {
    await dialog.waitFor({ state: 'visible', timeout: waitMs });
  } catch {
    return false;
  }
  await dialog.getByRole('button', { name: button }).click();
  return true;
}
