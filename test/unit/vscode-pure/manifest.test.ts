import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/core/workspace/protected';
import { COMMANDS } from '../../../src/vscode/ui-constants';

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
  assert.equal(props['harness.automationLevel'].default, 2);
  assert.equal(props['harness.automationLevel'].enumDescriptions.length, 4);
});

test('Restricted Mode support is declared limited', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('accept/reject proposal buttons show in the title bar only for proposals', () => {
  const title = pkg.contributes.menus['editor/title'];
  for (const id of [COMMANDS.acceptProposal, COMMANDS.rejectProposal]) {
    const item = title.find((m: any) => m.command === id);
    assert.match(item.when, /resourceScheme == harness-proposal/);
  }
});
