// Measurement 7: a long task on a real window. A scripted 200-step trajectory (gpt-4o's profile, a
// 128k window) reads large files and runs noisy commands through the real loop, tools and
// compaction; the scripted server reports o200k prompt tokens like OpenAI. Baseline: the same
// trajectory sent raw (every request the whole conversation), counted with the same tokenizer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTask } from '../src/core/agent/loop';
import { OpenAIModelClient } from '../src/core/model/client';
import { resolveModelProfile } from '../src/core/model/profile';
import { loadO200k, TokenCounter } from '../src/core/model/tokens';
import type { ChatMessage } from '../src/core/model/types';
import { readJournal } from '../src/core/state/journal';
import { fsStateStore } from '../src/core/state/store';
import { foldTaskEvents } from '../src/core/events/fold';
import { calibrationRatio, contextBudget } from '../src/core/context/budget';
import { planCompaction, requestTokens } from '../src/core/context/planner';
import { DEFAULT_PROTECTED_PATHS } from '../src/core/workspace/protected';
import { startMockLlm, type ScriptedTurn } from '../test/support/mock-llm-server';
import { median, round, seededRandom, tempDir } from './stats';
import { ms, renderTable, type Row } from './table';

export interface ContextResult {
  steps: number;
  model: string;
  window: number;
  /** Prompt tokens of every request of the trajectory sent raw (the whole conversation each time). */
  rawPromptTokens: number;
  /** Prompt tokens the harness sent for the same trajectory (summary calls included). */
  oursPromptTokens: number;
  /** The largest request the harness sent, and the largest raw one. */
  peakPromptTokens: number;
  rawPeakPromptTokens: number;
  /** Share of requests that only appended to the one before (a prompt cache hits all of it). */
  appendOnlyShare: number;
  compactions: number;
  summaries: number;
  /** Harness CPU time of one compaction decision (plan, apply, recount), at the conversation's size then. */
  cpuMsPerCompaction: { median: number; max: number };
  wallSeconds: number;
}

const FILES = 12;

