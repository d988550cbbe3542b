// The model's JavaScript regular expression, rewritten for ripgrep's (Rust) regex engine, to choose
// which files are worth opening. The lines the model sees are still found by the JavaScript pattern
// (search-scan.ts), so this translation only has to be loose in the right direction: every line the
// JavaScript pattern matches must match the translation. Matching more costs a little time, never
// correctness.
//
// It follows JavaScript without the `u` flag (Annex B), which is how search_files compiles patterns:
// - `\d`, `\w`, `\s`, `\b` and `.` mean exactly what they mean in JavaScript (ASCII digits and word
//   characters, JavaScript's whitespace list, `.` not matching \r, U+2028 or U+2029), spelled out so
//   Rust's Unicode classes cannot narrow them;
// - every literal is written as `\x{…}`, so no character is special to Rust by accident (`\a` is `a`
//   in JavaScript, a bell in Rust; `\z` is `z`, not end of text; `{` is a literal when it is not a
//   count), legacy octal escapes and `\c` are decoded, and counts above 100 become "at least 100";
// - lookarounds are dropped and back-references become "any text": both only loosen the match;
// - JavaScript works on UTF-16 units and `.` or `[^…]` can match half of an astral character (an emoji),
//   so for such patterns any line holding an astral character is a candidate too; on other lines a unit
//   is a code point.
// Anything it does not understand (a group flag such as `(?i:…)` from a newer V8) returns undefined,
// and the search runs on the JavaScript engine.

/** Repetition counts above this become open-ended, so Rust's compiled-size limit is never reached. */
const MAX_COUNT = 100;

const NEVER = '(?:(?-u:\\b)(?-u:\\B))'; // a position cannot be both: matches nothing, and Rust accepts it
const ANY_IN_LINE = '[^\\x{A}]';
const BACKREF = '(?:[^\\x{A}]*)';
const ASTRAL = '[\\x{10000}-\\x{10FFFF}]';

type Range = [number, number];
const DIGIT: Range[] = [[0x30, 0x39]];
const WORD: Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
// JavaScript's WhiteSpace and LineTerminator code points.
const SPACE: Range[] = [[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]];
const DOT_EXCLUDES: Range[] = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];

class Unsupported extends Error {}

const hex = (cp: number) => `\\x{${cp.toString(16).toUpperCase()}}`;
const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;

/** Ranges without surrogates (no line of valid text has one) and without \n (lines never contain it). */
function lineRanges(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const [lo, hi] of ranges) {
    for (const [a, b] of [[lo, Math.min(hi, 0x09)], [Math.max(lo, 0x0b), Math.min(hi, 0xd7ff)], [Math.max(lo, 0xe000), hi]] as Range[]) {
      if (a <= b) out.push([a, b]);
    }
  }
  return out;
}

const rangeText = (ranges: readonly Range[]) => lineRanges(ranges).map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');

/** Capturing groups in the whole pattern, and whether any is named (which makes `\k<name>` a back-reference). */
function countGroups(src: string): { groups: number; named: boolean } {
  let groups = 0;
  let named = false;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      if (src[i + 1] !== '?') groups++;
      else if (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
        groups++;
        named = true;
      }
    }
  }
  return { groups, named };
}

/** A piece of the translation, and whether it can match the empty string. */
interface Piece {
  text: string;
  nullable: boolean;
}

