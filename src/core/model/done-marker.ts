// Whether a streamed answer ended with the SSE `data: [DONE]` line. Some OpenAI-compatible servers
// never send a finish_reason; the [DONE] line is then the only sign that the turn is whole, and the
// SDK swallows it. So the client's fetch tags each attempt with a header, strips the tag before
// sending, and watches that attempt's response body as it flows to the SDK.
import { randomBytes } from 'node:crypto';

const TAG_HEADER = 'x-harness-attempt';
const DONE_LINE = /(?:^|\n)data:[ \t]*\[DONE\]/;

export interface DoneMark {
  done: boolean;
}

export class DoneWatcher {
  private readonly marks = new Map<string, DoneMark>();

  constructor(private readonly baseFetch: typeof fetch = fetch) {}

  /** A new mark and the request header that ties a request to it; call `release` when the attempt ends. */
  begin(): { mark: DoneMark; headers: Record<string, string>; release: () => void } {
    const tag = randomBytes(8).toString('hex');
    const mark: DoneMark = { done: false };
    this.marks.set(tag, mark);
    return { mark, headers: { [TAG_HEADER]: tag }, release: () => this.marks.delete(tag) };
  }

  /** The fetch handed to the SDK. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    const tag = headers.get(TAG_HEADER);
    headers.delete(TAG_HEADER); // never sent to the endpoint
    const res = await this.baseFetch(input, { ...init, headers });
    const mark = tag ? this.marks.get(tag) : undefined;
    if (!mark || !res.body) return res;
    return new Response(res.body.pipeThrough(watch(mark)), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

function watch(mark: DoneMark): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let tail = '\n';
  return new TransformStream({
    transform(chunk, controller) {
      if (!mark.done) {
        // Keep a short tail so a [DONE] line split across two reads is still seen.
        const text = tail + decoder.decode(chunk, { stream: true });
        if (DONE_LINE.test(text.replace(/\r/g, ''))) mark.done = true;
        tail = text.slice(-16);
      }
      controller.enqueue(chunk);
    },
  });
}
