// The two regimes (issue 11): without an enforcing sandbox level 4 runs only known read-only commands
// with their flags checked, only the user's own rules allow anything else, and harness.unsandboxedAutonomy
// is the user's opt-out; inside the sandbox network clients ask only when the network is on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decideCommand, type CommandContext } from '../../../src/core/commands/decide';
import { decidePolicyCommand } from '../../../src/core/policy/engine';
import { resetSandboxProbe } from '../../../src/core/commands/sandbox';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/core/workspace/protected';
import type { PolicyConfig, PolicyRule } from '../../../src/core/shared/types';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-regimes-')));
for (const [rel, content] of Object.entries({ 'README.md': '# x\n', 'src/a.ts': 'a\n', 'a.txt': 'a\n', 'keys/server.key': 'KEY\n', '.env': 'T=1\n' })) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}
const PATH = '/usr/local/bin:/usr/bin:/bin';
const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({ root, rules: [], level: 4, home: '/home/tester', sandboxed: false, pathEnv: PATH, ...over });

const READ_ONLY = ['ls', 'ls -la src', 'cat README.md', 'head -n 3 a.txt', 'tail -n 1 a.txt', 'wc -l src/a.ts', 'grep -n a src/a.ts', 'grep -rn a src', 'rg a src', 'pwd', 'echo hi',
  'git status', 'git status --short', 'git diff --stat', 'git log --oneline -5', 'git show HEAD', 'git branch', "git branch --list 'f*'", 'git tag', 'git remote -v', 'git config --get user.name',
  'git --no-pager log -1', "sed -n '1,5p' a.txt", "find . -name '*.ts'", 'node --version', 'ls | wc -l', 'git status && git diff', 'cat a.txt 2>/dev/null', 'cd src && ls', 'diff a.txt README.md',
  'sort a.txt | uniq -c', 'jq . package.json', 'tree src', 'du -sh src', 'which node', 'stat a.txt', 'file a.txt', 'basename src/a.ts'];
const NOT_READ_ONLY = ["sed -i 's/a/b/' a.txt", "find src -exec grep -l a {} +", 'find src | xargs wc -l', 'git commit -m x', 'git branch newbranch', 'git tag v1', 'git remote add o u', 'git stash',
  'npm test', 'make', 'node x.js', 'ls > out.txt', 'sort -o out a.txt', 'rg --pre cat a', 'git -C src status', 'git -c core.pager=cat log', './ls', 'uniq a.txt b.txt', 'tree -o out src',
  'date -s 2020-01-01', 'node --version --eval 1', 'git diff --output=x', 'git branch -D main', 'git config user.name x', 'git stash drop', 'touch x', 'mkdir d', 'cp a.txt b.txt',
  'grep -r T .', 'cat keys/*', 'rg -uu T', "find . -name '*.o' -delete", 'find . -fprint out', 'sed -f s.sed a.txt', "sed 's/a/b/w out' a.txt", 'xxd a.txt out', 'yq -i .x f.yml'];

test('without a sandbox, level 4 runs exactly the known read-only commands unasked', async () => {
  const wrong: string[] = [];
  for (const cmd of READ_ONLY) {
    const d = await decideCommand(cmd, ctx());
    if (d.decision !== 'allow') wrong.push(`${cmd} asked: ${d.reason}`);
  }
  for (const cmd of NOT_READ_ONLY) {
    const d = await decideCommand(cmd, ctx());
    if (d.decision === 'allow') wrong.push(`${cmd} ran unasked: ${d.reason}`);
  }
  assert.deepEqual(wrong, []);
  const d = await decideCommand('npm test', ctx());
  assert.match(d.reason, /no sandbox confines commands here: automation level 4 runs only known read-only commands/);
});

test('inside the sandbox the same commands run at level 4, and level 3 still asks without a rule', async () => {
  for (const cmd of [...READ_ONLY, 'npm test', 'make', "sed -i 's/a/b/' a.txt", 'find src | xargs wc -l']) {
    assert.equal((await decideCommand(cmd, ctx({ sandboxed: true }))).decision, 'allow', cmd);
    assert.equal((await decideCommand(cmd, ctx({ sandboxed: true, level: 3 }))).decision, 'ask', cmd);
  }
});

test('a read-only command is not trusted when PATH holds a workspace folder (a planted ls would run)', async () => {
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  for (const p of [`${root}/bin:${PATH}`, `.:${PATH}`, `${PATH}:`]) {
    assert.equal((await decideCommand('ls', ctx({ pathEnv: p }))).decision, 'ask', p);
  }
  assert.equal((await decideCommand('ls', ctx({ pathEnv: `${root}/bin:${PATH}`, sandboxed: true }))).decision, 'allow', 'the sandbox confines whatever ls is');
});

