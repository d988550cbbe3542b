// What the editor adds to a message: the active file by path, the selection with its text, fenced;
// a selection in a credentials file goes as its path only (reading it asks the person).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextBlock, contextItem, MAX_SELECTION_CHARS, SECRET_NOTE } from '../../../src/core/ui/editor-context';

test('the active file and a selection become one context block the model reads', () => {
  const block = contextBlock([
    { kind: 'file', path: 'src/a.ts' },
    { kind: 'selection', path: 'src/a.ts', startLine: 3, endLine: 4, text: 'const x = 1;\nconst y = "```";', languageId: 'typescript' },
  ]);
  assert.equal(block, ['Context from the editor:', '- Active file: src/a.ts', '- Selected lines 3-4 of src/a.ts:', '````typescript', 'const x = 1;\nconst y = "```";', '````'].join('\n'));
  assert.equal(contextBlock([]), '', 'nothing kept, nothing added');
});

test('a selection in a file with credentials is sent as its path only, and the chip says so', () => {
  const block = contextBlock([{ kind: 'selection', path: '.env', startLine: 1, endLine: 1, text: 'API_KEY=sk-live-123' }]);
  assert.doesNotMatch(block, /sk-live-123/);
  assert.match(block, /Selected lines 1-1 of \.env \(path only/);
  assert.equal(contextItem('s', { kind: 'selection', path: 'config/.env.local', startLine: 1, endLine: 2 }).note, SECRET_NOTE);
  assert.equal(contextItem('f', { kind: 'file', path: 'src/a.ts' }).note, undefined);
});

test('a huge selection is cut and says so', () => {
  const block = contextBlock([{ kind: 'selection', path: 'big.txt', startLine: 1, endLine: 9000, text: 'y'.repeat(MAX_SELECTION_CHARS * 3) }]);
  assert.ok(block.length < MAX_SELECTION_CHARS + 200);
  assert.match(block, new RegExp(`first ${MAX_SELECTION_CHARS} characters`));
});
