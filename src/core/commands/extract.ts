// Walks the bash syntax tree into Parts: every simple command, wherever it hides (lists, pipes,
// subshells, substitutions, heredocs, wrappers), with its evaluated words, redirections and working directory.
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { parseWith, type SyntaxNode } from './parser';
import { evalWord, collectSubst, type Word, type WordEnv } from './words';
import { baseName, type Concern, type Part, type Redirect } from './parts';
import { innerCommands, TRANSPARENT } from './wrappers';
import { placeOf, resolveAll, unionCwds } from './paths';
import { loopConcern } from './loop-checks';

const MAX_DEPTH = 60;
/** `cd DIR`, `pushd DIR`, `true`, `:`, `set -e`/`set -euo pipefail`: nothing happens by themselves. */
const NEUTRAL = /^(cd|pushd)( (-[LP]|--))*( [^\0]+)?$|^popd$|^(true|false|:)$|^set( [-+][euxo]+( pipefail| errexit| nounset| xtrace)?)+$/;
const MAX_NESTED_SCRIPTS = 4;

type Cwds = string[] | null;
interface State { ok: Cwds; any: Cwds }
interface Io { stdin?: Part['stdin']; upstream: string[] }

export interface ExtractResult {
  parts: Part[];
  /** Problems not tied to one part (parse errors, unsupported syntax). */
  concerns: Concern[];
}

const STATEMENT_LISTS = new Set(['program', 'compound_statement', 'do_group', 'else_clause', 'elif_clause', 'if_statement', 'while_statement', 'for_statement', 'case_statement', 'case_item', 'negated_command']);
const ARITHMETIC = new Set(['binary_expression', 'unary_expression', 'postfix_expression', 'ternary_expression', 'parenthesized_expression']);
const WORDISH = new Set(['word', 'string', 'raw_string', 'ansi_c_string', 'concatenation', 'simple_expansion', 'expansion', 'command_substitution', 'process_substitution', 'number', 'translated_string', 'arithmetic_expansion', 'brace_expression', 'extglob_pattern']);

export class Extractor {
  readonly parts: Part[] = [];
  readonly concerns: Concern[] = [];
  private scripts = 0;
  /** While a command's words are read: the programs whose output a `>( )` in them receives. */
  private writers: string[] | undefined;

  constructor(private readonly parser: Parser, private readonly root: string, private readonly home: string) {}

  run(text: string, cwds: Cwds, io: Io = { upstream: [] }, via?: string): State {
    const tree = parseWith(this.parser, text);
    try {
      if (tree.rootNode.hasError) this.concerns.push({ level: 'unparseable', reason: `the shell parser could not read ${via ? `the script of ${via}` : 'this command'} with certainty` });
      return this.walk(tree.rootNode, cwds, io, 0, via);
    } finally {
      tree.delete();
    }
  }

  private walk(node: SyntaxNode, cwds: Cwds, io: Io, depth: number, via?: string): State {
    if (depth > MAX_DEPTH) {
      this.concerns.push({ level: 'unparseable', reason: 'nested too deeply to judge' });
      return { ok: null, any: null };
    }
    const d = depth + 1;
    const same = { ok: cwds, any: cwds };
    switch (node.type) {
      case 'comment':
        return same;
      case 'command':
        return this.command(node, cwds, io, [], d, via);
      case 'redirected_statement':
        return this.redirected(node, cwds, io, d, via);
      case 'list':
        return this.list(node, cwds, io, d, via);
      case 'pipeline':
        return this.pipeline(node.namedChildren.filter(isNode), cwds, io, d, via);
      case 'subshell':
        this.sequence(node.namedChildren.filter(isNode), cwds, io, d, via);
        return same;
      case 'function_definition': {
        // The body is judged as if it ran: a later call runs it. A function can also shadow a command
        // (`ls() { … }`) or call itself (`:(){ :|:& };:`), so defining one always asks.
        this.concerns.push({ level: 'risky', reason: `defines a shell function (${clip(node.text, 40)}): a later call by that name runs its body` });
        const body = node.namedChildren.filter(isNode).filter((c) => c.type !== 'word');
        this.sequence(body, cwds, { upstream: [] }, d, via);
        return same;
      }
      case 'variable_assignment':
      case 'variable_assignments':
      case 'declaration_command':
      case 'unset_command':
        return this.declaration(node, cwds, d, via);
      case 'test_command':
        return this.synthetic(node, cwds, d, via, /\s-(eq|ne|lt|le|gt|ge|v)\s/.test(node.text) ? 'arithmetic comparison in [[ ]] can run commands hidden in variables' : undefined);
      case 'c_style_for_statement':
        return this.synthetic(node, cwds, d, via, 'arithmetic for loop can run commands hidden in variables');
      case 'ERROR':
        this.concerns.push({ level: 'unparseable', reason: `cannot parse: ${clip(node.text)}` });
        this.sequence(node.namedChildren.filter(isNode), cwds, io, d, via);
        return { ok: null, any: null };
      default:
        if (node.type === 'while_statement' || node.type === 'for_statement') {
          const loop = loopConcern(node);
          if (loop) this.concerns.push(loop);
        }
        if (STATEMENT_LISTS.has(node.type)) {
          const s = this.sequence(node.namedChildren.filter(isNode), cwds, io, d, via);
          return { ok: s, any: unionCwds(cwds, s) };
        }
        if (ARITHMETIC.has(node.type)) return this.synthetic(node, cwds, d, via, 'arithmetic can run commands hidden in variables');
        if (WORDISH.has(node.type) || node.type === 'variable_name') {
          this.evalIn(node, cwds, d);
          return same;
        }
        this.concerns.push({ level: 'unparseable', reason: `unsupported shell syntax: ${node.type}` });
        return { ok: null, any: null };
    }
  }

