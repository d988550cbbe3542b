// One scenario's whole stack in one call: scripted model endpoint + code-server with the
// vsix installed + chromium on the workbench. close() tears it all down and, when the
// scenario failed, the caller can print diagnostics() first.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startMockLlm, type MockLlm, type Script } from '../../support/mock-llm-server';
import { launchBrowser, openWorkbench, REPO_ROOT, screenshot } from './browser';
import { makeTempDir } from './temp';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './code-server';

/** The fake key handed to the extension host; the scripted endpoint accepts anything. */
export const FAKE_API_KEY = 'sk-e2e-fake-key-not-real';

/** The packaged product, built by `npm run package` (run.sh does that first). */
export function harnessVsix(): string {
  const vsix = process.env.HARNESS_E2E_VSIX ?? join(REPO_ROOT, 'harness.vsix');
  // run.sh sets it empty when there was nothing to package, so a stale harness.vsix is never used.
  if (!vsix) throw new Error('harness.vsix was not packaged in this run (no src/vscode/extension.ts yet)');
  if (!existsSync(vsix)) throw new Error(`${vsix} not found; run: npm run package`);
  return vsix;
}

/** A fresh workspace folder: a copy of `fixture` (if given) plus `files` (relative path -> content). */
export function makeWorkspace(files: Record<string, string> = {}, fixture?: string): string {
  const dir = makeTempDir('ws');
  if (fixture) cpSync(fixture, dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export interface SessionOptions extends Omit<CodeServerOptions, 'env'> {
  /** Turns the scripted model endpoint plays; omit for no endpoint at all. */
  script?: Script;
  /** Extra environment for the extension host (HARNESS_BASE_URL and OPENAI_API_KEY are set for you). */
  env?: Record<string, string>;
}

export interface Session {
  mock: MockLlm | undefined;
  server: CodeServer;
  browser: Browser;
  page: Page;
  workspace: string;
  /** Screenshot + code-server and extension host logs, for a failing test's message. */
  diagnostics(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startSession(opts: SessionOptions): Promise<Session> {
  const mock = opts.script ? await startMockLlm(opts.script) : undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    const env = { ...(mock ? { HARNESS_BASE_URL: mock.url, OPENAI_API_KEY: FAKE_API_KEY } : {}), ...opts.env };
    server = await startCodeServer({ ...opts, env });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.workspaceUrl, { trust: opts.trusted });
    const s = server;
    const b = browser;
    return {
      mock,
      server: s,
      browser: b,
      page,
      workspace: opts.workspace,
      async diagnostics(name) {
        const shot = await screenshot(page, `${name}-failure`).catch((e) => `(no screenshot: ${e})`);
        return `screenshot: ${shot}\n--- code-server\n${s.logs()}\n--- extension host\n${s.extensionLogs()}`;
      },
      async close() {
        await b.close().catch(() => {});
        await s.stop();
        await mock?.close();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    await server?.stop();
    await mock?.close();
    throw err;
  }
}
