// How a task counts its requests. The length estimate (calibrated) until the conversation is big
// enough for exactness to matter, then the model's own tokenizer when one ships with the harness:
// loading it costs a few hundred milliseconds and ~30 MB, which a short task never needs to pay.
// The switch depends only on the conversation and the recorded calibration, so a resumed task
// switches at the same point; the model-request events record which count they carry.
import type { ChatMessage, ToolSpec } from '../model/types';
import { TokenCounter, type CountFn } from '../model/tokens';

/** Exact counting starts once a request passes this share of the compaction threshold. */
export const EXACT_FROM_SHARE = 0.5;

export class RequestCounting {
  private readonly estimate = new TokenCounter();
  private readonly estimateTools: number;
  private exactCounter: TokenCounter | undefined;
  private exactTools = 0;

  constructor(
    private readonly tokenizer: 'o200k' | undefined,
    private readonly specs: readonly ToolSpec[],
    private readonly load?: () => CountFn | null,
  ) {
    this.estimateTools = this.estimate.tools(specs);
  }

  /** True once the model's tokenizer counts. */
  get exact(): boolean {
    return this.exactCounter !== undefined;
  }

  get counter(): TokenCounter {
    return this.exactCounter ?? this.estimate;
  }

  get toolTokens(): number {
    return this.exactCounter ? this.exactTools : this.estimateTools;
  }

  /** Our count of a request (uncalibrated). */
  raw(messages: readonly ChatMessage[]): number {
    return this.counter.request(messages, this.toolTokens);
  }

  /**
   * Turns exact counting on when the task already counted exactly (`recorded`, from its journal) or
   * the calibrated estimate passes `from`. Once on, it stays on.
   */
  update(messages: readonly ChatMessage[], ratio: number, from: number, recorded: boolean): void {
    if (this.exactCounter || !this.tokenizer) return;
    if (!recorded && this.estimate.request(messages, this.estimateTools) * ratio <= from) return;
    const counter = new TokenCounter(this.tokenizer, this.load);
    if (!counter.exact) return; // the tokenizer could not be loaded: the estimate goes on
    this.exactCounter = counter;
    this.exactTools = counter.tools(this.specs);
  }
}
