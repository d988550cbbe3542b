// Glob patterns on workspace-relative, forward-slash paths.
//
// Syntax: `*` any run of characters except `/`; `?` one character except `/`; `**` as a whole
// segment any number of directories (`**/x`, `a/**`, `a/**/b`); `[abc]`, `[a-z]`, `[!abc]`
// character classes (never matching `/`); `{a,b}` alternatives (optional); `\x` a literal x.
// Like .gitignore, `*` also matches a leading dot: `*.json` matches `.eslintrc.json`.

export interface GlobOptions {
  /** Treat `{a,b}` as alternatives (true by default; .gitignore has no braces). */
  braces?: boolean;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function escapeRegExp(s: string): string {
  return s.replace(REGEX_SPECIAL, '\\$&');
}

/** Index of the `}` closing the `{` at `open`, or -1. Nested braces are allowed. */
function closingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Split the inside of `{...}` on top-level commas. */
function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** Regular-expression source (no anchors) for a glob body. */
export function globSource(glob: string, options: GlobOptions = {}): string {
  const braces = options.braces ?? true;
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) {
      re += escapeRegExp(glob[++i]);
    } else if (c === '*') {
      let j = i;
      while (glob[j] === '*') j++;
      const wholeSegment = j - i >= 2 && (i === 0 || glob[i - 1] === '/') && (j === glob.length || glob[j] === '/');
      if (!wholeSegment) {
        re += '[^/]*';
      } else if (j === glob.length) {
        re += '.*'; // trailing `**`: everything below
      } else {
        re += '(?:.*/)?'; // `**/`: zero or more directories
        j++; // the slash is part of the group
      }
      i = j - 1;
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      const cls = body.replace(/[\\\]^]/g, '\\$&');
      re += negate ? `(?!/)[^${cls}]` : `(?!/)[${cls}]`;
      i = close;
    } else if (c === '{' && braces) {
      const close = closingBrace(glob, i);
      const alts = close === -1 ? [] : splitAlternatives(glob.slice(i + 1, close));
      if (alts.length < 2) {
        re += '\\{';
        continue;
      }
      re += `(?:${alts.map((a) => globSource(a, options)).join('|')})`;
      i = close;
    } else {
      re += escapeRegExp(c);
    }
  }
  return re;
}

const cache = new Map<string, RegExp>();

/**
 * Compile a glob for matching whole workspace-relative paths.
 * A pattern without `/` matches the basename at any depth (like .gitignore: `*.md` matches `docs/a.md`).
 * A leading `/` anchors at the root; a trailing `/` matches that directory and everything inside it.
 */
export function globToRegExp(glob: string, options: GlobOptions & { ignoreCase?: boolean } = {}): RegExp {
  const key = `${options.ignoreCase ? 'i' : ''}${options.braces === false ? 'n' : ''}:${glob}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let body = glob;
  let dirAndBelow = false;
  if (body.length > 1 && body.endsWith('/')) {
    body = body.replace(/\/+$/, '');
    dirAndBelow = true;
  }
  let anchored = body.includes('/');
  if (body.startsWith('/')) {
    body = body.replace(/^\/+/, '');
    anchored = true;
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  const suffix = dirAndBelow ? '(?:/.*)?$' : '$';
  const re = new RegExp(prefix + globSource(body, options) + suffix, options.ignoreCase ? 'i' : '');
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

/** Whether a workspace-relative path (forward slashes, no leading `./`) matches the glob. */
export function matchesGlob(rel: string, glob: string, options: { ignoreCase?: boolean } = {}): boolean {
  return globToRegExp(glob, options).test(rel.replace(/^(?:\.\/)+/, ''));
}
