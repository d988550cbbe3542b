// The read-only tools: what they return to the model. Everything goes through the scoped file layer.
import type { Limits } from '../agent/api';
import { isSecretFile } from '../policy/engine';
import { listFiles } from '../workspace/list';
import { searchFiles } from '../workspace/search';
import { readTextFile, sliceLines } from '../workspace/files';
import type { ListFilesArgs, ReadFileArgs, SearchFilesArgs } from './definitions';

export async function runReadFile(root: string, args: ReadFileArgs, limits: Limits): Promise<string> {
  const { rel, text } = await readTextFile(root, args.path, { maxFileBytes: limits.maxFileBytes });
  const slice = sliceLines(text, args.start_line, args.end_line);
  if (slice.totalLines === 0) return `${rel} is empty.`;
  const range = slice.startLine === 1 && slice.endLine === slice.totalLines ? `${slice.totalLines} lines` : `lines ${slice.startLine}-${slice.endLine} of ${slice.totalLines}`;
  return `${rel} (${range}):\n${slice.text}`;
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
