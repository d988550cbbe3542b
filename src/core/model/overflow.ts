// Recognises a server's "the request does not fit the context window" answer, in the wordings of the
// servers people run, and reads the numbers it gives (the server's real window and the prompt size).
// Examples (from the servers' issue trackers):
//   OpenAI, Azure, DeepSeek, vLLM: code context_length_exceeded, "This model's maximum context length is
//     8192 tokens. However, your messages resulted in 8227 tokens" / "you requested 4268 tokens (4012 in
//     the messages, 256 in the completion)"; Azure also "Input tokens exceed the configured limit of 272000
//     tokens. Your messages resulted in 509178 tokens."
//   vLLM: "The prompt (total length 25938) is too long to fit into the model (context length 4096)",
//     "Input prompt (9762 tokens) is too long and exceeds limit of 8192"
//   OpenRouter: "This endpoint's maximum context length is 131072 tokens. However, you requested about
//     138956 tokens (7884 of text input, 131072 in the output)"; Anthropic behind it: "prompt is too
//     long: 210000 tokens > 200000 maximum"
//   LM Studio: "Trying to keep the first 15857 tokens when context the overflows. However, the model is
//     loaded with context length of only 7866 tokens"
//   llama.cpp server: type exceed_context_size_error, "the request exceeds the available context size,
//     try increasing it", with n_prompt_tokens and n_ctx
//   Ollama: "input exceeds context length" (by default it truncates silently instead: set num_ctx)
//   Gemini: "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)"
//   Mistral: "Prompt contains 140000 tokens and 0 draft tokens, too large for model with 131072 maximum
//     context length"

export interface ContextOverflow {
  /** The server's context window, when it said. */
  contextWindow?: number;
  /** The request's size in the server's tokens, when it said. */
  promptTokens?: number;
}

const CODES = /context_length_exceeded|exceed_context_size_error|context_window_exceeded/i;

const WORDINGS: RegExp[] = [
  /maximum context length/i,
  /context length exceeded/i,
  /exceeds? the (available )?context (size|length|window)/i,
  /input (tokens )?exceeds? (the )?(configured limit|context length)/i,
  /prompt is too long/i,
  /too long to fit into the model/i,
  /is too long and exceeds limit/i,
  /when context the overflows|context overflows|loaded with context length of only/i,
  /exceeds the maximum number of tokens allowed/i,
  /too large for model with \d+ maximum context length/i,
  /exceeds? context window of \d+/i,
  /reduce the length of the messages/i,
];

const WINDOW: RegExp[] = [
  /maximum context length is (\d+)/i,
  /context length of only (\d+)/i,
  /\(context length (\d+)\)/i,
  /configured limit of (\d+)/i,
  /tokens > (\d+) maximum/i,
  /exceeds limit of (\d+)/i,
  /maximum number of tokens allowed \((\d+)\)/i,
  /with (\d+) maximum context length/i,
  /exceeds? context window of (\d+)/i,
  /"?n_ctx"?\s*[:=]\s*(\d+)/i,
];

const PROMPT: RegExp[] = [
  /resulted in (\d+) tokens/i,
  /\((\d+) in the messages/i,
  /\((\d+) of text input/i,
  /keep the first (\d+) tokens/i,
  /prompt is too long: (\d+) tokens/i,
  /total length (\d+)/i,
  /input prompt \((\d+) tokens\)/i,
  /input token count \((\d+)\)/i,
  /request has (\d+) input tokens/i,
  /prompt contains (\d+) tokens/i,
  /requested tokens \((\d+)\)/i,
  /"?n_prompt_tokens"?\s*[:=]\s*(\d+)/i,
];

function firstNumber(text: string, patterns: RegExp[]): number | undefined {
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) {
      const n = Number(m[1]);
      if (Number.isSafeInteger(n) && n > 0) return n;
    }
  }
  return undefined;
}

/** The overflow a server's error body describes, or null when it is some other error. */
export function detectContextOverflow(body: unknown, message = ''): ContextOverflow | null {
  let text = message;
  try {
    text += ` ${JSON.stringify(body) ?? ''}`;
  } catch {
    /* an unprintable body: the message alone decides */
  }
  if (!CODES.test(text) && !WORDINGS.some((re) => re.test(text))) return null;
  const contextWindow = firstNumber(text, WINDOW);
  const promptTokens = firstNumber(text, PROMPT);
  return { ...(contextWindow !== undefined ? { contextWindow } : {}), ...(promptTokens !== undefined ? { promptTokens } : {}) };
}
