import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/core/workspace/protected';
import { COMMANDS } from '../../../src/vscode/ui-constants';
import { DEFAULT_INSTRUCTION_FILES } from '../../../src/core/context/instructions';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const props = pkg.contributes.configuration.properties;

test('every command the extension registers is declared, with a Harness title', () => {
  const declared = new Map<string, any>(pkg.contributes.commands.map((c: any) => [c.command, c]));
  for (const id of Object.values(COMMANDS)) {
    assert.ok(declared.has(id), `${id} missing from contributes.commands`);
    assert.equal(declared.get(id).category, 'Harness');
  }
  assert.equal(declared.get('harness.runTask').title, 'Run harnessed task');
});

test('no "*" activation: commands are inferred, the panel restores through its own event', () => {
  assert.ok(!(pkg.activationEvents ?? []).includes('*'));
  assert.ok(!(pkg.activationEvents ?? []).includes('onStartupFinished'));
});

test('the default protected paths in package.json are exactly the core defaults', () => {
  assert.deepEqual(props['harness.protectedPaths'].default, [...DEFAULT_PROTECTED_PATHS]);
});

test('policy settings are resource scope; the loosening switch and the endpoint are application scope', () => {
  for (const k of ['automationLevel', 'rules', 'protectedPaths', 'maxSteps', 'sandbox', 'allowNetwork']) {
    assert.equal(props[`harness.${k}`].scope, 'resource', k);
  }
  assert.equal(props['harness.allowWorkspaceLoosening'].scope, 'application');
  assert.equal(props['harness.baseUrl'].scope, 'application');
  // A workspace must not be able to make the harness forget its checkpoints.
  assert.equal(props['harness.checkpoints.maxCount'].scope, 'application');
  assert.equal(props['harness.checkpoints.maxMegabytes'].scope, 'application');
  // Running commands unsandboxed is the user's own risk: never from a workspace, off by default.
  assert.equal(props['harness.unsandboxedAutonomy'].scope, 'application');
  assert.equal(props['harness.unsandboxedAutonomy'].default, false);
  assert.match(props['harness.unsandboxedAutonomy'].markdownDescription, /Dangerous/);
  // Where the workspace's tasks are reported to is the user's choice alone, off by default.
  for (const k of ['telemetry.enabled', 'telemetry.includeContent']) assert.deepEqual([props[`harness.${k}`].scope, props[`harness.${k}`].default], ['application', false], k);
  assert.equal(props['harness.automationLevel'].default, 2);
  assert.equal(props['harness.automationLevel'].enumDescriptions.length, 4);
});

test('Restricted Mode support is declared limited', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('accept/reject proposal buttons show in the title bar only for pending proposals', () => {
  const title = pkg.contributes.menus['editor/title'];
  for (const id of [COMMANDS.acceptProposal, COMMANDS.rejectProposal]) {
    const item = title.find((m: any) => m.command === id);
    assert.match(item.when, /resourceScheme == harness-proposal/);
    // A Restricted-Mode proposal is shown in the same scheme but is not pending: every way the button
    // shows must require a pending edit, never the scheme alone.
    for (const part of item.when.split('||')) assert.match(part, /harness\.(hasPendingEdits|reviewingProposal)/, `${id}: "${part.trim()}"`);
  }
});

test('the palette offers accept/reject proposal whenever an edit is pending, hunks only in a review', () => {
  const palette = new Map<string, string>(pkg.contributes.menus.commandPalette.map((m: any) => [m.command, m.when]));
  for (const id of [COMMANDS.acceptProposal, COMMANDS.rejectProposal, COMMANDS.openProposalDiff]) assert.equal(palette.get(id), 'harness.hasPendingEdits', id);
  for (const id of [COMMANDS.acceptHunk, COMMANDS.rejectHunk]) assert.equal(palette.get(id), 'harness.reviewingProposal', id);
});

test('"Harness: Plan task" is contributed, and harness.instructionFiles defaults to the core\'s list', () => {
  assert.equal(pkg.contributes.commands.find((c: any) => c.command === COMMANDS.planTask)?.title, 'Plan task');
  assert.deepEqual(props['harness.instructionFiles'].default, [...DEFAULT_INSTRUCTION_FILES]);
  assert.equal(props['harness.instructionFiles'].scope, 'resource');
});

test('the Harness view is declared in the activity bar (it shows before activation) and ships its bundle', () => {
  const container = pkg.contributes.viewsContainers.activitybar.find((c: any) => c.id === 'harness');
  assert.ok(container, 'an activity bar container');
  assert.ok(existsSync(container.icon), `its icon ${container.icon} exists`);
  const view = pkg.contributes.views.harness.find((v: any) => v.id === 'harness.view');
  assert.equal(view.type, 'webview');
  assert.ok(pkg.activationEvents.includes('onView:harness.view'));
  const ignore = readFileSync('.vscodeignore', 'utf8');
  for (const f of ['dist/view.js', 'dist/view.css']) assert.match(ignore, new RegExp(`^!${f.replace('.', '\\.')}$`, 'm'), `${f} is packaged`);
  const keys = pkg.contributes.keybindings.map((k: any) => k.command);
  for (const id of [COMMANDS.nextHunk, COMMANDS.previousHunk]) assert.ok(keys.includes(id), `${id} has a key`);
});

test('MCP servers and hooks are declared, and VS Code hides a workspace\'s values of them in Restricted Mode', () => {
  for (const k of ['harness.mcpServers', 'harness.hooks']) {
    assert.equal(props[k].scope, 'resource', k);
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(k), `${k} must be a restricted configuration`);
  }
  assert.deepEqual(Object.keys(props['harness.hooks'].properties), ['PreToolUse', 'PostToolUse', 'Stop', 'UserPromptSubmit']);
});
