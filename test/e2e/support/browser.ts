// Drives the code-server workbench in Debian's chromium through playwright-core:
// open the workbench, answer the trust modal, run commands, read the status bar,
// wait for notifications, click code lenses, save screenshots.
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CHROMIUM = process.env.HARNESS_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'e2e');

/** Generous: the first workbench load on a busy 2-core CI machine is slow. */
const LOAD_TIMEOUT = 90_000;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: process.env.HARNESS_E2E_HEADED !== '1',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface OpenOptions {
  /** How to answer the Workspace Trust modal if it appears (default: trust). */
  trust?: boolean;
}

/**
 * Opens the workbench at `workspaceUrl` in a fresh page and waits until it is usable:
 * workbench rendered, trust modal answered, extensions scanned (status bar populated).
 */
export async function openWorkbench(browser: Browser, workspaceUrl: string, opts: OpenOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(workspaceUrl, { waitUntil: 'domcontentloaded', timeout: LOAD_TIMEOUT });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
  await answerTrustModal(page, opts.trust ?? true);
  return page;
}

/**
 * Answers the Workspace Trust startup modal, if shown within a few seconds.
 * Returns whether a modal was answered.
 */
export async function answerTrustModal(page: Page, trust: boolean, waitMs = 10_000): Promise<boolean> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: /trust the authors/i });
  try {
    await dialog.waitFor({ state: 'visible', timeout: waitMs });
  } catch {
    return false;
  }
  const label = trust ? /Yes, I trust the authors/i : /No, I don.t trust the authors/i;
  await dialog.getByRole('button', { name: label }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  // Trusting restarts the extension host and redraws the workbench; wait until it settled.
  const restricted = page.locator('.part.statusbar').getByText('Restricted Mode');
  await restricted.first().waitFor({ state: trust ? 'detached' : 'visible', timeout: 30_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
  return true;
}

/** True when the window is in Restricted Mode (the status bar shows the "Restricted Mode" item). */
export async function isRestrictedMode(page: Page): Promise<boolean> {
  return (await page.locator('.part.statusbar').getByText('Restricted Mode').count()) > 0;
}

const quickInput = (page: Page) => page.locator('.quick-input-widget');
const quickInputBox = (page: Page) => quickInput(page).locator('.quick-input-box input');

/** Opens the command palette (F1) and leaves its input focused, prefilled with '>'. */
export async function openCommandPalette(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 720, y: 450 }, force: true }).catch(() => {});
  await page.keyboard.press('F1');
  await quickInputBox(page).waitFor({ state: 'visible', timeout: 10_000 });
}

/**
 * Runs a command by its palette title, e.g. 'Harness: Run harnessed task'.
 * Retries until the command is listed: extension contributions appear only after the
 * extension host has scanned the installed extensions.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await openCommandPalette(page);
    await quickInputBox(page).fill(`>${title}`);
    const row = quickInput(page)
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: exactText(title) }) })
      .first();
    try {
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      await row.click();
      await quickInput(page).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
      return;
    } catch (err) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) {
        const listed = await commandPaletteEntries(page, title.split(':')[0]).catch(() => []);
        throw new Error(`command "${title}" not in the palette after ${timeoutMs} ms; similar: ${JSON.stringify(listed)}`, { cause: err });
      }
      await page.waitForTimeout(1000);
    }
  }
}

/** Opens the command palette filtered by `filter` and leaves it open (for a screenshot). */
export async function showCommandPalette(page: Page, filter: string, expect?: string): Promise<void> {
  await openCommandPalette(page);
  await quickInputBox(page).fill(`>${filter}`);
  const rows = quickInput(page).locator('.quick-input-list .monaco-list-row');
  if (expect) await rows.filter({ hasText: expect }).first().waitFor({ state: 'visible', timeout: 10_000 });
  else await page.waitForTimeout(500);
}

/** Titles the command palette lists for a filter text (closes the palette afterwards). */
export async function commandPaletteEntries(page: Page, filter: string): Promise<string[]> {
  await showCommandPalette(page, filter);
  const names = await quickInput(page).locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
  await page.keyboard.press('Escape');
  return names.map((n) => n.replace(/\s+/g, ' ').trim());
}

/** Types into the open quick input (input box or quick pick) and presses Enter. */
export async function typeInQuickInput(page: Page, text: string, opts: { submit?: boolean } = {}): Promise<void> {
  const box = quickInputBox(page);
  await box.waitFor({ state: 'visible', timeout: 15_000 });
  await box.fill(text);
  if (opts.submit ?? true) await box.press('Enter');
}

/** Picks an item of the open quick pick by its label. */
export async function pickQuickInputItem(page: Page, label: string | RegExp): Promise<void> {
  const row = quickInput(page).locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

/**
 * Texts of status bar items, optionally only those whose element id starts with `idPrefix`.
 * VS Code gives an extension's item the id `<publisher>.<name>.<item id>`, e.g. 'harness-dev.harness'.
 */
export async function statusBarText(page: Page, idPrefix?: string): Promise<string[]> {
  // One snapshot in the page: reading item by item raced with items coming and going (a language
  // status item when a file opens), and a vanished nth item made getAttribute wait out its timeout.
  const items = await page.locator('.part.statusbar .statusbar-item').evaluateAll((els) => els.map((el) => ({ id: el.id, text: (el as HTMLElement).innerText })));
  return items
    .filter((item) => !idPrefix || item.id.toLowerCase().startsWith(idPrefix.toLowerCase()))
    .map((item) => item.text.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Waits until some status bar item (optionally under `idPrefix`) matches; returns its text. */
export async function waitForStatusBar(page: Page, match: string | RegExp, idPrefix?: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await statusBarText(page, idPrefix);
    const hit = seen.find((t) => (typeof match === 'string' ? t.includes(match) : match.test(t)));
    if (hit) return hit;
    await page.waitForTimeout(250);
  }
  throw new Error(`status bar never showed ${match} within ${timeoutMs} ms; last seen: ${JSON.stringify(seen)}`);
}

/** A visible notification toast containing `text`. */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return toast;
}

/** Clicks a button (e.g. 'Cancel', 'Allow') on the notification containing `text`. */
export async function clickNotificationButton(page: Page, text: string | RegExp, button: string | RegExp): Promise<void> {
  const toast = await waitForNotification(page, text);
  await toast.getByRole('button', { name: button }).first().click();
}

/** A modal dialog (vscode.window.show*Message with { modal: true }) containing `text`. */
export async function waitForModal(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: text }).first();
  await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
  return dialog;
}

/** Clicks the code lens with this title in the visible editor. */
export async function clickCodeLens(page: Page, title: string | RegExp, timeoutMs = 30_000): Promise<void> {
  const lens = page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: title }).first();
  await lens.waitFor({ state: 'visible', timeout: timeoutMs });
  await lens.click();
}

/** Opens a workspace file by name through Quick Open (Ctrl+P). */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await quickInputBox(page).waitFor({ state: 'visible', timeout: 10_000 });
  await quickInputBox(page).fill(relativePath);
  const row = quickInput(page).locator('.quick-input-list .monaco-list-row').first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  const name = relativePath.split('/').pop()!;
  await page.locator('.tabs-container .tab').filter({ hasText: name }).first().waitFor({ state: 'visible', timeout: 15_000 });
}

/** Saves a full-page PNG under test-output/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}

/** Reads a file from disk (the source of truth a scenario asserts on, not the editor buffer). */
export function readFile(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Polls until `fn` returns a truthy value; for disk state written by the extension host. */
export async function eventually<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function exactText(title: string): RegExp {
  return new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
