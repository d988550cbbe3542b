import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PROTECTED_PATHS, globToRegExp, isProtected, matchesGlob } from '../../../src/core/workspace/protected';

test('glob: * stays inside one segment, ** crosses folders', () => {
  assert.equal(matchesGlob('src/a.ts', 'src/*.ts'), true);
  assert.equal(matchesGlob('src/deep/a.ts', 'src/*.ts'), false);
  assert.equal(matchesGlob('src/deep/a.ts', 'src/**/*.ts'), true);
  assert.equal(matchesGlob('src/a.ts', 'src/**/*.ts'), true, '**/ matches zero folders');
  assert.equal(matchesGlob('src/x/y/z', 'src/**'), true);
  assert.equal(matchesGlob('src', 'src/**'), false);
  assert.equal(matchesGlob('a/x/y/b', 'a/**/b'), true);
  assert.equal(matchesGlob('a/b', 'a/**/b'), true);
});

test('glob: ? and character classes never match a slash', () => {
  assert.equal(matchesGlob('a1.txt', 'a?.txt'), true);
  assert.equal(matchesGlob('a/b', 'a?b'), false);
  assert.equal(matchesGlob('file-b.md', 'file-[abc].md'), true);
  assert.equal(matchesGlob('file-d.md', 'file-[abc].md'), false);
  assert.equal(matchesGlob('file-d.md', 'file-[!abc].md'), true);
  assert.equal(matchesGlob('a/b', 'a[/]b'), false);
});

test('glob: braces give alternatives, including nested ones', () => {
  assert.equal(matchesGlob('src/a.ts', 'src/*.{ts,tsx}'), true);
  assert.equal(matchesGlob('src/a.tsx', 'src/*.{ts,tsx}'), true);
  assert.equal(matchesGlob('src/a.js', 'src/*.{ts,tsx}'), false);
  assert.equal(matchesGlob('lib/a.mjs', '{src,lib}/*.{ts,{m,c}js}'), true);
  assert.equal(matchesGlob('a{b', 'a{b'), true, 'an unclosed brace is literal');
});

test('glob: a pattern without a slash matches the basename at any depth; a leading slash anchors', () => {
  assert.equal(matchesGlob('docs/deep/readme.md', '*.md'), true);
  assert.equal(matchesGlob('readme.md', '/*.md'), true);
  assert.equal(matchesGlob('docs/readme.md', '/*.md'), false);
  assert.equal(matchesGlob('docs/readme.md', 'docs/*.md'), true);
  assert.equal(matchesGlob('x/docs/readme.md', 'docs/*.md'), false, 'patterns with a slash are anchored at the root');
  assert.equal(matchesGlob('build/out/x.js', 'build/'), true, 'a trailing slash covers the folder contents');
});

test('glob: regex metacharacters in patterns are literal', () => {
  assert.equal(matchesGlob('a+b(1).txt', 'a+b(1).txt'), true);
  assert.equal(matchesGlob('aab(1)xtxt', 'a+b(1).txt'), false);
  assert.equal(globToRegExp('$x^').test('$x^'), true);
});

test('protected: git, editor, harness and env files are protected by default', () => {
  const cases: [string, boolean][] = [
    ['.git/config', true],
    ['.git', true],
    ['.git/hooks/pre-commit', true],
    ['sub/module/.git/config', true],
    ['.vscode/settings.json', true],
    ['.vscode/tasks.json', true],
    ['.harness/policy.json', true],
    ['proj.code-workspace', true],
    ['nested/dir/team.code-workspace', true],
    ['.env', true],
    ['.env.local', true],
    ['sub/.env', true],
    ['sub/deep/.env.production', true],
    ['.envrc', true],
    ['.npmrc', true],
    ['.gitattributes', true],
    ['.github/workflows/ci.yml', true],
    ['src/index.ts', false],
    ['README.md', false],
    ['.gitignore', false],
    ['src/environment.ts', false],
    ['docs/git/config.md', false],
  ];
  for (const [rel, expected] of cases) {
    assert.equal(isProtected(rel) !== undefined, expected, rel);
  }
});

test('protected: case variants count (case-insensitive file systems)', () => {
  assert.ok(isProtected('.GIT/config'));
  assert.ok(isProtected('.Git/HEAD'));
  assert.ok(isProtected('.Env.local'));
  assert.ok(isProtected('SUB/.ENV'));
  assert.ok(isProtected('.VSCode/Settings.json'));
  assert.ok(isProtected('Proj.Code-Workspace'));
});

test('protected: Windows name tricks and unicode forms are normalised', () => {
  assert.ok(isProtected('.git./config'), 'trailing dot');
  assert.ok(isProtected('.git /config'), 'trailing space');
  assert.ok(isProtected('.env.'), 'trailing dot on file');
  assert.ok(isProtected('.env::$DATA'), 'NTFS stream');
  assert.ok(isProtected('.git\\config'), 'backslash separator');
  assert.ok(isProtected('./.git/config'), 'leading ./');
  // A custom pattern written in NFC matches a decomposed (NFD) name, as macOS may report it.
  const nfc = 'caf\u00e9/**';
  assert.equal(isProtected('cafe\u0301/menu.txt', [nfc]), nfc);
});

test('protected: returns the pattern that matched; custom pattern lists are honoured', () => {
  assert.equal(isProtected('secrets/key.pem', ['*.pem']), '*.pem');
  assert.equal(isProtected('src/a.ts', ['*.pem']), undefined);
  assert.equal(isProtected('config/prod/db.yml', ['config/prod']), 'config/prod', 'a protected folder covers its files');
  assert.ok(DEFAULT_PROTECTED_PATHS.includes('**/.env*'));
  assert.equal(isProtected('.vscode/settings.json'), '.vscode');
});
