// Shared helpers for the agent-loop tests: a temp workspace beside an "outside" folder, approvers
// that record what they were asked, and runWithScript(), which plays a scripted model against runTask.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import type { ApprovalRequest, ApprovalResult, Approver, AutomationLevel, PolicyConfig, PolicyRule } from '../../../src/core/shared/types';
import type { RunTaskOptions, TaskResult } from '../../../src/core/agent/api';
import { runTask } from '../../../src/core/agent/loop';
import { OpenAIModelClient } from '../../../src/core/model/client';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/core/workspace/protected';
import { startMockLlm, type MockLlm, type MockOptions, type Script } from '../../support/mock-llm-server';

export const API_KEY = 'sk-test-SECRETKEY-0123456789abcdef';

export interface Workspace {
  base: string;
  /** The workspace root (real path). */
  root: string;
  /** A sibling folder outside the workspace, holding `secret.txt`. */
  outside: string;
  write(rel: string, content: string): string;
  read(rel: string): string | null;
  exists(rel: string): boolean;
}

const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

export const OUTSIDE_SECRET = 'OUTSIDE-CONTENT-7f3a9 never send me';

export function tempWorkspace(files: Record<string, string> = {}): Workspace {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-agent-')));
  made.push(base);
  const root = path.join(base, 'proj');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.txt'), OUTSIDE_SECRET + '\n');
  const ws: Workspace = {
    base,
    root,
    outside,
    write(rel, content) {
      const abs = path.join(root, rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
      return abs;
    },
    read(rel) {
      try {
        return fs.readFileSync(path.join(root, rel), 'utf8');
      } catch {
        return null;
      }
    },
    exists(rel) {
      return fs.existsSync(path.join(root, rel));
    },
  };
  for (const [rel, content] of Object.entries(files)) ws.write(rel, content);
  return ws;
}

export function policy(level: AutomationLevel, rules: PolicyRule[] = []): PolicyConfig {
  return { automationLevel: level, rules, protectedPaths: [...DEFAULT_PROTECTED_PATHS], sandbox: 'off' };
}

export interface RecordingApprover extends Approver {
  requests: ApprovalRequest[];
}

/** An approver that answers with `answer(req)` and keeps every request it saw. */
export function recordingApprover(answer: (req: ApprovalRequest) => ApprovalResult | Promise<ApprovalResult>): RecordingApprover {
  const requests: ApprovalRequest[] = [];
  return {
    requests,
    async request(req) {
      requests.push(req);
      return answer(req);
    },
  };
}

export const acceptAll = () => recordingApprover(() => ({ approved: true, by: 'user' }));
export const rejectAll = (reason?: string) => recordingApprover(() => ({ approved: false, by: 'user', ...(reason ? { reason } : {}) }));

export interface ScriptRun {
  result: TaskResult;
  mock: MockLlm;
  /** Every request body as JSON text, for "never appears" checks. */
  bodies: string[];
}

/** A mock-model client pointed at `url`, with fast retries so 429 tests stay quick. */
export function mockClient(url: string): OpenAIModelClient {
  return new OpenAIModelClient({ baseUrl: url, model: 'mock-model', apiKey: API_KEY, retryBaseMs: 10, maxRetryWaitMs: 50, timeoutMs: 10_000 });
}

/** Plays `script` against runTask in `ws`; the mock server is closed before returning. */
export async function runWithScript(
  script: Script,
  opts: { ws: Workspace; approver?: Approver; level?: AutomationLevel; rules?: PolicyRule[]; maxSteps?: number; mockOptions?: MockOptions } & Partial<RunTaskOptions>,
): Promise<ScriptRun> {
  const mock = await startMockLlm(script, opts.mockOptions);
  const { ws, level, rules, maxSteps, mockOptions: _mockOptions, ...rest } = opts;
  try {
    const result = await runTask({
      task: 'scripted task',
      root: ws.root,
      model: mockClient(mock.url),
      policy: policy(level ?? 2, rules ?? []),
      approver: opts.approver ?? rejectAll(),
      budgets: { maxSteps: maxSteps ?? 10 },
      secretValues: [API_KEY],
      ...rest,
    });
    return { result, mock, bodies: mock.requests.map((r) => JSON.stringify(r.body)) };
  } finally {
    await mock.close();
  }
}

/** The tool message answering `toolCallId` in the request bodies (the first that has it). */
export function toolMessage(mock: MockLlm, toolCallId: string): string | undefined {
  for (const r of mock.requests) {
    const m = (r.body.messages as { role: string; tool_call_id?: string; content: string }[]).find((x) => x.role === 'tool' && x.tool_call_id === toolCallId);
    if (m) return m.content;
  }
  return undefined;
}

/** Every file under `dir` (relative paths, forward slashes), `.harness` left out. */
export function listFilesRec(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!prefix && e.name === '.harness') continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFilesRec(path.join(dir, e.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

/** All text under `<root>/.harness` (journal, audit log, checkpoints), for "the key never appears" checks. */
export function stateText(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  let text = '';
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) text += stateText(p);
    else if (e.isFile()) text += fs.readFileSync(p, 'utf8');
  }
  return text;
}
