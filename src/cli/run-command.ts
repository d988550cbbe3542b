// `harness run`: one harnessed task from a terminal or a script. Bad input is one stderr line and
// exit code 2 with nothing written; the JSON report is the contract scripts rely on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AutomationLevel } from '../core/shared/types';
import type { TaskResult } from '../core/agent/api';
import { runTask } from '../core/agent/loop';
import { sandboxNotice } from '../core/commands/sandbox';
import { OpenAIModelClient } from '../core/model/client';
import { ripgrepOnPath } from '../core/workspace/rg-locate';
import { loadWorkspacePolicyDetailed, readHarnessSettings, readWorkspaceSettings, userSettingsFile } from '../core/policy/settings';
import { fsStateStore } from '../core/state/store';
import { readJournal, replay } from '../core/state/journal';
import { isSafeId } from '../core/state/ids';
import { formatReport } from '../core/verify/format';
import { OUTCOME_WORDS } from '../core/events/outcome';
import { resolveVerificationSettings, suggestVerificationCommands } from '../core/verify';
import { cliApprover, type ApprovalMode } from './cli-approver';
import { intFlag, parseFlags, usdFlag, UsageError, type CliIo } from './args';
import { checkEndpointReachable } from './endpoint';
import { resolveStateDir } from './state-dir';
import { cliTelemetry } from './telemetry';
import { DEFAULT_BASE_URL, DEFAULT_MODEL } from '../core/shared/endpoint-defaults';
import { budgetsFromPolicy } from '../core/shared/limits';
import { instructionFileList } from '../core/context/instructions';
import { planOfReport } from '../core/events/report';
import { planReviewText } from '../core/plan/format';
import { planRunFrom, planTask, writePlanFile, type PlanRun } from './plan-files';
import { modelProfileFor, usageJson, usageText } from './usage';
import { hubForPolicy } from '../core/mcp/from-policy';

/** Checkpoint retention from the user's own settings file (never the workspace's: it could drop them all). */
function retentionFrom(user: Record<string, unknown>): { maxCount?: number; maxBytes?: number } {
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
  const count = int(user['checkpoints.maxCount']);
  const mb = int(user['checkpoints.maxMegabytes']);
  return { ...(count ? { maxCount: count } : {}), ...(mb ? { maxBytes: mb * 1024 * 1024 } : {}) };
}

export const USAGE =
  'usage: harness run --workspace DIR (--task TEXT | --resume TASK_ID | --continue TASK_ID --task TEXT | --plan-file FILE [--task TEXT]) [--plan --plan-out FILE] [--answer TEXT]... [--base-url URL] [--model NAME] [--api-key-env VAR] [--automation 1-4] [--on-approval reject|accept|prompt] [--max-steps N] [--max-tokens N] [--max-wall-seconds N] [--max-cost-usd X] [--context-window N] [--max-output-tokens N] [--verify CMD]... [--max-fix-attempts N] [--state-dir DIR] [--accept-workspace-policy HASH] [--revert-unverified] [--json]';

const SPEC = {
  values: ['--workspace', '--task', '--resume', '--continue', '--base-url', '--model', '--api-key-env', '--automation', '--on-approval', '--max-steps', '--max-tokens', '--max-wall-seconds', '--max-cost-usd', '--context-window', '--max-output-tokens', '--max-fix-attempts', '--state-dir', '--accept-workspace-policy', '--plan-out', '--plan-file'],
  repeatable: ['--verify', '--answer'],
  booleans: ['--json', '--revert-unverified', '--plan'],
} as const;


interface RunConfig {
  root: string;
  stateDir: string;
  /** Said on stderr: an unused .harness in the workspace. */
  stateNote?: string;
  task: string;
  resumeId?: string;
  /** `--continue TASK_ID`: the ended task to go on with; `task` is the follow-up message. */
  continueId?: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
  approval: ApprovalMode;
  json: boolean;
}

