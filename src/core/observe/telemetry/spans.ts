// One task's trace, built as its events arrive: the task span, a span per model call and per tool
// call (verification's own command checks included), each started and ended at its events' times.
// Attribute names follow the OpenTelemetry gen_ai semantic conventions where they have one.
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { TaskEvent } from '../../events/schema';
import type { TaskBook } from './book';
import { commandProgram, contentOf, jsonContent, ruleName, type ContentPolicy } from './content';

const time = (at: number) => new Date(at);

/** Attributes without the undefined ones (content left out). */
function attrs(a: Record<string, string | number | boolean | string[] | undefined>): Attributes {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Attributes;
}

export class TaskTracer {
  private readonly root: Span;
  private readonly rootCtx: Context;
  private model?: Span;
  private readonly tools = new Map<string, Span>();
  private verification?: Span;
  private verificationCtx?: Context;

  constructor(
    private readonly tracer: Tracer,
    private readonly book: TaskBook,
    private readonly policy: ContentPolicy,
    first: TaskEvent,
  ) {
    const started = first.type === 'task-started' ? first : undefined;
    this.root = tracer.startSpan(
      'invoke_agent harness',
      {
        kind: SpanKind.INTERNAL,
        startTime: time(first.at),
        attributes: attrs({
          'gen_ai.operation.name': 'invoke_agent',
          'gen_ai.agent.name': 'harness',
          'gen_ai.conversation.id': first.taskId,
          'harness.task.id': first.taskId,
          'gen_ai.request.model': started?.model,
          'harness.automation_level': started?.level,
          'harness.budget.max_steps': started?.budgets.maxSteps,
          'harness.task.resumed': first.type === 'task-resumed' ? true : undefined,
          'gen_ai.input.messages': started ? jsonContent(policy, [{ role: 'user', parts: [{ type: 'text', content: started.task }] }]) : undefined,
        }),
      },
      context.active(),
    );
    this.rootCtx = trace.setSpan(context.active(), this.root);
  }

  private child(name: string, at: number, kind: SpanKind, a: Attributes, parent = this.rootCtx): Span {
    return this.tracer.startSpan(name, { kind, startTime: time(at), attributes: a }, parent);
  }

