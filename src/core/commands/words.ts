// Turns a parsed shell word into the literal string bash would pass, when that is certain.
// Anything only known at run time ($X, $(cmd), brace expansion, ~user) comes back with value null.
import type { SyntaxNode } from './parser';

export interface Word {
  /** Source text as written. */
  text: string;
  /** The literal value bash would produce, or null when only known at run time. */
  value: string | null;
  /** `value` with every quoted/escaped character replaced by `\u0001`, so globs and braces can be told from literal ones. */
  shape: string;
  /** Why the value is not literal. */
  dynamic?: string;
  /** Why this word is risky even if its value were known (arithmetic on variables). */
  risky?: string;
  /** Command names run by substitutions inside the word (`$(curl x)` → ['curl']). */
  substNames: string[];
  /** True for `<(...)` / `>(...)`: the value is a /dev/fd path. */
  procSubst?: boolean;
}

export interface WordEnv {
  home: string;
  /** Single known working directory, for `$PWD` and `~+`. */
  pwd: string | null;
  /** Walks the statements of a `$( )`/`<( )` and returns the command names it found. */
  substitute(node: SyntaxNode): string[];
  /** Reports syntax the evaluator does not understand (fail closed). */
  unknown(reason: string): void;
}

const Q = '\u0001';

function literal(text: string, value: string, shape: string): Word {
  return { text, value, shape, substNames: [] };
}

function quotedShape(s: string): string {
  return Q.repeat(s.length);
}

/** Unquoted word: backslash quotes the next character; backslash-newline disappears. */
function unquoted(text: string): { value: string; shape: string } {
  let value = '';
  let shape = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      const n = text[++i];
      if (n === '\n') continue;
      value += n;
      shape += Q;
    } else {
      value += c;
      shape += c;
    }
  }
  return { value, shape };
}

