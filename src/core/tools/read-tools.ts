// The read-only tools: what they return to the model. Everything goes through the scoped file layer.
import type { Limits } from '../shared/limits';
import { isSecretFile } from '../workspace/secret-files';
import { listFiles } from '../workspace/list';
import { searchFiles } from '../workspace/search';
import { readTextFile, sliceLines } from '../workspace/files';
import type { ListFilesArgs, ReadFileArgs, SearchFilesArgs } from './definitions';

export interface FileRead {
  /** read_file's answer. */
  content: string;
  startLine: number;
  endLine: number;
  /** True when the answer holds the whole file. */
  whole: boolean;
}

/** read_file's answer for `text`, the file as an edit would find it; `note` joins the header. */
export function describeRead(rel: string, text: string, args: ReadFileArgs, note = ''): FileRead {
  const slice = sliceLines(text, args.start_line, args.end_line);
  const whole = slice.startLine === 1 && slice.endLine === slice.totalLines;
  const extra = note ? `; ${note}` : '';
  if (slice.totalLines === 0) return { content: `${rel} is empty${note ? ` (${note})` : ''}.`, startLine: 1, endLine: 0, whole: true };
  const range = whole ? `${slice.totalLines} lines` : `lines ${slice.startLine}-${slice.endLine} of ${slice.totalLines}`;
  return { content: `${rel} (${range}${extra}):\n${slice.text}`, startLine: slice.startLine, endLine: slice.endLine, whole };
}

/** read_file straight from the disk, recording nothing (the agent reads through agent/seen-flow.ts). */
export async function runReadFile(root: string, args: ReadFileArgs, limits: Limits): Promise<string> {
  const { rel, text } = await readTextFile(root, args.path, { maxFileBytes: limits.maxFileBytes });
  return describeRead(rel, text, args).content;
}

export async function runListFiles(root: string, args: ListFilesArgs, limits: Limits): Promise<string> {
  const res = await listFiles(root, args.path ?? '.', { recursive: args.recursive ?? false, maxEntries: limits.maxListEntries });
  if (res.entries.length === 0) return 'No files.';
  const tail = res.truncated ? `\n[truncated at ${limits.maxListEntries} entries: list a sub-folder to see more]` : '';
  return res.entries.join('\n') + tail;
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
  const lines = res.matches.map((m) => `${m.path}:${m.line}: ${m.text}`);
  if (res.truncated) lines.push(`[results capped${res.note ? ': ' + res.note : ` at ${limits.maxSearchResults}`}; narrow the pattern, path or glob]`);
  else if (res.note) lines.push(`[${res.note}]`);
  return lines.join('\n');
}