  /** The span of a tool call; verification's command checks get theirs when first decided. */
  private toolSpan(id: string, at: number): Span | undefined {
    let s = this.tools.get(id);
    if (!s && id.startsWith('verify:')) {
      s = this.child('execute_tool run_command', at, SpanKind.INTERNAL, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'run_command', 'harness.verification.check': true }, this.verificationCtx);
      this.tools.set(id, s);
    }
    return s;
  }

  handle(e: TaskEvent): void {
    const p = this.policy;
    switch (e.type) {
      case 'task-resumed':
        this.root.addEvent('task.resumed', { 'harness.step': e.step }, time(e.at));
        break;
      case 'model-request':
        this.model?.end(time(e.at));
        this.model = this.child(`chat ${this.book.model ?? 'unknown'}`, e.at, SpanKind.CLIENT, attrs({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': this.book.model, 'harness.step': e.step }));
        break;
      case 'model-retry':
        this.model?.addEvent('retry', attrs({ 'harness.attempt': e.attempt, 'harness.delay_ms': e.delayMs, 'harness.reason': contentOf(p, e.reason) }), time(e.at));
        break;
      case 'model-turn': {
        const span = this.model ?? this.child(`chat ${this.book.model ?? 'unknown'}`, e.at - e.latencyMs, SpanKind.CLIENT, attrs({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': this.book.model }));
        span.setAttributes(
          attrs({
            'gen_ai.usage.input_tokens': e.usage.promptTokens,
            'gen_ai.usage.output_tokens': e.usage.completionTokens,
            'gen_ai.usage.cache_read.input_tokens': e.usage.cachedTokens,
            'gen_ai.response.finish_reasons': e.finishReason ? [e.finishReason] : undefined,
            'harness.tool_calls': e.toolCalls.length,
            'gen_ai.output.messages': jsonContent(p, [{ role: 'assistant', parts: [...(e.content ? [{ type: 'text', content: e.content }] : []), ...e.toolCalls.map((c) => ({ type: 'tool_call', id: c.id, name: c.name, arguments: c.arguments }))] }]),
          }),
        );
        span.end(time(e.at));
        this.model = undefined;
        break;
      }
      case 'tool-call-proposed':
        this.tools.set(
          e.toolCallId,
          this.child(`execute_tool ${e.tool}`, e.at, SpanKind.INTERNAL, attrs({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': e.tool, 'gen_ai.tool.call.id': e.toolCallId, 'gen_ai.tool.type': 'function', 'harness.step': e.step, 'gen_ai.tool.call.arguments': jsonContent(p, e.args) })),
        );
        break;
      case 'policy-decision':
        this.toolSpan(e.toolCallId, e.at)?.setAttributes(
          attrs({
            'harness.policy.decision': e.decision.decision,
            'harness.policy.risk': e.decision.risk,
            'harness.policy.rule': ruleName(p, e.decision.rule),
            'harness.policy.reason': contentOf(p, e.decision.reason),
            'harness.command.program': e.command !== undefined ? commandProgram(e.command) : undefined,
            'harness.command.line': contentOf(p, e.command),
            'harness.path': contentOf(p, e.path),
          }),
        );
        break;
      case 'edit-proposed':
        this.tools.get(e.proposal.toolCallId)?.addEvent('edit.proposed', attrs({ 'harness.edit.kind': e.proposal.kind, 'harness.edit.hunks': e.proposal.hunks.length, 'harness.path': contentOf(p, e.proposal.path) }), time(e.at));
        break;
      case 'approval-asked':
        this.toolSpan(e.toolCallId, e.at)?.addEvent('approval.asked', attrs({ 'harness.approval.request': e.request, 'harness.approval.subject': contentOf(p, e.subject) }), time(e.at));
        break;
      case 'approval-answered': {
        const asked = this.book.calls.get(e.toolCallId)?.askedAt;
        this.toolSpan(e.toolCallId, e.at)?.setAttributes(
          attrs({
            'harness.approval.outcome': e.outcome,
            'harness.approval.by': e.by,
            'harness.approval.by_human': e.by === 'user',
            'harness.approval.wait_ms': asked !== undefined ? Math.max(0, e.at - asked) : undefined,
            'harness.approval.reason': contentOf(p, e.reason),
          }),
        );
        break;
      }
      case 'command-finished':
        this.toolSpan(e.toolCallId, e.at)?.setAttributes(attrs({ 'harness.command.exit_code': e.exitCode ?? undefined, 'harness.command.timed_out': e.timedOut, 'harness.command.cancelled': e.cancelled, 'harness.command.sandboxed': e.sandboxed, 'harness.command.duration_ms': e.durationMs }));
        break;
      case 'edit-applied':
      case 'edit-refused':
        if (e.toolCallId) this.tools.get(e.toolCallId)?.addEvent(e.type === 'edit-applied' ? 'edit.applied' : 'edit.refused', attrs({ 'harness.edit.status': e.type === 'edit-applied' ? 'applied' : e.status, 'harness.path': contentOf(p, e.path) }), time(e.at));
        break;
      case 'tool-call-ended': {
        const span = this.tools.get(e.toolCallId);
        if (!span) break;
        span.setAttributes(attrs({ 'harness.tool.outcome': e.outcome, 'gen_ai.tool.call.result': contentOf(p, e.result) }));
        if (e.outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: contentOf(p, e.error) ?? e.outcome });
        span.end(time(e.at));
        this.tools.delete(e.toolCallId);
        break;
      }
      case 'verification-started':
        this.verification = this.child('harness.verification', e.at, SpanKind.INTERNAL, { 'harness.verification.round': e.round });
        this.verificationCtx = trace.setSpan(this.rootCtx, this.verification);
        break;
      case 'verification-round': {
        const count = (st: string) => e.checks.filter((c) => c.status === st).length;
        const span = this.verification ?? this.child('harness.verification', e.at, SpanKind.INTERNAL, {});
        for (const [id, check] of this.tools) {
          if (!id.startsWith('verify:')) continue;
          check.end(time(e.at));
          this.tools.delete(id);
        }
        span.setAttributes(
          attrs({
            'harness.verification.round': e.round,
            'harness.verification.verdict': e.verdict,
            'harness.verification.action': e.action,
            'harness.verification.checks.passed': count('passed'),
            'harness.verification.checks.failed': count('failed'),
            'harness.verification.checks.skipped': count('skipped'),
            'harness.verification.checks.not_run': count('not_run'),
            'harness.verification.failed_checks': p.include ? e.checks.filter((c) => c.status === 'failed').map((c) => contentOf(p, c.name) ?? '') : undefined,
            'harness.verification.reason': contentOf(p, e.reason),
          }),
        );
        if (e.verdict !== 'verified') span.setStatus({ code: SpanStatusCode.ERROR, message: e.verdict });
        span.end(time(e.at));
        this.verification = this.verificationCtx = undefined;
        break;
      }
      case 'budget-hit':
        this.root.addEvent('budget.hit', { 'harness.budget': e.budget, 'harness.budget.limit': e.limit, 'harness.budget.used': e.used }, time(e.at));
        break;
      case 'error':
        this.root.addEvent('harness.error', attrs({ 'harness.during': e.during, 'harness.message': contentOf(p, e.message) }), time(e.at));
        break;
      case 'task-ended':
        this.closeOpen(e.at, 'the task ended');
        this.root.setAttributes(
          attrs({
            'harness.task.status': e.status,
            'harness.task.verdict': e.verdict,
            'harness.task.steps': e.steps,
            'gen_ai.usage.input_tokens': e.usage.promptTokens,
            'gen_ai.usage.output_tokens': e.usage.completionTokens,
            'harness.verification.rounds': this.book.rounds,
            'harness.task.error': contentOf(p, e.error),
          }),
        );
        if (e.status !== 'completed' && e.status !== 'cancelled') this.root.setStatus({ code: SpanStatusCode.ERROR, message: e.status });
        this.root.end(time(e.at));
        break;
      default:
        break;
    }
  }

  /** Ends every open span (the session stops before the task does). */
  abandon(at: number): void {
    this.closeOpen(at, 'telemetry stopped before the task ended');
    this.root.setStatus({ code: SpanStatusCode.ERROR, message: 'telemetry stopped before the task ended' });
    this.root.end(time(at));
  }

  private closeOpen(at: number, why: string): void {
    for (const s of [this.model, ...this.tools.values(), this.verification]) {
      if (!s) continue;
      s.setStatus({ code: SpanStatusCode.ERROR, message: why });
      s.end(time(at));
    }
    this.model = this.verification = undefined;
    this.tools.clear();
  }
}
