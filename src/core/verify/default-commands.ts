// Verification commands suggested from what the workspace contains. Suggestions only: the
// workspace may be hostile (its `test` script runs its own code), so runChecks still asks the policy.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SuggestedCommand {
  command: string;
  reason: string;
}

const MAX_MANIFEST_BYTES = 1024 * 1024;
const NPM_PLACEHOLDER_TEST = /no test specified/;
const ESLINT_CONFIGS = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  '.eslintrc',
  '.eslintrc.js',
  '.eslintrc.cjs',
  '.eslintrc.json',
  '.eslintrc.yml',
  '.eslintrc.yaml',
];

function readSmall(path: string): string | null {
  try {
    if (!statSync(path).isFile() || statSync(path).size > MAX_MANIFEST_BYTES) return null;
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

interface PackageJson {
  scripts?: Record<string, unknown>;
  eslintConfig?: unknown;
}

function readPackageJson(root: string): PackageJson | null {
  const text = readSmall(join(root, 'package.json'));
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as PackageJson) : null;
  } catch {
    return null; // a broken manifest suggests nothing rather than failing the task
  }
}

function runner(root: string): 'npm' | 'pnpm' | 'yarn' {
  if (existsSync(join(root, 'pnpm-lock.yaml'))) return 'pnpm';
  if (existsSync(join(root, 'yarn.lock'))) return 'yarn';
  return 'npm';
}

export async function suggestVerificationCommands(root: string): Promise<SuggestedCommand[]> {
  const out: SuggestedCommand[] = [];
  const pkg = readPackageJson(root);
  const scripts = pkg?.scripts && typeof pkg.scripts === 'object' ? pkg.scripts : {};
  const script = (name: string) => (typeof scripts[name] === 'string' ? (scripts[name] as string) : null);
  const pm = runner(root);

  const test = script('test');
  if (test && !NPM_PLACEHOLDER_TEST.test(test)) out.push({ command: `${pm} test`, reason: 'package.json has a test script' });

  if (script('typecheck')) out.push({ command: `${pm} run typecheck`, reason: 'package.json has a typecheck script' });
  else if (existsSync(join(root, 'tsconfig.json'))) out.push({ command: 'npx tsc --noEmit', reason: 'the workspace has a tsconfig.json' });

  const hasEslint = ESLINT_CONFIGS.some((f) => existsSync(join(root, f))) || pkg?.eslintConfig !== undefined;
  if (script('lint')) out.push({ command: `${pm} run lint`, reason: 'package.json has a lint script' });
  else if (hasEslint) out.push({ command: 'npx eslint .', reason: 'the workspace has an ESLint config' });

  const pyproject = readSmall(join(root, 'pyproject.toml'));
  if (existsSync(join(root, 'pytest.ini')) || (pyproject !== null && pyproject.includes('[tool.pytest'))) {
    out.push({ command: 'python -m pytest -q', reason: 'the workspace configures pytest' });
  }
  return out;
}
