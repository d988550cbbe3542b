// The git line of the prompt: branch, ahead/behind, changed files, read without letting a hostile
// repository config run a program (core.fsmonitor, a filter driver), and without any git process at
// all in an untrusted workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gitFacts, gitLine } from '../../../src/core/context/git-state';
import { tempWorkspace } from '../agent/helpers';

const hasGit = (() => {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skip = !hasGit && 'git is not installed';

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, env: gitEnv, encoding: 'utf8' });

/** A clone two commits ahead of its origin, with one changed and one untracked file. */
function repo() {
  const ws = tempWorkspace();
  const origin = path.join(ws.base, 'origin');
  fs.mkdirSync(origin);
  git(origin, 'init', '-q');
  fs.writeFileSync(path.join(origin, 'a.txt'), 'one\n');
  git(origin, 'add', '.');
  git(origin, 'commit', '-qm', 'first');
  fs.rmSync(ws.root, { recursive: true });
  git(ws.base, 'clone', '-q', origin, ws.root);
  for (const n of ['b', 'c']) {
    fs.writeFileSync(path.join(ws.root, `${n}.txt`), `${n}\n`);
    git(ws.root, 'add', '.');
    git(ws.root, 'commit', '-qm', n);
  }
  fs.writeFileSync(path.join(ws.root, 'a.txt'), 'changed\n');
  fs.writeFileSync(path.join(ws.root, 'new.txt'), 'untracked\n');
  return ws;
}

test('branch, ahead/behind its upstream and the changed files', { skip }, async () => {
  const ws = repo();
  const facts = await gitFacts(ws.root, { trusted: true });
  assert.deepEqual({ ...facts }, { repo: true, branch: 'main', upstream: 'origin/main', ahead: 2, behind: 0, dirty: 2 });
  assert.equal(gitLine(facts), 'Git: branch main, 2 ahead and 0 behind origin/main, 2 changed or untracked files.');
});

test('a hostile repository config runs nothing: core.fsmonitor and a filter driver stay switched off', { skip }, async () => {
  const ws = repo();
  const script = (name: string) => {
    const file = path.join(ws.base, `${name}.sh`);
    fs.writeFileSync(file, `#!/bin/sh\ntouch ${JSON.stringify(path.join(ws.base, `${name}-ran`))}\ncat\n`, { mode: 0o755 });
    return file;
  };
  git(ws.root, 'config', 'core.fsmonitor', script('fsmonitor'));
  git(ws.root, 'config', 'filter.evil.clean', script('filter'));
  git(ws.root, 'config', 'filter.evil.required', 'true');
  fs.writeFileSync(path.join(ws.root, '.gitattributes'), '*.txt filter=evil\n');
  // b.txt's content is unchanged but its time is not: status must read it, through the filter.
  const touch = () => fs.utimesSync(path.join(ws.root, 'b.txt'), new Date(), new Date(Date.now() + 5000));
  touch();
  // The test can fail: a plain `git status` here runs both programs.
  git(ws.root, 'status', '--porcelain');
  const ran = () => ['fsmonitor', 'filter'].filter((n) => fs.existsSync(path.join(ws.base, `${n}-ran`)));
  assert.deepEqual(ran(), ['fsmonitor', 'filter'], 'the hostile config runs programs under a plain git status');
  for (const n of ran()) fs.rmSync(path.join(ws.base, `${n}-ran`));
  touch();
  const facts = await gitFacts(ws.root, { trusted: true });
  assert.deepEqual(ran(), [], 'gitFacts ran nothing from the repository config');
  assert.equal(facts.branch, 'main');
  assert.equal(facts.dirty, 3, 'a.txt, new.txt and .gitattributes');
});

test('an untrusted workspace: HEAD is read as a file, no git process runs', { skip }, async () => {
  const ws = repo();
  const bin = path.join(ws.base, 'bin');
  const marker = path.join(ws.base, 'git-ran');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\ntouch ${JSON.stringify(marker)}\nexit 1\n`, { mode: 0o755 });
  const saved = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${saved}`;
  try {
    const untrusted = await gitFacts(ws.root, { trusted: false });
    assert.equal(fs.existsSync(marker), false, 'no git ran');
    assert.deepEqual({ repo: untrusted.repo, branch: untrusted.branch }, { repo: true, branch: 'main' });
    assert.match(gitLine(untrusted), /not inspected: the workspace is not trusted/);
    await gitFacts(ws.root, { trusted: true });
    assert.ok(fs.existsSync(marker), 'trusted, the first git on PATH runs (so the check above could fail)');
  } finally {
    process.env.PATH = saved;
  }
});

test('a git planted inside the workspace is never the one that runs', { skip }, async () => {
  const ws = repo();
  const marker = path.join(ws.base, 'planted-ran');
  fs.mkdirSync(path.join(ws.root, 'tools'));
  fs.writeFileSync(path.join(ws.root, 'tools', 'git'), `#!/bin/sh\ntouch ${JSON.stringify(marker)}\n`, { mode: 0o755 });
  const saved = process.env.PATH;
  process.env.PATH = `${path.join(ws.root, 'tools')}${path.delimiter}.${path.delimiter}${saved}`;
  try {
    const facts = await gitFacts(ws.root, { trusted: true });
    assert.equal(fs.existsSync(marker), false);
    assert.equal(facts.ahead, 2, 'the real git answered');
  } finally {
    process.env.PATH = saved;
  }
});

test('not a repository; a detached HEAD', { skip }, async () => {
  const plain = tempWorkspace({ 'a.txt': 'x\n' });
  assert.equal(gitLine(await gitFacts(plain.root, { trusted: true })), 'Git: not a git repository.');
  const ws = repo();
  git(ws.root, 'checkout', '-q', '--detach');
  const facts = await gitFacts(ws.root, { trusted: false });
  assert.equal(facts.detached, true);
  assert.match(gitLine(facts), /^Git: detached HEAD at [0-9a-f]{12}/);
});
