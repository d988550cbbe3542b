// ripgrepReadsAlike is the claim the ripgrep engine rests on: where it says a .gitignore reads alike,
// ripgrep walking with our flags lists exactly the files our walk lists. Checked on generated trees
// against real ripgrep; and the forms it refuses are shown to really differ.
import { test } from 'node:test';
import { seededRandom } from '../../../bench/stats';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ripgrepReadsAlike } from '../../../src/core/workspace/ignore-rg';
import { ripgrepOnPath } from '../../../src/core/workspace/rg-locate';
import { ripgrepWalkArgs } from '../../../src/core/workspace/rg-run';
import { walk } from '../../../src/core/workspace/walk';
import { sandbox } from './tmp-workspace';

const RG = ripgrepOnPath(process.env.PATH, undefined);
const skip = RG ? false : 'no rg on PATH: install ripgrep';

async function ourFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  await walk(root, root, '.', { recursive: true }, (e) => {
    if (e.kind === 'file') out.push(e.rel);
    return true;
  });
  return out.sort();
}

function ripgrepFiles(root: string): string[] {
  const r = spawnSync(RG!, [...ripgrepWalkArgs(), '--files', '--null', '--', '.'], { cwd: root, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return r.stdout.split('\0').filter(Boolean).map((f) => f.replace(/^\.\//, '')).sort();
}

const DIRS = ['a', 'b', 'build', 'src', 'x.y', '.h', 'lib'];
const FILES = ['f.js', 'g.ts', 'k.log', '.env', 'a1', 'b2.txt', 'build', 'x.y', 'Readme.md', 'lib.js'];
const RULES = [
  'build', 'build/', '/build', '/build/', '*.log', '*.js', '!f.js', '!lib.js', '.env', '.h/', 'x.y', '/x.y', 'a/*.ts', 'a/**/g.ts',
  '**/b2.txt', 'src/**', '*/f.js', '[ab]1', '[!a]1', '?.ts', 'lib', '!lib/', '*', '!*/', '!*.md', 'b/', '**/src/*.js', 'a/b/',
  '/*.txt', '!/a1', 'x.y/**/k.log', '[a-c]*', '!build',
];

test('where ripgrepReadsAlike says so, ripgrep lists exactly the files our walk lists', { skip }, async () => {
  const next = seededRandom(7);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  for (let tree = 0; tree < 60; tree++) {
    const sb = sandbox();
    const dirs = ['.'];
    for (let i = 0; i < 12; i++) {
      const parent = pick(dirs);
      const dir = parent === '.' ? pick(DIRS) : `${parent}/${pick(DIRS)}`;
      if (dir.split('/').length <= 3 && !dirs.includes(dir)) dirs.push(dir);
    }
    for (const dir of dirs) {
      for (let i = 0; i < 4; i++) {
        const file = dir === '.' ? pick(FILES) : `${dir}/${pick(FILES)}`;
        if (!dirs.includes(file)) sb.write(file, 'x\n');
      }
    }
    for (const dir of dirs) {
      if (next() < 0.5) continue;
      const rules = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(RULES)).join('\n') + '\n';
      assert.ok(ripgrepReadsAlike(rules), rules);
      const file = dir === '.' ? '.gitignore' : `${dir}/.gitignore`;
      if (!dirs.includes(file)) sb.write(file, rules);
    }
    assert.deepEqual(ripgrepFiles(sb.root), await ourFiles(sb.root), `tree ${tree}`);
  }
});

test('the forms ripgrepReadsAlike refuses', () => {
  for (const text of ['*.{js,ts}\n', '\\#x\n', 'a\\ b\n', 'trail \n', ' lead\n', 'a**b\n', '***\n', 'x\r\n', '\ufeffx\n', 'caf\u00e9\n', 'a\tb\n', '[]a]\n', '[a/b]\n', '**\n', '/\n', 'a//b\n', '[z-a]\n', '!\n']) {
    assert.equal(ripgrepReadsAlike(text), false, JSON.stringify(text));
  }
  for (const text of ['', '# comment\n\n', 'node_modules/\n*.log\n!keep.log\n/dist\n**/tmp\na/**/b\n[Bb]in/\n*.py[cod]\n']) {
    assert.equal(ripgrepReadsAlike(text), true, JSON.stringify(text));
  }
});

test('and some of them do read differently in ripgrep: that is why their folders are searched in JavaScript', { skip }, async () => {
  const sb = sandbox();
  sb.write('.gitignore', '*.{js,ts}\n');
  sb.write('a.js', 'x\n');
  sb.write('b.txt', 'x\n');
  sb.write('sub/.gitignore', 'crlf.txt\r\n');
  sb.write('sub/crlf.txt', 'x\n');
  sb.write('rules.txt', 'x.txt\n');
  sb.write('linked/x.txt', 'x\n');
  fs.symlinkSync('../rules.txt', path.join(sb.root, 'linked', '.gitignore'));
  const ours = await ourFiles(sb.root);
  const theirs = ripgrepFiles(sb.root);
  assert.ok(ours.includes('a.js') && !theirs.includes('a.js'), 'braces: ripgrep ignores a.js');
  assert.ok(ours.includes('linked/x.txt') && !theirs.includes('linked/x.txt'), 'a linked .gitignore: ripgrep reads it');
  assert.notDeepEqual(theirs, ours);
});
