// The read-only tools: what they return to the model. Everything goes through the scoped file layer.
import type { Limits } from '../shared/limits';
import { isSecretFile } from '../workspace/secret-files';
import { listFiles } from '../workspace/list';
import { searchFiles } from '../workspace/search';
import { readTextFile } from '../workspace/files';
import { SEARCH_LINE_MAX_CHARS, type ListFilesArgs, type ReadFileArgs, type SearchFilesArgs } from './definitions';
import { pageOf } from './read-page';

export interface FileRead {
  /** read_file's answer. */
  content: string;
  /** The lines the answer shows whole (a line cut at the byte cap is not among them). */
  startLine: number;
  endLine: number;
  /** True when the answer holds the whole file. */
  whole: boolean;
}

/**
 * read_file's answer for `text`, the file as an edit would find it: one page within the read caps
 * (a longer file says how to read on); `note` joins the header.
 */
export function describeRead(rel: string, text: string, args: ReadFileArgs, limits: Pick<Limits, 'maxReadLines' | 'maxReadBytes'>, note = ''): FileRead {
  const page = pageOf(text, args.start_line, args.end_line, { maxLines: limits.maxReadLines, maxBytes: limits.maxReadBytes });
  if (page.totalLines === 0) return { content: `${rel} is empty${note ? ` (${note})` : ''}.`, startLine: 1, endLine: 0, whole: true };
  const shown = page.startLine === 1 && page.endLine === page.totalLines;
  const extra = note ? `; ${note}` : '';
  const range = shown ? `${page.totalLines} lines` : `lines ${page.startLine}-${page.endLine} of ${page.totalLines}`;
  const content = `${rel} (${range}${extra}):\n${page.text}${page.note ? `\n${page.note}` : ''}`;
  // The model saw only the start of a cut line: it does not count as seen.
  return { content, startLine: page.startLine, endLine: page.cut ? page.endLine - 1 : page.endLine, whole: shown && !page.cut };
}

/** read_file straight from the disk, recording nothing (the agent reads through agent/seen-flow.ts). */
export async function runReadFile(root: string, args: ReadFileArgs, limits: Limits): Promise<string> {
  const { rel, text } = await readTextFile(root, args.path, { maxFileBytes: limits.maxFileBytes });
  return describeRead(rel, text, args, limits).content;
}

/** Whole entries or matches within the observation cap, and a note saying how many were left out. */
function capLines(lines: string[], maxChars: number, hint: string): { text: string; dropped: number } {
  let size = 0;
  let n = 0;
  while (n < lines.length && size + lines[n].length + 1 <= maxChars - 200) size += lines[n++].length + 1;
  const dropped = lines.length - n;
  return { text: lines.slice(0, n).join('\n') + (dropped ? `\n[${dropped} more not shown: over ${maxChars} characters; ${hint}]` : ''), dropped };
}

export async function runListFiles(root: string, args: ListFilesArgs, limits: Limits): Promise<string> {
  const res = await listFiles(root, args.path ?? '.', { recursive: args.recursive ?? false, maxEntries: limits.maxListEntries });
  if (res.entries.length === 0) return 'No files.';
  const { text, dropped } = capLines(res.entries, limits.maxObservationChars, 'list a sub-folder to see more');
  const tail = res.truncated && !dropped ? `\n[truncated at ${limits.maxListEntries} entries: list a sub-folder to see more]` : '';
  return text + tail;
}

export async function runSearchFiles(root: string, args: SearchFilesArgs, limits: Limits, signal?: AbortSignal): Promise<string> {
  const res = await searchFiles(root, {
    pattern: args.pattern,
    ...(args.path !== undefined ? { path: args.path } : {}),
    ...(args.glob !== undefined ? { glob: args.glob } : {}),
    maxResults: limits.maxSearchResults,
    maxFileBytes: limits.maxFileBytes,
    skipFile: isSecretFile,
    ...(limits.rgPath ? { rgPath: limits.rgPath } : {}),
    ...(signal ? { signal } : {}),
  });
  if (res.matches.length === 0) return `No matches for /${args.pattern}/.${res.note ? ' ' + res.note : ''}`;
  const cut = (t: string) => (t.length > SEARCH_LINE_MAX_CHARS ? `${t.slice(0, SEARCH_LINE_MAX_CHARS)}… [line cut]` : t);
  const { text, dropped } = capLines(res.matches.map((m) => `${m.path}:${m.line}: ${cut(m.text)}`), limits.maxObservationChars, 'narrow the pattern, path or glob');
  if (res.truncated && !dropped) return `${text}\n[results capped${res.note ? ': ' + res.note : ` at ${limits.maxSearchResults}`}; narrow the pattern, path or glob]`;
  return res.note ? `${text}\n[${res.note}]` : text;
}
