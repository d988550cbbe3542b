// The Harness view's protocol (the conversation in the activity bar): the panel's state and updates
// (panel-protocol.ts), plus what only the view has: the editor context offered with a message, the
// draft being typed, and the person's actions (send, answer, continue, resume, restore, report).
// zod/mini on both sides, like the panel: every message is data from the other side.
import * as z from 'zod/mini';
import { PanelStateSchema, PanelUpdateSchema } from './panel-protocol';

const str = (max: number) => z.string().check(z.maxLength(max));
const id = z.string().check(z.minLength(1), z.maxLength(200));
const opt = z.optional;

/** Something from the editor the person may send with their message; they can remove it. */
export const ContextItemSchema = z.object({
  id,
  kind: z.enum(['file', 'selection']),
  /** Workspace-relative path. */
  path: str(1000),
  /** 1-based lines of a selection. */
  startLine: opt(z.int().check(z.positive())),
  endLine: opt(z.int().check(z.positive())),
  /** Why only the path goes (a file with credentials), when it does. */
  note: opt(str(200)),
});

export const ViewExtrasSchema = z.object({
  context: z.array(ContextItemSchema).check(z.maxLength(4)),
  /** What the person had typed (kept by the host, so nothing typed is lost when the view reloads). */
  draft: str(20_000),
  /** A workspace folder is open: tasks can run. */
  canRun: z.boolean(),
});

export const NOTICE_ACTIONS = ['Set API key', 'Open settings', 'Retry', 'Open log'] as const;

export const ViewHostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: PanelStateSchema, extras: ViewExtrasSchema }),
  z.object({ type: z.literal('event'), update: PanelUpdateSchema }),
  z.object({ type: z.literal('extras'), extras: ViewExtrasSchema }),
  /** The message was taken (a task started, continued, or the answer went): the input can be cleared. */
  z.object({ type: z.literal('sent') }),
  z.object({
    type: z.literal('notice'),
    level: z.enum(['info', 'error']),
    message: str(2000),
    actions: opt(z.array(z.enum(NOTICE_ACTIONS)).check(z.maxLength(4))),
    taskId: opt(id),
  }),
]);

export const ViewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** A new task (no `taskId`) or a follow-up to the ended task `taskId`; `context`: the items kept. */
  z.object({ type: z.literal('send'), text: str(20_000), taskId: opt(id), context: z.array(id).check(z.maxLength(4)) }),
  z.object({ type: z.literal('answer'), toolCallId: id, answer: str(4000) }),
  z.object({ type: z.literal('draft'), text: str(20_000) }),
  z.object({ type: z.literal('removeContext'), id }),
  z.object({ type: z.literal('selectTask'), taskId: id }),
  z.object({ type: z.literal('newTask') }),
  z.object({ type: z.literal('approve'), toolCallId: id }),
  z.object({ type: z.literal('reject'), toolCallId: id, reason: opt(str(2000)) }),
  z.object({ type: z.literal('openProposal'), toolCallId: id }),
  z.object({ type: z.literal('cancelTask'), taskId: id }),
  z.object({ type: z.literal('resumeTask'), taskId: id }),
  z.object({ type: z.literal('restoreTask'), taskId: id }),
  z.object({ type: z.literal('openReport'), taskId: id }),
  z.object({ type: z.literal('noticeAction'), action: z.enum(NOTICE_ACTIONS), taskId: opt(id) }),
]);

export type ContextItem = z.infer<typeof ContextItemSchema>;
export type ViewExtras = z.infer<typeof ViewExtrasSchema>;
export type ViewHostMessage = z.infer<typeof ViewHostMessageSchema>;
export type ViewMessage = z.infer<typeof ViewMessageSchema>;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

export function parseViewHostMessage(x: unknown): ViewHostMessage | null {
  const r = ViewHostMessageSchema.safeParse(x);
  return r.success ? r.data : null;
}

export function parseViewMessage(x: unknown): ViewMessage | null {
  const r = ViewMessageSchema.safeParse(x);
  return r.success ? r.data : null;
}
