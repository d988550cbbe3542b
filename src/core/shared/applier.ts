// Where approved edits land. The CLI writes files atomically on disk (workspace/disk-applier.ts);
// the editor applies a WorkspaceEdit so the change joins the undo stack and respects dirty documents.
export interface EditApplier {
  /** The file's current text as the user sees it (a dirty editor buffer wins over the disk), null if absent. */
  read(relPath: string): Promise<string | null>;
  /** Write `content` (null deletes). Must re-check containment right before writing. */
  apply(relPath: string, content: string | null): Promise<void>;
}
