// One table of search cases, run on both engines: the JavaScript walk-and-read, and ripgrep choosing
// the files. Every case states what the model must get, the JavaScript engine must give exactly that,
// and ripgrep must give the same result (matches, order, cap, notes) while really running
// (engine 'ripgrep', with no JavaScript head, so ripgrep chose every file that was opened).
// The ripgrep half needs `rg` on PATH (Debian's ripgrep package; CI installs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSecretFile } from '../../../src/core/workspace/secret-files';
import { ripgrepOnPath } from '../../../src/core/workspace/rg-locate';
import { searchFiles, type SearchOptions, type SearchResult } from '../../../src/core/workspace/search';
import { sandbox, type Sandbox } from './tmp-workspace';

const RG = ripgrepOnPath(process.env.PATH, undefined);
const BASE = { maxResults: 100, maxFileBytes: 1024 * 1024 };

interface Case {
  name: string;
  files?: Record<string, string | Buffer>;
  setup?: (sb: Sandbox) => void;
  options: Partial<SearchOptions> & { pattern: string };
  /** `path:line` of every match, in order. */
  expect: string[];
  truncated?: boolean;
  note?: RegExp;
  /** Texts of the matches, when the case is about them. */
  texts?: string[];
  /** Environment variables set while the case runs (to tempt ripgrep with a global config). */
  env?: (sb: Sandbox) => Record<string, string>;
}

// One line per file, so ripgrep's choice of files is its verdict on each line (a file holding an
// emoji is always chosen, so that one has a file of its own).
const PATTERN_LINES = [
  'abc 123', // 1
  'café', // 2
  'naïve_word', // 3
  'tab\there', // 4
  'nbsp\u00a0x', // 5
  '\ufeffbom-start', // 6
  'emoji 😀 end', // 7
  'ſ long s', // 8
  'KELVIN \u212a', // 9
  'aa bb aa', // 10
  '-e --files', // 11
  'x{2} literal braces', // 12
  'AA', // 13
  'price: $5', // 14
  'path/to:file', // 15
].join('\n');

const lineFile = (n: number) => `l${String(n).padStart(2, '0')}.txt`;

/** A case searching PATTERN_LINES: the JavaScript meaning decides, whatever Rust would make of it. */
const patternCase = (name: string, pattern: string, lines: number[], extra: Partial<SearchOptions> = {}): Case => ({
  name: `pattern ${name}: ${pattern}`,
  files: Object.fromEntries(PATTERN_LINES.split('\n').map((line, i) => [lineFile(i + 1), `${line}\n`])),
  options: { pattern, ...extra },
  expect: lines.map((l) => `${lineFile(l)}:1`),
});

