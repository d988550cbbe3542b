// Measurement 3: building an edit proposal (unified diff + hunks) for large files with a few
// scattered changes, against `git diff --no-index` on the same two texts.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProposal } from '../src/core/diff/proposal';
import { median, nowMs, round, tempDir } from './stats';

export interface DiffRow {
  lines: number;
  ms: number;
  hunks: number;
  gitDiffMs: number;
  /** gitDiffMs / ms. */
  ratio: number;
  repeats: number;
}

/** A source-like file of `lines` lines, and a copy with five changes spread through it. */
export function diffInputs(lines: number): { before: string; after: string } {
  const src = Array.from({ length: lines }, (_, i) => `  const item${i} = compute(${i % 97}, "row ${i}"); // line ${i + 1}`);
  const out = [...src];
  const at = (f: number) => Math.floor(lines * f);
  out[at(0.1)] = out[at(0.1)].replace('compute', 'computeFast');
  out.splice(at(0.3), 0, '  // a line the agent inserted', '  validate(item);');
  out.splice(at(0.5), 1);
  out[at(0.7)] += ' // changed';
  out[at(0.9)] = '  return done();';
  return { before: src.join('\n') + '\n', after: out.join('\n') + '\n' };
}

function gitDiff(a: string, b: string): string {
  try {
    return execFileSync('git', ['diff', '--no-index', '--no-color', '-U3', a, b], { maxBuffer: 64 * 1024 * 1024 }).toString();
  } catch (e) {
    // Exit code 1 means "the files differ", which is the point.
    const err = e as { status?: number; stdout?: Buffer };
    if (err.status === 1 && err.stdout) return err.stdout.toString();
    throw e;
  }
}

export async function benchDiff(lines: number, repeats: number): Promise<DiffRow> {
  const { before, after } = diffInputs(lines);
  const tmp = tempDir('diff');
  try {
    const a = join(tmp.dir, 'before.ts');
    const b = join(tmp.dir, 'after.ts');
    writeFileSync(a, before);
    writeFileSync(b, after);
    const ours: number[] = [];
    const git: number[] = [];
    let hunks = 0;
    for (let r = 0; r < repeats; r++) {
      let t0 = nowMs();
      const p = buildProposal({ id: `p${r}`, taskId: 'tbench', toolCallId: `c${r}`, path: 'src/big.ts', before, after });
      ours.push(nowMs() - t0);
      hunks = p.hunks.length;
      if (hunks < 4) throw new Error(`proposal for ${lines} lines has ${hunks} hunks; expected the five scattered changes`);
      t0 = nowMs();
      gitDiff(a, b);
      git.push(nowMs() - t0);
    }
    const ms = median(ours);
    const gitDiffMs = median(git);
    return { lines, ms: round(ms), hunks, gitDiffMs: round(gitDiffMs), ratio: round(gitDiffMs / ms, 1), repeats };
  } finally {
    tmp.cleanup();
  }
}
