// The ripgrep process: killed on cancel and timeout, its output read as it comes and capped, its
// failures turned into a JavaScript search with the same answer. Stand-in scripts play ripgrep where
// the point is the process handling (a hang, endless output, a crash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ripgrepEnv } from '../../../src/core/workspace/rg-locate';
import { ripgrepArgs, runRipgrep } from '../../../src/core/workspace/rg-run';
import { searchFiles } from '../../../src/core/workspace/search';
import { sandbox } from './tmp-workspace';

const posixOnly = process.platform === 'win32' ? 'stand-in scripts need a POSIX shell' : false;

/** A script that answers --version like ripgrep, then runs `body`. */
function fakeRipgrep(dir: string, body: string): string {
  const file = path.join(dir, `fake-rg-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "ripgrep 13.0.0"; exit 0; fi\n${body}\n`, { mode: 0o755 });
  return file;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function pidFrom(file: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
    if (text) return Number(text);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the stand-in never started');
}

const baseOptions = (rgPath: string, cwd: string) => ({
  rgPath,
  cwd,
  start: '.',
  pattern: 'x',
  maxFileBytes: 1000,
  maxFiles: 1000,
  deadline: Date.now() + 30_000,
  threads: 1,
  onFile: () => undefined,
});

test('ripgrep is told to read no config, skip nothing but .git/.harness/node_modules, and the pattern cannot pass for an option', () => {
  const args = ripgrepArgs('-e --files', 5_000_000, 2);
  for (const flag of ['--no-config', '--hidden', '--no-require-git', '--no-ignore-global', '--no-ignore-parent', '--no-ignore-dot', '--no-ignore-exclude', '--text', '--null', '--files-with-matches']) {
    assert.ok(args.includes(flag), flag);
  }
  assert.equal(args[args.indexOf('--regexp') + 1], '-e --files');
  assert.equal(args[args.indexOf('--encoding') + 1], 'none');
  assert.equal(args[args.indexOf('--max-filesize') + 1], '5000000');
  process.env.RIPGREP_CONFIG_PATH = '/tmp/evil-ripgreprc';
  try {
    assert.equal(ripgrepEnv().RIPGREP_CONFIG_PATH, undefined);
  } finally {
    delete process.env.RIPGREP_CONFIG_PATH;
  }
});

test('a cancelled search kills ripgrep at once', { skip: posixOnly }, async () => {
  const sb = sandbox();
  const pidFile = path.join(sb.base, 'pid');
  const rg = fakeRipgrep(sb.base, `echo $$ > ${pidFile}\nexec sleep 30`);
  const controller = new AbortController();
  const started = Date.now();
  const running = runRipgrep({ ...baseOptions(rg, sb.root), signal: controller.signal });
  const pid = await pidFrom(pidFile);
  assert.ok(alive(pid));
  controller.abort();
  assert.deepEqual(await running, { ok: false, why: 'stopped' });
  assert.ok(Date.now() - started < 5000);
  assert.equal(alive(pid), false, 'the process is gone');
});

test('ripgrep is killed at the deadline', { skip: posixOnly }, async () => {
  const sb = sandbox();
  const pidFile = path.join(sb.base, 'pid');
  const rg = fakeRipgrep(sb.base, `echo $$ > ${pidFile}\nexec sleep 30`);
  const result = await runRipgrep({ ...baseOptions(rg, sb.root), deadline: Date.now() + 300 });
  assert.deepEqual(result, { ok: false, why: 'timed out' });
  assert.equal(alive(await pidFrom(pidFile)), false);
});

test('output is read as it comes and capped: endless file names end the process', { skip: posixOnly }, async () => {
  const sb = sandbox();
  const rg = fakeRipgrep(sb.base, `yes a.txt | tr '\\n' '\\000'`);
  let seen = 0;
  const result = await runRipgrep({ ...baseOptions(rg, sb.root), maxFiles: 5000, onFile: () => seen++ });
  assert.deepEqual(result, { ok: false, why: 'reported more than 5000 files' });
  assert.equal(seen, 5000);
});

test('output that is not NUL-separated names ends the process', { skip: posixOnly }, async () => {
  const sb = sandbox();
  const rg = fakeRipgrep(sb.base, 'yes');
  let seen = 0;
  const result = await runRipgrep({ ...baseOptions(rg, sb.root), onFile: () => seen++ });
  assert.deepEqual(result, { ok: false, why: 'printed something that is not a file name' });
  assert.equal(seen, 0);
});

test('names come back workspace-relative, even with a newline or a colon in them', { skip: posixOnly }, async () => {
  const sb = sandbox();
  const rg = fakeRipgrep(sb.base, `printf './a:b.txt\\000./new\\nline\\000./sub/c.txt\\000'`);
  const seen: string[] = [];
  assert.deepEqual(await runRipgrep({ ...baseOptions(rg, sb.root), onFile: (f) => seen.push(f) }), { ok: true });
  assert.deepEqual(seen, ['a:b.txt', 'new\nline', 'sub/c.txt']);
});

test("exit code 2 is fine when ripgrep only could not read some paths, and a failure otherwise", { skip: posixOnly }, async () => {
  const sb = sandbox();
  const unreadable = fakeRipgrep(sb.base, `echo './data/pg: Permission denied (os error 13)' >&2\nexit 2`);
  assert.deepEqual(await runRipgrep(baseOptions(unreadable, sb.root)), { ok: true });
  const rejected = fakeRipgrep(sb.base, `echo 'regex parse error:' >&2\necho '    (?<' >&2\nexit 2`);
  assert.deepEqual(await runRipgrep(baseOptions(rejected, sb.root)), { ok: false, why: 'exit code 2: regex parse error:' });
  assert.deepEqual(await runRipgrep(baseOptions(path.join(sb.base, 'missing-rg'), sb.root)), {
    ok: false,
    why: `could not start ${path.join(sb.base, 'missing-rg')}: spawn ${path.join(sb.base, 'missing-rg')} ENOENT`,
    spawnFailed: true,
  });
});

function project() {
  const sb = sandbox();
  sb.write('a.txt', 'needle one\n');
  sb.write('sub/b.txt', 'no\nneedle two\n');
  sb.write('.env', 'needle=secret\n');
  return sb;
}

test('when ripgrep fails, the search answers in JavaScript, the same, and says why', { skip: posixOnly }, async () => {
  const sb = project();
  const options = { pattern: 'needle', maxResults: 10, maxFileBytes: 10_000, skipFile: (rel: string) => rel === '.env' };
  const js = await searchFiles(sb.root, options);
  const broken = fakeRipgrep(sb.base, `echo 'regex parse error' >&2\nexit 2`);
  const res = await searchFiles(sb.root, { ...options, rgPath: broken, headFiles: 0 });
  assert.deepEqual(res.matches, js.matches);
  assert.equal(res.note, js.note);
  assert.equal(res.engine, 'javascript');
  assert.match(res.engineNote ?? '', /ripgrep failed: exit code 2: regex parse error/);
  assert.equal(js.matches.length, 2);

  const notRipgrep = path.join(sb.base, 'not-rg');
  fs.writeFileSync(notRipgrep, '#!/bin/sh\necho hello\n', { mode: 0o755 });
  const other = await searchFiles(sb.root, { ...options, rgPath: notRipgrep });
  assert.deepEqual(other.matches, js.matches);
  assert.equal(other.engine, 'javascript');
  assert.match(other.engineNote ?? '', /does not run as ripgrep/);
});

test('a ripgrep that reports files our walk does not list (or that do not match) changes nothing', { skip: posixOnly }, async () => {
  const sb = project();
  sb.write('.gitignore', 'ignored.txt\n');
  sb.write('ignored.txt', 'needle three\n');
  const liar = fakeRipgrep(sb.base, `printf './ignored.txt\\000./.env\\000./../outside/secret.txt\\000./sub/b.txt\\000./nope.txt\\000'`);
  const res = await searchFiles(sb.root, { pattern: 'needle', maxResults: 10, maxFileBytes: 10_000, skipFile: (rel) => rel === '.env', rgPath: liar, headFiles: 0 });
  assert.equal(res.engine, 'ripgrep');
  // a.txt was not reported, so it is not opened: ripgrep's answer narrows, our walk bounds it.
  assert.deepEqual(res.matches, [{ path: 'sub/b.txt', line: 2, text: 'needle two' }]);
});

test('cancelling a search rejects with AbortError and kills ripgrep', { skip: posixOnly }, async () => {
  const sb = project();
  const pidFile = path.join(sb.base, 'pid');
  const rg = fakeRipgrep(sb.base, `echo $$ > ${pidFile}\nexec sleep 30`);
  const controller = new AbortController();
  const searching = searchFiles(sb.root, { pattern: 'needle', maxResults: 10, maxFileBytes: 10_000, rgPath: rg, headFiles: 0, signal: controller.signal });
  const pid = await pidFrom(pidFile);
  controller.abort();
  await assert.rejects(searching, (err: Error) => err.name === 'AbortError');
  assert.equal(alive(pid), false);
});
