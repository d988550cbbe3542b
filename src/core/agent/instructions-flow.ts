// Folder instructions reaching the model as it works: the first time a tool call names a path in a
// folder with its own AGENTS.md (or fallback), the file comes after that call's result, once per
// task (the fold remembers which files the model has, so a resumed task does not repeat them).
import * as path from 'node:path';
import { DEFAULT_INSTRUCTION_FILES, FolderInstructions, folderInstructionsNote, MAX_INSTRUCTION_TOTAL_BYTES } from '../context/instructions';
import type { TaskContext } from './context';
import type { ModelToolCall } from './dispatch';

const FILE_TOOLS = new Set(['read_file', 'write_file', 'edit_file', 'delete_file']);
const FOLDER_TOOLS = new Set(['list_files', 'search_files']);

interface Loader {
  folders: FolderInstructions;
  /** Files found but not given (refused by the policy, too large…), reported once. */
  reported: Set<string>;
}

const loaders = new WeakMap<TaskContext, Loader>();

function pathOf(call: ModelToolCall): string | undefined {
  try {
    const args = JSON.parse(call.arguments) as { path?: unknown };
    if (typeof args?.path === 'string') return args.path;
    return FOLDER_TOOLS.has(call.name) ? '.' : undefined;
  } catch {
    return undefined;
  }
}

/** The note to append to this call's result: the instructions of folders it reaches for the first time. */
export async function folderInstructionsFor(ctx: TaskContext, call: ModelToolCall): Promise<string> {
  const list = ctx.options.instructionFiles ?? DEFAULT_INSTRUCTION_FILES;
  if (!list.length || (!FILE_TOOLS.has(call.name) && !FOLDER_TOOLS.has(call.name))) return '';
  const target = pathOf(call);
  if (target === undefined) return '';
  let loader = loaders.get(ctx);
  if (!loader) loaders.set(ctx, (loader = { folders: new FolderInstructions(ctx.root, list), reported: new Set() }));
  const had = new Set([...ctx.state.instructions.map((i) => i.path), ...loader.reported]);
  const used = ctx.state.instructions.reduce((n, i) => n + i.shownBytes, 0);
  const load = await loader.folders.forPath(target, FOLDER_TOOLS.has(call.name), had, ctx.policy, MAX_INSTRUCTION_TOTAL_BYTES - used);
  const untrusted = !!ctx.options.untrustedWorkspace;
  for (const f of load.files) {
    const { text: _text, folder, ...file } = f;
    await ctx.emit({ type: 'instructions-loaded', folder, files: [file], untrusted });
  }
  for (const s of load.skipped) {
    loader.reported.add(s.path);
    await ctx.emit({ type: 'instructions-loaded', folder: path.posix.dirname(s.path), files: [], untrusted, skipped: [s] });
  }
  return folderInstructionsNote(load.files, untrusted);
}
