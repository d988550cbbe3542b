// .gitignore rules, so listing and searching show what the user considers part of the project.
//
// Supported: comments (`#`), blank lines, negation (`!`), escaped `\#` `\!` and trailing `\ `,
// trailing `/` (directories only), a `/` at the start or middle anchoring the pattern to the
// .gitignore's folder, `*`, `?`, `[...]`, and `**` segments. A pattern without a `/` matches a
// name at any depth below its .gitignore. The last matching rule wins and nested files come later,
// so they override their parents. As in git, a file inside an ignored directory cannot be
// re-included: the walker never enters ignored directories.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSource } from './glob';
import { ripgrepReadsAlike } from './ignore-rg';

export interface IgnoreRule {
  /** Folder of the .gitignore, workspace-relative ('' for the root). */
  base: string;
  /** Matched against the path below `base`, or against the last segment alone when `nameOnly`. */
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
  /**
   * The pattern has no `/`, so it can only match a whole last segment: testing that segment is the
   * same as testing the path, and cheaper. `name` and `suffix` skip the regex for the common forms
   * `node_modules` and `*.log`.
   */
  nameOnly?: boolean;
  name?: string;
  suffix?: string;
  /**
   * An anchored pattern without `**` or escapes, split at `/`: it can only match entries exactly
   * `segments.length` levels below `base`, so a walk decides once per folder whether it applies
   * there, and then tests names only (see rulesForEntriesOf).
   */
  segments?: RegExp[];
  /** This rule as a test of the last segment alone, for the folders where `segments` fit. */
  lastSegment?: IgnoreRule;
  /** Levels of `base` below the workspace root (0 for the root). */
  baseDepth?: number;
}

const GLOB_SPECIAL = /[*?[\\]/;

/** A rule testing one name (a pattern without `/`), with fast paths for `name` and `*.ext`. */
function nameRule(base: string, glob: string, negate: boolean, dirOnly: boolean): IgnoreRule {
  const rule: IgnoreRule = { base, regex: new RegExp(`^${globSource(glob, { braces: false })}$`), negate, dirOnly, nameOnly: true };
  if (!GLOB_SPECIAL.test(glob)) rule.name = glob;
  else if (glob.startsWith('*') && !GLOB_SPECIAL.test(glob.slice(1))) rule.suffix = glob.slice(1);
  return rule;
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
    if (!anchored) {
      // Without a `/` the glob cannot match across segments (`*`, `?` and classes never match `/`;
      // a lone `**` matches everything either way), so only the last segment needs testing.
      rules.push(nameRule(base, line, negate, dirOnly));
      continue;
    }
    const rule: IgnoreRule = { base, regex: new RegExp(`^${globSource(line, { braces: false })}$`), negate, dirOnly };
    const parts = line.split('/');
    if (!line.includes('\\') && !/\[[^\]]*\//.test(line) && !parts.some((p) => /^\*{2,}$/.test(p))) {
      rule.segments = parts.map((p) => new RegExp(`^${globSource(p, { braces: false })}$`));
      rule.lastSegment = nameRule(base, parts[parts.length - 1], negate, dirOnly);
      rule.baseDepth = base === '' ? 0 : base.split('/').length;
    }
    rules.push(rule);
  }
  return rules;
}

/**
 * The rules that can match an entry of the folder `dirRel`, for a walk (every rule's base is
 * `dirRel` or above it): anchored rules that do not fit the folder's depth and path are left out,
 * and those that do become tests of the entry's name.
 */
export function rulesForEntriesOf(rules: readonly IgnoreRule[], dirRel: string): IgnoreRule[] {
  const dir = dirRel === '.' ? '' : dirRel;
  let depth = dir === '' ? 0 : 1;
  for (let i = dir.indexOf('/'); i !== -1; i = dir.indexOf('/', i + 1)) depth++;
  const out: IgnoreRule[] = [];
  let lastBase: string | undefined;
  let below: string[] = [];
  for (const rule of rules) {
    if (!rule.segments) {
      out.push(rule);
      continue;
    }
    // An entry of `dir` is depth + 1 levels deep: the rule fits only at base depth + its segments.
    if (depth + 1 !== rule.baseDepth! + rule.segments.length) continue;
    if (rule.base !== lastBase) {
      lastBase = rule.base;
      const sub = rule.base === '' ? dir : dir === rule.base ? '' : dir.slice(rule.base.length + 1);
      below = sub === '' ? [] : sub.split('/');
    }
    if (below.every((seg, i) => rule.segments![i].test(seg))) out.push(rule.lastSegment!);
  }
  return out;
}

