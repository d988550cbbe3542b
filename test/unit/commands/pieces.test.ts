// The smaller pieces: environment scrubbing, the output cap, rule matching and the sed script reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scrubEnvironment, redact } from '../../../src/core/commands/env';
import { CappedOutput } from '../../../src/core/commands/output';
import { matchingRules, describeRule } from '../../../src/core/commands/rules';
import { sedScriptIsDangerous } from '../../../src/core/commands/sed-script';
import { decodeAnsiC } from '../../../src/core/commands/words';

test('scrubbing drops credential-looking names and values holding a secret, keeps the rest', () => {
  const source = {
    PATH: '/usr/bin', HOME: '/home/u', LANG: 'C.UTF-8', TERM: 'xterm',
    GITHUB_TOKEN: 'a', GH_TOKEN: 'b', NPM_TOKEN: 'c', MY_API_KEY: 'd', DB_PASSWORD: 'e', CLIENT_SECRET: 'f',
    AWS_ACCESS_KEY_ID: 'g', AZURE_CLIENT_ID: 'h', OPENAI_BASE_URL: 'i', ANTHROPIC_API_KEY: 'j', HARNESS_API_KEY: 'k',
    SSH_AUTH_SOCK: 'l', GOOGLE_APPLICATION_CREDENTIALS: 'm', MYSQL_PASSWD: 'n', RENAMED: 'sk-secret-value', BASH_ENV: 'x',
  };
  const { env } = scrubEnvironment(source, ['AZURE_CLIENT_ID'], ['sk-secret-value']);
  assert.deepEqual(Object.keys(env).sort(), ['AZURE_CLIENT_ID', 'HOME', 'LANG', 'PATH', 'TERM']);
  assert.equal(redact('key=sk-secret-value!', ['sk-secret-value']), 'key=[REDACTED]!');
});

test('the output cap keeps head and tail and counts what it left out', () => {
  const cap = new CappedOutput(10);
  for (const s of ['abc', 'defgh', 'ijklmnop', 'qrstuvwxyz']) cap.push(Buffer.from(s));
  assert.equal(cap.omittedBytes, 16);
  assert.equal(cap.text(), 'abcde\n[... 16 bytes omitted ...]\nvwxyz');
  const small = new CappedOutput(100);
  small.push(Buffer.from('short'));
  assert.equal(small.text(), 'short');
  assert.equal(small.omittedBytes, 0);
});

test('rules match whole words: prefix, word glob and trailing *', () => {
  const rules = [
    { action: 'allow' as const, command: 'npm test' },
    { action: 'allow' as const, command: 'npm run lint:*' },
    { action: 'allow' as const, command: 'git diff *' },
    { action: 'deny' as const, command: 'git * --force' },
    { action: 'allow' as const, path: 'src/**' },
  ];
  const m = (words: (string | null)[]) => matchingRules(rules, words).map((r) => r.rule.command ?? '');
  assert.deepEqual(m(['npm', 'test']), ['npm test']);
  assert.deepEqual(m(['npm', 'test', '--', '--watch']), ['npm test']);
  assert.deepEqual(m(['npm', 'testx']), []);
  assert.deepEqual(m(['npm', 'run', 'lint:fix']), ['npm run lint:*']);
  assert.deepEqual(m(['npm', 'run', 'lintfix']), []);
  assert.deepEqual(m(['git', 'diff']), ['git diff *']);
  assert.deepEqual(m(['git', 'push', 'origin', '--force']), ['git * --force']);
  assert.deepEqual(m(['npm', null]), []);
  assert.equal(describeRule({ action: 'allow', command: 'npm test', source: 'workspace' }), 'allow "npm test" (workspace)');
});

test('sed scripts: w, e, r and s///w|e are dangerous, printing and substituting are not', () => {
  for (const s of ['w out', '1w out', 's/a/b/w out', 's/a/b/e', '1e id', '$r /etc/passwd', 's|a|b|gw x', '/x/ W y', 'Z']) assert.equal(sedScriptIsDangerous(s), true, s);
  for (const s of ['s/a/b/g', '1,5p', '/^#/d', 's/w/e/', 's/\\/w/x/', '1!G;h;$!d', 'y/abc/xyz/', '/start/,/end/{s/a/b/;p}']) assert.equal(sedScriptIsDangerous(s), false, s);
});

test("$'...' strings decode like bash", () => {
  assert.equal(decodeAnsiC('\\x72m'), 'rm');
  assert.equal(decodeAnsiC('\\162m'), 'rm');
  assert.equal(decodeAnsiC('\\u0072m'), 'rm');
  assert.equal(decodeAnsiC('a\\nb\\t'), 'a\nb\t');
});
