// Each claim of the enforcing sandbox, tried by a real bwrap run that attempts the forbidden thing and
// must fail (issue 11): protected paths read-only (also through links made inside the sandbox and when
// they do not exist yet), secrets hidden, the home folder and other users' folders hidden, /etc's
// secrets hidden, private /proc and /tmp, toolchains under home still working, commits still working.
// Skipped, with the reason, only where bwrap cannot run; CI has it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCommand, type CommandOutcome } from '../../../src/core/commands/run';
import { prepareSandbox } from '../../../src/core/commands/sandbox';
import { holdPlaceholders } from '../../../src/core/commands/placeholders';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/core/workspace/protected';
import { sandboxHere } from './sandbox-here';


const GIT_CONFIG_MARK = 'original-config';

/** A git repository with the usual protected and secret files, and a link to .env made by "the agent". */
function workspace(extra: Record<string, string> = {}): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-enforce-')));
  execFileSync('git', ['init', '-q', root]);
  fs.appendFileSync(path.join(root, '.git/config'), `# ${GIT_CONFIG_MARK}\n`);
  const files: Record<string, string> = {
    '.vscode/settings.json': '{"user": true}\n',
    '.env': 'API_TOKEN=env-secret-123\n',
    'config/.env.production': 'DB_PASSWORD=prod-secret-456\n',
    'keys/id_ecdsa': 'PRIVATE-KEY-789\n',
    '.harness/journal.jsonl': 'journal\n',
    'src/a.ts': 'export const a = 1;\n',
    ...extra,
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  fs.symlinkSync('.env', path.join(root, 'settings.txt'));
  return root;
}

const run = (root: string, command: string, opts: { protectedPaths?: string[] } = {}): Promise<CommandOutcome> =>
  runCommand({ command, root, sandbox: 'required', timeoutMs: 30_000, protectedPaths: opts.protectedPaths ?? [...DEFAULT_PROTECTED_PATHS] });
const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

test('protected paths are read-only inside the sandbox, while git objects and refs take a commit', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace({ 'deploy/prod.sh': 'echo deploy\n' });
  const out = await run(root, [
    'echo "[core] fsmonitor = ./pwn.sh" >> .git/config',
    'echo "#!/bin/sh" > .git/hooks/pre-commit',
    'echo "*" >> .git/info/exclude',
    'echo "{\\"evil\\": 1}" > .vscode/settings.json',
    'echo "{}" > .vscode/tasks.json',
    'echo x > .harness/journal.jsonl',
    'echo pwned > deploy/prod.sh',
    'rm -rf .git/hooks',
    'mv .vscode moved',
    'git add src/a.ts && git -c user.email=a@b -c user.name=a commit -qm first && echo COMMITTED',
  ].join('; '), { protectedPaths: [...DEFAULT_PROTECTED_PATHS, 'deploy/**'] });
  assert.equal(out.sandboxed, true);
  assert.match(out.output, /Read-only file system/);
  assert.match(out.output, /COMMITTED/, 'a commit works: objects and refs stay writable');
  assert.ok(read(root, '.git/config').includes(GIT_CONFIG_MARK) && !read(root, '.git/config').includes('fsmonitor'));
  assert.equal(fs.existsSync(path.join(root, '.git/hooks/pre-commit')), false);
  assert.equal(read(root, '.vscode/settings.json'), '{"user": true}\n');
  assert.equal(fs.existsSync(path.join(root, '.vscode/tasks.json')), false);
  assert.equal(read(root, '.harness/journal.jsonl'), 'journal\n');
  assert.equal(read(root, 'deploy/prod.sh'), 'echo deploy\n', 'the user\'s own harness.protectedPaths hold too');
  assert.equal(fs.existsSync(path.join(root, 'moved')), false);
  assert.match(execFileSync('git', ['-C', root, 'log', '--oneline']).toString(), /first/);
});

test('a write through a link made inside the sandbox fails, because the target itself is read-only', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace();
  const out = await run(root, [
    'ln -s .git g && echo "[core] fsmonitor = ./pwn.sh" >> g/config',
    'ln -s .git/hooks h && echo "#!/bin/sh" > h/post-checkout',
    'ln -s .vscode v && echo "{}" > v/settings.json',
    'ln .git/config hard 2>&1 || echo HARDLINK-REFUSED',
    'cp -s "$PWD/.git/config" sym && echo "x" >> sym',
    'echo done',
  ].join('; '));
  assert.match(out.output, /HARDLINK-REFUSED/);
  assert.match(out.output, /done/);
  assert.ok(!read(root, '.git/config').includes('fsmonitor'));
  assert.equal(fs.existsSync(path.join(root, '.git/hooks/post-checkout')), false);
  assert.equal(read(root, '.vscode/settings.json'), '{"user": true}\n');
});

