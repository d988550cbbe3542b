// A plan as text (a plan file, or the plan the user edited in the editor) checked with the one plan
// schema, and the first problem said in one line, so the user knows what to fix.
import { PlanSchema, type Plan } from '../events/plan-schema';

export type ParsedPlan = { ok: true; plan: Plan } | { ok: false; error: string };

export function parsePlanText(text: string): ParsedPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `is not valid JSON (${(err as Error).message})` };
  }
  const parsed = PlanSchema.safeParse(json);
  if (parsed.success) return { ok: true, plan: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `is not a valid plan (${issue?.path.join('.') || 'plan'}: ${issue?.message ?? 'invalid'})` };
}
