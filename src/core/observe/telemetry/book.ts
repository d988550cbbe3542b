// What the telemetry remembers of a running task between its events: the model, each call's tool,
// decision and target, when an approval was asked, the verification rounds. The spans and the
// metrics both read it, so they agree on what a call was.
import type { EventOf, TaskEvent } from '../../events/schema';

export interface CallInfo {
  tool: string;
  decision?: EventOf<'policy-decision'>['decision'];
  command?: string;
  path?: string;
  askedAt?: number;
}

export class TaskBook {
  model?: string;
  level?: number;
  /** When this process started following the task (its start, or its resume). */
  startedAt: number;
  rounds = 0;
  firstVerdict?: EventOf<'verification-round'>['verdict'];
  readonly calls = new Map<string, CallInfo>();

  constructor(first: TaskEvent) {
    this.startedAt = first.at;
  }

  call(id: string, tool = 'run_command'): CallInfo {
    let c = this.calls.get(id);
    if (!c) this.calls.set(id, (c = { tool }));
    return c;
  }

  note(e: TaskEvent): void {
    switch (e.type) {
      case 'task-started':
        this.model = e.model ?? this.model;
        this.level = e.level;
        break;
      case 'tool-call-proposed':
        this.call(e.toolCallId, e.tool);
        break;
      case 'policy-decision':
        Object.assign(this.call(e.toolCallId, e.tool), { tool: e.tool, decision: e.decision, command: e.command, path: e.path });
        break;
      case 'approval-asked':
        this.call(e.toolCallId, e.request === 'command' ? 'run_command' : e.request).askedAt = e.at;
        break;
      case 'verification-round':
        this.rounds++;
        this.firstVerdict ??= e.verdict;
        break;
      default:
        break;
    }
  }
}
