// Shared by the runner parsers: output made plain (no colour codes, terminal rewrites applied),
// workspace paths told from library and runtime paths, and small line helpers.
import type { ParseInput } from './types';

// CSI (colours, cursor moves), OSC (titles, links) and the few two-byte escapes terminals use.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** What a terminal would show: colour codes removed, a line rewritten with \r keeps only its last version. */
export function plainText(output: string): string {
  return output
    .replace(/\r\n/g, '\n')
    .replace(ANSI, '')
    .split('\n')
    .map((line) => {
      const cr = line.lastIndexOf('\r');
      return cr >= 0 ? line.slice(cr + 1) : line;
    })
    .join('\n');
}

/**
 * Runners print no line this long that matters (a minified bundle in a stack is one); cutting them
 * keeps every parser's regular expressions fast whatever a test prints.
 */
const MAX_LINE_CHARS = 2000;

export function parseInput(output: string, root?: string): ParseInput {
  const lines = plainText(output)
    .split('\n')
    .map((l) => (l.length > MAX_LINE_CHARS ? `${l.slice(0, MAX_LINE_CHARS)}…` : l));
  return { lines, ...(root ? { root: root.replace(/[\\/]+$/, '') } : {}) };
}

const RUNTIME_PATH = /^(?:node:|internal\/|<anonymous>|native$|\/rustc\/|\/usr\/(?:local\/)?(?:lib|go)\/|.*[\\/]site-packages[\\/]|.*[\\/]\.cargo[\\/]registry[\\/])/;

/**
 * A path from a stack frame or a compiler message as workspace-relative, or undefined when it lies
 * outside the workspace (node_modules, the runtime, the standard library, another folder).
 */
export function workspacePath(raw: string, root?: string): string | undefined {
  let p = raw.trim().replace(/^file:\/\//, '');
  if (!p || RUNTIME_PATH.test(p)) return undefined;
  p = p.replace(/\\/g, '/');
  if (/(^|\/)node_modules\//.test(p)) return undefined;
  const abs = p.startsWith('/') || /^[A-Za-z]:\//.test(p);
  if (abs) {
    const r = root?.replace(/\\/g, '/');
    if (!r) return p;
    if (!p.startsWith(`${r}/`)) return undefined;
    p = p.slice(r.length + 1);
  }
  p = p.replace(/^\.\//, '');
  if (p.startsWith('../')) return undefined;
  return p;
}

/** `path:line[:col]` in a JavaScript stack frame (`at fn (path:12:5)`, `at path:12:5`), read without backtracking regexes. */
function jsFrame(line: string): { path: string; line: number } | undefined {
  const m = /^\s*at (.*)$/.exec(line);
  if (!m) return undefined;
  let loc = m[1].trim().replace(/\s*\{$/, '');
  if (loc.endsWith(')')) {
    const open = loc.lastIndexOf('(');
    if (open < 0) return undefined;
    loc = loc.slice(open + 1, -1);
  }
  const p = /^(.*?):(\d+)(?::\d+)?$/.exec(loc);
  return p && p[1] ? { path: p[1], line: Number(p[2]) } : undefined;
}

export interface Location {
  file: string;
  line: number;
}

/** The first JavaScript stack frame in `lines` that points into the workspace. */
export function firstJsFrame(lines: string[], root?: string): Location | undefined {
  for (const l of lines) {
    const f = jsFrame(l);
    const file = f && workspacePath(f.path, root);
    if (file) return { file, line: f!.line };
  }
  return undefined;
}

export const isJsFrame = (line: string) => jsFrame(line) !== undefined;

/** The location in a `path:line:col` string, when the path is inside the workspace. */
export function locationIn(text: string, root?: string): Location | undefined {
  const m = /^(.+?):(\d+)(?::\d+)?$/.exec(text.trim());
  const file = m && workspacePath(m[1], root);
  return file ? { file, line: Number(m![2]) } : undefined;
}

/** Lines without their common indentation, blank lines at both ends dropped. */
export function dedent(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && !lines[start].trim()) start++;
  while (end > start && !lines[end - 1].trim()) end--;
  const body = lines.slice(start, end).map((l) => l.trimEnd());
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return Number.isFinite(indent) ? body.map((l) => l.slice(indent)) : body;
}

export const indentOf = (line: string) => line.length - line.trimStart().length;

/** The last line matching `re`, with its match. */
export function lastMatch(lines: string[], re: RegExp): RegExpExecArray | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = re.exec(lines[i]);
    if (m) return m;
  }
  return undefined;
}
