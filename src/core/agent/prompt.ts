// The system prompt: feedforward. Before it acts, the model learns what the harness is, where it runs,
// the rules it runs under (in the policy engine's own words), how its work will be judged, the plan
// when there is one, and the project's own instructions. Built once per task and never changed, so
// the model server's prompt cache keeps hitting on it.
import type { PolicyConfig } from '../shared/types';
import type { Budgets } from '../shared/limits';
import type { CommandRegime } from '../commands/sandbox';
import type { Plan } from '../events/plan-schema';
import { environmentText, type EnvironmentFacts } from '../context/environment';
import { findNestedInstructionFiles, loadRootInstructions, rootInstructionsText, type InstructionLoad } from '../context/instructions';
import { judgedText, rulesText } from '../context/rules-text';
import { PLAN_MODE_TEXT, planForModel } from '../plan/format';
import type { VerificationOptions } from './api';

export interface PromptInput {
  root: string;
  policy: PolicyConfig;
  budgets: Budgets;
  regime: CommandRegime;
  environment: EnvironmentFacts;
  verification?: VerificationOptions;
  mode?: 'plan' | 'execute';
  /** The approved plan (execute mode). */
  plan?: Plan;
  instructionFiles: readonly string[];
  /** Restricted Mode: instructions are untrusted text. */
  untrusted: boolean;
  /** Extra text from the front end (Restricted Mode's note). */
  extra?: string;
}

function basics(mode: PromptInput['mode']): string[] {
  const lines = [
    "You are a careful coding agent working inside a harness in the user's workspace.",
    'All paths are relative to the workspace root; you cannot reach anything outside it.',
    'Use read_file, list_files and search_files to look before you change anything.',
    'Long files come in pages and long outputs as their start and end; to save context, old tool results may later be replaced by one-line notes. Read or run again what you still need.',
  ];
  if (mode !== 'plan') {
    lines.push(
      'Read a file with read_file before you write, edit or delete it: a change to a file you have not read in this task, or that changed since you read it, is refused. Then read it again and redo the change on what it holds now. search_files and list_files do not count as reading.',
      'Edits (write_file, edit_file, delete_file) are proposals: the harness shows them as diffs and applies them only as the policy and the user allow. A tool result tells you whether an edit was applied, partly applied, rejected (with the reason) or stale.',
      'run_command runs without a terminal, with a timeout and capped output, possibly in a sandbox without network.',
    );
  }
  lines.push(
    'When a tool returns an error, read it and adjust; do not repeat the same call unchanged.',
    mode === 'plan' ? 'End by calling submit_plan; never claim that something was changed.' : 'When the task is done, answer with a short summary and no tool calls. Never claim an edit was made if it was rejected.',
  );
  return lines;
}

export async function buildSystemPrompt(input: PromptInput): Promise<{ prompt: string; instructions: InstructionLoad }> {
  const [instructions, nested, rules, judged] = await Promise.all([
    input.instructionFiles.length ? loadRootInstructions(input.root, input.instructionFiles, input.policy) : Promise.resolve({ files: [], skipped: [] }),
    input.instructionFiles.length ? findNestedInstructionFiles(input.root, input.instructionFiles) : Promise.resolve({ files: [], more: false }),
    rulesText({ root: input.root, policy: input.policy, regime: input.regime, budgets: input.budgets }),
    input.mode === 'plan'
      ? Promise.resolve('')
      : judgedText({
          root: input.root,
          policy: input.policy,
          regime: input.regime,
          ...(input.verification
            ? { verification: { commands: input.verification.commands, when: input.verification.when, maxFixAttempts: input.verification.maxFixAttempts, diagnostics: !!input.verification.diagnostics } }
            : {}),
          plan: input.mode === 'execute' && !!input.plan,
        }),
  ]);
  const sections = [
    basics(input.mode).join('\n'),
    environmentText(input.environment),
    rules,
    judged,
    input.mode === 'plan' ? PLAN_MODE_TEXT : '',
    input.mode === 'execute' && input.plan ? planForModel(input.plan) : '',
    rootInstructionsText(instructions, { untrusted: input.untrusted, nested }),
    input.extra ?? '',
  ];
  return { prompt: sections.filter(Boolean).join('\n\n'), instructions };
}