/** Inside double quotes only \\ \" \$ \` and backslash-newline are escapes. */
function doubleQuotedContent(text: string): string {
  return text.replace(/\\([\\"$`\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

/** Decodes bash's $'...' strings exactly, so `$'\x72m'` is judged as `rm`. */
export function decodeAnsiC(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
    if (n in simple) out += simple[n];
    else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(parseInt(m, 8) & 0xff);
      i += m.length - 1;
    } else if (n === 'x' || n === 'u' || n === 'U') {
      const max = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const m = new RegExp(`^[0-9a-fA-F]{1,${max}}`).exec(body.slice(i + 1));
      if (!m) out += '\\' + n;
      else {
        const cp = parseInt(m[0], 16);
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
        i += m[0].length;
      }
    } else if (n === 'c' && i + 1 < body.length) {
      out += String.fromCharCode(body.charCodeAt(++i) & 0x1f);
    } else out += '\\' + n;
  }
  return out;
}

function knownVariable(name: string, env: WordEnv): string | null {
  if (name === 'HOME') return env.home;
  if (name === 'PWD') return env.pwd;
  return null;
}

function combine(text: string, pieces: Word[]): Word {
  const dyn = pieces.find((p) => p.value === null);
  const risky = pieces.find((p) => p.risky);
  return {
    text,
    value: dyn ? null : pieces.map((p) => p.value).join(''),
    shape: dyn ? '' : pieces.map((p) => p.shape).join(''),
    dynamic: dyn?.dynamic,
    risky: risky?.risky,
    substNames: pieces.flatMap((p) => p.substNames),
    procSubst: pieces.some((p) => p.procSubst),
  };
}

function dynamicWord(text: string, reason: string, substNames: string[] = []): Word {
  return { text, value: null, shape: '', dynamic: reason, substNames };
}

/** Evaluates one argument-like node. */
export function evalWord(node: SyntaxNode, env: WordEnv): Word {
  const text = node.text;
  switch (node.type) {
    case 'word':
    case 'number':
    case 'variable_name':
    case 'extglob_pattern': {
      const u = unquoted(text);
      return tilde({ text, ...u, substNames: [] }, env);
    }
    case 'raw_string': {
      const inner = text.slice(1, -1);
      return literal(text, inner, quotedShape(inner));
    }
    case 'ansi_c_string': {
      const inner = decodeAnsiC(text.slice(2, -1));
      return literal(text, inner, quotedShape(inner));
    }
    case 'string':
    case 'translated_string': {
      // Rebuild from source offsets: text between expansions is literal double-quoted content.
      const open = text.startsWith('$"') ? 2 : 1;
      let pos = node.startIndex + open;
      const stop = node.endIndex - 1;
      const pieces: Word[] = [];
      const gap = (to: number) => {
        if (to <= pos) return;
        const v = doubleQuotedContent(text.slice(pos - node.startIndex, to - node.startIndex));
        pieces.push(literal(v, v, quotedShape(v)));
      };
      for (const child of node.namedChildren) {
        if (!child || child.type === 'string_content') continue;
        gap(child.startIndex);
        const w = evalWord(child, env);
        pieces.push(w.value === null ? w : { ...w, shape: quotedShape(w.value) });
        pos = child.endIndex;
      }
      gap(stop);
      return combine(text, pieces);
    }
    case 'concatenation': {
      // Text between the named pieces (anonymous tokens such as the `$$` of `-$$`) is part of the word
      // too: literal when plain, only known at run time when it expands.
      const pieces: Word[] = [];
      let pos = node.startIndex;
      const gap = (to: number) => {
        const g = text.slice(pos - node.startIndex, to - node.startIndex);
        if (g) pieces.push(/[$`\\]/.test(g) ? dynamicWord(g, `${g} is only known at run time`) : literal(g, g, g));
      };
      for (const child of node.namedChildren.filter((c): c is SyntaxNode => !!c)) {
        gap(child.startIndex);
        pieces.push(evalWord(child, env));
        pos = child.endIndex;
      }
      gap(node.endIndex);
      const w = combine(text, pieces);
      if (w.value === null) return w;
      // Brace expansion (`{rm,-rf,/}`, `a{1..3}`) turns one word into several: only known at run time.
      if (/\{[^{}]*(,|\.\.)[^{}]*\}/.test(w.shape)) return dynamicWord(text, 'brace expansion', w.substNames);
      return tilde(w, env);
    }
    case 'simple_expansion':
    case 'expansion': {
      const names = node.namedChildren.filter((c): c is SyntaxNode => !!c);
      const plain = names.length === 1 && names[0].type === 'variable_name' && (text === '$' + names[0].text || text === '${' + names[0].text + '}');
      const subst = names.flatMap((c) => collectSubst(c, env));
      if (plain) {
        const v = knownVariable(names[0].text, env);
        if (v !== null) return literal(text, v, quotedShape(v));
      }
      return dynamicWord(text, `${text} is only known at run time`, subst);
    }
    case 'command_substitution':
      return dynamicWord(text, `${text} is only known at run time`, env.substitute(node));
    case 'process_substitution':
      return { text, value: '/dev/fd/63', shape: quotedShape('/dev/fd/63'), substNames: env.substitute(node), procSubst: true };
    case 'arithmetic_expansion': {
      const subst = collectSubst(node, env);
      const w = dynamicWord(text, `${text} is only known at run time`, subst);
      // Arithmetic evaluates variable contents as expressions, and `a[$(cmd)]` there runs cmd.
      if (/[A-Za-z_$`]/.test(text.slice(3, -2))) w.risky = `arithmetic on variables (${text}) can run commands`;
      return w;
    }
    case 'brace_expression':
      return dynamicWord(text, 'brace expansion');
    default:
      env.unknown(`unsupported syntax in a word: ${node.type}`);
      return dynamicWord(text, `cannot read ${node.type}`);
  }
}

/** Walks any node for nested `$( )` / `<( )` so the commands inside are judged too. */
export function collectSubst(node: SyntaxNode, env: WordEnv): string[] {
  if (node.type === 'command_substitution' || node.type === 'process_substitution') return env.substitute(node);
  return node.namedChildren.flatMap((c) => (c ? collectSubst(c, env) : []));
}

/** Tilde expansion: `~` and `~/x` are the home folder; `~user` and `~-` are not known statically. */
function tilde(w: Word, env: WordEnv): Word {
  if (w.value === null || !w.shape.startsWith('~')) return w;
  const slash = w.value.indexOf('/');
  const head = slash < 0 ? w.value : w.value.slice(0, slash);
  const rest = slash < 0 ? '' : w.value.slice(slash);
  let base: string | null = null;
  if (head === '~') base = env.home;
  else if (head === '~+') base = env.pwd;
  if (base === null) return dynamicWord(w.text, `${head} is only known at run time`, w.substNames);
  const value = base + rest;
  return { ...w, value, shape: quotedShape(base) + w.shape.slice(head.length) };
}
