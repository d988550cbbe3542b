// The tools the model may call. Names and arguments are a public contract: keep them exactly.
import { z } from 'zod';
import { DEFAULT_LIMITS, type Limits } from '../shared/limits';
import type { ToolDefinition } from './registry';

const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`);

/** A search match's line is cut to this many characters (minified files have very long lines). */
export const SEARCH_LINE_MAX_CHARS = 300;

const relPath = (what: string) => z.string().min(1).describe(`${what}, relative to the workspace root (forward slashes).`);

export const readFileTool = {
  name: 'read_file',
  kind: 'read',
  description: readFileDescription(DEFAULT_LIMITS),
  describe: readFileDescription,
  schema: z.strictObject({
    path: relPath('File to read'),
    start_line: z.number().int().min(1).optional().describe('First line to return (1-based).'),
    end_line: z.number().int().min(1).optional().describe('Last line to return (inclusive).'),
  }),
} satisfies ToolDefinition;

export const listFilesTool = {
  name: 'list_files',
  kind: 'read',
  description: listFilesDescription(DEFAULT_LIMITS),
  describe: listFilesDescription,
  schema: z.strictObject({
    path: z.string().optional().describe('Folder to list, relative to the workspace root. Default: the root.'),
    recursive: z.boolean().optional().describe('List sub-folders too. Default false.'),
  }),
} satisfies ToolDefinition;

export const searchFilesTool = {
  name: 'search_files',
  kind: 'read',
  description: searchFilesDescription(DEFAULT_LIMITS),
  describe: searchFilesDescription,
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
  description: runCommandDescription(DEFAULT_LIMITS),
  describe: runCommandDescription,
  schema: z.strictObject({
    command: z.string().min(1).describe('The command line.'),
    timeout_ms: z.number().int().min(100).max(600_000).optional().describe('Timeout in milliseconds (default 60000).'),
  }),
} satisfies ToolDefinition;

export const askUserTool = {
  name: 'ask_user',
  kind: 'ask',
  description:
    'Ask the user a question when you need a decision or information only they have. The answer comes back as the result. Do not use it to report that you are done; if no one can answer, you are told so and decide yourself.',
  schema: z.strictObject({
    question: z.string().min(1).max(2000).describe('The question, complete in itself.'),
    options: z.array(z.string().min(1).max(200)).max(8).optional().describe('Suggested answers, shortest first. The user may answer in their own words.'),
  }),
} satisfies ToolDefinition;
// Every cap is stated where the model reads about the tool, so it can plan around it.
function readFileDescription(l: Limits): string {
  return `Read a text file in the workspace. Lines are numbered. Optionally a 1-based inclusive line range. Returns at most ${l.maxReadLines} lines and ${kb(l.maxReadBytes)} per call; a longer file ends with a note giving its total lines and the start_line to read on from. Files over ${kb(l.maxFileBytes)} cannot be read. Reading a file is what allows write_file, edit_file and delete_file on it afterwards.`;
}

function listFilesDescription(l: Limits): string {
  return `List files and folders (folders end with /). Respects .gitignore. At most ${l.maxListEntries} entries and ${l.maxObservationChars} characters; a longer listing says so: list a sub-folder.`;
}

function searchFilesDescription(l: Limits): string {
  return `Search file contents with a JavaScript regular expression. Returns path:line: text. Respects .gitignore. At most ${l.maxSearchResults} matches, lines cut at ${SEARCH_LINE_MAX_CHARS} characters, ${l.maxObservationChars} characters in all; more says so: narrow the pattern, path or glob.`;
}

function runCommandDescription(l: Limits): string {
  return `Run a shell command in the workspace root, without stdin, with a timeout. Returns the exit code and output. Output over ${l.maxObservationChars} characters reaches you as its start and end with the middle elided (failing tests are listed first); narrow noisy output with grep, head or tail.`;
}

export const ALL_TOOLS: readonly ToolDefinition[] = [
  readFileTool,
  listFilesTool,
  searchFilesTool,
  writeFileTool,
  editFileTool,
  deleteFileTool,
  runCommandTool,
  askUserTool,
];

export type ReadFileArgs = z.infer<typeof readFileTool.schema>;
export type ListFilesArgs = z.infer<typeof listFilesTool.schema>;
export type SearchFilesArgs = z.infer<typeof searchFilesTool.schema>;
export type WriteFileArgs = z.infer<typeof writeFileTool.schema>;
export type EditFileArgs = z.infer<typeof editFileTool.schema>;
export type DeleteFileArgs = z.infer<typeof deleteFileTool.schema>;
export type RunCommandArgs = z.infer<typeof runCommandTool.schema>;
export type AskUserArgs = z.infer<typeof askUserTool.schema>;
