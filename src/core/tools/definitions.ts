// The tools the model may call. Names and arguments are a public contract: keep them exactly.
import { z } from 'zod';
import type { ToolDefinition } from './registry';

const relPath = (what: string) => z.string().min(1).describe(`${what}, relative to the workspace root (forward slashes).`);

export const readFileTool = {
  name: 'read_file',
  kind: 'read',
  description: 'Read a text file in the workspace. Lines are numbered. Optionally a 1-based inclusive line range. Reading a file is what allows write_file, edit_file and delete_file on it afterwards.',
  schema: z.strictObject({
    path: relPath('File to read'),
    start_line: z.number().int().min(1).optional().describe('First line to return (1-based).'),
    end_line: z.number().int().min(1).optional().describe('Last line to return (inclusive).'),
  }),
} satisfies ToolDefinition;

export const listFilesTool = {
  name: 'list_files',
  kind: 'read',
  description: 'List files and folders (folders end with /). Respects .gitignore; results are capped.',
  schema: z.strictObject({
    path: z.string().optional().describe('Folder to list, relative to the workspace root. Default: the root.'),
    recursive: z.boolean().optional().describe('List sub-folders too. Default false.'),
  }),
} satisfies ToolDefinition;

export const searchFilesTool = {
  name: 'search_files',
  kind: 'read',
  description: 'Search file contents with a JavaScript regular expression. Returns path:line: text. Respects .gitignore; capped.',
  schema: z.strictObject({
    pattern: z.string().min(1).describe('JavaScript regular expression.'),
    path: z.string().optional().describe('Folder to search in. Default: the root.'),
    glob: z.string().optional().describe('Only files matching this glob, e.g. "*.ts" or "src/**/*.js".'),
  }),
} satisfies ToolDefinition;

export const writeFileTool = {
  name: 'write_file',
  kind: 'edit',
  description: 'Create a file or replace its whole content. An existing file must have been read (read_file) in this task and be unchanged since, or the write is refused. The change is proposed as a diff and applied only as the policy allows.',
  schema: z.strictObject({ path: relPath('File to write'), content: z.string().describe('The complete new content.') }),
} satisfies ToolDefinition;

export const editFileTool = {
  name: 'edit_file',
  kind: 'edit',
  description: 'Replace one exact, unique occurrence of old_text with new_text in a file. Read it first: old_text must lie in lines you read (read_file) in this task, unchanged since, or the edit is refused. Include enough context to make old_text unique.',
  schema: z.strictObject({
    path: relPath('File to edit'),
    old_text: z.string().min(1).describe('Exact text to replace; must occur exactly once.'),
    new_text: z.string().describe('Replacement text.'),
  }),
} satisfies ToolDefinition;

export const deleteFileTool = {
  name: 'delete_file',
  kind: 'edit',
  description: 'Delete a file. It must have been read (read_file) in this task and be unchanged since, or the delete is refused. Always needs a human approval.',
  schema: z.strictObject({ path: relPath('File to delete') }),
} satisfies ToolDefinition;

export const runCommandTool = {
  name: 'run_command',
  kind: 'command',
  description: 'Run a shell command in the workspace root, without stdin, with a timeout and capped output. Returns the exit code and output.',
  schema: z.strictObject({
    command: z.string().min(1).describe('The command line.'),
    timeout_ms: z.number().int().min(100).max(600_000).optional().describe('Timeout in milliseconds (default 60000).'),
  }),
} satisfies ToolDefinition;

export const ALL_TOOLS: readonly ToolDefinition[] = [
  readFileTool,
  listFilesTool,
  searchFilesTool,
  writeFileTool,
  editFileTool,
  deleteFileTool,
  runCommandTool,
];

export type ReadFileArgs = z.infer<typeof readFileTool.schema>;
export type ListFilesArgs = z.infer<typeof listFilesTool.schema>;
export type SearchFilesArgs = z.infer<typeof searchFilesTool.schema>;
export type WriteFileArgs = z.infer<typeof writeFileTool.schema>;
export type EditFileArgs = z.infer<typeof editFileTool.schema>;
export type DeleteFileArgs = z.infer<typeof deleteFileTool.schema>;
export type RunCommandArgs = z.infer<typeof runCommandTool.schema>;
