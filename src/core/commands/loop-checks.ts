// Loops that hurt the machine however confined: a loop that starts background processes is a fork
// loop (no sandbox limits the process count), and `while true` without an exit runs until the timeout.
import type { SyntaxNode } from './parser';
import type { Concern } from './parts';

/** True when a `&` (run in the background) appears anywhere in the node, outside strings. */
function backgrounds(node: SyntaxNode): boolean {
  return node.children.some((c) => !!c && ((!c.isNamed && c.type === '&') || (c.type !== 'string' && c.type !== 'raw_string' && c.type !== 'heredoc_body' && backgrounds(c))));
}

const ALWAYS_TRUE = /^(true|:|\[\s*1\s*\]|\[\[\s*1\s*\]\]|\(\(\s*1\s*\)\))$/;

/** The concern of a while/until/for loop, or undefined. */
export function loopConcern(node: SyntaxNode): Concern | undefined {
  const body = node.childForFieldName('body');
  if (body && backgrounds(body)) return { level: 'risky', reason: `starts background processes in a loop, which can exhaust the machine (${node.text.slice(0, 40)}…)` };
  const keyword = node.children[0]?.type;
  const condition = node.childForFieldName('condition')?.text.trim() ?? '';
  const endless = (keyword === 'while' && ALWAYS_TRUE.test(condition)) || (keyword === 'until' && condition === 'false');
  if (endless && !/\b(break|exit|return)\b/.test(body?.text ?? '')) return { level: 'risky', reason: `a loop without an end (${keyword} ${condition}): it runs until the timeout` };
  return undefined;
}