const CASES: Case[] = [
  {
    name: 'matches come in walk order: breadth-first, names sorted by code unit',
    files: { 'b.txt': 'x needle\n', 'a/z.txt': 'needle\n', 'a/b/c.txt': 'needle\n', 'B.txt': 'needle\n', 'a.txt': 'no\nneedle here\n' },
    options: { pattern: 'needle' },
    expect: ['B.txt:1', 'a.txt:2', 'b.txt:1', 'a/z.txt:1', 'a/b/c.txt:1'],
  },
  {
    name: 'path scopes the search to a folder',
    files: { 'a/x.txt': 'needle', 'a/b/y.txt': 'needle', 'c.txt': 'needle' },
    options: { pattern: 'needle', path: 'a' },
    expect: ['a/x.txt:1', 'a/b/y.txt:1'],
  },
  {
    name: 'glob: a basename glob at any depth, braces, and globs relative to path',
    files: { 'src/a.ts': 'needle', 'src/b.tsx': 'needle', 'src/deep/c.ts': 'needle', 'docs/d.md': 'needle' },
    options: { pattern: 'needle', path: 'src', glob: '*.{ts,tsx}' },
    expect: ['src/a.ts:1', 'src/b.tsx:1', 'src/deep/c.ts:1'],
  },
  {
    name: '.git, .harness and node_modules are skipped at any depth and in any case; a file so named is not',
    files: {
      '.git/config': 'needle',
      '.GIT/HEAD': 'needle',
      'node_modules/a.js': 'needle',
      'src/node_modules/b.js': 'needle',
      'Node_Modules/c.js': 'needle',
      '.harness/audit.jsonl': 'needle',
      'src/.harness/x': 'needle',
      'lib/node_modules': 'needle',
      'keep.txt': 'needle',
    },
    options: { pattern: 'needle' },
    expect: ['keep.txt:1', 'lib/node_modules:1'],
  },
  {
    name: 'node_modules is searched when named as the path; one nested in it is still skipped',
    files: { 'node_modules/lib/a.js': 'needle', 'node_modules/lib/node_modules/x/b.js': 'needle' },
    options: { pattern: 'needle', path: 'node_modules/lib' },
    expect: ['node_modules/lib/a.js:1'],
  },
  {
    name: 'root .gitignore: comments, blank lines, folders, negation, anchoring, ** and classes',
    files: {
      '.gitignore': ['# build output', '', 'dist/', '*.log', '!keep.log', '/only-root.txt', 'docs/**/*.tmp', 'cache', 'temp?.txt', '*.py[co]'].join('\n'),
      ...Object.fromEntries(
        ['dist/app.js', 'a.log', 'keep.log', 'sub/b.log', 'only-root.txt', 'sub/only-root.txt', 'docs/x/y/z.tmp', 'docs/readme.md', 'sub/cache/c.txt', 'temp1.txt', 'temp10.txt', 'src/dist', 'm.pyc', 'm.py', 'main.ts'].map((f) => [f, 'needle']),
      ),
    },
    options: { pattern: 'needle' },
    expect: ['keep.log:1', 'm.py:1', 'main.ts:1', 'temp10.txt:1', 'docs/readme.md:1', 'src/dist:1', 'sub/only-root.txt:1'],
  },
  {
    name: 'nested .gitignore files apply below their folder, later rules win, negation re-includes',
    files: {
      '.gitignore': '*.gen.ts\n',
      'pkg/.gitignore': '!keep.gen.ts\nlocal/\n/top-only.txt\n',
      ...Object.fromEntries(['a.gen.ts', 'keep.gen.ts', 'pkg/a.gen.ts', 'pkg/keep.gen.ts', 'pkg/local/x.ts', 'local/y.ts', 'pkg/top-only.txt', 'pkg/deep/top-only.txt'].map((f) => [f, 'needle'])),
    },
    options: { pattern: 'needle' },
    expect: ['local/y.ts:1', 'pkg/keep.gen.ts:1', 'pkg/deep/top-only.txt:1'],
  },
  {
    name: 'nested .gitignore of the searched folder and of the folders above it both apply',
    files: { '.gitignore': 'skip-root.txt\n', 'pkg/.gitignore': 'skip-pkg.txt\n', 'pkg/skip-root.txt': 'needle', 'pkg/skip-pkg.txt': 'needle', 'pkg/ok.txt': 'needle' },
    options: { pattern: 'needle', path: 'pkg' },
    expect: ['pkg/ok.txt:1'],
  },
  {
    name: 'a file inside an ignored folder cannot be re-included',
    files: { '.gitignore': 'build/\n!build/keep.txt\n', 'build/keep.txt': 'needle', 'build/x.txt': 'needle', 'ok.txt': 'needle' },
    options: { pattern: 'needle' },
    expect: ['ok.txt:1'],
  },
  {
    name: '.git/info/exclude is honoured at the root',
    files: { '.git/info/exclude': 'secret-notes.txt\n', 'secret-notes.txt': 'needle', 'notes.txt': 'needle' },
    options: { pattern: 'needle' },
    expect: ['notes.txt:1'],
  },
  {
    name: '.gitignore forms ripgrep reads differently (braces, escapes, trailing spaces, ** in a name, CRLF, a linked file) are read our way',
    files: {
      '.gitignore': '*.{js,ts}\n\\#hash.txt\ntrail.txt  \na**b.txt\n',
      'x.js': 'needle',
      '#hash.txt': 'needle',
      'trail.txt': 'needle',
      'aXYb.txt': 'needle',
      'keep.txt': 'needle',
      'sub/.gitignore': 'crlf.txt\r\nother.txt\r\n',
      'sub/crlf.txt': 'needle',
      'sub/kept.txt': 'needle',
      'rules.txt': 'x.txt\n',
      'linked/x.txt': 'needle',
    },
    setup: (sb) => fs.symlinkSync('../rules.txt', path.join(sb.root, 'linked', '.gitignore')),
    options: { pattern: 'needle' },
    expect: ['keep.txt:1', 'x.js:1', 'linked/x.txt:1', 'sub/kept.txt:1'],
  },
  {
    name: 'links are never followed: not a linked file, not a linked folder, not a link outside',
    files: { 'real.txt': 'needle', 'dir/in.txt': 'needle' },
    setup: (sb) => {
      fs.symlinkSync('real.txt', path.join(sb.root, 'link.txt'));
      fs.symlinkSync('dir', path.join(sb.root, 'dirlink'));
      fs.writeFileSync(path.join(sb.outside, 'out.txt'), 'needle\n');
      fs.symlinkSync(path.join(sb.outside, 'out.txt'), path.join(sb.root, 'out-link.txt'));
      fs.symlinkSync(sb.outside, path.join(sb.root, 'outdir'));
    },
    options: { pattern: 'needle' },
    expect: ['real.txt:1', 'dir/in.txt:1'],
  },
  {
    name: 'credential files are not searched, and the model is told how many',
    files: { '.env': 'needle', 'config/.env.local': 'needle', 'key.pem': 'needle', 'a.txt': 'needle' },
    options: { pattern: 'needle', skipFile: isSecretFile },
    expect: ['a.txt:1'],
    note: /^3 file\(s\) holding credentials \(such as \.env\) were not searched; read one by name to ask for approval\.$/,
  },
  {
    name: 'the credential count stops where the result cap stops the search',
    files: { '.env': 'needle', 'a.txt': 'needle\nneedle\n', 'z/.env': 'needle' },
    options: { pattern: 'needle', skipFile: isSecretFile, maxResults: 1 },
    expect: ['a.txt:1'],
    truncated: true,
    note: /^1 file\(s\) holding credentials/,
  },
  {
    name: 'binary files are skipped (a NUL byte in the first 8 KB, invalid UTF-8, UTF-16); a NUL later is text',
    files: {
      'bin.dat': Buffer.concat([Buffer.from('needle\n'), Buffer.from([0, 1, 2])]),
      'latin1.txt': Buffer.from('needle caf\xe9\n', 'latin1'),
      'utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('needle\n', 'utf16le')]),
      'late-nul.txt': Buffer.concat([Buffer.from('a'.repeat(9000)), Buffer.from([0]), Buffer.from('\nneedle after the NUL\n')]),
      'ok.txt': 'needle',
    },
    options: { pattern: 'needle' },
    expect: ['late-nul.txt:2', 'ok.txt:1'],
  },
  {
    name: 'files over maxFileBytes are skipped, a file of exactly maxFileBytes is not',
    files: { 'exact.txt': `needle${'x'.repeat(94)}`, 'over.txt': `needle${'x'.repeat(95)}` },
    options: { pattern: 'needle', maxFileBytes: 100 },
    expect: ['exact.txt:1'],
  },
  {
    name: 'the result cap keeps the first matches in walk order and says it was truncated',
    files: { 'a/1.txt': 'needle\nneedle\n', 'b.txt': 'needle\n', 'c.txt': 'needle\nneedle\n' },
    options: { pattern: 'needle', maxResults: 3 },
    expect: ['b.txt:1', 'c.txt:1', 'c.txt:2'],
    truncated: true,
  },
  {
    name: 'exactly maxResults matches is not truncated',
    files: { 'b.txt': 'needle\n', 'c.txt': 'needle\nneedle\n' },
    options: { pattern: 'needle', maxResults: 3 },
    expect: ['b.txt:1', 'c.txt:1', 'c.txt:2'],
  },
  {
    name: 'long lines are shortened around the match; lines over 2,000 characters are skipped',
    files: { 'long.txt': `${'a'.repeat(1000)}NEEDLE${'b'.repeat(500)}\n${'c'.repeat(2500)}NEEDLE\n` },
    options: { pattern: 'NEEDLE' },
    expect: ['long.txt:1'],
    texts: [`…${'a'.repeat(100)}NEEDLE${'b'.repeat(194)}…`],
  },
  {
    name: 'CRLF files: the shown text drops the \\r',
    files: { 'crlf.txt': 'foo\r\nbar foo\r\n' },
    options: { pattern: 'foo\\s*$' },
    expect: ['crlf.txt:1', 'crlf.txt:2'],
    texts: ['foo', 'bar foo'],
  },
  {
    name: 'CRLF files: $ does not match before the \\r, as in JavaScript',
    files: { 'crlf.txt': 'foo\r\nbar foo\r\n' },
    options: { pattern: 'foo$' },
    expect: [],
  },
  {
    name: 'case-insensitive search',
    files: { 'a.txt': 'Needle\nNEEDLE\nneedle\nother\n' },
    options: { pattern: 'needle', ignoreCase: true },
    expect: ['a.txt:1', 'a.txt:2', 'a.txt:3'],
  },
  {
    name: 'file names with a colon, a newline, a leading dash, and a file named "-"',
    files: { 'a:b.txt': 'needle', 'new\nline.txt': 'needle', '-rf.txt': 'needle', '-': 'needle' },
    options: { pattern: 'needle' },
    expect: ['-:1', '-rf.txt:1', 'a:b.txt:1', 'new\nline.txt:1'],
  },
  {
    name: 'hidden files and folders are searched',
    files: { '.github/ci.yml': 'needle', '.hidden.txt': 'needle' },
    options: { pattern: 'needle' },
    expect: ['.hidden.txt:1', '.github/ci.yml:1'],
  },
  {
    name: 'only .gitignore counts: not .ignore, .rgignore, a global git ignore, or a .gitignore above the workspace',
    files: { '.ignore': 'a.txt\n', 'sub/.rgignore': 'b.txt\n', 'a.txt': 'needle', 'sub/b.txt': 'needle', 'c.txt': 'needle', 'd.txt': 'needle' },
    setup: (sb) => {
      fs.writeFileSync(path.join(sb.base, '.gitignore'), 'c.txt\n');
      fs.mkdirSync(path.join(sb.base, 'xdg', 'git'), { recursive: true });
      fs.writeFileSync(path.join(sb.base, 'xdg', 'git', 'ignore'), 'd.txt\n');
    },
    env: (sb) => ({ XDG_CONFIG_HOME: path.join(sb.base, 'xdg') }),
    options: { pattern: 'needle' },
    expect: ['a.txt:1', 'c.txt:1', 'd.txt:1', 'sub/b.txt:1'],
  },
  {
    name: 'a UTF-8 byte order mark is part of the first line, as JavaScript reads it',
    files: { 'bom.txt': '\ufeffneedle\n' },
    options: { pattern: '^\\ufeffneedle' },
    expect: ['bom.txt:1'],
  },
  {
    name: 'a folder named "-" can be searched',
    files: { '-/a.txt': 'needle' },
    options: { pattern: 'needle', path: '-' },
    expect: ['-/a.txt:1'],
  },
  {
    name: 'a .ripgreprc in the workspace (and RIPGREP_CONFIG_PATH) cannot change the search',
    files: { '.ripgreprc': '--ignore-case\n--glob=!*.txt\n--max-count=0\n', 'a.txt': 'needle\n', 'b.txt': 'Needle\n' },
    options: { pattern: 'needle' },
    expect: ['a.txt:1'],
  },
  patternCase('\\d is ASCII digits', '\\d{3}', [1]),
  patternCase('\\b is an ASCII word boundary (é is not a word character)', 'caf\\b', [2]),
  patternCase('\\s includes U+FEFF and U+00A0', '^\\sbom|nbsp\\sx', [5, 6]),
  patternCase('. is one UTF-16 unit (an emoji takes two)', 'emoji .. end', [7]),
  patternCase('[^…] is one UTF-16 unit too', 'emoji [^a][^a] end', [7]),
  patternCase('\\W with ignoreCase still matches ſ', '^\\W long', [8], { ignoreCase: true }),
  patternCase('a class mixing letters and \\W, with ignoreCase, still matches ſ', '^[x\\W] long', [8], { ignoreCase: true }),
  patternCase('back-references', '(a+) bb \\1', [10]),
  patternCase('named back-references', '(?<n>a)\\k<n>', [10]),
  patternCase('lookbehind', '(?<=bb )aa', [10]),
  patternCase('lookahead', '\\d(?=3)', [1]),
  patternCase('identity escapes (\\a is "a")', 'n\\a', [3]),
  patternCase('a pattern that looks like options', '-e --files', [11]),
  patternCase('a brace that is not a count is literal', 'x{', [12]),
  patternCase('escaped braces', '\\{2\\}', [12]),
  patternCase('legacy octal escapes', '\\101\\101', [13]),
  patternCase('control escapes', '\\cI', [4]),
  patternCase('hex escapes and $', '\\x24\\d', [14]),
  patternCase('escaped slash', 'path\\/to:file', [15]),
  patternCase('\\p is a plain p without the u flag', '\\p{L}', []),
  patternCase('classes with escapes and dashes', '[\\w-]+_word', [3]),
];