class Translator {
  private i = 0;
  /** Something was written that JavaScript matches differently on a line with astral characters. */
  astral = false;
  private readonly groups: number;
  private readonly named: boolean;

  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
  ) {
    ({ groups: this.groups, named: this.named } = countGroups(src));
  }

  translate(): Piece {
    const out = this.disjunction();
    if (this.i !== this.src.length) throw new Unsupported();
    return out;
  }

  private peek(offset = 0): string {
    return this.src[this.i + offset] ?? '';
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.i);
  }

  private disjunction(): Piece {
    const alternatives = [this.alternative()];
    while (this.peek() === '|') {
      this.i++;
      alternatives.push(this.alternative());
    }
    return { text: alternatives.map((a) => a.text).join('|'), nullable: alternatives.some((a) => a.nullable) };
  }

  private alternative(): Piece {
    let out = '';
    let nullable = true;
    // Assertions in a row all hold at one position, so their order is free: `^` goes first, then `$`,
    // then word boundaries, as Rust's engine in ripgrep 13 misses `\B^` and `$^` but finds `^\B` and `^$`.
    let caret = '';
    let dollar = '';
    let boundaries = '';
    const flush = () => {
      out += caret + dollar + boundaries;
      caret = dollar = boundaries = '';
    };
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const { text: term, nullable: empty } = this.term();
      if (term === '^') caret = '^';
      else if (term === '$') dollar = '$';
      else if (term === '' || term.startsWith('(?-u:\\')) boundaries += term;
      else {
        flush();
        out += term;
        nullable &&= empty;
      }
    }
    flush();
    return { text: out, nullable };
  }

  private close(): void {
    if (this.peek() !== ')') throw new Unsupported();
    this.i++;
  }

  private term(): Piece {
    const c = this.peek();
    if (c === '^' || c === '$') {
      this.i++;
      return { text: c, nullable: true };
    }
    if (c === '\\' && (this.peek(1) === 'b' || this.peek(1) === 'B')) {
      this.i += 2;
      return { text: `(?-u:\\${this.src[this.i - 1]})`, nullable: true }; // ASCII word boundary, as in JavaScript
    }
    if (this.startsWith('(?=') || this.startsWith('(?!') || this.startsWith('(?<=') || this.startsWith('(?<!')) {
      const lookahead = this.peek(2) !== '<';
      this.i += lookahead ? 3 : 4;
      this.disjunction();
      this.close();
      if (lookahead) this.quantifier(); // Annex B lets a lookahead be repeated; it is dropped with it
      return { text: '', nullable: true };
    }
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    return { text: `(?:${atom.text})${q}`, nullable: atom.nullable || /^(?:[*?]|\{0[,}])/.test(q) };
  }

  private atom(): Piece {
    const c = this.peek();
    if (c === '(') {
      if (this.startsWith('(?:')) this.i += 3;
      else if (this.startsWith('(?<')) {
        const end = this.src.indexOf('>', this.i);
        if (end < 0) throw new Unsupported();
        this.i = end + 1;
      } else if (this.startsWith('(?')) throw new Unsupported();
      else this.i++;
      const inner = this.disjunction();
      this.close();
      return { text: `(?:${inner.text})`, nullable: inner.nullable };
    }
    if (c === '.') {
      this.i++;
      return { text: this.negatedClass(DOT_EXCLUDES, []), nullable: false };
    }
    if (c === '[') return { text: this.characterClass(), nullable: false };
    if (c === '\\') return this.atomEscape();
    if (c === '*' || c === '+' || c === '?' || c === ')' || c === '') throw new Unsupported();
    this.i++;
    return { text: this.literal(c.charCodeAt(0)), nullable: false }; // includes `{`, `}` and `]` that are not syntax (Annex B)
  }

  /** `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy; '' when none follows. */
  private quantifier(): string {
    let q: string;
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?') {
      q = c;
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i, this.i + 40));
      if (!m) return ''; // a literal `{`, read as the next atom
      this.i += m[0].length;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      const lo = Math.min(min, MAX_COUNT);
      q = max === lo ? `{${lo}}` : max > MAX_COUNT ? `{${lo},}` : `{${lo},${max}}`;
    } else return '';
    if (this.peek() === '?') {
      q += '?';
      this.i++;
    }
    return q;
  }

  private literal(cp: number): string {
    if (isSurrogate(cp)) this.astral = true;
    if (cp === 0x0a || isSurrogate(cp)) return NEVER; // no line holds \n; a lone half only occurs in astral lines
    return /[0-9A-Za-z]/.test(String.fromCharCode(cp)) ? String.fromCharCode(cp) : hex(cp);
  }

  private atomEscape(): Piece {
    this.i++; // the backslash
    const c = this.peek();
    const cls = this.classEscape(c);
    if (cls) {
      this.i++;
      return { text: cls.negated ? this.negatedClass(cls.ranges, []) : this.positiveClass(cls.ranges, []), nullable: false };
    }
    if (c >= '1' && c <= '9') {
      const digits = /^\d+/.exec(this.src.slice(this.i))![0];
      if (Number(digits) <= this.groups) {
        this.i += digits.length;
        return { text: BACKREF, nullable: true };
      }
    }
    if (c === 'k' && this.named) {
      const end = this.src.indexOf('>', this.i);
      if (this.peek(1) !== '<' || end < 0) throw new Unsupported();
      this.i = end + 1;
      return { text: BACKREF, nullable: true };
    }
    return { text: this.literal(this.characterEscape(false)), nullable: false };
  }

  /** A character after a backslash (the backslash already consumed), as a code unit. */
  private characterEscape(inClass: boolean): number {
    const c = this.peek();
    const simple: Record<string, number> = { f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b };
    if (c in simple) {
      this.i++;
      return simple[c];
    }
    if (c === 'c') {
      const letter = this.peek(1);
      if (/[A-Za-z]/.test(letter) || (inClass && /[0-9_]/.test(letter))) {
        this.i += 2;
        return letter.charCodeAt(0) % 32;
      }
      return 0x5c; // Annex B: a lone `\c` is a backslash, and the `c` is read next
    }
    if (c >= '0' && c <= '7') return this.octal();
    const hexDigits = c === 'x' ? 2 : c === 'u' ? 4 : 0;
    if (hexDigits) {
      const digits = this.src.slice(this.i + 1, this.i + 1 + hexDigits);
      if (digits.length === hexDigits && /^[0-9A-Fa-f]+$/.test(digits)) {
        this.i += 1 + hexDigits;
        return parseInt(digits, 16);
      }
    }
    if (c === '') throw new Unsupported();
    this.i++;
    return c.charCodeAt(0); // identity escape: `\.` is `.`, `\a` is `a`, `\8` is `8`
  }

  /** Legacy octal: up to three digits, at most \377. */
  private octal(): number {
    const d = (k: number) => (/[0-7]/.test(this.peek(k)) ? Number(this.peek(k)) : -1);
    const d1 = d(0);
    const d2 = d(1);
    if (d2 < 0) {
      this.i += 1;
      return d1;
    }
    const d3 = d(2);
    if (d1 <= 3 && d3 >= 0) {
      this.i += 3;
      return d1 * 64 + d2 * 8 + d3;
    }
    this.i += 2;
    return d1 * 8 + d2;
  }

  private classEscape(c: string): { ranges: Range[]; negated: boolean } | undefined {
    const sets: Record<string, Range[]> = { d: DIGIT, w: WORD, s: SPACE };
    const set = sets[c.toLowerCase()];
    return set ? { ranges: set, negated: c !== c.toLowerCase() } : undefined;
  }

  private characterClass(): string {
    this.i++; // [
    const negated = this.peek() === '^';
    if (negated) this.i++;
    const ranges: Range[] = [];
    const negatedParts: Range[][] = [];
    for (;;) {
      if (this.i >= this.src.length) throw new Unsupported();
      if (this.peek() === ']') {
        this.i++;
        break;
      }
      const first = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        const save = this.i;
        this.i++;
        const second = this.classAtom();
        if (typeof first === 'number' && typeof second === 'number') {
          ranges.push([first, second]);
          continue;
        }
        // Annex B: a class escape at either end makes the `-` a literal.
        this.i = save;
      }
      if (typeof first === 'number') ranges.push([first, first]);
      else if (first.negated) negatedParts.push(first.ranges);
      else ranges.push(...first.ranges);
    }
    return negated ? this.negatedClass(ranges, negatedParts) : this.positiveClass(ranges, negatedParts);
  }

  private classAtom(): number | { ranges: Range[]; negated: boolean } {
    const c = this.peek();
    if (c !== '\\') {
      this.i++;
      return c.charCodeAt(0);
    }
    this.i++;
    const e = this.peek();
    const cls = this.classEscape(e);
    if (cls) {
      this.i++;
      return cls;
    }
    if (e === 'b') {
      this.i++;
      return 0x08;
    }
    if (e === 'k' && this.named) throw new Unsupported();
    if (e === '8' || e === '9') {
      this.i++;
      return e.charCodeAt(0);
    }
    return this.characterEscape(true);
  }

  /** Negated parts (`\D`, `\W`, `\S` inside `[…]`) never fold case: Rust would fold before negating. */
  private positiveClass(ranges: Range[], negatedParts: Range[][]): string {
    if (negatedParts.length || ranges.some(([lo, hi]) => lo <= 0xdfff && hi >= 0xd800)) this.astral = true;
    const pos = rangeText(ranges);
    const negs = negatedParts.map((r) => `[^${rangeText(r)}]`);
    if (!pos && !negs.length) return NEVER;
    if (!this.ignoreCase || !negs.length) return `[${pos}${negs.join('')}]`;
    const parts = negs.map((n) => `(?-i:${n})`);
    if (pos) parts.unshift(`[${pos}]`);
    return `(?:${parts.join('|')})`;
  }

  private negatedClass(ranges: Range[], negatedParts: Range[][]): string {
    this.astral = true;
    const body = rangeText(ranges) + negatedParts.map((r) => `[^${rangeText(r)}]`).join('');
    if (!body) return ANY_IN_LINE;
    return this.ignoreCase ? `(?-i:[^${body}])` : `[^${body}]`;
  }
}

/** The pattern for ripgrep, or undefined when it uses something this translation does not know. */
export function toRipgrepPattern(pattern: string, ignoreCase: boolean): string | undefined {
  const translator = new Translator(pattern, ignoreCase);
  let body: Piece;
  try {
    body = translator.translate();
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
  const flags = ignoreCase ? '(?i)' : '';
  // Without an atom that can match half an astral character, a JavaScript match consumes whole BMP
  // characters only, so it starts and ends between code points and Rust finds it too. An empty match
  // could sit between the halves of one, hence the same fallback for patterns that can match nothing.
  // Leaving the alternative out keeps ripgrep's fast literal search for plain patterns.
  return translator.astral || body.nullable ? `${flags}(?:${body.text})|${ASTRAL}` : `${flags}${body.text}`;
}
