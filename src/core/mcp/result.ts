// What an MCP tool returned, as the text the model gets: text as is, every other kind of content
// described (never dropped in silence), structured content when there is nothing else, and the whole
// cut to the observation size like a command's output.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { headTailCut } from '../shared/head-tail';

export interface FormattedResult {
  text: string;
  isError: boolean;
  /** The kinds of content the server sent, in order (`text`, `image`, …), for the record. */
  contentTypes: string[];
  /** Characters left out to keep the result within the cap. */
  omittedChars: number;
}

type Block = CallToolResult['content'][number];

/** Bytes of base64 data, without decoding it. */
const base64Bytes = (data: string) => Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);

function describeBlock(b: Block): string {
  switch (b.type) {
    case 'text':
      return b.text;
    case 'image':
    case 'audio':
      return `[${b.type} content: ${b.mimeType}, ${base64Bytes(b.data)} bytes; not shown to the model]`;
    case 'resource_link':
      return `[resource link: ${b.uri}${b.name ? ` (${b.name})` : ''}${b.mimeType ? `, ${b.mimeType}` : ''}${b.description ? `: ${b.description}` : ''}]`;
    case 'resource': {
      const r = b.resource;
      if ('text' in r && typeof r.text === 'string') return `[resource ${r.uri}${r.mimeType ? ` (${r.mimeType})` : ''}]\n${r.text}`;
      const blob = 'blob' in r && typeof r.blob === 'string' ? r.blob : '';
      return `[resource ${r.uri}: ${r.mimeType ?? 'binary'}, ${base64Bytes(blob)} bytes of binary data; not shown to the model]`;
    }
    default:
      return `[${(b as { type?: string }).type ?? 'unknown'} content; not shown to the model]`;
  }
}

export function formatToolResult(result: CallToolResult | Record<string, unknown>, maxChars: number): FormattedResult {
  const r = result as Partial<CallToolResult> & { toolResult?: unknown };
  const blocks = Array.isArray(r.content) ? r.content : [];
  const parts = blocks.map(describeBlock);
  // Old servers answer with `toolResult`; new ones may send only structured content.
  if (!parts.length && r.structuredContent !== undefined) parts.push(JSON.stringify(r.structuredContent, null, 2));
  if (!parts.length && r.toolResult !== undefined) parts.push(typeof r.toolResult === 'string' ? r.toolResult : JSON.stringify(r.toolResult, null, 2));
  const whole = parts.length ? parts.join('\n') : '(the tool returned no content)';
  const cut = headTailCut(whole, maxChars);
  return {
    text: cut.elidedChars ? `${cut.text}\n[result cut to ${maxChars} characters: ${cut.elidedChars} left out]` : cut.text,
    isError: r.isError === true,
    contentTypes: blocks.map((b) => b.type),
    omittedChars: cut.elidedChars,
  };
}