function summary(res: SearchResult) {
  return { matches: res.matches, truncated: res.truncated, note: res.note };
}

function build(c: Case): Sandbox {
  const sb = sandbox();
  for (const [rel, content] of Object.entries(c.files ?? {})) sb.write(rel, content);
  c.setup?.(sb);
  return sb;
}

for (const c of CASES) {
  test(`search table: ${c.name}`, async () => {
    const sb = build(c);
    const env = c.env?.(sb) ?? {};
    const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      await runCase(c, sb);
    } finally {
      for (const [k, v] of Object.entries(savedEnv)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
}

async function runCase(c: Case, sb: Sandbox): Promise<void> {
  {
    const options = { ...BASE, ...c.options };
    const js = await searchFiles(sb.root, options);
    assert.equal(js.engine, 'javascript');
    assert.deepEqual(
      js.matches.map((m) => `${m.path}:${m.line}`),
      c.expect,
    );
    assert.equal(js.truncated, c.truncated ?? false, 'truncated');
    if (c.note) assert.match(js.note ?? '', c.note);
    else assert.equal(js.note, undefined);
    if (c.texts) assert.deepEqual(js.matches.map((m) => m.text), c.texts);

    if (!RG) return;
    const saved = process.env.RIPGREP_CONFIG_PATH;
    process.env.RIPGREP_CONFIG_PATH = path.join(sb.root, '.ripgreprc');
    try {
      const rg = await searchFiles(sb.root, { ...options, rgPath: RG, headFiles: 0 });
      assert.equal(rg.engine, 'ripgrep', rg.engineNote);
      assert.deepEqual(summary(rg), summary(js), 'ripgrep engine, every file chosen by ripgrep');
      const withHead = await searchFiles(sb.root, { ...options, rgPath: RG });
      assert.deepEqual(summary(withHead), summary(js), 'ripgrep engine with the JavaScript head');
      assert.equal(withHead.engine, 'ripgrep', `with the head: ${withHead.engineNote}`);
    } finally {
      if (saved === undefined) delete process.env.RIPGREP_CONFIG_PATH;
      else process.env.RIPGREP_CONFIG_PATH = saved;
    }
  }
}

test('search table: both engines refuse a path outside the workspace, through a link, or missing, with the same message', async () => {
  const sb = sandbox();
  sb.write('a.txt', 'needle\n');
  fs.symlinkSync(sb.outside, path.join(sb.root, 'linkdir'));
  for (const p of ['linkdir', '../outside', 'missing', '.git', 'a.txt/..']) {
    const errors: string[] = [];
    for (const rgPath of RG ? [undefined, RG] : [undefined]) {
      await assert.rejects(searchFiles(sb.root, { ...BASE, pattern: 'needle', path: p, ...(rgPath ? { rgPath } : {}) }), (err: Error) => {
        errors.push(`${err.name}: ${err.message}`);
        return true;
      });
    }
    assert.equal(new Set(errors).size, 1, errors.join(' | '));
  }
  for (const rgPath of RG ? [undefined, RG] : [undefined]) {
    await assert.rejects(searchFiles(sb.root, { ...BASE, pattern: 'foo(', ...(rgPath ? { rgPath } : {}) }), /^WorkspaceError: Invalid regular expression 'foo\(': Unterminated group\./);
  }
});

test('a search the JavaScript head answers, with ripgrep stopped early, reports the ripgrep engine and no failure', { skip: RG ? false : 'no rg on PATH' }, async () => {
  const sb = sandbox();
  for (let d = 0; d < 400; d++) for (let f = 0; f < 3; f++) sb.write(`d${d}/f${f}.txt`, 'needle\n');
  for (let i = 0; i < 5; i++) {
    const res = await searchFiles(sb.root, { ...BASE, pattern: 'needle', maxResults: 5, rgPath: RG });
    assert.equal(res.matches.length, 5);
    assert.equal(res.engine, 'ripgrep', res.engineNote);
    assert.equal(res.engineNote, undefined);
  }
});

test('search table: the ripgrep half ran (rg is on PATH)', { skip: RG ? false : 'no rg on PATH: install ripgrep to compare the engines' }, () => {
  assert.ok(RG);
});