/** Whether `rel` (workspace-relative) is ignored by `rules`; the last matching rule decides. */
export function isIgnored(rules: readonly IgnoreRule[], rel: string, isDir: boolean): boolean {
  return ignoredBy(rules, rel, isDir, false);
}

/** isIgnored for a walk, where every rule comes from a folder above `rel` (no need to check its base). */
export function isIgnoredBelowBases(rules: readonly IgnoreRule[], rel: string, isDir: boolean, name?: string): boolean {
  return ignoredBy(rules, rel, isDir, true, name);
}

function ignoredBy(rules: readonly IgnoreRule[], rel: string, isDir: boolean, basesAbove: boolean, lastSegment?: string): boolean {
  let ignored = false;
  const name = lastSegment ?? rel.slice(rel.lastIndexOf('/') + 1);
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue;
    if (ignored === !rule.negate) continue; // cannot change the answer
    if (!basesAbove && rule.base !== '' && !(rel.length > rule.base.length && rel.startsWith(rule.base) && rel[rule.base.length] === '/')) continue;
    let hit: boolean;
    if (rule.name !== undefined) hit = name === rule.name;
    else if (rule.suffix !== undefined) hit = name.endsWith(rule.suffix);
    else if (rule.nameOnly) hit = rule.regex.test(name);
    else hit = rule.regex.test(rule.base === '' ? rel : rel.slice(rule.base.length + 1));
    if (hit) ignored = !rule.negate;
  }
  return ignored;
}

const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

// Synchronous on purpose: a walk reads thousands of folders, and every trip through libuv's thread
// pool costs more than the read itself.

/**
 * How ripgrep would read a folder's .gitignore compared with us: `alike` (or there is none), `differs`
 * (the folder's files must be searched in JavaScript), or `unsafe` (a FIFO or device: ripgrep could
 * block reading it, so it must not walk this tree at all).
 */
export type RipgrepVerdict = 'alike' | 'differs' | 'unsafe';

/** Read an ignore file if it is a small regular file (never through a symlink); '' otherwise. */
function readIgnoreFile(abs: string, judge?: (verdict: RipgrepVerdict) => void): string {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return ''; // absent or unreadable: for ripgrep too
  }
  if (st.isDirectory()) return '';
  if (!st.isFile() || st.size > MAX_IGNORE_FILE_BYTES) {
    // ripgrep follows a link and reads any size; a FIFO it would wait on.
    judge?.(st.isSymbolicLink() || st.isFile() ? 'differs' : 'unsafe');
    return '';
  }
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch {
    return '';
  }
  if (judge && !ripgrepReadsAlike(text)) judge('differs');
  return text;
}

/**
 * The rules a folder adds: its .gitignore, plus .git/info/exclude at the root. A caller that has
 * already listed the folder passes `mayHaveGitignore` (false: no entry named .gitignore in any case)
 * to save a lookup that would fail anyway. `judge` hears when ripgrep would read the .gitignore
 * differently (ripgrep is never given .git/info/exclude: it ignores less, and our walk decides).
 */
export function loadDirRules(rootAbs: string, dirRel: string, mayHaveGitignore = true, judge?: (verdict: RipgrepVerdict) => void): IgnoreRule[] {
  const base = dirRel === '.' ? '' : dirRel;
  const dirAbs = base === '' ? rootAbs : path.join(rootAbs, ...base.split('/'));
  const rules: IgnoreRule[] = [];
  if (base === '') rules.push(...parseGitignore(readIgnoreFile(path.join(rootAbs, '.git', 'info', 'exclude')), ''));
  if (mayHaveGitignore) rules.push(...parseGitignore(readIgnoreFile(path.join(dirAbs, '.gitignore'), judge), base));
  return rules;
}

/** Rules in force inside `dirRel` from the root and every folder above it (not `dirRel`'s own). */
export function loadAncestorRules(rootAbs: string, dirRel: string): IgnoreRule[] {
  if (dirRel === '.' || dirRel === '') return [];
  const segments = dirRel.split('/');
  const rules: IgnoreRule[] = [];
  for (let i = 0; i < segments.length; i++) {
    rules.push(...loadDirRules(rootAbs, i === 0 ? '.' : segments.slice(0, i).join('/')));
  }
  return rules;
}
