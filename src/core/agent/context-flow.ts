// Every model request of a task goes through here: the conversation is compacted first when it would
// not leave room (context/planner.ts decides, this runs the summary call and records the event), the
// request's size is recorded for calibration, and a server's "context length exceeded" gets one
// compaction and one retry, then a clear error. Never a silent loop.
import type { ChatMessage, CompleteOptions, ModelTurn, ToolSpec } from '../model/types';
import { ModelError } from '../model/types';
import { taskProfile, type ModelProfile } from '../model/profile';
import { costUsd, formatUsd, withCost } from '../model/pricing';
import type { Usage } from '../shared/types';
import { applyCompaction } from '../events/compaction';
import { calibrationRatio, contextBudget, type ContextBudget } from '../context/budget';
import { EXACT_FROM_SHARE, RequestCounting } from '../context/counting';
import { planCompaction, requestTokens, type CompactionPlan } from '../context/planner';
import { SUMMARY_TOKENS_GUESS, summaryRequest, summaryText } from '../context/summary';
import type { TaskContext } from './context';
import { CancelledError } from './errors';

/** The summary call's transcript takes at most this share of the prompt room. */
const SUMMARY_INPUT_SHARE = 0.5;

export class ContextFlow {
  private readonly counting: RequestCounting;

  private constructor(
    private readonly ctx: TaskContext,
    private readonly specs: ToolSpec[],
    readonly profile: ModelProfile,
  ) {
    this.counting = new RequestCounting(profile.tokenizer, specs);
  }

  /** Also says, once, when a cost budget cannot be kept because the model's prices are unknown. */
  static async open(ctx: TaskContext, specs: ToolSpec[]): Promise<ContextFlow> {
    const flow = new ContextFlow(ctx, specs, taskProfile(ctx.options));
    if (ctx.budgets.maxCostUsd !== undefined && !flow.profile.pricing) {
      await ctx.emit({ type: 'error', during: 'cost-budget', message: `The cost budget (${formatUsd(ctx.budgets.maxCostUsd)}) cannot be kept: the prices of model "${flow.profile.model}" are unknown. Set them in harness.modelProfile.pricing.` });
    }
    return flow;
  }

  /** The usage of one call with its cost, from the profile's prices. */
  priced(usage: Usage): Usage {
    return withCost(usage, this.profile.pricing);
  }

  /** Server tokens per counted token: the recorded calibration, once it is for the count in use. */
  private ratio(): number {
    const c = this.ctx.state.context;
    return this.counting.exact === !!c.exact ? calibrationRatio(c) : 1;
  }

  private budget(serverWindow?: number): ContextBudget {
    const learned = Math.min(this.ctx.state.context.window ?? Infinity, serverWindow ?? Infinity);
    return contextBudget(this.profile, Number.isFinite(learned) ? learned : undefined);
  }

  /** Asks the model for the next turn of step `step`, the conversation made to fit first. */
  async complete(step: number, options: CompleteOptions): Promise<ModelTurn> {
    const s = this.ctx.state;
    this.counting.update(s.messages, this.ratio(), this.budget().threshold * EXACT_FROM_SHARE, !!s.context.exact);
    await this.compact(step, 'threshold');
    let raw = await this.announce(step);
    try {
      return await this.ctx.options.model.complete(this.ctx.state.messages, this.specs, options);
    } catch (err) {
      if (!isOverflow(err)) throw err;
      const compacted = await this.compact(step, 'overflow', err.overflow, raw);
      if (!compacted) throw this.giveUp(err);
      await this.ctx.emit({ type: 'model-retry', step, attempt: 1, delayMs: 0, reason: 'The conversation did not fit the model\'s context window: compacted it, retrying once.' });
      raw = await this.announce(step);
      try {
        return await this.ctx.options.model.complete(this.ctx.state.messages, this.specs, options);
      } catch (again) {
        throw isOverflow(again) ? this.giveUp(again) : again;
      }
    }
  }

  /** Records the request about to be sent, with our count of it (the fold calibrates with it). */
  private async announce(step: number): Promise<number> {
    const raw = this.counting.raw(this.ctx.state.messages);
    await this.ctx.emit({ type: 'model-request', step, promptTokens: raw, ...(this.counting.exact ? { exact: true } : {}) });
    return raw;
  }

  private giveUp(err: ModelError): ModelError {
    const window = err.overflow?.contextWindow ?? this.budget().window;
    return new ModelError(
      'context_overflow',
      `The conversation no longer fits the model's context window (${window} tokens) even after the harness compacted it. ` +
        'Load the model with a larger context (Ollama: num_ctx; LM Studio: context length; vLLM: --max-model-len), set harness.modelProfile.contextWindow (--context-window) to what the server really has, or split the task.',
      err.status,
      err.overflow,
    );
  }