  /** Statements one after another (`;` or newline): each may run whether or not the previous succeeded. */
  private sequence(nodes: SyntaxNode[], cwds: Cwds, io: Io, depth: number, via?: string): Cwds {
    let cur = cwds;
    for (const n of nodes) cur = this.walk(n, cur, io, depth, via).any;
    return cur;
  }

  private list(node: SyntaxNode, cwds: Cwds, io: Io, depth: number, via?: string): State {
    const kids = node.children.filter(isNode);
    const left = kids[0];
    const op = kids.find((k) => !k.isNamed)?.type ?? ';';
    const right = kids.filter((k) => k.isNamed)[1];
    const l = this.walk(left, cwds, io, depth, via);
    if (!right) return l;
    // After `a && b`, b runs only if a succeeded; after `||`, a's cd may or may not have happened.
    const r = this.walk(right, op === '&&' ? l.ok : l.any, io, depth, via);
    return { ok: op === '||' ? unionCwds(l.ok, r.ok) : r.ok, any: unionCwds(l.any, r.any) };
  }

  private pipeline(stages: SyntaxNode[], cwds: Cwds, io: Io, depth: number, via?: string): State {
    let upstream = [...io.upstream];
    stages.forEach((stage, i) => {
      const before = this.parts.length;
      this.walk(stage, cwds, i === 0 ? io : { stdin: 'pipe', upstream }, depth, via);
      upstream = upstream.concat(this.namesSince(before));
    });
    return { ok: cwds, any: cwds };
  }

  private namesSince(index: number): string[] {
    return this.parts.slice(index).map((p) => p.words[0]?.value).filter((n): n is string => !!n).map(baseName);
  }

  private wordEnv(cwds: Cwds, depth: number): WordEnv {
    return {
      home: this.home,
      pwd: cwds && cwds.length === 1 ? cwds[0] : null,
      substitute: (n) => {
        const before = this.parts.length;
        // `>(cmd)` reads what the outer command writes: its stdin is a pipe from it (`curl x > >(sh)`).
        const io: Io = n.type === 'process_substitution' && n.text.startsWith('>(') ? { stdin: 'pipe', upstream: this.writers ?? [] } : { upstream: [] };
        this.sequence(n.namedChildren.filter(isNode), cwds, io, depth + 1);
        return this.namesSince(before);
      },
      unknown: (reason) => this.concerns.push({ level: 'unparseable', reason }),
    };
  }

  private evalIn(node: SyntaxNode, cwds: Cwds, depth: number): Word {
    return evalWord(node, this.wordEnv(cwds, depth));
  }

  private redirect(node: SyntaxNode, cwds: Cwds, depth: number): Redirect {
    const op = node.children.filter(isNode).find((c) => !c.isNamed)?.type ?? (node.type === 'herestring_redirect' ? '<<<' : '>');
    const targetNode = node.namedChildren.filter(isNode).find((c) => c.type !== 'file_descriptor');
    const target = targetNode ? this.evalIn(targetNode, cwds, depth) : null;
    return { op: node.type === 'herestring_redirect' ? '<<<' : op, target };
  }

