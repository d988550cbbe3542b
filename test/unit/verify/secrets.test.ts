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
  const check = secretScanCheck([{ path: 'app/.env.local', before: '# config\n', after: '# config\nDATABASE_URL=postgres://u:hunter2@db/app\nSESSION_SALT=q81kd0\n' }]);
  assert.equal(check.passed, false);
  assert.equal(check.line, 2);
  assert.ok(!check.details!.includes('hunter2'));
  assert.ok(!check.details!.includes('q81kd0'));
  assert.match(check.details!, /:2: password in a URL/);
  assert.match(check.details!, /:3: \.env content/);
});

test('.env templates (.env.example) and empty values are not secrets; a real key in a template still is', () => {
  const template = 'OPENAI_API_KEY=\nPORT=3000\nAPI_KEY=your-key-here\nSECRET=""\n';
  assert.deepEqual(findSecrets([{ path: '.env.example', before: null, after: template }]), []);
  assert.deepEqual(findSecrets([{ path: '.env', before: null, after: 'OPENAI_API_KEY=\n# comment\n' }]), []);
  const leaked = findSecrets([{ path: '.env.sample', before: null, after: `OPENAI_API_KEY=${SK}\n` }]);
  assert.equal(leaked.length, 1);
});

// Shapes from the providers' docs (made up here, never real keys).
const more: [string, string, string][] = [
  ['OpenAI legacy key', 'ai.ts', `const k = "sk-${'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3'}";`],
  ['Anthropic key', 'claude.py', `client = Anthropic(api_key="sk-ant-api03-${'x9Y8w7V6u5T4s3R2q1P0o9N8m7L6k5J4i3H2g1F0e9D8c7B6a5Z4y3X2w1V0u9T8s7R6q5P4o3N2m1L0k9J8i7H6g5F4e3D2c1B0a9Z8y7X6w5V4u3T2s1R0q-AbCdEf'}")`],
  ['Stripe secret key', 'pay.js', `const stripe = require('stripe')('sk_live_${'51H8xQ2eZvKYlo2C9aBcDeFgHiJkLmNo'}');`],
  ['Stripe restricted key', 'pay.js', `const key = "rk_test_${'51H8xQ2eZvKYlo2C9aBcDeFg'}";`],
  ['AWS secret access key', 'creds.py', `aws_secret_access_key = "${'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzK8q2Lm4Np'}"`],
  ['AWS secret, env style', 'deploy.sh', `export AWS_SECRET_ACCESS_KEY=${'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzK8q2Lm4Np'}`],
  ['short password literal', 'db.py', 'password = "hunter2"'],
  ['password in JSON', 'config.json', '  "dbPassword": "Tr0ub4dor&3",'],
  ['password in YAML, unquoted', 'docker-compose.yml', '      POSTGRES_PASSWORD: s3cr3tPassw0rd'],
  ['password in a connection URL', 'db.ts', 'const url = "postgres://admin:Sup3rS3cret@db.internal:5432/app";'],
  ['bearer token', 'api.ts', `headers: { Authorization: "Bearer ${'q8Zr2LmX0vNc7TbW4yKp1JhD'}" },`],
  ['GitLab token', 'ci.ts', `const t = "glpat-${'Xk2mQ9zR4vT7wB1nL5pY'}";`],
];
for (const [kind, path, line] of more) {
  test(`secret scan catches: ${kind}`, () => {
    const check = secretScanCheck([{ path, before: 'first line\n', after: `first line\n${line}\n` }]);
    assert.equal(check.passed, false, kind);
    assert.equal(check.severity, 'critical');
    assert.equal(check.line, 2);
  });
}

test('ordinary code that talks about passwords, tokens and keys raises nothing', () => {
  const lines = [
    'const apiKey = process.env.OPENAI_API_KEY;',
    'const password = req.body.password;',
    'if (password !== confirmPassword) throw new Error("mismatch");',
    'const TOKEN_KEY = "auth_token_storage_key";',
    'const SIGNIN_TOKEN = "/oauth2/v2.0/initiate";',
    'password: z.string().min(8),',
    'password = getpass.getpass("Password: ")',
    "const token = 'YOUR_TOKEN_HERE';",
    'const password = "********";',
    'const password_hash = "$2b$10$abcdefghijklmnopqrstuv";',
    "const sel = { password: \"input[type='password']\" };",
    '"@secretlint/secretlint-rule-1password": "^11.2.0",',
    'const url = "postgres://user:password@localhost:5432/dev";',
    'const url = `postgres://${user}:${pass}@${host}/db`;',
    'headers.Authorization = `Bearer ${token}`;',
    'const sha = "3f786850e387550fdab836ed7e6dc881de23001b";',
    'const id = "123e4567-e89b-12d3-a456-426614174000";',
    "const cls = 'sk-button-primary-large-rounded';",
    'const integrity = "sha512-Xq3MUO8wYQ5OT6oIiyeNHfmrUF/+3hV0qi2Kb/86+QGvUpzTvKs6dT6z8M2XR9uOO3z+Eo3m+1VpN1ZzmP8OQ==";',
    "login({ user: 'alice', password: 'test1234' });",
  ];
  const after = lines.join('\n') + '\n';
  assert.deepEqual(findSecrets([{ path: 'src/app.ts', before: null, after }]), []);
  assert.deepEqual(findSecrets([{ path: 'config/settings.yml', before: null, after: 'password: ${DB_PASSWORD}\ntoken_url: https://example.com/token\n' }]), []);
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
