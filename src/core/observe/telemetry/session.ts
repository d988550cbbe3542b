// OpenTelemetry export of tasks, a listener on their event streams: one span per task
// (`invoke_agent harness`), one per model call (`chat <model>`, gen_ai attributes with the token
// usage) and one per tool call (`execute_tool <tool>`, with the policy's decision, the risk, the
// approval and the outcome); counters and histograms for the figures `harness stats` shows. Content
// only as content.ts allows. Loaded only when the user turned telemetry on (its own bundle,
// dist/telemetry.js): nothing here runs, or is even read, otherwise.
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TaskEvent } from '../../events/schema';
import type { ExportTargets } from './config';
import { TaskBook } from './book';
import { TaskMetrics } from './metrics';
import { TaskTracer } from './spans';

export interface TelemetryOptions {
  targets: ExportTargets;
  /** Prompts, file contents, command lines and output, reasons: only when the user set includeContent. */
  includeContent: boolean;
  /** Which front end exports: `cli` or `vscode`. */
  frontEnd: string;
  version: string;
  /** Send each task's data when it ends (the editor, which runs on); the CLI's shutdown sends it instead. */
  flushEachTask?: boolean;
  /** Said once when exports start failing, and once when they work again. */
  onError?: (message: string) => void;
  /** A task's cost in USD from its usage and model, where a price is known (core/observe/cost.ts). */
  costOf?: (usage: { promptTokens: number; completionTokens: number; cachedTokens?: number }, model: string | undefined) => number | null;
}

export interface TelemetrySession {
  /** The listener for a task's events; `secrets` never leave, even as content; `model` names it on a resume. */
  listener(task?: { secrets?: readonly string[]; model?: string }): (event: TaskEvent) => void;
  /** Sends what is buffered (a task's end does this by itself). */
  flush(): Promise<void>;
  /** Flushes and stops; the session takes no events after. */
  shutdown(): Promise<void>;
}

/** Reports a failing export once, and its recovery, instead of once per batch. */
function watched<T extends SpanExporter | PushMetricExporter>(exporter: T, what: string, onError: TelemetryOptions['onError']): T {
  let failing = false;
  const inner = exporter.export.bind(exporter) as (items: never, cb: (r: { code: number; error?: Error }) => void) => void;
  (exporter as { export: unknown }).export = (items: never, cb: (r: { code: number; error?: Error }) => void) =>
    inner(items, (result) => {
      if (result.code !== 0 && !failing) onError?.(`telemetry: cannot export ${what}: ${result.error?.message ?? 'export failed'}`);
      else if (result.code === 0 && failing) onError?.(`telemetry: exporting ${what} works again`);
      failing = result.code !== 0;
      cb(result);
    });
  return exporter;
}

export function startTelemetry(opts: TelemetryOptions): TelemetrySession {
  const { traces, metrics } = opts.targets;
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': 'harness', 'service.version': opts.version, 'harness.front_end': opts.frontEnd }))
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, as every OpenTelemetry SDK honours them.
    .merge(detectResources({ detectors: [envDetector] }));
  const timeoutMillis = opts.targets.timeoutMs;
  const spanExporter = watched(traces.protocol === 'http/json' ? new JsonTraceExporter({ url: traces.url, timeoutMillis }) : new ProtoTraceExporter({ url: traces.url, timeoutMillis }), 'traces', opts.onError);
  const metricExporter = watched(metrics.protocol === 'http/json' ? new JsonMetricExporter({ url: metrics.url, timeoutMillis }) : new ProtoMetricExporter({ url: metrics.url, timeoutMillis }), 'metrics', opts.onError);
  // Not registered globally: the editor's extension host is shared with other extensions.
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(spanExporter)], spanLimits: { attributeValueLengthLimit: 8192 } });
  const meterProvider = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: opts.targets.metricIntervalMs })] });
  const tracer = tracerProvider.getTracer('harness', opts.version);
  const taskMetrics = new TaskMetrics(meterProvider.getMeter('harness', opts.version), opts.costOf);
  const tasks = new Map<string, { book: TaskBook; tracer: TaskTracer }>();
  let stopped = false;

  // A failed export is reported by `watched`; a flush or shutdown only waits for it.
  const flush = async () => {
    await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]).catch(() => undefined);
  };
  return {
    listener(task = {}) {
      const policy = { include: opts.includeContent, secrets: task.secrets ?? [] };
      return (e: TaskEvent) => {
        if (stopped) return;
        try {
          let t = tasks.get(e.taskId);
          if (!t) {
            if (e.type !== 'task-started' && e.type !== 'task-resumed') return; // an Undo after the task ended
            const book = new TaskBook(e);
            book.model = task.model;
            t = { book, tracer: new TaskTracer(tracer, book, policy, e) };
            tasks.set(e.taskId, t);
          }
          t.book.note(e);
          t.tracer.handle(e);
          taskMetrics.handle(e, t.book);
          if (e.type === 'task-ended') {
            tasks.delete(e.taskId);
            if (opts.flushEachTask !== false) void flush();
          }
        } catch (err) {
          opts.onError?.(`telemetry: ${(err as Error).message}`);
        }
      };
    },
    flush,
    async shutdown() {
      if (stopped) return;
      stopped = true;
      for (const t of tasks.values()) t.tracer.abandon(Date.now());
      tasks.clear();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]).catch(() => undefined);
    },
  };
}
