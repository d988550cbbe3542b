// "Harness: Plan task": the task runs in plan mode (read tools only) and ends with a plan; the user
// reviews it with what the policy will decide for each step, may edit it (as JSON, checked with the
// plan schema), and approves it; the approved plan then runs as its own task with the plan as scope
// (the path `harness run --plan-file` takes). The panel shows the plan and each step's progress.
import * as vscode from 'vscode';
import type * as AgentCore from './agent-core';
import type { Plan, PlanAssessment } from '../core/events/plan-schema';
import { planOfReport } from '../core/events/report';
import { parsePlanText } from '../core/plan/parse';
import { mergedPolicy } from './settings';
import { restrictPolicy } from './trust';
import { pickFolder, type TaskRunner } from './task-runner';
import { PLAN_ACTIONS } from './ui-constants';

const EXPECTED: Record<'allow' | 'ask' | 'deny', [string, string]> = {
  allow: ['$(pass)', 'runs unasked'],
  ask: ['$(question)', 'will ask'],
  deny: ['$(error)', 'will be refused'],
};

type Item = vscode.QuickPickItem & { action?: 'approve' | 'edit' | 'reject' };

/** The plan with each step's expected decision and why, then the three answers. */
function reviewItems(plan: Plan, assessment: PlanAssessment | undefined): Item[] {
  const steps: Item[] = plan.steps.map((s, i) => {
    const a = assessment?.steps[i];
    const [mark, word] = a ? EXPECTED[a.decision] : ['$(circle-large-outline)', ''];
    const why = a?.items.filter((x) => x.decision !== 'allow').map((x) => `${x.kind === 'file' ? 'edit' : 'run'} ${x.target}: ${x.reason}`);
    const what = [...(s.files ?? []).map((f) => `edit ${f}`), ...(s.commands ?? []).map((c) => `run ${c}`)].join(', ');
    return { label: `${mark} ${i + 1}. ${s.title}`, description: word, detail: why?.length ? why.join(' · ') : what || undefined };
  });
  return [
    { label: 'Steps', kind: vscode.QuickPickItemKind.Separator },
    ...steps,
    ...(plan.risks?.length ? [{ label: 'Risks', kind: vscode.QuickPickItemKind.Separator }, ...plan.risks.map((r) => ({ label: `$(warning) ${r}` }))] : []),
    { label: 'Your answer', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(check) ${PLAN_ACTIONS.approve}`, description: 'run it; edits and commands outside the plan ask first', action: 'approve' },
    { label: `$(edit) ${PLAN_ACTIONS.edit}`, description: 'as JSON, checked before it is used', action: 'edit' },
    { label: `$(close) ${PLAN_ACTIONS.reject}`, description: 'nothing runs', action: 'reject' },
  ];
}

export class PlanTaskCommand {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly runner: TaskRunner,
    private readonly log: vscode.LogOutputChannel,
    private readonly showPanel: () => void,
  ) {}

  async run(taskText?: unknown): Promise<void> {
    const task =
      typeof taskText === 'string' && taskText.trim()
        ? taskText.trim()
        : (await vscode.window.showInputBox({ title: 'Harness: Plan task', prompt: 'What should the plan achieve? The agent only reads; nothing changes until you approve its plan.', placeHolder: 'e.g. move the date helpers into src/dates.ts', ignoreFocusOut: true }))?.trim();
    if (!task) return;
    const folder = await pickFolder();
    if (!folder) {
      void vscode.window.showErrorMessage('Harness: open a folder first; the agent plans inside a workspace folder.');
      return;
    }
    this.showPanel();
    const result = await this.runner.run(task, folder, { plan: { mode: 'plan' } });
    if (!result) return; // not started, or failed: the runner said why
    if (result.status !== 'completed' || !result.plan) {
      void vscode.window.showWarningMessage(`Harness: no plan was made (${result.status})${result.error ? `: ${result.error}` : '.'}`);
      return;
    }
    let plan = planOfReport(result.plan);
    let assessment = result.plan.assessment;
    for (;;) {
      const answer = await this.review(plan, assessment);
      if (answer === 'approve') break;
      if (answer !== 'edit') {
        this.log.info(`Plan of task ${result.taskId} rejected: nothing runs.`);
        void vscode.window.showInformationMessage('Harness: plan rejected; nothing was run.');
        return;
      }
      const edited = await this.edit(plan, result.taskId);
      if (edited) {
        plan = edited;
        assessment = await this.assess(plan, folder);
      }
    }
    this.log.info(`Plan of task ${result.taskId} approved (${plan.steps.length} steps): carrying it out.`);
    await this.runner.run(task, folder, { plan: { mode: 'execute', plan, approvedBy: 'user' } });
  }

  private async review(plan: Plan, assessment: PlanAssessment | undefined): Promise<'approve' | 'edit' | 'reject'> {
    for (;;) {
      const pick = await vscode.window.showQuickPick(reviewItems(plan, assessment), {
        title: `Harness: review the plan (${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}) — ${plan.summary}`,
        placeHolder: assessment?.summary ?? 'Approve, edit or reject the plan',
        ignoreFocusOut: true,
        matchOnDescription: false,
      });
      if (!pick) return 'reject';
      if (pick.action) return pick.action;
      // A step was picked: the review stays open.
    }
  }

  /** The plan as JSON in an editor; "Use edited plan" checks it with the plan schema (one-line error, try again). */
  private async edit(plan: Plan, taskId: string): Promise<Plan | undefined> {
    const dir = vscode.Uri.joinPath(this.context.globalStorageUri, 'plans');
    await vscode.workspace.fs.createDirectory(dir);
    const file = vscode.Uri.joinPath(dir, `${taskId}.plan.json`);
    await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(plan, null, 2) + '\n', 'utf8'));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc, { preview: false });
    for (;;) {
      const pick = await vscode.window.showInformationMessage('Harness: edit the plan, then use it (it is checked first).', PLAN_ACTIONS.useEdited, PLAN_ACTIONS.discardEdits);
      if (pick !== PLAN_ACTIONS.useEdited) return undefined;
      const parsed = parsePlanText(doc.getText());
      if (parsed.ok) {
        if (doc.isDirty) await doc.save();
        return parsed.plan;
      }
      void vscode.window.showErrorMessage(`Harness: the edited plan ${parsed.error}: fix it, then choose "${PLAN_ACTIONS.useEdited}" again.`);
    }
  }

  /** The pre-check of an edited plan, under the policy it will run with. */
  private async assess(plan: Plan, folder: vscode.WorkspaceFolder): Promise<PlanAssessment | undefined> {
    const { assessPlan } = require('./agent-core') as typeof AgentCore;
    try {
      return await assessPlan(plan, restrictPolicy(mergedPolicy(this.context, folder.uri).effective), folder.uri.fsPath);
    } catch (err) {
      this.log.warn(`Could not check the edited plan against the policy: ${(err as Error).message}`);
      return undefined;
    }
  }
}
