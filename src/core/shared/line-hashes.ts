// A file's lines as short hashes: what the task remembers of the lines the model saw, so a later
// edit can tell whether the lines it replaces are still those. Lines keep their terminators, so
// "the same line" means byte-identical, line ending included. No node imports here: the panel's
// bundle folds task state too. The hashing itself is lineHash/lineHashes in hash.ts.

/** Characters per line hash (base64url: 48 bits, ample to tell a changed line from the one seen). */
export const LINE_HASH_CHARS = 8;

/** Stands for a line the model did not see (no base64url hash contains "?"). */
export const UNSEEN_LINE = '?'.repeat(LINE_HASH_CHARS);

/** Split into lines that keep their terminators, so joining gives back the exact text. */
export function splitKeepingEol(text: string): string[] {
  if (text === '') return [];
  return text.split(/(?<=\n)/);
}

/** The concatenated hashes back as a list, UNSEEN_LINE entries included (a trailing partial hash is dropped). */
export function splitLineHashes(hashes: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + LINE_HASH_CHARS <= hashes.length; i += LINE_HASH_CHARS) out.push(hashes.slice(i, i + LINE_HASH_CHARS));
  return out;
}
