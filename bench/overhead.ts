// Measurement 2: what the harness adds to each tool call (argument validation, policy decision, and
// the call's events — proposed, decided, ended, its tool message — each journaled and projected into
// the audit log), against calling the tool's function directly.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyConfig } from '../src/core/shared/types';
import { DEFAULT_LIMITS } from '../src/core/shared/limits';
import { AuditLog } from '../src/core/state/audit-log';
import { decideFileOperation } from '../src/core/policy/engine';
import { TaskJournal } from '../src/core/state/journal';
import { TaskRecorder, type AuditSink } from '../src/core/state/recorder';
import * as fs from 'node:fs';
import { fsStateStore, type StateStore } from '../src/core/state/store';
import { newTaskId } from '../src/core/state/ids';
import { contentHash, lineHashes } from '../src/core/shared/hash';
import { parseToolArguments } from '../src/core/tools/registry';
import { readFileTool } from '../src/core/tools/definitions';
import { runReadFile } from '../src/core/tools/read-tools';
import { noFsyncStateStore } from './nofsync-store';
import { median, nowMs, percentile, round, tempDir } from './stats';

export interface OverheadResult {
  calls: number;
  /** The harness's own work per call (the three steps), product behaviour: durable events fsynced. */
  p50Us: number;
  p99Us: number;
  /** The tool's function called directly (read_file on a small file). */
  baselineP50Us: number;
  baselineP99Us: number;
  /** (p50 overhead + p50 tool) / p50 tool: how much slower a harnessed call is. */
  ratio: number;
  /** Median / p99 of each step, in µs, to show where the time goes. */
  breakdown: Record<'validate' | 'policy' | 'record', { p50Us: number; p99Us: number }>;
  /** Diagnostic: the same steps with audit and journal writes not fsynced (not the product). */
  noFsync: { p50Us: number; p99Us: number };
}

// A realistic user policy: level 2, a few rules, the default protected paths.
const POLICY: PolicyConfig = {
  automationLevel: 2,
  rules: [
    { action: 'deny', path: 'secrets/**', source: 'user' },
    { action: 'allow', tool: 'write_file', path: 'docs/**', source: 'workspace' },
    { action: 'ask', tool: 'edit_file', path: 'src/core/**', source: 'user' },
    { action: 'allow', command: 'npm test', source: 'user' },
  ],
  protectedPaths: ['.git', '.git/**', '**/.git/**', '.harness/**', '.vscode/**', '.env', '.env*', '**/.env*', '.npmrc', '.github/workflows/**'],
};

/** Audit writer with the product's line format but no fdatasync: diagnostic only. */
class NoFsyncAudit {
  private readonly fd: number;
  constructor(file: string, private readonly taskId: string) {
    this.fd = fs.openSync(file, 'a', 0o600);
  }
  write(entry: Record<string, unknown>): void {
    fs.writeSync(this.fd, JSON.stringify({ at: new Date().toISOString(), taskId: this.taskId, ...entry }) + '\n');
  }
  close(): void {
    fs.closeSync(this.fd);
  }
}

type Steps = Record<'validate' | 'policy' | 'record', number[]>;

/** Per call: validate, decide, then the five events a read tool call records through the TaskRecorder (with what the model saw). */
async function harnessCalls(calls: number, store: StateStore, audit: AuditSink, result: string, source: string): Promise<{ total: number[]; steps: Steps }> {
  const taskId = newTaskId();
  const journal = await TaskJournal.open(store, taskId);
  const recorder = new TaskRecorder(taskId, journal, audit);
  const total: number[] = [];
  const steps: Steps = { validate: [], policy: [], record: [] };
  for (let i = 0; i < calls; i++) {
    const raw = JSON.stringify({ path: `src/file-${i % 50}.ts`, start_line: 1, end_line: 40 });
    const id = `call_${i}`;
    const t0 = nowMs();
    const args = parseToolArguments(readFileTool, raw);
    const t1 = nowMs();
    const decision = decideFileOperation({ tool: 'read_file', path: args.path }, POLICY);
    const t2 = nowMs();
    await recorder.emit({ type: 'tool-call-proposed', step: i, toolCallId: id, tool: 'read_file', args });
    await recorder.emit({ type: 'policy-decision', toolCallId: id, tool: 'read_file', path: args.path, decision });
    await recorder.emit({ type: 'file-seen', path: args.path, hash: contentHash(source), step: i, how: 'read', lines: lineHashes(source) });
    await recorder.emit({ type: 'tool-call-ended', toolCallId: id, tool: 'read_file', outcome: 'ok', result: result.slice(0, 4000) });
    await recorder.emit({ type: 'message', message: { role: 'tool', tool_call_id: id, content: result } });
    const t3 = nowMs();
    total.push((t3 - t0) * 1000);
    steps.validate.push((t1 - t0) * 1000);
    steps.policy.push((t2 - t1) * 1000);
    steps.record.push((t3 - t2) * 1000);
  }
  if (journal.records.length !== calls * 5) throw new Error(`journal holds ${journal.records.length} records, expected ${calls * 5}`);
  await journal.close();
  return { total, steps };
}

export async function benchOverhead(calls: number, log: (msg: string) => void): Promise<OverheadResult> {
  const tmp = tempDir('overhead');
  try {
    const root = join(tmp.dir, 'ws');
    mkdirSync(join(root, 'src'), { recursive: true });
    const source = Array.from({ length: 40 }, (_, i) => `export const value${i} = ${i}; // a line of source`).join('\n') + '\n';
    for (let i = 0; i < 50; i++) writeFileSync(join(root, 'src', `file-${i}.ts`), source);

    // Baseline: the tool's own function, no harness around it.
    const baseline: number[] = [];
    let result = '';
    for (let i = 0; i < calls; i++) {
      const t0 = nowMs();
      result = await runReadFile(root, { path: `src/file-${i % 50}.ts`, start_line: 1, end_line: 40 }, DEFAULT_LIMITS);
      baseline.push((nowMs() - t0) * 1000);
    }

    log(`overhead: ${calls.toLocaleString('en')} calls with fsync (product)`);
    const audit = new AuditLog(join(tmp.dir, 'audit'), 'bench');
    const durable = await harnessCalls(calls, fsStateStore(join(tmp.dir, 'state')), audit, result, source);
    audit.close();

    log(`overhead: ${calls.toLocaleString('en')} calls without fsync (diagnostic)`);
    const fastAudit = new NoFsyncAudit(join(tmp.dir, 'audit-nofsync.jsonl'), 'bench');
    const fast = await harnessCalls(calls, noFsyncStateStore(join(tmp.dir, 'state-nofsync')), fastAudit, result, source);
    fastAudit.close();

    const p50 = median(durable.total);
    const b50 = median(baseline);
    const stat = (xs: number[]) => ({ p50Us: round(median(xs), 1), p99Us: round(percentile(xs, 99), 1) });
    return {
      calls,
      p50Us: round(p50, 1),
      p99Us: round(percentile(durable.total, 99), 1),
      baselineP50Us: round(b50, 1),
      baselineP99Us: round(percentile(baseline, 99), 1),
      ratio: round((p50 + b50) / b50, 1),
      breakdown: {
        validate: stat(durable.steps.validate),
        policy: stat(durable.steps.policy),
        record: stat(durable.steps.record),
      },
      noFsync: stat(fast.total),
    };
  } finally {
    tmp.cleanup();
  }
}
