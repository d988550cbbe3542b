import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSecrets, secretScanCheck, maskSecret } from '../../../src/core/verify/secrets';

const AWS = 'AKIAIOSFODNN7EXAMPLQ';
const GHP = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const GHPAT = 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz';
const SK = 'sk-proj-' + 'Q1w2E3r4T5y6U7i8O9p0A1s2D3f4';
const SLACK = 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const GOOGLE = 'AIza' + 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const GENERIC = 'Zx9fK2mQ7pL4vB8nR3tW';

const cases: [string, string, string][] = [
  ['AWS access key', 'src/aws.ts', `const key = "${AWS}";`],
  ['GitHub token', 'src/gh.ts', `token: '${GHP}'`],
  ['GitHub fine-grained token', 'src/gh2.ts', `const t = "${GHPAT}";`],
  ['OpenAI-style key', 'src/ai.py', `client = OpenAI(api_key_value="${SK}")`],
  ['Slack token', 'bot.js', `const slack = "${SLACK}";`],
  ['Google API key', 'maps.ts', `const maps = "${GOOGLE}";`],
  ['JWT', 'auth.ts', `const session = "${JWT}";`],
  ['generic api_key assignment', 'config.py', `api_key = "${GENERIC}"`],
  ['password assignment', 'db.yml', `password: "${GENERIC}"`],
];

for (const [kind, path, line] of cases) {
  test(`secret scan catches and masks: ${kind}`, () => {
    const check = secretScanCheck([{ path, before: 'first line\n', after: `first line\n${line}\n` }]);
    assert.equal(check.passed, false);
    assert.equal(check.severity, 'critical');
    assert.equal(check.file, path);
    assert.equal(check.line, 2);
    const secret = line.match(/["']([^"']+)["']/)![1];
    const shown = `${check.summary}\n${check.details}`;
    assert.ok(!shown.includes(secret), `the whole secret must not be echoed: ${shown}`);
    assert.match(check.details!, /\*{8} \(\d+ chars\)/);
  });
}

test('secret scan catches a private key block', () => {
  const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx7secretbody\n-----END RSA PRIVATE KEY-----\n';
  const check = secretScanCheck([{ path: 'keys/id_rsa', before: null, after: key }]);
  assert.equal(check.passed, false);
  assert.equal(check.line, 1);
  assert.ok(!check.details!.includes('MIIEowIBAAKCAQEAx7secretbody'));
});

test('anything written to a .env file is critical, values masked', () => {
  const check = secretScanCheck([{ path: 'app/.env.local', before: '# config\n', after: '# config\nDATABASE_URL=postgres://u:hunter2@db/app\n' }]);
  assert.equal(check.passed, false);
  assert.equal(check.line, 2);
  assert.ok(!check.details!.includes('hunter2'));
  assert.match(check.details!, /\.env content/);
});

test('a benign diff passes the secret scan', () => {
  const before = 'export function add(a, b) {\n  return a + b;\n}\n';
  const after =
    'export function add(a: number, b: number) {\n  return a + b;\n}\nconst apiKey = process.env.API_KEY;\nconst password = "password";\nconst token = getToken();\nconst skipIt = "sk-short";\nconst cls = "task-list-item-checkbox-enabled";\n';
  const check = secretScanCheck([{ path: 'src/math.ts', before, after }]);
  assert.equal(check.passed, true, check.details);
});

test('a secret already in the file before the edit is not blamed on the agent (only added lines count)', () => {
  const before = `const key = "${AWS}";\nconst x = 1;\n`;
  const after = `const key = "${AWS}";\nconst x = 2;\n`;
  assert.deepEqual(findSecrets([{ path: 'a.ts', before, after }]), []);
});

test('a deleted file adds nothing', () => {
  assert.equal(secretScanCheck([{ path: 'a.ts', before: `k="${AWS}"`, after: null }]).passed, true);
});

test('masking keeps a short prefix and the length, never the secret', () => {
  assert.equal(maskSecret(AWS), 'AKIA******** (20 chars)');
  assert.equal(maskSecret('abcdefghij'), '******** (10 chars)');
});