test('without a sandbox, a workspace allow rule allows only read-only commands; the user\'s own rules allow theirs', async () => {
  const rule = (source: string): PolicyRule[] => [{ action: 'allow', command: 'npm test', source }, { action: 'allow', command: 'git status', source }];
  for (const level of [3, 4] as const) {
    const ws = await decideCommand('npm test', ctx({ level, rules: rule('workspace') }));
    assert.equal(ws.decision, 'ask', `level ${level}`);
    assert.match(ws.reason, /comes from the workspace's settings.*only your own rules allow commands that are not read-only/);
    assert.equal((await decideCommand('git status', ctx({ level, rules: rule('workspace') }))).decision, 'allow');
    for (const source of ['user', 'cli', 'approval']) assert.equal((await decideCommand('npm test', ctx({ level, rules: rule(source) }))).decision, 'allow', source);
    assert.equal((await decideCommand('npm test', ctx({ level, rules: rule('workspace'), sandboxed: true }))).decision, 'allow', 'inside the sandbox the workspace rule holds');
  }
});

test('harness.unsandboxedAutonomy runs level 4 commands without a sandbox, but what the sandbox would contain still asks', async () => {
  assert.equal((await decideCommand('npm test', ctx({ unsandboxedAutonomy: true }))).decision, 'allow');
  assert.match((await decideCommand('make', ctx({ unsandboxedAutonomy: true }))).reason, /WITHOUT a sandbox: harness\.unsandboxedAutonomy is on/);
  assert.equal((await decideCommand("sed -i 's/a/b/' a.txt", ctx({ unsandboxedAutonomy: true }))).decision, 'ask');
  assert.equal((await decideCommand('curl https://x -o f', ctx({ unsandboxedAutonomy: true }))).decision, 'ask', 'the network is always on without a sandbox');
  assert.equal((await decideCommand('npm test', ctx({ unsandboxedAutonomy: true, level: 3 }))).decision, 'ask', 'level 3 is not changed by it');
});

test('network clients run in the sandbox while its network is off, and ask once it is on', async () => {
  for (const cmd of ['curl https://example.com -o page.html', 'npm install', 'git fetch', 'pip install requests', 'wget https://x']) {
    assert.equal((await decideCommand(cmd, ctx({ sandboxed: true }))).decision, 'allow', cmd);
    const on = await decideCommand(cmd, ctx({ sandboxed: true, allowNetwork: true }));
    assert.equal(on.decision, 'ask', cmd);
    assert.match(on.reason, /reaches the network, which is on/);
  }
});

test('decidePolicyCommand judges under the regime the probe finds and says which it is', async () => {
  const policy: PolicyConfig = { automationLevel: 4, rules: [], protectedPaths: [...DEFAULT_PROTECTED_PATHS], sandbox: 'auto' };
  resetSandboxProbe([]);
  try {
    const d = await decidePolicyCommand('npm test', policy, root);
    assert.equal(d.decision, 'ask');
    assert.deepEqual(d.regime, { sandboxed: false, reason: 'bubblewrap (bwrap) is not installed; install the "bubblewrap" package' });
    assert.equal((await decidePolicyCommand('git status', policy, root)).decision, 'allow');
    assert.equal((await decidePolicyCommand('npm test', { ...policy, unsandboxedAutonomy: true }, root)).decision, 'allow');
  } finally {
    resetSandboxProbe();
  }
  const off = await decidePolicyCommand('npm test', { ...policy, sandbox: 'off' }, root);
  assert.equal(off.decision, 'ask');
  assert.deepEqual(off.regime, { sandboxed: false, reason: 'harness.sandbox is "off"' });
});

test('a link to outside is judged where it leads: by name always, through a following search or glob without a sandbox', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-regimes-links-')));
  fs.writeFileSync(path.join(dir, 'a.txt'), 'a\n');
  fs.symlinkSync('/etc/passwd', path.join(dir, 'notes'));
  const at = (over: Partial<CommandContext>) => ctx({ root: dir, ...over });
  for (const sandboxed of [true, false]) {
    for (const cmd of ['cat notes', 'head notes', 'wc -l notes', 'grep root notes']) {
      const d = await decideCommand(cmd, at({ sandboxed }));
      assert.equal(d.risk, 'critical', `${cmd} (sandboxed: ${sandboxed})`);
      assert.match(d.reason, /names a path outside the workspace \(notes\)/);
    }
  }
  for (const cmd of ['grep -R root .', 'rg -L root', 'cat *', 'head -n1 *']) assert.equal((await decideCommand(cmd, at({})).then((d) => d.decision)), 'ask', cmd);
  assert.equal((await decideCommand('grep -r root .', at({}))).decision, 'allow', 'grep -r does not follow the links it meets');
  assert.equal((await decideCommand('cat a.txt', at({}))).decision, 'allow');
});
