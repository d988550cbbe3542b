// .gitignore rules, so listing and searching show what the user considers part of the project.
//
// Supported: comments (`#`), blank lines, negation (`!`), escaped `\#` `\!` and trailing `\ `,
// trailing `/` (directories only), a `/` at the start or middle anchoring the pattern to the
// .gitignore's folder, `*`, `?`, `[...]`, and `**` segments. A pattern without a `/` matches a
// name at any depth below its .gitignore. The last matching rule wins and nested files come later,
// so they override their parents. As in git, a file inside an ignored directory cannot be
// re-included: the walker never enters ignored directories.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { globSource } from './glob';

export interface IgnoreRule {
  /** Folder of the .gitignore, workspace-relative ('' for the root). */
  base: string;
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** Parse the text of one .gitignore whose folder is `base` ('' for the workspace root). */
export function parseGitignore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    line = line.replace(/(?<!\\) +$/, '');
    if (line === '') continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.replace(/\/+$/, '');
    }
    if (line === '') continue;
    let anchored = line.includes('/');
    line = line.replace(/^\/+/, '');
    if (line === '') continue;
    if (line.startsWith('**/')) anchored = true; // `**/x` already says "at any depth"
    const source = globSource(line, { braces: false });
    const regex = new RegExp(anchored ? `^${source}$` : `^(?:.*/)?${source}$`);
    rules.push({ base, regex, negate, dirOnly });
  }
  return rules;
}

/** Whether `rel` (workspace-relative) is ignored by `rules`; the last matching rule decides. */
export function isIgnored(rules: readonly IgnoreRule[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue;
    let sub: string;
    if (rule.base === '') sub = rel;
    else if (rel.startsWith(`${rule.base}/`)) sub = rel.slice(rule.base.length + 1);
    else continue;
    if (rule.regex.test(sub)) ignored = !rule.negate;
  }
  return ignored;
}

const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

/** Read an ignore file if it is a small regular file (never through a symlink); '' otherwise. */
async function readIgnoreFile(abs: string): Promise<string> {
  try {
    const st = await fsp.lstat(abs);
    if (!st.isFile() || st.size > MAX_IGNORE_FILE_BYTES) return '';
    return await fsp.readFile(abs, 'utf8');
  } catch {
    return '';
  }
}

/** The rules a folder adds: its .gitignore, plus .git/info/exclude at the root. */
export async function loadDirRules(rootAbs: string, dirRel: string): Promise<IgnoreRule[]> {
  const base = dirRel === '.' ? '' : dirRel;
  const dirAbs = base === '' ? rootAbs : path.join(rootAbs, ...base.split('/'));
  const rules: IgnoreRule[] = [];
  if (base === '') rules.push(...parseGitignore(await readIgnoreFile(path.join(rootAbs, '.git', 'info', 'exclude')), ''));
  rules.push(...parseGitignore(await readIgnoreFile(path.join(dirAbs, '.gitignore')), base));
  return rules;
}

/** Rules in force inside `dirRel` from the root and every folder above it (not `dirRel`'s own). */
export async function loadAncestorRules(rootAbs: string, dirRel: string): Promise<IgnoreRule[]> {
  if (dirRel === '.' || dirRel === '') return [];
  const segments = dirRel.split('/');
  const rules: IgnoreRule[] = [];
  for (let i = 0; i < segments.length; i++) {
    rules.push(...(await loadDirRules(rootAbs, i === 0 ? '.' : segments.slice(0, i).join('/'))));
  }
  return rules;
}
