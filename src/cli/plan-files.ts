// Plans on disk for the CLI: `--plan --plan-out FILE` writes the submitted plan (the same object the
// model sent and the journal holds); the user reviews and edits it; `--plan-file FILE` carries it out.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Plan } from '../core/events/plan-schema';
import { parsePlanText } from '../core/plan/parse';
import { UsageError, type ParsedFlags } from './args';

const MAX_PLAN_FILE_BYTES = 1024 * 1024;

export type PlanRun = { mode: 'plan'; out: string } | { mode: 'execute'; plan: Plan; file: string } | undefined;

/** The plan flags, checked: `--plan` needs `--plan-out`, `--plan-file` is read and validated now. */
export function planRunFrom(flags: ParsedFlags, resuming: boolean): PlanRun {
  const plan = flags.booleans.has('--plan');
  const out = flags.values.get('--plan-out');
  const file = flags.values.get('--plan-file');
  if ((plan || out || file) && resuming) throw new UsageError('--plan, --plan-out and --plan-file start a new task: a resumed task keeps the mode it had.');
  if (plan && file) throw new UsageError('give either --plan (make a plan) or --plan-file FILE (carry one out), not both.');
  if (out && !plan) throw new UsageError('--plan-out goes with --plan: harness run --plan --plan-out FILE --task TEXT.');
  if (plan) {
    if (!out) throw new UsageError('--plan needs --plan-out FILE: where the plan is written for you to review, edit and run with --plan-file.');
    const dir = path.dirname(path.resolve(out));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--plan-out ${out}: the folder ${dir} does not exist.`);
    return { mode: 'plan', out: path.resolve(out) };
  }
  if (file) return { mode: 'execute', plan: readPlanFile(file), file: path.resolve(file) };
  return undefined;
}

export function readPlanFile(file: string): Plan {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    if (st.size > MAX_PLAN_FILE_BYTES) throw new Error(`larger than ${MAX_PLAN_FILE_BYTES} bytes`);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--plan-file ${file} cannot be read (${(err as Error).message}): make one with --plan --plan-out FILE.`);
  }
  const parsed = parsePlanText(text);
  if (!parsed.ok) throw new UsageError(`--plan-file ${file} ${parsed.error}: fix it, or make a new plan with --plan --plan-out FILE.`);
  return parsed.plan;
}

/** Written whole or not at all (temp file beside it, then rename). */
export function writePlanFile(file: string, plan: Plan): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(tmp, JSON.stringify(plan, null, 2) + '\n', { flag: 'wx', mode: 0o644 });
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The task text of a plan carried out without --task. */
export const planTask = (plan: Plan) => `Carry out the approved plan: ${plan.summary}`;
