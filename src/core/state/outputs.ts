// The full output of a task's commands, kept with the task (tasks/<id>/outputs/) while the model reads
// only its start and end. The panel opens these files. Bounded: each file holds what the command's
// capture kept (its head and tail past the capture cap), and a task stops saving past a total.
import { sha256 } from '../shared/hash';
import type { StateStore } from './store';

/** A task saves at most this much command output in all; later outputs are not saved (and it says so). */
export const MAX_TASK_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Where a call's output lives in the state store. Tool call ids come from the model: the name keeps
 * only safe characters and a hash tells apart ids that clean up the same.
 */
export function outputFile(taskId: string, toolCallId: string): string {
  const safe = toolCallId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'call';
  return `tasks/${taskId}/outputs/${safe}-${sha256(toolCallId).slice(0, 8)}.txt`;
}

export class TaskOutputs {
  private saved: number | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly taskId: string,
    private readonly maxTotalBytes = MAX_TASK_OUTPUT_BYTES,
  ) {}

  /** Saves one output; its size in bytes, or why it was not saved. */
  async save(toolCallId: string, text: string): Promise<{ bytes: number } | { skipped: string }> {
    // A resumed task counts what it saved before it stopped.
    this.saved ??= await this.sizeSoFar();
    const bytes = Buffer.byteLength(text);
    if (this.saved + bytes > this.maxTotalBytes) return { skipped: `the task's saved outputs reached ${Math.round(this.maxTotalBytes / 1024 / 1024)} MB` };
    try {
      // Not fsynced: losing a saved output in a power cut loses a convenience, not state.
      await this.store.writeAtomic(outputFile(this.taskId, toolCallId), text, { durable: false });
    } catch (err) {
      return { skipped: `it could not be written (${(err as Error).message})` };
    }
    this.saved += bytes;
    return { bytes };
  }

  private async sizeSoFar(): Promise<number> {
    const dir = `tasks/${this.taskId}/outputs`;
    let total = 0;
    for (const name of await this.store.list(dir).catch(() => [] as string[])) total += (await this.store.stat(`${dir}/${name}`).catch(() => null))?.size ?? 0;
    return total;
  }
}