/** Code-like text of about `kb` KB. */
function sourceFile(i: number, kb: number, random: () => number): string {
  const lines: string[] = [];
  for (let size = 0, n = 0; size < kb * 1024; n++) {
    const line = `export function handler${i}_${n}(input: Record<string, unknown>): number { return Number(input.v${Math.floor(random() * 1000)} ?? ${n}) * ${i}; }`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** Step k's tool call, from a seeded choice: mostly large reads and noisy commands. */
function callFor(k: number): { name: string; arguments: object } {
  const r = seededRandom(1000 + k)();
  if (r < 0.55) return { name: 'read_file', arguments: { path: `src/module${k % FILES}.ts` } };
  if (r < 0.85) return { name: 'run_command', arguments: { command: `seq -f 'ok %g - handler case ${k} returns the expected value for its input' 1 ${3000 + (k % 7) * 500}` } };
  if (r < 0.95) return { name: 'search_files', arguments: { pattern: `handler${k % FILES}_\\d+\\(`, path: 'src' } };
  return { name: 'list_files', arguments: { path: '.', recursive: true } };
}

/** The step a request is for: one more than the last answered call `s<k>`. */
function stepOf(messages: ChatMessage[]): number {
  const last = [...messages].reverse().find((m) => m.role === 'tool') as { tool_call_id: string } | undefined;
  return last ? Number(last.tool_call_id.slice(1)) + 1 : 0;
}

export async function benchContext(steps: number, log: (m: string) => void): Promise<ContextResult> {
  const started = Date.now();
  const tmp = tempDir('context');
  const root = join(tmp.dir, 'ws');
  const random = seededRandom(7);
  for (let i = 0; i < FILES; i++) {
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(join(root, 'src', `module${i}.ts`), sourceFile(i, 16 + (i % 4) * 8, random));
  }
  if (!loadO200k()) throw new Error('gpt-tokenizer did not load: run npm ci');
  // Every message counted once (the server's count and both sides of the comparison use it).
  const counter = new TokenCounter('o200k');
  const counts = new Map<string, number>();
  const countMessages = (messages: ChatMessage[], tools: unknown): number => {
    let n = tools ? counter.text(JSON.stringify(tools)) + 3 : 3;
    for (const m of messages) {
      const key = JSON.stringify(m);
      let c = counts.get(key);
      if (c === undefined) counts.set(key, (c = counter.message(m)));
      n += c;
    }
    return n;
  };
  const sent: { messages: ChatMessage[]; tokens: number; summary: boolean }[] = [];
  const mock = await startMockLlm(({ body }): ScriptedTurn => {
    const tokens = countMessages(body.messages, body.tools);
    const usage = { prompt_tokens: tokens, completion_tokens: 40 };
    sent.push({ messages: body.messages, tokens, summary: !body.tools });
    if (!body.tools) return { content: 'Notes: read the modules, ran the handler checks; nothing left to fix in what was read.', usage };
    const k = stepOf(body.messages);
    if (k >= steps) return { content: 'All handlers checked.', usage };
    return { content: `Step ${k}: checking the next piece.`, toolCalls: [{ id: `s${k}`, ...callFor(k) }], usage };
  });
  const profile = resolveModelProfile('gpt-4o').profile;
  const taskId = 'bench-context';
  const stateDir = join(tmp.dir, 'state');
  try {
    log(`context: ${steps}-step trajectory on a ${profile.contextWindow}-token window`);
    const result = await runTask({
      task: 'Check every handler module and the command output; report what is wrong.',
      root,
      taskId,
      model: new OpenAIModelClient({ baseUrl: mock.url, model: profile.model, timeoutMs: 60_000 }),
      modelName: profile.model,
      modelProfile: profile,
      policy: { automationLevel: 4, rules: [], protectedPaths: [...DEFAULT_PROTECTED_PATHS], sandbox: 'off' },
      approver: { request: async () => ({ approved: true, by: 'bench' }) },
      budgets: { maxSteps: steps + 5 },
      state: fsStateStore(stateDir),
      verification: { commands: [], when: 'never' },
    });
    if (result.status !== 'completed') throw new Error(`the trajectory did not complete: ${result.status} ${result.error ?? ''}`);
    const records = (await readJournal(fsStateStore(stateDir), taskId))!.records;

    // The raw baseline: every message the task recorded, never compacted, sent whole at each step.
    const tools = JSON.parse(JSON.stringify(mock.requests[0].body.tools)) as unknown;
    const raw: ChatMessage[] = [];
    const rawRequests: number[] = [];
    for (const r of records) {
      if (r.type === 'message') raw.push(r.message);
      if (r.type === 'model-request') rawRequests.push(countMessages(raw, tools));
    }
    const turns = sent.filter((s) => !s.summary);
    let appendOnly = 0;
    for (let i = 1; i < turns.length; i++) {
      const prev = turns[i - 1].messages;
      const next = turns[i].messages;
      if (prev.length <= next.length && prev.every((m, j) => JSON.stringify(m) === JSON.stringify(next[j]))) appendOnly++;
    }

    // CPU of each compaction decision, replayed on the conversation as it was just before it.
    const cpu: number[] = [];
    const budget = contextBudget(profile);
    records.forEach((r, i) => {
      if (r.type !== 'context-compacted' || r.reason !== 'threshold') return;
      const state = foldTaskEvents(taskId, records.slice(0, i));
      const timer = new TokenCounter(state.context.exact ? 'o200k' : undefined);
      const toolTokens = timer.tools(mock.requests[0].body.tools);
      timer.request(state.messages, toolTokens); // warm, as the live counter is
      const outcomes = new Map(state.toolCalls.map((c) => [c.id, c.outcome]));
      const before = process.cpuUsage();
      const plan = planCompaction({ messages: state.messages, counter: timer, toolTokens, budget, ratio: calibrationRatio(state.context), outcomeOf: (id) => outcomes.get(id) });
      if (plan) requestTokens(plan.masked, timer, toolTokens, 1);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
    });
    const compactions = records.filter((r) => r.type === 'context-compacted');
    return {
      steps,
      model: profile.model,
      window: profile.contextWindow,
      rawPromptTokens: rawRequests.reduce((a, b) => a + b, 0),
      oursPromptTokens: sent.reduce((a, s) => a + s.tokens, 0),
      peakPromptTokens: Math.max(...sent.map((s) => s.tokens)),
      rawPeakPromptTokens: Math.max(...rawRequests),
      appendOnlyShare: round(appendOnly / Math.max(1, turns.length - 1), 3),
      compactions: compactions.length,
      summaries: compactions.filter((c) => c.type === 'context-compacted' && c.summary).length,
      cpuMsPerCompaction: { median: round(median(cpu), 2), max: round(Math.max(0, ...cpu), 2) },
      wallSeconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await mock.close();
    tmp.cleanup();
  }
}

const kTok = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1000).toFixed(1)}k`);

/** The table's rows for this measurement. */
export function contextRows(c: ContextResult): Row[] {
  const share = c.oursPromptTokens / c.rawPromptTokens;
  return [
    { what: `Context: prompt tokens, ${c.steps}-step trajectory`, ours: `${kTok(c.oursPromptTokens)} tok`, baseline: `${kTok(c.rawPromptTokens)} tok sent raw`, ratio: `${(share * 100).toFixed(1)}% of raw`, goal: { text: '≤ 50% of raw', met: share <= 0.5 } },
    { what: 'Context: largest request', ours: `${kTok(c.peakPromptTokens)} tok`, baseline: `${kTok(c.rawPeakPromptTokens)} tok raw`, ratio: `window ${kTok(c.window)}`, goal: { text: 'never over the window', met: c.peakPromptTokens <= c.window } },
    { what: 'Context: append-only requests', ours: `${(c.appendOnlyShare * 100).toFixed(0)}%`, baseline: '100% raw', ratio: `${c.compactions} compactions, ${c.summaries} summaries`, goal: { text: '≥ 80%', met: c.appendOnlyShare >= 0.8 } },
    { what: 'Context: harness CPU per compaction', ours: ms(c.cpuMsPerCompaction.median), baseline: `max ${ms(c.cpuMsPerCompaction.max)}`, ratio: '', goal: { text: '< 50 ms at 200 steps', met: c.cpuMsPerCompaction.max < 50 } },
  ];
}

if (require.main === module) {
  benchContext(Number(process.env.BENCH_CONTEXT_STEPS) || 200, (m) => process.stderr.write(`[bench] ${m}\n`)).then(
    (r) => console.log(`${JSON.stringify(r, null, 2)}\n\n${renderTable(contextRows(r))}`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
