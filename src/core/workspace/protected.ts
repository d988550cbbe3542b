// Paths that are never written without a human: version control internals, editor and harness
// configuration, secrets, and files that make other tools run code (hooks, CI, package managers).
//
// Matching is deliberately generous, because a miss lets the model rewrite its own guard rails:
// - case-insensitive (`.GIT/config` is `.git/config` on macOS and Windows file systems);
// - Unicode NFC (macOS may hand back decomposed names);
// - trailing dots and spaces on a segment are ignored (Windows opens `.git./config` as `.git/config`);
// - an NTFS stream suffix is ignored (`.env::$DATA` is `.env` on Windows);
// - a path is protected when it OR any parent directory matches (`.git` protects `.git/hooks/x`).
// A pattern without `/` matches the basename at any depth (see glob.ts).
import { globToRegExp, matchesGlob } from './glob';

export { globToRegExp, matchesGlob };

export const DEFAULT_PROTECTED_PATHS: readonly string[] = [
  // Version control: history, hooks and config (hooks run code on the next commit).
  '.git',
  '.git/**',
  '**/.git/**',
  '.gitattributes',
  '.gitmodules',
  '.husky/**',
  // The harness itself: its settings, audit log and checkpoints.
  '.harness',
  '.harness/**',
  // Editor configuration (tasks.json and settings can run programs or widen the agent's rights).
  '.vscode',
  '.vscode/**',
  '*.code-workspace',
  '**/*.code-workspace',
  '.editorconfig',
  '.idea/**',
  '.devcontainer/**',
  // Secrets and environment (`.env*` also covers `.envrc`, which direnv executes).
  '.env',
  '.env*',
  '**/.env*',
  // Package manager configuration (registry tokens, install scripts).
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  // CI runs with repository secrets.
  '.github/workflows/**',
];

/** Strip what case-insensitive and Windows file systems ignore, so the match sees the name the OS would open. */
export function normaliseForProtection(rel: string): string {
  return rel
    .normalize('NFC')
    .replace(/\\/g, '/')
    .split('/')
    .filter((seg) => seg !== '' && seg !== '.')
    .map((seg) => {
      const noStream = seg.includes(':') ? seg.slice(0, seg.indexOf(':')) : seg;
      const trimmed = noStream.replace(/[. ]+$/, '');
      return trimmed === '' ? seg : trimmed; // keep `...` rather than erasing the segment
    })
    .join('/')
    .toLowerCase();
}

/** The first pattern that protects `rel` (the path or one of its parent directories), or undefined. */
export function isProtected(rel: string, patterns: readonly string[] = DEFAULT_PROTECTED_PATHS): string | undefined {
  return protectedMatcher(patterns)(rel);
}

/** The longest run of plain characters in a pattern's last real segment: a path without it cannot match. */
function requiredText(pattern: string): string {
  const segments = pattern.split('/').filter((s) => s !== '**' && s !== '');
  const last = segments[segments.length - 1] ?? '';
  if (/[{\\]/.test(last)) return ''; // alternatives or escapes: no single text is required
  return last.replace(/\[[^\]]*\]/g, '*').split(/[*?]+/).reduce((a, b) => (b.length > a.length ? b : a), '');
}

/**
 * isProtected with the patterns compiled once, for checking many paths (the sandbox maps whole trees).
 * With `{ parents: false }` only the path itself is tested, for a walk that tested its parents already.
 */
export function protectedMatcher(patterns: readonly string[], opts: { parents?: boolean } = {}): (rel: string) => string | undefined {
  const compiled = patterns.map((pattern) => {
    const norm = pattern.normalize('NFC').toLowerCase();
    return { pattern, re: globToRegExp(norm, { ignoreCase: true }), needs: requiredText(norm) };
  });
  return (rel) => {
    // Plain names need none of the normalising (the common case, and a walk sees many).
    const norm = /^[\x20-\x7e]*$/.test(rel) && !/[:\\]|[. ]$|[. ]\/|\/\.?\/|^\.?\//.test(rel) ? rel.toLowerCase() : normaliseForProtection(rel);
    if (norm === '') return undefined;
    if (opts.parents === false) return compiled.find(({ re, needs }) => norm.includes(needs) && re.test(norm))?.pattern;
    const segments = norm.split('/');
    const candidates: string[] = [];
    for (let i = segments.length; i >= 1; i--) candidates.push(segments.slice(0, i).join('/'));
    return compiled.find(({ re, needs }) => norm.includes(needs) && candidates.some((c) => re.test(c)))?.pattern;
  };
}
