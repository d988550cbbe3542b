// The Harness view (activity bar): open it, reach its page (a webview two iframes deep, told apart
// from the verification panel's by its purpose), type into its message box.
import type { FrameLocator, Page } from 'playwright-core';
import { answerTrustModal, runCommand } from './browser';

export const OPEN_VIEW = 'Harness: Open the agent view';

/** The view's document (not the panel's: both are webviews). */
export function viewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready[src*="purpose=webviewView"]').frameLocator('#active-frame');
}

/** Opens the view from the palette and waits for its message box. */
export async function openView(page: Page): Promise<FrameLocator> {
  // On a busy machine the trust modal can come after the workbench helper stopped waiting for it.
  await answerTrustModal(page, true, 1000);
  await runCommand(page, OPEN_VIEW);
  const frame = viewFrame(page);
  await frame.locator('[data-testid="composer-input"]').waitFor({ state: 'visible', timeout: 60_000 });
  return frame;
}

/** Types a message (several lines allowed) and sends it with Enter. */
export async function sendInView(frame: FrameLocator, text: string): Promise<void> {
  const input = frame.locator('[data-testid="composer-input"]');
  await input.click();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) await input.press('Shift+Enter');
    await input.pressSequentially(lines[i], { delay: 5 });
  }
  await input.press('Enter');
}
