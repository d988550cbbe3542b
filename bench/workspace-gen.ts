// Generates a workspace that looks like a real project: source folders, docs, a few large data
// files and a node_modules-like tree (ignored by .gitignore, as in most projects). Sizes follow a
// long-tailed mix: most files under 1 KB, a few over 100 KB. Deterministic for a given file count.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from './stats';

export interface GeneratedWorkspace {
  root: string;
  files: number;
  bytes: number;
  /** Tracked (not ignored) source files the benchmark edits. */
  editTargets: string[];
}

/** A pool of code-like text; files are slices of it, each with a unique first line. */
function textPool(bytes: number): string {
  const rand = seededRandom(7);
  const words = ['const', 'value', 'return', 'function', 'import', 'export', 'await', 'result', 'options', 'items', 'index', 'config', 'handler', 'error', 'string', 'number'];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const n = 3 + Math.floor(rand() * 9);
    const parts: string[] = [];
    for (let w = 0; w < n; w++) parts.push(words[Math.floor(rand() * words.length)]);
    const line = `${'  '.repeat(Math.floor(rand() * 3))}${parts.join(' ')}; // ${i}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** File size in bytes: 80% 100 B-1 KB, 18% 1-6 KB, 1.9% 6-24 KB, 0.1% 100-200 KB. */
function pickSize(rand: () => number): number {
  const r = rand();
  if (r < 0.8) return 100 + Math.floor(rand() * 900);
  if (r < 0.98) return 1024 + Math.floor(rand() * 5 * 1024);
  if (r < 0.999) return 6 * 1024 + Math.floor(rand() * 18 * 1024);
  return 100 * 1024 + Math.floor(rand() * 100 * 1024);
}

/** Relative path of file `i`: ~55% node_modules packages (some nested), ~40% src, ~5% docs and data. */
function pathFor(i: number, rand: () => number): string {
  const r = rand();
  if (r < 0.55) {
    const pkg = Math.floor(i / 40);
    const nested = pkg % 5 === 0 ? `node_modules/dep-${pkg % 17}/` : '';
    return `node_modules/pkg-${pkg}/${nested}lib/file-${i}.js`;
  }
  if (r < 0.95) return `src/mod-${Math.floor(i / 400)}/part-${Math.floor(i / 20) % 20}/file-${i}.ts`;
  if (r < 0.98) return `docs/section-${Math.floor(i / 100)}/page-${i}.md`;
  return `data/set-${Math.floor(i / 200)}/table-${i}.json`;
}

export function generateWorkspace(root: string, fileCount: number): GeneratedWorkspace {
  const rand = seededRandom(fileCount);
  const pool = textPool(256 * 1024);
  const made = new Set<string>();
  const srcFiles: string[] = [];
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, '.gitignore'), 'node_modules/\n');
  writeFileSync(join(root, 'package.json'), '{ "name": "generated", "version": "1.0.0" }\n');
  let bytes = 0;
  // Two files above; the rest up to fileCount.
  for (let i = 0; i < fileCount - 2; i++) {
    const rel = pathFor(i, rand);
    const size = pickSize(rand);
    const dir = rel.slice(0, rel.lastIndexOf('/'));
    if (!made.has(dir)) {
      mkdirSync(join(root, dir), { recursive: true });
      made.add(dir);
    }
    let body: string;
    if (size <= pool.length) {
      const start = Math.floor(rand() * (pool.length - size));
      body = pool.slice(start, start + size);
    } else {
      body = pool.repeat(Math.ceil(size / pool.length)).slice(0, size);
    }
    const text = `// ${rel}\n${body}`;
    writeFileSync(join(root, rel), text);
    bytes += text.length;
    if (rel.startsWith('src/')) srcFiles.push(rel);
  }
  // Five tracked files spread across the source tree.
  const editTargets = [0, 1, 2, 3, 4].map((k) => srcFiles[Math.floor(((k + 0.5) / 5) * srcFiles.length)]);
  return { root, files: fileCount, bytes, editTargets };
}

/**
 * A workspace shaped like a real repository of about `fileCount` files (modelled on sveltejs/svelte
 * at 9,080 files): a source tree, docs, and most files in small test-sample folders of one to four
 * files each (so about 2.4 files per folder), nested .gitignore files with anchored and name rules,
 * hidden folders, no node_modules. Used when no checkout of a real repository is at hand.
 */
export function generateRepoShapedWorkspace(root: string, fileCount: number): GeneratedWorkspace {
  const rand = seededRandom(fileCount + 1);
  const pool = textPool(256 * 1024);
  const slice = (size: number) => {
    const start = Math.floor(rand() * (pool.length - size));
    return pool.slice(start, start + size);
  };
  let files = 0;
  let bytes = 0;
  const put = (rel: string, text: string) => {
    mkdirSync(join(root, rel.slice(0, Math.max(0, rel.lastIndexOf('/')))), { recursive: true });
    writeFileSync(join(root, rel), text);
    files++;
    bytes += text.length;
  };
  mkdirSync(root, { recursive: true });
  put('.gitignore', 'node_modules/\n.idea\ncoverage\n*.lcov\n.eslintcache\n.env\n.vercel\n.DS_Store\ntmp\npackages/core/scripts/_baseline/\n');
  put('packages/core/.gitignore', '/types/*.map\n/types/compiler\n/compiler/index.js\n/index.d.ts\n');
  put('packages/core/tests/.gitignore', '*.map\n/*/samples/_\n_actual*.*\n_output\n');
  for (let i = 0; i < 8; i++) put(`.github/workflows/w${i}.yml`, slice(400));
  for (let i = 0; i < 40; i++) put(`.changeset/change-${i}.md`, slice(150));
  const src = Math.round(fileCount * 0.08);
  for (let i = 0; i < src; i++) put(`packages/core/src/area-${i % 12}/part-${Math.floor(i / 12) % 8}/module-${i}.js`, slice(pickSize(rand)));
  const docs = Math.round(fileCount * 0.02);
  for (let i = 0; i < docs; i++) put(`documentation/docs/section-${i % 10}/page-${i}.md`, slice(800 + Math.floor(rand() * 3000)));
  const suites = ['runtime-runes', 'runtime-legacy', 'compiler-errors', 'css', 'snapshot', 'validator'];
  for (let sample = 0; files < fileCount; sample++) {
    const dir = `packages/core/tests/${suites[sample % suites.length]}/samples/sample-${sample}`;
    const n = 1 + Math.floor(rand() * 4);
    const names = ['_config.js', 'main.svelte', 'Child.svelte', '_expected.html'];
    for (let k = 0; k < n && files < fileCount; k++) put(`${dir}/${names[k]}`, slice(100 + Math.floor(rand() * 500)));
  }
  return { root, files, bytes, editTargets: [] };
}
