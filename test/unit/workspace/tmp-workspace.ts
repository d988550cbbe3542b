// Temp folders for workspace tests: a workspace and a sibling "outside" folder, removed afterwards.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

export interface Sandbox {
  /** Parent of both folders. */
  base: string;
  root: string;
  outside: string;
  write(rel: string, content: string | Buffer): string;
}

const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

export function sandbox(): Sandbox {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-ws-')));
  made.push(base);
  const root = path.join(base, 'proj');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'TOP SECRET\n');
  return {
    base,
    root,
    outside,
    write(rel, content) {
      const abs = path.join(root, ...rel.split('/'));
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
      return abs;
    },
  };
}
