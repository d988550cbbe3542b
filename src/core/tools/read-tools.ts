// The read-only tools: what they return to the model. Everything goes through the scoped file layer.
import type { Limits } from '../shared/limits';
import { isSecretFile } from '../workspace/secret-files';
import { listFiles } from '../workspace/list';
import { searchFiles } from '../workspace/search';
import { readTextFile } from '../workspace/files';
import { SEARCH_LINE_MAX_CHARS, type ListFilesArgs, type ReadFileArgs, type SearchFilesArgs } from './definitions';
import { pageOf } from './read-page';

export async function runReadFile(root: string, args: ReadFileArgs, limits: Limits): Promise<string> {
  const { rel, text } = await readTextFile(root, args.path, { maxFileBytes: limits.maxFileBytes });
  // A large file comes in pages: a cap in lines and in bytes, and a note on how to read on.
  const page = pageOf(text, args.start_line, args.end_line, { maxLines: limits.maxReadLines, maxBytes: limits.maxReadBytes });
  if (page.totalLines === 0) return `${rel} is empty.`;
  const range = page.startLine === 1 && page.endLine === page.totalLines ? `${page.totalLines} lines` : `lines ${page.startLine}-${page.endLine} of ${page.totalLines}`;
  return `${rel} (${range}):\n${page.text}${page.note ? `\n${page.note}` : ''}`;
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

export async function runSearchFiles(root: string, args: SearchFilesArgs, limits: Limits): Promise<string> {
  const res = await searchFiles(root, {
    pattern: args.pattern,
    ...(args.path !== undefined ? { path: args.path } : {}),
    ...(args.glob !== undefined ? { glob: args.glob } : {}),
    maxResults: limits.maxSearchResults,
    maxFileBytes: limits.maxFileBytes,
    skipFile: isSecretFile,
  });
  if (res.matches.length === 0) return `No matches for /${args.pattern}/.${res.note ? ' ' + res.note : ''}`;
  const cut = (t: string) => (t.length > SEARCH_LINE_MAX_CHARS ? `${t.slice(0, SEARCH_LINE_MAX_CHARS)}… [line cut]` : t);
  const { text, dropped } = capLines(res.matches.map((m) => `${m.path}:${m.line}: ${cut(m.text)}`), limits.maxObservationChars, 'narrow the pattern, path or glob');
  if (res.truncated && !dropped) return `${text}\n[results capped${res.note ? ': ' + res.note : ` at ${limits.maxSearchResults}`}; narrow the pattern, path or glob]`;
  return res.note ? `${text}\n[${res.note}]` : text;
}
