// The assembled system prompt for a workspace with nested AGENTS.md files, a sandbox, protected paths
// and verification commands, compared whole against a stored snapshot (update it on purpose with
// HARNESS_UPDATE_SNAPSHOTS=1 and read the diff). Only the machine's OS and the date are fixed here;
// the rest comes from the real workspace, policy engine and instruction loader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSystemPrompt } from '../../../src/core/agent/prompt';
import { gatherEnvironment } from '../../../src/core/context/environment';
import { DEFAULT_INSTRUCTION_FILES } from '../../../src/core/context/instructions';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/core/workspace/protected';
import type { PolicyConfig } from '../../../src/core/shared/types';
import { tempWorkspace } from '../agent/helpers';

const SNAPSHOT = path.join(__dirname, 'snapshots', 'system-prompt.txt');
const SANDBOX = { sandboxed: true, reason: 'commands run in the bubblewrap sandbox, which keeps protected paths read-only, hides secrets and the home folder, and has no network unless allowed' };

function workspace() {
  return tempWorkspace({
    'AGENTS.md': '# Project rules\nUse pnpm, never npm install.\nKeep functions under 40 lines.\n',
    'src/api/AGENTS.md': 'Handlers stay pure.\n',
    'docs/CLAUDE.md': 'Docs use sentence case.\n',
    'src/index.ts': 'export {};\n',
    'package.json': '{"name": "demo"}\n',
    '.gitignore': 'dist/\n',
    'dist/out.js': '//\n',
  });
}

async function prompt(root: string, policy: PolicyConfig, regime = SANDBOX) {
  const environment = { ...(await gatherEnvironment(root, { trusted: true, now: new Date(2025, 5, 1, 12, 0) })), os: 'Linux 6.1.0 (linux, x64)' };
  return buildSystemPrompt({
    root,
    policy,
    regime,
    environment,
    budgets: { maxSteps: 30, maxTokens: 200_000 },
    verification: { commands: ['npm test', 'npm run lint'], maxFixAttempts: 2 },
    instructionFiles: DEFAULT_INSTRUCTION_FILES,
    untrusted: false,
  });
}

test('snapshot: nested AGENTS.md, a sandbox, protected paths and verification commands', async () => {
  const ws = workspace();
  const policy: PolicyConfig = {
    automationLevel: 3,
    rules: [{ action: 'allow', command: 'npm test', source: 'user' }, { action: 'deny', command: 'git push', source: 'user' }],
    protectedPaths: [...DEFAULT_PROTECTED_PATHS, 'migrations/**'],
    sandbox: 'auto',
  };
  const { prompt: text, instructions } = await prompt(ws.root, policy);
  // What matters, said plainly before the whole-text comparison.
  assert.ok(text.includes('Use pnpm, never npm install.'), 'the root AGENTS.md');
  assert.ok(!text.includes('Handlers stay pure.'), 'a folder\'s AGENTS.md waits for the folder');
  assert.match(text, /Sub-folders have their own instructions \(docs\/CLAUDE\.md, src\/api\/AGENTS\.md\)/);
  assert.match(text, /- Commands: `npm test` \(runs unasked\), `npm run lint` \(asks the user first: no allow rule matches/);
  assert.match(text, /Protected paths[^\n]*\.github\/workflows\/\*\*, migrations\/\*\*\./);
  assert.match(text, /- Commands: sandboxed — /);
  assert.match(text, /Rules in force[^\n]*allow "npm test" \(user\); deny "git push" \(user\)/);
  assert.match(text, /top level[^\n]*: \.gitignore, AGENTS\.md, docs\/, package\.json, src\/\n/, 'ignored dist/ is not listed');
  assert.deepEqual(instructions.files.map((f) => f.path), ['AGENTS.md']);
  if (process.env.HARNESS_UPDATE_SNAPSHOTS === '1') {
    fs.mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
    fs.writeFileSync(SNAPSHOT, text);
  }
  assert.equal(text, fs.readFileSync(SNAPSHOT, 'utf8'));
});

test('the level in words follows the engine: without a sandbox, level 4 asks before a build command', async () => {
  const ws = workspace();
  const policy: PolicyConfig = { automationLevel: 4, rules: [], protectedPaths: [...DEFAULT_PROTECTED_PATHS], sandbox: 'auto' };
  const unsandboxed = (await prompt(ws.root, policy, { sandboxed: false, reason: 'bubblewrap (bwrap) is not installed' })).prompt;
  assert.match(unsandboxed, /- Other commands, e\.g\. `npm test`: asks the user first \(no sandbox confines commands here/);
  assert.match(unsandboxed, /- A read-only command, e\.g\. `ls`: runs unasked/);
  assert.match(unsandboxed, /- Commands: UNSANDBOXED \(bubblewrap \(bwrap\) is not installed\)/);
  const sandboxed = (await prompt(ws.root, policy)).prompt;
  assert.match(sandboxed, /- Other commands, e\.g\. `npm test`: runs unasked \(automation level 4 runs it inside the enforcing sandbox/);
  assert.match(sandboxed, /- Network: none inside the sandbox/);
  const level1 = (await prompt(ws.root, { ...policy, automationLevel: 1 })).prompt;
  assert.match(level1, /- Creating or editing a file: asks the user first \(Automation level 1: edits ask for approval\)/);
});

test('the prompt is the same on every call for the same workspace (no clock, stable order)', async () => {
  const ws = workspace();
  const policy: PolicyConfig = { automationLevel: 2, rules: [], protectedPaths: [...DEFAULT_PROTECTED_PATHS], sandbox: 'auto' };
  const a = (await prompt(ws.root, policy)).prompt;
  await new Promise((r) => setTimeout(r, 1100));
  const b = (await prompt(ws.root, policy)).prompt;
  assert.equal(a, b);
  assert.doesNotMatch(a, /\d{1,2}:\d{2}/, 'no time of day');
});