  /**
   * Compacts when the next request would pass the threshold (or, after an overflow, whatever the
   * count said); true when something was compacted. `failedRaw`: our count of the refused request.
   */
  private async compact(step: number, reason: 'threshold' | 'overflow', overflow?: ModelError['overflow'], failedRaw?: number): Promise<boolean> {
    const s = this.ctx.state;
    let ratio = this.ratio();
    let serverWindow = overflow?.contextWindow;
    if (reason === 'overflow') {
      // The server's own count of the refused request calibrates this compaction at least.
      if (overflow?.promptTokens && failedRaw) ratio = Math.max(ratio, Math.min(3, overflow.promptTokens / failedRaw));
      // A server that did not say its window refused this many tokens: take that as its window.
      serverWindow ??= failedRaw ? Math.floor(failedRaw * ratio) : undefined;
    }
    const budget = this.budget(serverWindow);
    const outcomes = new Map(s.toolCalls.map((c) => [c.id, c.outcome]));
    const { counter, toolTokens } = this.counting;
    const plan = planCompaction({ messages: s.messages, counter, toolTokens, budget, ratio, outcomeOf: (id) => outcomes.get(id), force: reason === 'overflow' });
    if (!plan) return false;
    const summary = plan.summary ? await this.summarize(plan, budget, ratio, (id) => outcomes.get(id)) : undefined;
    if (!plan.replaced.length && !summary) return false;
    const summarized = summary && plan.summary ? { ...plan.summary, text: summary.text } : undefined;
    const after = [...plan.masked];
    if (summarized) applyCompaction(after, { replaced: [], summary: summarized });
    await this.ctx.emit({
      type: 'context-compacted',
      step,
      reason,
      replaced: plan.replaced,
      ...(summarized ? { summary: summarized } : {}),
      tokensBefore: plan.tokensBefore,
      tokensAfter: requestTokens(after, counter, toolTokens, ratio),
      window: budget.window,
      ...(summary ? { usage: summary.usage } : {}),
    });
    return true;
  }

  /** One model call for the summary, only when the budgets leave room; undefined when skipped or failed. */
  private async summarize(plan: CompactionPlan, budget: ContextBudget, ratio: number, outcomeOf: (id: string) => string | undefined): Promise<{ text: string; usage: Usage } | undefined> {
    const range = plan.summary!;
    const part = plan.masked.slice(range.from, range.to);
    const request: ChatMessage[] = summaryRequest(this.ctx.state.task, part, Math.floor(budget.prompt * SUMMARY_INPUT_SHARE * 3));
    const expected = { promptTokens: requestTokens(request, this.counting.counter, 0, ratio), completionTokens: SUMMARY_TOKENS_GUESS };
    const refused = this.overBudget(expected);
    if (refused) {
      await this.ctx.emit({ type: 'error', during: 'context-summary', message: `Did not summarize the earlier conversation: ${refused}. Only old observations were masked.` });
      return undefined;
    }
    let turn: ModelTurn;
    try {
      turn = await this.ctx.options.model.complete(request, [], { signal: this.ctx.signal });
    } catch (err) {
      if (err instanceof CancelledError || this.ctx.signal.aborted || (err instanceof ModelError && err.kind === 'cancelled')) throw err;
      await this.ctx.emit({ type: 'error', during: 'context-summary', message: `Could not summarize the earlier conversation (${(err as Error).message}). Only old observations were masked.` });
      return undefined;
    }
    return { text: summaryText(part, turn.content, outcomeOf), usage: this.priced(turn.usage) };
  }

  /** Why a call of this size would break the token or cost budget, if it would. */
  private overBudget(expected: Usage): string | undefined {
    const b = this.ctx.budgets;
    const used = this.ctx.state.usage;
    const tokens = used.promptTokens + used.completionTokens + expected.promptTokens + expected.completionTokens;
    if (b.maxTokens !== undefined && tokens > b.maxTokens) return `it would pass the token budget of ${b.maxTokens}`;
    if (b.maxCostUsd !== undefined && this.profile.pricing && (used.costUsd ?? 0) + costUsd(expected, this.profile.pricing) > b.maxCostUsd) {
      return `it would pass the cost budget of ${formatUsd(b.maxCostUsd)}`;
    }
    return undefined;
  }
}

function isOverflow(err: unknown): err is ModelError {
  return err instanceof ModelError && err.kind === 'context_overflow';
}
