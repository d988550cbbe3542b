// A tiny extension packaged with vsce, independent of the product, so the smoke test proves
// the e2e stack itself: vsix install, activation, command palette, input box, status bar,
// notifications, extension host environment, and a round trip to the scripted model endpoint.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './browser';
import { makeTempDir } from './temp';

export const SMOKE_COMMAND_TITLE = 'E2E Smoke: Ask the Model';
export const SMOKE_STATUS_ID = 'harness-e2e.e2e-smoke';
/** Written into the workspace by the command, for the test to check on disk. */
export const SMOKE_RESULT_FILE = 'smoke-result.json';
/** Code lens shown on the first line of every Markdown file; clicking it asks via a notification button. */
export const SMOKE_LENS_TITLE = 'Smoke lens';
export const SMOKE_LENS_RESULT_FILE = 'lens-result.json';

const manifest = {
  name: 'e2e-smoke',
  displayName: 'E2E Smoke',
  publisher: 'harness-e2e',
  version: '0.0.1',
  license: 'MIT',
  engines: { vscode: '^1.100.0' },
  main: './extension.js',
  activationEvents: ['onStartupFinished'],
  capabilities: { untrustedWorkspaces: { supported: true } },
  contributes: {
    commands: [
      { command: 'e2eSmoke.ask', title: 'Ask the Model', category: 'E2E Smoke' },
      { command: 'e2eSmoke.lens', title: 'Lens Action', category: 'E2E Smoke' },
    ],
  },
};

const extensionJs = `
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

exports.activate = function (context) {
  const item = vscode.window.createStatusBarItem('status', vscode.StatusBarAlignment.Left, 1000);
  item.text = '$(beaker) Smoke: ready';
  item.show();
  context.subscriptions.push(item);

  context.subscriptions.push(vscode.commands.registerCommand('e2eSmoke.ask', async () => {
    const question = await vscode.window.showInputBox({ prompt: 'What should the smoke extension ask?' });
    if (question === undefined) return;
    item.text = '$(sync~spin) Smoke: asking';
    const res = await fetch(process.env.HARNESS_BASE_URL + '/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + process.env.OPENAI_API_KEY },
      body: JSON.stringify({ model: 'mock-model', messages: [{ role: 'user', content: question }] }),
    });
    const reply = (await res.json()).choices[0].message.content;
    const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    const result = { question, reply, trusted: vscode.workspace.isTrusted };
    fs.writeFileSync(path.join(folder, '${SMOKE_RESULT_FILE}'), JSON.stringify(result));
    item.text = '$(check) Smoke: ' + reply;
    vscode.window.showInformationMessage('Smoke reply: ' + reply);
  }));

  context.subscriptions.push(vscode.languages.registerCodeLensProvider({ language: 'markdown' }, {
    provideCodeLenses: () => [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: '${SMOKE_LENS_TITLE}', command: 'e2eSmoke.lens' })],
  }));
  context.subscriptions.push(vscode.commands.registerCommand('e2eSmoke.lens', async () => {
    const button = await vscode.window.showWarningMessage('Smoke lens clicked: choose', 'Acknowledge', 'Ignore');
    const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    fs.writeFileSync(path.join(folder, '${SMOKE_LENS_RESULT_FILE}'), JSON.stringify({ button: button ?? null }));
  }));
};
`;

/** Packages the throwaway extension with the repo's vsce; returns the .vsix path. */
export function buildThrowawayVsix(): string {
  const dir = makeTempDir('ext');
  const src = join(dir, 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(src, 'extension.js'), extensionJs);
  writeFileSync(join(src, 'README.md'), '# E2E Smoke\n\nThrowaway extension for the harness e2e smoke test.\n');
  writeFileSync(join(src, 'LICENSE'), 'MIT\n');
  const out = join(dir, 'e2e-smoke.vsix');
  const vsce = join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, ['package', '--allow-missing-repository', '--skip-license', '--out', out], {
    cwd: src,
    encoding: 'utf8',
    input: 'y\n', // any remaining vsce prompt
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`vsce package failed for the throwaway extension:\n${result.stdout}${result.stderr}`);
  return out;
}
