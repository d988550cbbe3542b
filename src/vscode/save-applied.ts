// Saving an applied edit. TextDocument.save() answers false both when the save failed and when it had
// nothing left to do (another save of the same text ran at that moment): seen in code-server on a busy
// machine, with the edit on disk and the document clean, so the model was told the edit failed. What
// counts is whether the disk ends up holding the edit. No `vscode` import: tested under Node.

export interface SavableDocument {
  readonly isDirty: boolean;
  save(): PromiseLike<boolean>;
}

export interface SaveOptions {
  /** Further save attempts while the document is still dirty. */
  retries?: number;
  /** Pause before each retry, growing linearly. */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** True when `content` is saved (a disk read that fails counts as not holding it): save() said so, or the document is clean and the disk holds `content`. */
export async function saveApplied(
  doc: SavableDocument,
  content: string,
  readDisk: () => Promise<string | null>,
  opts: SaveOptions = {},
): Promise<boolean> {
  const retries = opts.retries ?? 3;
  const waitMs = opts.waitMs ?? 150;
  const onDisk = () => readDisk().catch(() => null);
  if (await doc.save()) return true;
  for (let attempt = 1; attempt <= retries; attempt++) {
    // Clean: nothing more to save, so the disk decides (a revert would leave the old text there).
    if (!doc.isDirty) return (await onDisk()) === content;
    await sleep(waitMs * attempt);
    if (await doc.save()) return true;
  }
  return !doc.isDirty && (await onDisk()) === content;
}