test('a protected folder cannot be renamed away and replaced: mv .git .old && git init fails', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace({ '.github/workflows/ci.yml': 'on: push\n' });
  const out = await run(root, [
    'mv .git .git-old 2>&1 || echo GIT-STAYS',
    'mv .github .gh 2>&1 || echo GITHUB-STAYS',
    'mv .github/workflows wf 2>&1 || echo WORKFLOWS-STAY',
    'git -c user.email=a@b -c user.name=a commit -qm one --allow-empty && echo COMMITTED',
  ].join('; '));
  assert.match(out.output, /GIT-STAYS/);
  assert.match(out.output, /GITHUB-STAYS/);
  assert.match(out.output, /WORKFLOWS-STAY/);
  assert.match(out.output, /COMMITTED/, '.git stays writable below its pinned files');
  assert.deepEqual(fs.readdirSync(root).filter((n) => /^\.(git|gh)/.test(n)).sort(), ['.git', '.github']);
  assert.ok(read(root, '.git/config').includes(GIT_CONFIG_MARK));
});

test('protected paths that do not exist yet cannot be created, and nothing is left behind in the workspace', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-enforce-')));
  fs.writeFileSync(path.join(root, 'a.txt'), 'a\n');
  const before = fs.readdirSync(root).sort();
  const out = await run(root, 'mkdir -p .vscode && echo "{}" > .vscode/tasks.json; git init -q . && echo INIT-OK; ls -A; echo new > b.txt');
  assert.doesNotMatch(out.output, /INIT-OK/, 'git init cannot make a .git folder here');
  assert.equal(read(root, 'b.txt'), 'new\n', 'ordinary new files still land');
  assert.deepEqual(fs.readdirSync(root).sort(), [...before, 'b.txt'].sort(), 'the placeholders for .vscode and .git are gone');
  // A repository without hooks and info folders: they are pinned for the run, then removed again.
  execFileSync('git', ['init', '-q', root]);
  fs.rmSync(path.join(root, '.git/hooks'), { recursive: true });
  fs.rmSync(path.join(root, '.git/info'), { recursive: true });
  await run(root, 'mkdir -p .git/hooks .git/info; echo "#!/bin/sh" > .git/hooks/pre-commit; echo x > .git/info/attributes');
  assert.equal(fs.existsSync(path.join(root, '.git/hooks')), false);
  assert.equal(fs.existsSync(path.join(root, '.git/info')), false);
  // With extensions.worktreeConfig on, .git/config.worktree is more config: it cannot be created either.
  fs.appendFileSync(path.join(root, '.git/config'), '[extensions]\n\tworktreeConfig = true\n');
  await run(root, 'printf "[core]\\n\\tfsmonitor = ./x\\n" > .git/config.worktree');
  assert.equal(fs.existsSync(path.join(root, '.git/config.worktree')), false);
});

test('placeholders survive while another run still uses them', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-enforce-')));
  const long = run(root, 'sleep 1.5; mkdir .vscode/x 2>&1; echo "{}" > .vscode/settings.json 2>&1; echo LONG-DONE');
  await new Promise((r) => setTimeout(r, 400));
  await run(root, 'true');
  const out = await long;
  assert.match(out.output, /LONG-DONE/);
  assert.equal(fs.existsSync(path.join(root, '.vscode')), false, 'gone once both runs ended, and nothing was written into it');
});

test('a run that needs no placeholder of its own still keeps the ones it saw until it ends', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-enforce-')));
  const first = await prepareSandbox({ root, cwd: root, allowNetwork: false, protectedPaths: [...DEFAULT_PROTECTED_PATHS] });
  assert.ok(fs.existsSync(path.join(root, '.vscode')), 'the first run pinned .vscode');
  // A second run holds the registry before it maps the workspace; it finds .vscode there and pins
  // nothing. Before, such a run was no user at all, and the first run's end swept .vscode from under
  // its bwrap ("Can't find source path .vscode" when an MCP server restarted).
  const second = await holdPlaceholders(root);
  await first.release();
  assert.ok(fs.existsSync(path.join(root, '.vscode')), 'still there while the second run holds it');
  await second.release();
  assert.equal(fs.existsSync(path.join(root, '.vscode')), false, 'gone once neither run uses it');
});

test('secret files in the workspace read as empty, also through a link', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace();
  const out = await run(root, 'cat .env config/.env.production keys/id_ecdsa settings.txt; echo END');
  assert.match(out.output, /END/);
  for (const secret of ['env-secret-123', 'prod-secret-456', 'PRIVATE-KEY-789']) assert.doesNotMatch(out.output, new RegExp(secret));
  assert.equal(read(root, '.env'), 'API_TOKEN=env-secret-123\n', 'the real file is untouched');
});

