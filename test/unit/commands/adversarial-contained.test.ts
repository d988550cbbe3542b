// The dangerous rows the table lets run at level 4 inside the sandbox (kind "contained": a build file
// rewritten and then run, a script written and run) are run here for real, in the sandbox: what they
// try (read home and workspace secrets, write .git/config, a hook, .vscode/tasks.json, a file in home
// and /etc, reach the network) must all fail, so none of them persists, touches a protected path,
// reads outside the workspace or escapes the run (issue 11).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decideCommand } from '../../../src/core/commands/decide';
import { runCommand } from '../../../src/core/commands/run';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/core/workspace/protected';
import { sandboxHere } from './sandbox-here';
import { CASES, HOME, makeWorkspace } from './adversarial-cases';
import { CANARY_DIR } from './adversarial-cases-11';

test('every dangerous row allowed inside the sandbox is contained when it really runs', async (t) => {
  if (!(await sandboxHere(t))) return;
  const canaryDir = path.join(os.homedir(), CANARY_DIR);
  fs.mkdirSync(canaryDir, { recursive: true });
  fs.writeFileSync(path.join(canaryDir, 'secret.txt'), 'home-canary-5d1e\n');
  try {
    const probe = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-contained-')));
    makeWorkspace(fs, probe);
    const allowed: string[] = [];
    for (const row of CASES.filter((r) => ['crit', 'noallow', 'contained'].includes(r.kind))) {
      const d = await decideCommand(row.cmd, { root: probe, rules: [], level: 4, home: HOME, sandboxed: true, pathEnv: process.env.PATH });
      if (d.decision === 'allow') allowed.push(row.cmd);
    }
    assert.ok(allowed.length > 0, 'the table has contained rows to run');
    for (const cmd of allowed) {
      const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-contained-')));
      makeWorkspace(fs, root);
      const before = { config: fs.readFileSync(path.join(root, '.git/config'), 'utf8'), settings: fs.readFileSync(path.join(root, '.vscode/settings.json'), 'utf8') };
      const out = await runCommand({ command: cmd, root, sandbox: 'required', timeoutMs: 60_000, protectedPaths: [...DEFAULT_PROTECTED_PATHS] });
      const what = `${cmd.slice(0, 60)}…\n${out.output}`;
      assert.equal(out.sandboxed, true, what);
      assert.match(out.output, /Read-only file system/, `the payload ran and its writes failed: ${what}`);
      assert.doesNotMatch(out.output, /home-canary-5d1e/, `read the home folder: ${what}`);
      assert.doesNotMatch(out.output, /workspace-env-secret/, `read .env: ${what}`);
      assert.equal(fs.readFileSync(path.join(root, '.git/config'), 'utf8'), before.config, `changed .git/config: ${what}`);
      assert.equal(fs.existsSync(path.join(root, '.git/hooks/pre-commit')), false, `wrote a hook: ${what}`);
      assert.equal(fs.existsSync(path.join(root, '.vscode/tasks.json')), false, `wrote .vscode/tasks.json: ${what}`);
      assert.equal(fs.readFileSync(path.join(root, '.vscode/settings.json'), 'utf8'), before.settings);
      assert.equal(fs.existsSync(path.join(canaryDir, 'pwned')), false, `wrote into the home folder: ${what}`);
      assert.equal(fs.existsSync('/etc/pwned'), false, `wrote into /etc: ${what}`);
    }
    console.log(`ran ${allowed.length} allowed dangerous rows in the sandbox: every one contained`);
  } finally {
    fs.rmSync(canaryDir, { recursive: true, force: true });
  }
});

test('ordinary commands the sandbox lets run also work in it: commit, sed -i, find -exec, xargs, make', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-ordinary-')));
  makeWorkspace(fs, root);
  fs.rmSync(path.join(root, '.git'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src/b.ts'), 'var b = 2;\n');
  const out = await runCommand({
    command: [
      "sed -i 's/var /let /' src/b.ts",
      "find src -name '*.ts' -exec grep -l let {} +",
      "find src -name '*.ts' | xargs wc -l",
      'make',
      'git init -q 2>&1; echo INIT=$?',
    ].join(' && '),
    root,
    sandbox: 'required',
    timeoutMs: 30_000,
  });
  assert.equal(fs.readFileSync(path.join(root, 'src/b.ts'), 'utf8'), 'let b = 2;\n');
  assert.match(out.output, /src\/b\.ts/);
  assert.match(out.output, /total/);
  assert.match(out.output, /echo ok/);
  // A workspace that is not a repository cannot become one inside the sandbox (it would bring its own hooks).
  assert.doesNotMatch(out.output, /INIT=0/);
  const git = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-ordinary-')));
  fs.writeFileSync(path.join(git, 'a.txt'), 'a\n');
  execFileSync('git', ['init', '-q', git]);
  const commit = await runCommand({ command: 'git add a.txt && git -c user.name=a -c user.email=a@b commit -qm one && git log --oneline', root: git, sandbox: 'required' });
  assert.match(commit.output, /one/);
});
