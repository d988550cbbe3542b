// Content hashes shared by checkpoints and journals. 'absent' stands for "no file".
import { createHash } from 'node:crypto';

export const ABSENT = 'absent';

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Same convention as Proposal.beforeHash: sha256 of the text, or 'absent' when there is no file. */
export function contentHash(content: string | Buffer | null): string {
  return content === null ? ABSENT : sha256(content);
}