test('the home folder, other users\' folders and /etc secrets are hidden; /tmp and /proc are private', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace();
  const inHome = fs.mkdtempSync(path.join(os.homedir(), '.harness-enforce-'));
  fs.writeFileSync(path.join(inHome, 'secret.txt'), 'home-secret-abc\n');
  const inTmp = path.join(os.tmpdir(), `harness-host-tmp-${process.pid}`);
  fs.writeFileSync(inTmp, 'host-tmp-def\n');
  try {
    const out = await run(root, [
      `cat ${inHome}/secret.txt 2>&1`,
      `cat ${inTmp} 2>&1`,
      'ls ~/.ssh 2>&1 | head -3',
      'ls /home 2>&1',
      'cat /etc/shadow 2>&1',
      'echo PIDS $(ls /proc | grep -cE "^[0-9]+$")',
      'cat /proc/*/cmdline 2>/dev/null | tr "\\0" " "; echo',
      'echo END',
    ].join('; '));
    assert.match(out.output, /END/);
    assert.doesNotMatch(out.output, /home-secret-abc/);
    assert.doesNotMatch(out.output, /host-tmp-def/);
    assert.doesNotMatch(out.output, /^root:/m, '/etc/shadow is hidden');
    assert.match(out.output, /ls: cannot access '\/home'/);
    assert.ok(Number(/PIDS (\d+)/.exec(out.output)?.[1]) < 10, 'only the sandbox\'s own processes are in /proc');
    assert.doesNotMatch(out.output, /--test/, 'the host\'s processes (this test runner) are not visible');
    if (fs.existsSync(path.join(os.homedir(), '.ssh'))) assert.match(out.output, /ls: cannot access '[^']*\.ssh'/);
  } finally {
    fs.rmSync(inHome, { recursive: true, force: true });
    fs.rmSync(inTmp, { force: true });
  }
});

test('a toolchain installed under home keeps working without the rest of home', async (t) => {
  if (!(await sandboxHere(t))) return;
  const home = os.homedir();
  const dir = (process.env.PATH ?? '').split(':').find((d) => d.startsWith(home + '/') && fs.existsSync(d) && fs.readdirSync(d).length > 0);
  if (!dir) return t.skip('no PATH entry under the home folder on this machine');
  const tool = fs.readdirSync(dir).find((f) => {
    try {
      fs.accessSync(path.join(dir, f), fs.constants.X_OK);
      return fs.statSync(path.join(dir, f)).isFile();
    } catch {
      return false;
    }
  });
  if (!tool) return t.skip(`no program in ${dir}`);
  const out = await run(workspace(), `command -v ${tool} && echo FOUND; node --version`);
  assert.match(out.output, /FOUND/, `${tool} from ${dir} is visible`);
  assert.match(out.output, /^v\d+/m, 'node runs');
});

test('what the git config names as a program or include stays read-only too', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace({ 'tools/fsmon.sh': '#!/bin/sh\nexit 0\n', 'shared.gitconfig': '[alias]\n\tst = status\n' });
  fs.appendFileSync(path.join(root, '.git/config'), '[core]\n\tfsmonitor = ./tools/fsmon.sh\n[include]\n\tpath = ../shared.gitconfig\n');
  await run(root, 'echo "touch /tmp/pwned" >> tools/fsmon.sh; echo "[core] fsmonitor = ./x" >> shared.gitconfig');
  assert.equal(read(root, 'tools/fsmon.sh'), '#!/bin/sh\nexit 0\n');
  assert.equal(read(root, 'shared.gitconfig'), '[alias]\n\tst = status\n');
});

test('a workspace the sandbox cannot pin is refused rather than run unconfined', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace();
  fs.rmSync(path.join(root, '.git/hooks'), { recursive: true });
  fs.mkdirSync(path.join(root, 'githooks'));
  fs.symlinkSync('../githooks', path.join(root, '.git/hooks'));
  await assert.rejects(run(root, 'echo x > .git/hooks/pre-commit'), /refused: the command needs the sandbox but the sandbox cannot confine this workspace: \.git\/hooks is a symbolic link/);
  assert.equal(fs.existsSync(path.join(root, 'githooks/pre-commit')), false);
});

test('a repository a command makes is moved out of git\'s sight afterwards, and the output says so', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace();
  const out = await run(root, 'mkdir sub && cd sub && git init -q && git config core.fsmonitor "touch /tmp/pwned" && echo MADE');
  assert.match(out.output, /MADE/);
  assert.match(out.output, /made a new git repository.*sub\/\.git → sub\/\.git\.harness-disabled/);
  assert.equal(fs.existsSync(path.join(root, 'sub/.git')), false, 'no repository for the editor\'s git to open');
  assert.ok(fs.existsSync(path.join(root, 'sub/.git.harness-disabled/config')), 'kept for review');
  // A workspace that is not a repository: the .git placeholder of the run is not mistaken for one.
  const plain = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-enforce-')));
  const quiet = await run(plain, 'echo hi');
  assert.doesNotMatch(quiet.output, /new git repository/);
  assert.deepEqual(fs.readdirSync(plain), []);
});