function readConfig(argv: string[], env: NodeJS.ProcessEnv): { cfg: RunConfig; flags: ReturnType<typeof parseFlags> } {
  const flags = parseFlags(argv, SPEC, USAGE);
  if (flags.positionals.length) throw new UsageError(`unexpected argument "${flags.positionals[0]}". ${USAGE}`);
  const ws = flags.values.get('--workspace') ?? process.cwd();
  const root = path.resolve(ws);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`workspace ${ws} does not exist or is not a folder: pass --workspace DIR.`);
  const task = flags.values.get('--task');
  const resumeId = flags.values.get('--resume');
  const continueId = flags.values.get('--continue');
  if (continueId !== undefined && resumeId !== undefined) throw new UsageError('give either --resume (an interrupted task) or --continue (an ended one), not both.');
  if (continueId !== undefined && !task?.trim()) throw new UsageError('--continue TASK_ID needs the follow-up as --task TEXT: say what the agent should do next.');
  if (!task && !resumeId && !flags.values.has('--plan-file')) throw new UsageError(`give the task with --task TEXT (or --resume TASK_ID, or --plan-file FILE). ${USAGE}`);
  if (task && resumeId) throw new UsageError('give either --task or --resume, not both.');
  if (task !== undefined && !task.trim()) throw new UsageError('--task is empty: say what the agent should do.');
  for (const id of [resumeId, continueId]) if (id !== undefined && !isSafeId(id)) throw new UsageError(`"${id}" is not a task id: list them with "harness tasks list".`);
  const baseUrl = flags.values.get('--base-url') ?? env.HARNESS_BASE_URL ?? env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL;
  try {
    const u = new URL(baseUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`--base-url "${baseUrl}" is not an http(s) URL, e.g. http://127.0.0.1:11434/v1.`);
  }
  const parsedUrl = new URL(baseUrl);
  // Shown without the password: the line would otherwise print it.
  if (parsedUrl.username || parsedUrl.password) throw new UsageError('--base-url must not contain a user name or password: put the key in an environment variable and pass --api-key-env VAR.');
  const keyEnv = flags.values.get('--api-key-env');
  if (keyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv)) throw new UsageError(`--api-key-env takes a variable name, not a key (got something else).`);
  if (keyEnv !== undefined && !env[keyEnv]) throw new UsageError(`environment variable ${keyEnv} (from --api-key-env) is not set: export it with your API key.`);
  const apiKey = keyEnv ? env[keyEnv] : (env.HARNESS_API_KEY ?? env.OPENAI_API_KEY);
  const mode = flags.values.get('--on-approval') ?? (process.stdin.isTTY ? 'prompt' : 'reject');
  if (mode !== 'reject' && mode !== 'accept' && mode !== 'prompt') throw new UsageError(`--on-approval must be reject, accept or prompt (got "${mode}").`);
  if (mode === 'prompt' && !process.stdin.isTTY) throw new UsageError('--on-approval prompt needs a terminal on stdin: use accept or reject in scripts.');
  const state = resolveStateDir(root, flags.values.get('--state-dir'), env);
  const verify = flags.lists.get('--verify') ?? [];
  if (verify.some((v) => !v.trim())) throw new UsageError('--verify needs a command, e.g. --verify "npm test".');
  return {
    cfg: { root, stateDir: state.dir, ...(state.note ? { stateNote: state.note } : {}), task: task ?? '', ...(resumeId ? { resumeId } : {}), ...(continueId ? { continueId } : {}), baseUrl, model: flags.values.get('--model') ?? env.HARNESS_MODEL ?? DEFAULT_MODEL, ...(apiKey ? { apiKey } : {}), approval: mode, json: flags.booleans.has('--json') },
    flags,
  };
}

/** The verification commands of the user's own settings file (not the workspace's). */
function ownCommands(user: Record<string, unknown>): string[] {
  const v = user['verification.commands'];
  return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string').map((c) => c.trim()) : [];
}

