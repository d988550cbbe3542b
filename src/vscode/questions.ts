// The model's questions to the person (ask_user) in the editor: shown in the Harness view (with its
// suggested answers as buttons) and as a notification; answered from either. A cancelled task or a
// closing window leaves the question unanswered, and the model is told no one answered.
import * as vscode from 'vscode';
import type { UserAnswer, UserQuestion } from '../core/shared/types';

interface Pending {
  question: UserQuestion;
  resolve(answer: UserAnswer): void;
}

const ANSWER_IN_VIEW = 'Answer in the Harness view';
const TYPE_ANSWER = 'Type an answer…';

export class QuestionCenter implements vscode.Disposable {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly openView: () => Thenable<void> | void) {}

  ask(question: UserQuestion, signal: AbortSignal): Promise<UserAnswer> {
    if (signal.aborted) return Promise.resolve({ by: 'cancelled' });
    return new Promise<UserAnswer>((resolve) => {
      const onAbort = () => this.finish(question.toolCallId, { by: 'cancelled' });
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(question.toolCallId, {
        question,
        resolve: (a) => {
          signal.removeEventListener('abort', onAbort);
          resolve(a);
        },
      });
      void this.notify(question);
    });
  }

  /** The person's answer (from the view or the notification); false when nothing waits for it. */
  answer(toolCallId: string, text: string): boolean {
    const answer = text.trim();
    if (!answer) return false;
    return this.finish(toolCallId, { answer, by: 'user' });
  }

  has(toolCallId: string): boolean {
    return this.pending.has(toolCallId);
  }

  private finish(toolCallId: string, answer: UserAnswer): boolean {
    const p = this.pending.get(toolCallId);
    if (!p) return false;
    this.pending.delete(toolCallId);
    p.resolve(answer);
    return true;
  }

  private async notify(q: UserQuestion): Promise<void> {
    // Up to three suggested answers fit as buttons; the view shows them all.
    const options = (q.options ?? []).slice(0, 3);
    const pick = await vscode.window.showInformationMessage(`Harness: the agent asks: ${q.question}`, ...options, TYPE_ANSWER, ANSWER_IN_VIEW);
    if (!this.pending.has(q.toolCallId) || pick === undefined) return;
    if (pick === ANSWER_IN_VIEW) return void this.openView();
    if (pick === TYPE_ANSWER) {
      const text = await vscode.window.showInputBox({ title: 'Harness: answer the agent', prompt: q.question, ignoreFocusOut: true });
      if (text?.trim()) this.answer(q.toolCallId, text);
      return;
    }
    this.answer(q.toolCallId, pick);
  }

  dispose(): void {
    for (const id of [...this.pending.keys()]) this.finish(id, { by: 'cancelled' });
  }
}
