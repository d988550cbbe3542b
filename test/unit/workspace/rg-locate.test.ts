// Finding ripgrep: VS Code's own under its appRoot, or `rg` on PATH, never one the workspace planted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { editorRipgrepCandidates, firstExecutable, ripgrepOnPath, ripgrepUsable } from '../../../src/core/workspace/rg-locate';
import { sandbox } from './tmp-workspace';

const posixOnly = process.platform === 'win32' ? 'executable bits are POSIX' : false;

function executable(file: string, body = '#!/bin/sh\necho "ripgrep 13.0.0"\n'): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body, { mode: 0o755 });
  return file;
}

test('PATH: relative entries, non-executables and binaries inside the workspace are passed over', { skip: posixOnly }, () => {
  const sb = sandbox();
  executable(path.join(sb.root, 'rg')); // reached through PATH entry "."
  executable(path.join(sb.root, 'node_modules', '.bin', 'rg'));
  const plain = path.join(sb.base, 'plain', 'rg');
  fs.mkdirSync(path.dirname(plain));
  fs.writeFileSync(plain, 'not executable', { mode: 0o644 });
  const linkDir = path.join(sb.base, 'links');
  fs.mkdirSync(linkDir);
  fs.symlinkSync(path.join(sb.root, 'rg'), path.join(linkDir, 'rg')); // outside by path, inside for real
  const good = executable(path.join(sb.base, 'bin', 'rg'));
  const PATH = ['.', 'node_modules/.bin', path.join(sb.root, 'node_modules', '.bin'), path.dirname(plain), linkDir, path.dirname(good)].join(':');
  const cwd = process.cwd();
  process.chdir(sb.root);
  try {
    assert.equal(ripgrepOnPath(PATH, sb.root, 'linux'), good);
  } finally {
    process.chdir(cwd);
  }
  assert.equal(ripgrepOnPath(path.dirname(plain), sb.root, 'linux'), undefined);
  assert.equal(ripgrepOnPath(undefined, sb.root, 'linux'), undefined);
});

test("the editor's ripgrep: node_modules or node_modules.asar.unpacked, @vscode/ripgrep or vscode-ripgrep", { skip: posixOnly }, () => {
  const sb = sandbox();
  const appRoot = path.join(sb.base, 'app');
  assert.equal(firstExecutable(editorRipgrepCandidates(appRoot, 'linux')), undefined);
  const unpacked = executable(path.join(appRoot, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', 'rg'));
  assert.equal(firstExecutable(editorRipgrepCandidates(appRoot, 'linux')), unpacked);
  const current = executable(path.join(appRoot, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  assert.equal(firstExecutable(editorRipgrepCandidates(appRoot, 'linux')), current);
  assert.ok(editorRipgrepCandidates(appRoot, 'win32').every((p) => p.endsWith('rg.exe')));
});

test('a program is used only if it says it is ripgrep', { skip: posixOnly }, async () => {
  const sb = sandbox();
  assert.equal(await ripgrepUsable(executable(path.join(sb.base, 'a', 'rg'))), true);
  assert.equal(await ripgrepUsable(executable(path.join(sb.base, 'b', 'rg'), '#!/bin/sh\necho "grep 3.8"\n')), false);
  assert.equal(await ripgrepUsable(path.join(sb.base, 'missing', 'rg')), false);
});