function toJson(r: TaskResult): string {
  return JSON.stringify(
    {
      status: r.status,
      taskId: r.taskId,
      steps: r.steps,
      toolCalls: r.toolCalls.map((c) => ({ tool: c.tool, args: c.args, decision: c.decision, reason: c.reason, risk: c.risk, rule: c.rule, ok: c.ok, ...(c.error ? { error: c.error } : {}), ...(c.sandboxed !== undefined ? { sandboxed: c.sandboxed } : {}) })),
      // The contract's statuses are applied|rejected|reverted: a stale proposal is a rejection with its reason.
      edits: r.edits.map((e) => ({ path: e.path, status: e.status === 'stale' ? 'rejected' : e.status, ...(e.status === 'stale' ? { reason: 'stale' } : {}), ...(e.checkpointId ? { checkpointId: e.checkpointId } : {}) })),
      plan: r.plan,
      instructions: r.instructions,
      verification: r.verification,
      usage: usageJson(r.usage),
      auditLog: r.auditLog,
      summary: r.summary,
      ...(r.error ? { error: r.error } : {}),
      outcome: r.outcome,
      questions: r.questions.map((q) => ({ question: q.question, ...(q.options ? { options: q.options } : {}), answer: q.answer ?? null, by: q.by ?? null })),
    },
    null,
    2,
  );
}

function toText(r: TaskResult, maxCostUsd?: number): string {
  // A failure's error already says why; the outcome adds what a completed or restored task came to.
  const said = r.outcome && (r.status === 'completed' || /undone|restored/.test(r.outcome));
  const outcome = said ? ` (${OUTCOME_WORDS[r.outcome!]})` : '';
  const lines = [`Task ${r.taskId}: ${r.status}${outcome}${r.error ? ` — ${r.error}` : ''}`, `Steps ${r.steps}, ${usageText(r.usage, maxCostUsd)}`];
  for (const q of r.questions) lines.push(`  asked: ${q.question}`, `    ${q.answer !== undefined ? `answer (${q.by}): ${q.answer}` : 'no one answered: the model went on by its own judgement'}`);
  for (const e of r.edits) lines.push(`  ${e.status.padEnd(8)} ${e.path}`);
  if (r.plan?.assessment) lines.push(planReviewText(planOfReport(r.plan), r.plan.assessment));
  if (r.plan?.approved) lines.push(`Plan steps: ${r.plan.steps.map((s, i) => `${i + 1} ${s.status}`).join(', ')}`);
  if (r.verification) lines.push(formatReport(r.verification));
  if (r.summary) lines.push('', r.summary);
  lines.push(`Audit log: ${r.auditLog}`);
  return lines.join('\n') + '\n';
}

