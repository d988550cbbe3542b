// The on-disk form of one checkpoint: a single file holding its manifest and the prior contents it
// is the first to store. One file means one fsync before the edit may land (each extra file is
// another disk flush: a 5-file checkpoint as separate blob files cost 8 of them). Layout:
//
//   harness-checkpoint 1 <header bytes>\n
//   <header JSON>\n
//   <blob bytes, concatenated>
//
// Pure: no I/O here, so the format can be tested on its own.
import { isSafeId } from './ids';

export interface CheckpointFile {
  path: string;
  /** sha256 of the content before the edit, or 'absent' when the agent created the file. */
  beforeHash: string;
  /** What the agent wrote (sha256 or 'absent' for a delete); set by recordAfter. */
  afterHash?: string;
  bytes: number;
  /**
   * Id of the checkpoint whose file holds this content, when an earlier checkpoint already stored it
   * (de-duplication); absent when this checkpoint's own file holds it.
   */
  storedIn?: string;
}

export interface CheckpointManifest {
  id: string;
  taskId: string;
  createdAt: number;
  label: string;
  files: CheckpointFile[];
}

/** Where a blob's bytes sit in a checkpoint file, relative to the end of the header. */
export interface BlobSpan {
  hash: string;
  offset: number;
  length: number;
}

export interface CheckpointHeader extends CheckpointManifest {
  blobs: BlobSpan[];
}

export const checkpointRel = (id: string) => `checkpoints/${id}.ckpt`;
/** A content saved on its own, when the checkpoint file that held it was pruned but others still need it. */
export const looseBlobRel = (hash: string) => `blobs/${hash}`;
export const newestFirst = (a: CheckpointManifest, b: CheckpointManifest) =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const MAGIC = 'harness-checkpoint 1 ';
/** Enough for the first line and, almost always, the whole header in one read. */
export const HEAD_PROBE_BYTES = 16 * 1024;

export function encodeCheckpoint(manifest: CheckpointManifest, inline: ReadonlyMap<string, Buffer>): Buffer {
  const blobs: BlobSpan[] = [];
  let offset = 0;
  for (const [hash, data] of inline) {
    blobs.push({ hash, offset, length: data.length });
    offset += data.length;
  }
  const header = Buffer.from(JSON.stringify({ ...manifest, blobs } satisfies CheckpointHeader) + '\n', 'utf8');
  return Buffer.concat([Buffer.from(`${MAGIC}${header.length}\n`, 'utf8'), header, ...inline.values()]);
}

export type HeadParse =
  | { ok: true; header: CheckpointHeader; blobStart: number }
  | { ok: false; needBytes: number }
  | { ok: false; damaged: true };

/** Parses the header from the first bytes of a checkpoint file; says how many bytes it needs if `head` is short. */
export function parseCheckpointHead(head: Buffer): HeadParse {
  const nl = head.indexOf(0x0a);
  if (nl < 0) return head.length >= 64 ? { ok: false, damaged: true } : { ok: false, needBytes: 64 };
  const first = head.subarray(0, nl).toString('utf8');
  if (!first.startsWith(MAGIC)) return { ok: false, damaged: true };
  const headerBytes = Number(first.slice(MAGIC.length));
  if (!Number.isSafeInteger(headerBytes) || headerBytes <= 1) return { ok: false, damaged: true };
  const blobStart = nl + 1 + headerBytes;
  if (head.length < blobStart) return { ok: false, needBytes: blobStart };
  try {
    const header: unknown = JSON.parse(head.subarray(nl + 1, blobStart).toString('utf8'));
    return isHeader(header) ? { ok: true, header, blobStart } : { ok: false, damaged: true };
  } catch {
    return { ok: false, damaged: true };
  }
}

function isHeader(v: unknown): v is CheckpointHeader {
  const m = v as CheckpointHeader;
  return (
    !!m && typeof m.id === 'string' && isSafeId(m.id) && typeof m.taskId === 'string' &&
    typeof m.createdAt === 'number' && typeof m.label === 'string' && Array.isArray(m.files) &&
    m.files.every((f) => f && typeof f.path === 'string' && typeof f.beforeHash === 'string' && typeof f.bytes === 'number' &&
      (f.storedIn === undefined || (typeof f.storedIn === 'string' && isSafeId(f.storedIn)))) &&
    Array.isArray(m.blobs) &&
    m.blobs.every((b) => b && typeof b.hash === 'string' && Number.isSafeInteger(b.offset) && b.offset >= 0 && Number.isSafeInteger(b.length) && b.length >= 0)
  );
}

/** The manifest part of a header (what callers list and show). */
export function manifestOf(h: CheckpointHeader, after: Readonly<Record<string, string>>): CheckpointManifest {
  return {
    id: h.id,
    taskId: h.taskId,
    createdAt: h.createdAt,
    label: h.label,
    files: h.files.map((f) => ({ ...f, ...(after[f.path] ? { afterHash: after[f.path] } : {}) })),
  };
}