  private redirected(node: SyntaxNode, cwds: Cwds, io: Io, depth: number, via?: string): State {
    const kids = node.namedChildren.filter(isNode);
    const body = kids.find((k) => !/_redirect$/.test(k.type));
    const redirects: Redirect[] = [];
    const trailing: { node: SyntaxNode; piped: boolean }[] = [];
    let stdin = io.stdin;
    // A `>( )` among these redirections receives what the body writes.
    const outerWriters = this.writers;
    const bodyName = body?.type === 'command' ? body.namedChildren.find((c) => c?.type === 'command_name') : undefined;
    this.writers = [...io.upstream, ...(bodyName ? [baseName(bodyName.text)] : [])];
    for (const k of kids) {
      if (k === body) continue;
      if (k.type === 'heredoc_redirect') {
        stdin = 'heredoc';
        let piped = false;
        for (const h of k.children.filter(isNode)) {
          if (!h.isNamed) piped = piped || h.type === '|' || h.type === '|&';
          else if (h.type === 'file_redirect') redirects.push(this.redirect(h, cwds, depth));
          else if (h.type === 'heredoc_body') collectSubst(h, this.wordEnv(cwds, depth));
          else if (h.type !== 'heredoc_start' && h.type !== 'heredoc_end') trailing.push({ node: h, piped: piped || h.type === 'pipeline' });
        }
      } else {
        if (k.type === 'herestring_redirect') stdin = 'herestring';
        redirects.push(this.redirect(k, cwds, depth));
      }
    }
    this.writers = outerWriters;
    const before = this.parts.length;
    let state: State;
    if (body?.type === 'command') state = this.command(body, cwds, { ...io, stdin }, redirects, depth, via);
    else {
      state = body ? this.walk(body, cwds, { ...io, stdin }, depth, via) : { ok: cwds, any: cwds };
      // `cd g && echo x >> config`: the parser hangs the redirection on the whole list, but it applies
      // to the last command, after the cd. Its target is judged from every folder the list can end in.
      const after = unionCwds(cwds, state.any);
      const late = kids.filter((k) => k !== body && k.type === 'file_redirect').map((k) => this.redirect(k, after, depth));
      this.parts.push(blankPart(redirects.map((r) => `${r.op} ${r.target?.text ?? ''}`).join(' '), after, [...redirects.filter((r) => !late.some((l) => l.op === r.op && l.target?.text === r.target?.text)), ...late], via));
    }
    const names = this.namesSince(before);
    for (const t of trailing) {
      const tio: Io = t.piped ? { stdin: 'pipe', upstream: names } : { upstream: [] };
      if (t.node.type === 'pipeline') this.pipeline(t.node.namedChildren.filter(isNode), state.any, tio, depth, via);
      else state = this.walk(t.node, state.any, tio, depth, via);
    }
    return state;
  }

  private declaration(node: SyntaxNode, cwds: Cwds, depth: number, via?: string): State {
    const words: Word[] = [];
    const assignments: Part['assignments'] = [];
    if (node.type === 'declaration_command' || node.type === 'unset_command') {
      const keyword = node.children.filter(isNode).find((c) => !c.isNamed);
      if (keyword) words.push({ text: keyword.type, value: keyword.type, shape: keyword.type, substNames: [] });
    }
    const add = (n: SyntaxNode) => {
      if (n.type === 'variable_assignment') assignments.push(this.assignment(n, cwds, depth));
      else if (n.type === 'variable_assignments') n.namedChildren.filter(isNode).forEach(add);
      else words.push(this.evalIn(n, cwds, depth));
    };
    if (node.type === 'variable_assignment') add(node);
    else node.namedChildren.filter(isNode).forEach(add);
    this.parts.push({ ...blankPart(node.text, cwds, [], via), words, assignments, wrapper: words.length === 0 || (words.length === 1 && assignments.length > 0) });
    return { ok: cwds, any: cwds };
  }

  private assignment(n: SyntaxNode, cwds: Cwds, depth: number): Part['assignments'][number] {
    const kids = n.namedChildren.filter(isNode);
    const name = kids[0]?.text ?? '';
    const valueNode = kids[1];
    return { name, value: valueNode ? this.evalIn(valueNode, cwds, depth) : null };
  }

  private synthetic(node: SyntaxNode, cwds: Cwds, depth: number, via: string | undefined, risky?: string): State {
    collectSubst(node, this.wordEnv(cwds, depth));
    const part = blankPart(node.text, cwds, [], via);
    if (risky) part.concerns.push({ level: 'risky', reason: risky });
    this.parts.push(part);
    return { ok: cwds, any: cwds };
  }