export async function runMain(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<number> {
  let cfg: RunConfig;
  let policyResult: ReturnType<typeof loadWorkspacePolicyDetailed>;
  let flags: ReturnType<typeof parseFlags>;
  let levelFlag: number | undefined, maxSteps: number | undefined, maxTokens: number | undefined, maxWall: number | undefined, maxFix: number | undefined, maxCost: number | undefined;
  let profile: ReturnType<typeof modelProfileFor>;
  let task: string;
  let verifyFlags: string[] | undefined;
  let userSettings: Record<string, unknown>;
  let planRun: PlanRun;
  try {
    ({ cfg, flags } = readConfig(argv, env));
    levelFlag = intFlag(flags, '--automation', 1, 4);
    maxSteps = intFlag(flags, '--max-steps', 1, 10_000);
    maxTokens = intFlag(flags, '--max-tokens', 1, 1e9);
    maxWall = intFlag(flags, '--max-wall-seconds', 1, 86_400);
    maxFix = intFlag(flags, '--max-fix-attempts', 0, 20);
    maxCost = usdFlag(flags, '--max-cost-usd');
    verifyFlags = flags.lists.get('--verify');
    if (verifyFlags?.some((v) => !v.trim())) throw new UsageError('--verify needs a command, e.g. --verify "npm test".');
    userSettings = readHarnessSettings(userSettingsFile(env));
    policyResult = loadWorkspacePolicyDetailed(cfg.root, {
      user: {
        ...userSettings,
        ...(levelFlag ? { automationLevel: levelFlag as AutomationLevel } : {}),
        ...(maxSteps ? { maxSteps } : {}),
        ...(maxTokens ? { maxTokens } : {}),
        ...(maxWall ? { maxWallSeconds: maxWall } : {}),
        ...(maxCost ? { maxCostUsd: maxCost } : {}),
        ...(verifyFlags ? { 'verification.commands': verifyFlags } : {}),
      },
      ...(flags.values.get('--accept-workspace-policy') ? { acceptedHash: flags.values.get('--accept-workspace-policy')! } : {}),
    });
    profile = modelProfileFor(cfg.model, flags, userSettings, readWorkspaceSettings(cfg.root));
    planRun = planRunFrom(flags, !!cfg.resumeId);
    task = cfg.task || (planRun?.mode === 'execute' ? planTask(planRun.plan) : '');
    if (cfg.resumeId) {
      const journal = await readJournal(fsStateStore(cfg.stateDir), cfg.resumeId);
      if (!journal) throw new UsageError(`no task ${cfg.resumeId} in ${cfg.stateDir}: list them with "harness tasks list".`);
      const snap = replay(cfg.resumeId, journal.records);
      if (snap.ended) throw new UsageError(`task ${cfg.resumeId} already ended (${snap.status}): nothing to resume.`);
      task = snap.task;
    }
    if (cfg.continueId) {
      const journal = await readJournal(fsStateStore(cfg.stateDir), cfg.continueId);
      if (!journal) throw new UsageError(`no task ${cfg.continueId} in ${cfg.stateDir}: list them with "harness tasks list".`);
      if (!replay(cfg.continueId, journal.records).ended) throw new UsageError(`task ${cfg.continueId} has not ended: resume it with --resume ${cfg.continueId}.`);
    }
    await checkEndpointReachable(cfg.baseUrl, signal);
  } catch (err) {
    io.stderr(`harness run: ${(err as Error).message}\n`);
    return 2;
  }
  if (cfg.stateNote) io.stderr(`harness: ${cfg.stateNote}\n`);
  for (const w of [...policyResult.warnings, ...profile.warnings]) io.stderr(`harness: ${w}\n`);
  if (policyResult.blockedBy) {
    io.stderr(`harness: the workspace settings ask to loosen your policy (${policyResult.loosenings.map((l) => l.description).join('; ')}); ignored. To accept exactly this, pass --accept-workspace-policy ${policyResult.hash}\n`);
  }
  const policy = policyResult.effective;
  // A check the user names with --verify is their own choice, like a rule of theirs allowing it: it
  // runs unasked even where no sandbox confines commands (workspace verification commands still ask).
  for (const v of verifyFlags ?? []) policy.rules.push({ action: 'allow', command: v, source: 'cli' });
  const noSandbox = await sandboxNotice(policy.sandbox ?? 'auto');
  if (noSandbox) io.stderr(`harness: ${noSandbox}\n`);
  if (noSandbox && policy.unsandboxedAutonomy && policy.automationLevel === 4 && policy.sandbox !== 'required') {
    io.stderr('harness: WARNING: harness.unsandboxedAutonomy is on: at level 4 commands run unasked WITHOUT a sandbox, with your full rights.\n');
  }
  if (!verifyFlags && policy.verificationCommands.length === 0) {
    const suggested = await suggestVerificationCommands(cfg.root).catch(() => []);
    if (suggested.length) io.stderr(`harness: no verification commands set; suggested: ${suggested.map((x) => `--verify "${x.command}"`).join(' ')}\n`);
  }
  const ws = readWorkspaceSettings(cfg.root);
  // The project's choice of instruction files, else the user's: which text guides the model, never what it may do.
  const instructionFiles = instructionFileList(ws.instructionFiles ?? userSettings.instructionFiles);
  if (instructionFiles.warning) io.stderr(`harness: ${instructionFiles.warning}\n`);
  const verify = resolveVerificationSettings({
    user: { when: userSettings['verification.when'], maxFixAttempts: maxFix ?? userSettings['verification.maxFixAttempts'] },
    workspace: { when: ws['verification.when'], maxFixAttempts: ws['verification.maxFixAttempts'] },
  });
  for (const w of verify.warnings) io.stderr(`harness: ${w}\n`);
  const secretValues = cfg.apiKey ? [cfg.apiKey] : [];
  // The user's servers (and the workspace's, once accepted) start with the task and stop with the run.
  const mcp = await hubForPolicy(policy, fs.realpathSync(cfg.root), secretValues);
  const telemetry = cliTelemetry(env, io.stderr, { secrets: secretValues, model: cfg.model });
  const result = await runTask({
    task,
    root: fs.realpathSync(cfg.root),
    ...(cfg.resumeId ? { taskId: cfg.resumeId, resume: true } : {}),
    ...(cfg.continueId ? { taskId: cfg.continueId, continue: true } : {}),
    model: new OpenAIModelClient({ baseUrl: cfg.baseUrl, model: cfg.model, ...(cfg.apiKey ? { apiKey: cfg.apiKey } : {}) }),
    modelName: cfg.model,
    modelProfile: profile.profile,
    policy,
    approver: cliApprover(cfg.approval, io.stderr, flags.lists.get('--answer') ?? []),
    limits: { rgPath: ripgrepOnPath(env.PATH, cfg.root) },
    budgets: budgetsFromPolicy(policy),
    state: fsStateStore(cfg.stateDir),
    verification: {
      // --verify on the command line is the user's explicit choice: it replaces the workspace's list.
      commands: verifyFlags ?? policy.verificationCommands,
      userCommands: verifyFlags ?? ownCommands(userSettings),
      maxFixAttempts: verify.maxFixAttempts,
      when: verify.when,
    },
    ...(cfg.apiKey ? { secretValues: [cfg.apiKey] } : {}),
    ...(flags.booleans.has('--revert-unverified') ? { revertUnverified: true } : {}),
    retention: retentionFrom(userSettings),
    ...(signal ? { signal } : {}),
    instructionFiles: instructionFiles.files,
    ...(planRun ? { plan: planRun.mode === 'plan' ? { mode: 'plan' as const } : { mode: 'execute' as const, plan: planRun.plan, approvedBy: `cli:${path.basename(planRun.file)}` } } : {}),
    ...(mcp ? { mcp } : {}),
    hooks: policy.hooks,
    onEvent: (e) => {
      // The task's log lines (MCP servers' stderr, starts and crashes; hooks' messages) go to stderr.
      if (e.type === 'log' && e.level !== 'trace' && e.level !== 'debug') io.stderr(`harness: ${e.message}\n`);
      // Before anything runs, the person sees what the policy will ask about the plan's steps.
      if (e.type === 'plan-assessed' && planRun?.mode === 'execute') io.stderr(`harness: plan check: ${e.assessment.summary}\n`);
      telemetry?.listener(e);
    },
  }).finally(async () => {
    await mcp?.close();
    await telemetry?.shutdown();
  });
  let planWritten = true;
  if (planRun?.mode === 'plan' && result.plan) {
    try {
      writePlanFile(planRun.out, planOfReport(result.plan));
      io.stderr(`harness: plan written to ${planRun.out}. Review and edit it, then carry it out: harness run --workspace ${JSON.stringify(cfg.root)} --plan-file ${JSON.stringify(planRun.out)}\n`);
    } catch (err) {
      planWritten = false;
      io.stderr(`harness: could not write the plan to ${planRun.out} (${(err as Error).message}); it is in the report and the task's journal.\n`);
    }
  }
  io.stdout(cfg.json ? toJson(result) + '\n' : toText(result, policy.maxCostUsd));
  return result.status === 'completed' && planWritten ? 0 : 1;
}
