// Content hashes shared by checkpoints and journals. 'absent' stands for "no file".
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { LINE_HASH_CHARS, splitKeepingEol } from './line-hashes';

export const ABSENT = 'absent';

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Same convention as Proposal.beforeHash: sha256 of the text, or 'absent' when there is no file. */
export function contentHash(content: string | Buffer | null): string {
  return content === null ? ABSENT : sha256(content);
}

// One-shot hashing (Node 20.12+) is about twice as fast per short line as a Hash object.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;

/** A line's short hash (shared/line-hashes.ts says what they are for). */
export function lineHash(line: string): string {
  const digest = oneShot ? oneShot('sha256', line, 'base64url') : createHash('sha256').update(line).digest('base64url');
  return digest.slice(0, LINE_HASH_CHARS);
}

/** The short hashes of lines `start`..`end` (1-based, inclusive, clamped to the text), concatenated. */
export function lineHashes(text: string, start = 1, end = Number.MAX_SAFE_INTEGER): string {
  return splitKeepingEol(text)
    .slice(start - 1, end)
    .map(lineHash)
    .join('');
}
