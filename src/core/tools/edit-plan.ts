// What an edit tool would make of a file: the content after the edit, computed from the content now.
// Pure: nothing is written here; the agent loop turns the result into a proposal.
import { WorkspaceError } from '../workspace/paths';
import type { DeleteFileArgs, EditFileArgs, WriteFileArgs } from './definitions';

export type EditArgs =
  | { tool: 'write_file'; args: WriteFileArgs }
  | { tool: 'edit_file'; args: EditFileArgs }
  | { tool: 'delete_file'; args: DeleteFileArgs };

function countOccurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Where edit_file's old_text is in `current` (its one occurrence) and the text to put there. Throws a WorkspaceError the model can act on. */
export function locateEdit(args: EditFileArgs, current: string): { at: number; length: number; newText: string } {
  // Editors may hold CRLF files; let the model's LF text match them.
  let { old_text: oldText, new_text: newText } = args;
  if (current.includes('\r\n') && !oldText.includes('\r\n')) {
    oldText = oldText.replace(/\n/g, '\r\n');
    newText = newText.replace(/\r?\n/g, '\r\n');
  }
  const count = countOccurrences(current, oldText);
  if (count === 0) throw new WorkspaceError(`old_text was not found in ${args.path}: read the file again and copy the text exactly.`);
  if (count > 1) throw new WorkspaceError(`old_text occurs ${count} times in ${args.path}: include more surrounding lines so it is unique.`);
  return { at: current.indexOf(oldText), length: oldText.length, newText };
}

/** The content after the edit (null = deleted). Throws a WorkspaceError the model can act on. */
export function planEdit(edit: EditArgs, current: string | null, maxBytes: number): string | null {
  const path = edit.args.path;
  // `src/` names a folder: writing it would create a file called `src`.
  if (/[\\/]$/.test(path)) throw new WorkspaceError(`Path ${path} ends with a slash, so it names a folder: give a file path.`);
  if (edit.tool === 'delete_file') {
    if (current === null) throw new WorkspaceError(`Cannot delete ${path}: it does not exist.`);
    return null;
  }
  let after: string;
  if (edit.tool === 'write_file') {
    after = edit.args.content;
  } else {
    if (current === null) throw new WorkspaceError(`Cannot edit ${path}: it does not exist. Use write_file to create it.`);
    const { at, length, newText } = locateEdit(edit.args, current);
    after = current.slice(0, at) + newText + current.slice(at + length);
  }
  const bytes = Buffer.byteLength(after, 'utf8');
  if (bytes > maxBytes) {
    throw new WorkspaceError(`The new content of ${path} is ${bytes} bytes, over the ${maxBytes}-byte limit: write a smaller file.`);
  }
  if (after === current) throw new WorkspaceError(`The edit leaves ${path} unchanged: nothing to do.`);
  return after;
}
