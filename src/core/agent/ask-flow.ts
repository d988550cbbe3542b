// ask_user: the model puts a question to the person through the front end (the view and a
// notification in the editor, --answer values or the terminal in the CLI). The question and the
// answer are events; a question nobody can answer tells the model to go on by its own judgement.
import type { UserAnswer } from '../shared/types';
import type { AskUserArgs } from '../tools/definitions';
import type { TaskContext } from './context';
import { decided, type ToolOutcome } from './edit-flow';
import { CancelledError } from './errors';

export const NO_HUMAN_ANSWER =
  'No one is available to answer. Proceed on your own judgement: take the most reasonable choice, say in your final summary what you assumed, and do not ask again.';

/** The model's text for an answer; the person's words are quoted as given. */
export function answerForModel(a: UserAnswer): string {
  return a.answer === undefined ? NO_HUMAN_ANSWER : `The user answered: ${a.answer}`;
}

export async function runAskUser(ctx: TaskContext, toolCallId: string, args: AskUserArgs): Promise<ToolOutcome> {
  // Asking is never a risk: nothing is read, written or run.
  const decision = await decided(ctx, toolCallId, 'ask_user', { decision: 'allow', risk: 'low', rule: 'builtin:ask-user', reason: 'Asking the user a question is always allowed.' });
  // Only a PreToolUse hook can say no to a question; its reason goes to the model.
  if (decision.decision === 'deny') return { outcome: 'denied', content: `Denied: ${decision.reason}`, error: decision.reason };
  const options = args.options?.length ? args.options : undefined;
  await ctx.emit({ type: 'question-asked', toolCallId, question: args.question, ...(options ? { options } : {}) });
  let answer: UserAnswer;
  try {
    answer = ctx.approver.ask ? await ctx.approver.ask({ taskId: ctx.taskId, toolCallId, question: args.question, ...(options ? { options } : {}) }, ctx.signal) : { by: 'harness' };
  } catch (err) {
    if (ctx.signal.aborted) throw new CancelledError();
    // A front end that fails to ask is the same as nobody there; the failure is on the record.
    await ctx.emit({ type: 'error', during: 'ask_user', message: `could not ask the user: ${(err as Error).message}` });
    answer = { by: 'harness' };
  }
  if (ctx.signal.aborted) throw new CancelledError();
  await ctx.emit({ type: 'question-answered', toolCallId, by: answer.by, ...(answer.answer !== undefined ? { answer: answer.answer } : {}) });
  return { outcome: 'ok', content: answerForModel(answer) };
}
