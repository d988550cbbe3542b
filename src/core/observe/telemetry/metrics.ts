// The figures of `harness stats` as OpenTelemetry instruments, recorded as events arrive: tasks by
// status and verdict (and whether the first verification round passed), fix rounds, task time,
// tool calls by decision, risk and outcome, approvals by tool, program and outcome with the wait,
// tokens and model-call time (the gen_ai client metrics), and cost where a price is known.
import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import type { TaskEvent } from '../../events/schema';
import type { TaskBook } from './book';
import { commandProgram } from './content';
import type { TelemetryOptions } from './session';

const SECONDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKENS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304];
const WAIT = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const TASK_SECONDS = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

export class TaskMetrics {
  private readonly tasks: Counter;
  private readonly taskDuration: Histogram;
  private readonly fixRounds: Histogram;
  private readonly toolCalls: Counter;
  private readonly approvals: Counter;
  private readonly approvalWait: Histogram;
  private readonly tokens: Histogram;
  private readonly modelDuration: Histogram;
  private readonly cost: Counter;

  constructor(meter: Meter, private readonly costOf?: TelemetryOptions['costOf']) {
    this.tasks = meter.createCounter('harness.task.count', { description: 'Tasks ended, by status and verdict', unit: '{task}' });
    this.taskDuration = meter.createHistogram('harness.task.duration', { description: 'Wall time of a task', unit: 's', advice: { explicitBucketBoundaries: TASK_SECONDS } });
    this.fixRounds = meter.createHistogram('harness.verification.fix_rounds', { description: 'Verification rounds after the first, per verified task', unit: '{round}', advice: { explicitBucketBoundaries: [0, 1, 2, 3, 5, 10] } });
    this.toolCalls = meter.createCounter('harness.tool.call.count', { description: 'Tool calls, by decision, risk and outcome', unit: '{call}' });
    this.approvals = meter.createCounter('harness.approval.count', { description: 'Approvals answered, by tool, program and outcome', unit: '{approval}' });
    this.approvalWait = meter.createHistogram('harness.approval.wait', { description: 'Time from an approval question to its answer', unit: 's', advice: { explicitBucketBoundaries: WAIT } });
    this.tokens = meter.createHistogram('gen_ai.client.token.usage', { description: 'Tokens per model call', unit: '{token}', advice: { explicitBucketBoundaries: TOKENS } });
    this.modelDuration = meter.createHistogram('gen_ai.client.operation.duration', { description: 'Model call time', unit: 's', advice: { explicitBucketBoundaries: SECONDS } });
    this.cost = meter.createCounter('harness.cost', { description: 'Cost of ended tasks where the model price is known', unit: 'USD' });
  }

  handle(e: TaskEvent, book: TaskBook): void {
    switch (e.type) {
      case 'model-turn': {
        const a: Attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', ...(book.model ? { 'gen_ai.request.model': book.model } : {}) };
        this.tokens.record(e.usage.promptTokens, { ...a, 'gen_ai.token.type': 'input' });
        this.tokens.record(e.usage.completionTokens, { ...a, 'gen_ai.token.type': 'output' });
        this.modelDuration.record(e.latencyMs / 1000, a);
        break;
      }
      case 'tool-call-ended': {
        const c = book.calls.get(e.toolCallId);
        this.toolCalls.add(1, { 'gen_ai.tool.name': e.tool || c?.tool || 'unknown', 'harness.policy.decision': c?.decision?.decision ?? 'unknown', 'harness.policy.risk': c?.decision?.risk ?? 'unknown', 'harness.tool.outcome': e.outcome });
        break;
      }
      case 'approval-answered': {
        const c = book.calls.get(e.toolCallId);
        const a: Attributes = {
          'gen_ai.tool.name': c?.tool ?? 'unknown',
          'harness.approval.outcome': e.outcome,
          'harness.approval.by_human': e.by === 'user',
          ...(c?.command !== undefined ? { 'harness.command.program': commandProgram(c.command) } : {}),
        };
        this.approvals.add(1, a);
        if (c?.askedAt !== undefined) this.approvalWait.record(Math.max(0, e.at - c.askedAt) / 1000, a);
        break;
      }
      case 'task-ended': {
        const a: Attributes = { 'harness.task.status': e.status, 'harness.task.verdict': e.verdict, ...(book.model ? { 'gen_ai.request.model': book.model } : {}) };
        const first = book.rounds > 0 ? { 'harness.verification.first_round_verified': book.firstVerdict === 'verified' } : {};
        this.tasks.add(1, { ...a, ...first });
        this.taskDuration.record(Math.max(0, e.at - book.startedAt) / 1000, { 'harness.task.status': e.status });
        if (book.rounds > 0) this.fixRounds.record(book.rounds - 1, { 'harness.task.verdict': e.verdict });
        // A cost on the record (the endpoint's, or the price table's) first; else the front end's lookup.
        const recorded = (e.usage as { costUsd?: unknown }).costUsd;
        const usd = typeof recorded === 'number' && Number.isFinite(recorded) ? recorded : (this.costOf?.(e.usage, book.model) ?? null);
        if (usd !== null && usd > 0) this.cost.add(usd, book.model ? { 'gen_ai.request.model': book.model } : {});
        break;
      }
      default:
        break;
    }
  }
}
