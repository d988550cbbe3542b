// At most `harness.maxConcurrentTasks` tasks run at once; the rest wait in line (FIFO), can be
// cancelled while they wait, and are told where they stand.

export class QueueCancelledError extends Error {
  constructor(readonly taskId: string) {
    super(`task ${taskId} was cancelled while waiting for a free slot`);
    this.name = 'AbortError';
  }
}

/** The line shown to the user while a task waits. */
export function queuedMessage(taskId: string, position: number, maxConcurrent: number): string {
  const running = maxConcurrent === 1 ? '1 task is' : `${maxConcurrent} tasks are`;
  return `Task ${taskId} is queued (position ${position}): ${running} already running (harness.maxConcurrentTasks = ${maxConcurrent}); it starts when one finishes.`;
}

interface Queued {
  taskId: string;
  start: () => void;
  cancel: (e: Error) => void;
  onQueued?: (position: number) => void;
}

export class TaskLimiter {
  private active = new Set<string>();
  private running = 0;
  private readonly queue: Queued[] = [];

  constructor(private maxConcurrent: number) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
      throw new Error(`maxConcurrentTasks must be a whole number of at least 1 (got ${maxConcurrent})`);
    }
  }

  get max(): number {
    return this.maxConcurrent;
  }

  /** Running task ids. */
  get runningTasks(): string[] {
    return [...this.active];
  }

  get queuedTasks(): string[] {
    return this.queue.map((q) => q.taskId);
  }

  /** Changing the setting takes effect for queued tasks at once. */
  setMax(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new Error(`maxConcurrentTasks must be a whole number of at least 1 (got ${n})`);
    this.maxConcurrent = n;
    this.drain();
  }

  /**
   * Runs `fn` when a slot is free. `onQueued(position)` (1 = next) is called when the task has to
   * wait and again whenever its place changes. An abort while queued rejects with QueueCancelledError.
   */
  async run<T>(taskId: string, fn: () => Promise<T>, onQueued?: (position: number) => void, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new QueueCancelledError(taskId);
    if (this.running >= this.maxConcurrent || this.queue.length > 0) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => this.cancelEntry(entry, new QueueCancelledError(taskId));
        const entry: Queued = {
          taskId,
          onQueued,
          start: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          cancel: (e) => {
            signal?.removeEventListener('abort', onAbort);
            reject(e);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.queue.push(entry);
        onQueued?.(this.queue.length);
      });
    } else {
      this.running++;
    }
    this.active.add(taskId);
    try {
      return await fn();
    } finally {
      this.active.delete(taskId);
      this.running--;
      this.drain();
    }
  }

  /** Takes a queued task out of line; false if it is not queued (already running or unknown). */
  cancel(taskId: string): boolean {
    const entry = this.queue.find((q) => q.taskId === taskId);
    if (!entry) return false;
    this.cancelEntry(entry, new QueueCancelledError(taskId));
    return true;
  }

  private cancelEntry(entry: Queued, e: Error): void {
    const i = this.queue.indexOf(entry);
    if (i === -1) return;
    this.queue.splice(i, 1);
    entry.cancel(e);
    this.notifyPositions(i);
  }

  private drain(): void {
    let started = 0;
    while (this.running < this.maxConcurrent && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.running++; // the slot is taken now, before the waiter's continuation runs
      next.start();
      started++;
    }
    if (started) this.notifyPositions(0);
  }

  private notifyPositions(from: number): void {
    for (let i = from; i < this.queue.length; i++) this.queue[i].onQueued?.(i + 1);
  }
}
