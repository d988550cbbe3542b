import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completenessChecks } from '../../../src/core/verify/completeness';

const byName = (checks: ReturnType<typeof completenessChecks>) => Object.fromEntries(checks.map((c) => [c.name, c]));
const NORMAL_BEFORE = 'export function f(x: number) {\n  return x;\n}\n';
const NORMAL_AFTER = 'export function f(x: number) {\n  // Spread values over a range.\n  return x * 2;\n}\n\nconst rest = [...items];\n';

test('a normal edit raises no completeness alarm', () => {
  const checks = completenessChecks([{ path: 'src/f.ts', before: NORMAL_BEFORE, after: NORMAL_AFTER }], [], 'Done: doubled x.');
  assert.deepEqual(checks.filter((c) => !c.passed), []);
});

test('merge-conflict markers are high severity with the line', () => {
  const after = 'a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> feature\n';
  const c = byName(completenessChecks([{ path: 'x.ts', before: 'a\n', after }], [], 'done'))['conflict-markers'];
  assert.equal(c.passed, false);
  assert.equal(c.severity, 'high');
  assert.equal(c.file, 'x.ts');
  assert.equal(c.line, 2);
});

test('markdown setext headings are not conflict markers', () => {
  const c = byName(completenessChecks([{ path: 'README.md', before: null, after: 'Title\n=======\n' }], [], ''))['conflict-markers'];
  assert.equal(c.passed, true);
});

const stubs: [string, string, string][] = [
  ['TODO: implement', 'a.ts', '  // TODO: implement the parser'],
  ['not implemented error', 'a.ts', "  throw new Error('not implemented');"],
  ['bare ellipsis line', 'a.py', '    ...'],
  ['// ... elision', 'a.ts', '  // ...'],
  ['# ... elision', 'a.py', '    # ...'],
  ['rest of code elision', 'a.ts', '  // ... rest of the code unchanged'],
  ['pass  # TODO', 'a.py', '    pass  # TODO'],
  ["throw new Error('TODO')", 'a.ts', "  throw new Error('TODO');"],
  ['raise NotImplementedError', 'a.py', '    raise NotImplementedError("later")'],
  ['your code here', 'a.js', '  // your code here'],
  ['implementation goes here', 'a.py', '    # implementation goes here'],
  ['{/* ... */} body', 'a.tsx', 'function render() {/* ... */}'],
  ['existing code elision', 'a.ts', '// ... existing code ...'],
];
for (const [label, path, line] of stubs) {
  test(`placeholder introduced by the agent is flagged: ${label}`, () => {
    const c = byName(completenessChecks([{ path, before: 'x = 1\n', after: `x = 1\n${line}\n` }], [], ''))['placeholders'];
    assert.equal(c.passed, false, label);
    assert.equal(c.severity, 'medium');
    assert.equal(c.line, 2);
  });
}

test('a placeholder that was already there is not blamed on the agent', () => {
  const before = '// TODO: implement later\nconst a = 1;\n';
  const c = byName(completenessChecks([{ path: 'a.ts', before, after: before + 'const b = 2;\n' }], [], ''))['placeholders'];
  assert.equal(c.passed, true);
});

test('a file emptied or created empty is flagged, conventional empty files are not', () => {
  const c = byName(
    completenessChecks(
      [
        { path: 'src/big.ts', before: 'export const x = 1;\n', after: '' },
        { path: 'pkg/__init__.py', before: null, after: '' },
        { path: 'gone.ts', before: 'x', after: null },
      ],
      [],
      '',
    ),
  )['empty-files'];
  assert.equal(c.passed, false);
  assert.equal(c.severity, 'medium');
  assert.equal(c.file, 'src/big.ts');
  assert.ok(!c.details!.includes('__init__'));
  assert.ok(!c.details!.includes('gone.ts'));
});

test('a rejected edit while the final message claims done is high severity', () => {
  const c = byName(completenessChecks([], ['src/a.ts'], 'All done! I implemented the feature.'))['rejected-edits'];
  assert.equal(c.passed, false);
  assert.equal(c.severity, 'high');
  assert.match(c.summary, /src\/a\.ts/);
});

test('a rejected edit the model acknowledges is not an alarm', () => {
  const c = byName(completenessChecks([], ['src/a.ts'], 'The edit to src/a.ts was rejected, so the feature is not finished.'))['rejected-edits'];
  assert.equal(c.passed, true);
});

test('ordinary spreads, rests, loading text and TODO notes are not placeholders', () => {
  const after = ['const a = [...b];', 'foo(...args);', 'type T = [...A, ...B];', "console.log('Loading...');", '// TODO: refactor once the API settles', '  ...rest,', '    pass'].join('\n') + '\n';
  const c = byName(completenessChecks([{ path: 'a.ts', before: null, after }], [], ''))['placeholders'];
  assert.equal(c.passed, true, c.details);
});

test('a final message that accepts the rejection in its own words is not a false claim of done', () => {
  for (const msg of ['Created docs/NEW.md; old.txt stays, as you asked.', 'Added the helper. I kept lib.js unchanged.', 'Done with the docs; I did not touch src/a.ts.', 'Updated the README and left config.js as is.']) {
    assert.equal(byName(completenessChecks([], ['src/a.ts'], msg))['rejected-edits'].passed, true, msg);
  }
  for (const msg of ['Done.', 'Updated src/a.ts as planned.', 'All set: the feature is implemented.']) {
    assert.equal(byName(completenessChecks([], ['src/a.ts'], msg))['rejected-edits'].passed, false, msg);
  }
});
