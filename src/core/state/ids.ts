// Identifiers for tasks and checkpoints: sortable by creation time, safe as file names.
import { randomBytes } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Time first (fixed-width base 36), then randomness: lexical order is creation order. */
function sortableId(prefix: string, now: number): string {
  const time = Math.max(0, Math.floor(now)).toString(36).padStart(9, '0');
  return `${prefix}${time}-${randomBytes(4).toString('hex')}`;
}

export function newTaskId(now: number = Date.now()): string {
  return sortableId('t', now);
}

export function newCheckpointId(now: number = Date.now()): string {
  return sortableId('c', now);
}

export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id);
}

/** Ids become directory and file names, so anything else (`..`, slashes) is refused. */
export function assertSafeId(id: string, what: string): void {
  if (!isSafeId(id)) {
    throw new Error(`invalid ${what} id "${id}": use letters, digits, "-" and "_" only`);
  }
}