  private command(node: SyntaxNode, cwds: Cwds, io: Io, extra: Redirect[], depth: number, via?: string): State {
    const words: Word[] = [];
    const assignments: Part['assignments'] = [];
    const redirects: Redirect[] = [...extra];
    let stdin = io.stdin;
    let upstream = io.upstream;
    const outerWriters = this.writers;
    const nameNode = node.namedChildren.find((c) => c?.type === 'command_name');
    this.writers = [...io.upstream, ...(nameNode ? [baseName(nameNode.text)] : [])];
    for (const c of node.namedChildren.filter(isNode)) {
      if (c.type === 'variable_assignment' && words.length === 0) assignments.push(this.assignment(c, cwds, depth));
      else if (c.type === 'file_redirect') redirects.push(this.redirect(c, cwds, depth));
      else if (c.type === 'herestring_redirect') {
        stdin = 'herestring';
        redirects.push(this.redirect(c, cwds, depth));
      } else if (c.type === 'command_name') {
        const inner = c.namedChildren.filter(isNode);
        words.push(inner.length === 1 ? this.evalIn(inner[0], cwds, depth) : this.evalIn(c, cwds, depth));
      } else words.push(this.evalIn(c, cwds, depth));
    }
    this.writers = outerWriters;
    // `sh < <(curl x)` reads the substitution's output as its input, like a pipe.
    for (const r of redirects) {
      if ((r.op === '<' || r.op === '<&') && r.target?.procSubst) {
        stdin = 'pipe';
        upstream = [...upstream, ...r.target.substNames];
      }
    }
    const part: Part = { text: node.text, words, assignments, redirects, cwds, stdin, upstream, via, concerns: [] };
    // Navigation and no-ops need no allow rule of their own (`cd src && npm test` runs under `npm test`);
    // any concern (cd leaving the workspace, a redirection) still asks.
    if (!redirects.length && words[0]?.value && NEUTRAL.test(words.map((w) => w.value ?? '\0').join(' '))) part.wrapper = true;
    this.parts.push(part);
    this.unwrap(part, depth);
    return this.changeDir(part, cwds);
  }

  /** Judges what wrappers run: `env X=1 npm test` is `npm test` too, `bash -c 'a; b'` is a and b. */
  private unwrap(part: Part, depth: number): void {
    for (const inner of innerCommands(part.words)) {
      if (inner.unknown) part.concerns.push({ level: 'unparseable', reason: inner.unknown });
      const name = baseName(part.words[0]?.value ?? '');
      if (TRANSPARENT.has(name) || inner.via.endsWith(' -c')) part.wrapper = true;
      if (inner.words && inner.words.length) {
        const child: Part = { text: inner.words.map((w) => w.text).join(' '), words: inner.words, assignments: [], redirects: [], cwds: part.cwds, stdin: part.stdin, upstream: part.upstream, via: inner.via, concerns: [] };
        if (name === 'env') child.assignments = envAssignments(part.words);
        if (inner.speculative) child.wrapper = true;
        this.parts.push(child);
        this.unwrap(child, depth + 1);
      } else if (inner.script) {
        if (inner.script.value === null) {
          part.concerns.push({ level: 'unparseable', reason: `${inner.via} runs text only known at run time (${clip(inner.script.text)})` });
        } else if (++this.scripts > MAX_NESTED_SCRIPTS) {
          part.concerns.push({ level: 'unparseable', reason: 'too many nested shell scripts to judge' });
        } else {
          this.run(inner.script.value, part.cwds, { stdin: part.stdin, upstream: part.upstream }, inner.via);
        }
      }
    }
  }

  /** `cd` changes where later parts' relative paths point; leaving the workspace is critical. */
  private changeDir(part: Part, cwds: Cwds): State {
    const name = baseName(part.words[0]?.value ?? '');
    if (name !== 'cd' && name !== 'pushd' && name !== 'popd') return { ok: cwds, any: cwds };
    // Options, then `--` ends them: `cd -- ..` goes up like `cd ..`.
    let args = part.words.slice(1);
    while (args[0]?.value && /^-[LPe@]+$/.test(args[0].value)) args = args.slice(1);
    if (args[0]?.value === '--') args = args.slice(1);
    if (name === 'popd' || (args[0] && args[0].value === '-')) {
      part.concerns.push({ level: 'risky', reason: `${name} goes back to a folder only known at run time` });
      return { ok: null, any: null };
    }
    const target = args[0] ? args[0].value : this.home;
    if (target === null) {
      part.concerns.push({ level: 'risky', reason: `cd target ${args[0].text} is only known at run time` });
      return { ok: null, any: null };
    }
    const dest = resolveAll(target, cwds);
    if (!dest) return { ok: null, any: null };
    if (dest.some((d) => placeOf(d, this.root) === 'outside' || placeOf(d, this.root) === 'above')) {
      part.concerns.push({ level: 'critical', reason: `cd leaves the workspace (${target})` });
    }
    const ok = [...new Set(dest.map((d) => path.resolve(d)))];
    return { ok, any: unionCwds(cwds, ok) };
  }
}

function envAssignments(words: Word[]): Part['assignments'] {
  return words
    .slice(1)
    .filter((w) => w.value !== null && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value))
    .map((w) => ({ name: w.value!.split('=')[0], value: w }));
}

function blankPart(text: string, cwds: Cwds, redirects: Redirect[], via?: string): Part {
  return { text, words: [], assignments: [], redirects, cwds, upstream: [], via, wrapper: true, concerns: [] };
}

function isNode(n: SyntaxNode | null): n is SyntaxNode {
  return !!n;
}

export function clip(s: string, n = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? one.slice(0, n - 1) + '…' : one;
}
