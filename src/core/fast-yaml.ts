import type { JsonValue } from './json.js';

/**
 * A fast reader for the plain, block-style YAML that hrdd files are written in. It returns the
 * same data as the `yaml` library with the options parse.ts uses (YAML 1.2 core schema, string
 * keys) — or `undefined` the moment the text strays outside the subset it knows, and the caller
 * falls back to the full parser. Declining is always safe; guessing never is. The differential
 * tests hold it to `yaml` on the bundled files, the benchmark files and the YAML test suite.
 *
 * The subset: block mappings and sequences (compact mappings in sequence items, `key:` followed
 * by a sequence at the same indentation, compact nested sequences), comments, plain and quoted
 * scalars on one line, flow collections on one line, and literal or folded block scalars with
 * clip or strip chomping. Declined: tabs, a CR not followed by LF, control characters, document
 * markers, directives, anchors, aliases, tags, complex keys, multi-line plain, quoted or flow
 * scalars, more-indented folded lines, keep chomping, indentation indicators, duplicate keys, any
 * indentation it does not expect, and collections nested deeper than `maxDepth` (so the caller's
 * nesting check reports them; the reader's recursion is bounded by it).
 *
 * Its contract with `YAML_OPTIONS` in parse.ts (change one, change the other, and the differential
 * tests): the full parser runs as YAML 1.2 with the core schema (the `yaml` defaults: no `version`
 * or `schema` given), so
 * - keys are strings (`stringKeys: true`): a key is the text written, unescaped if quoted, never
 *   resolved (`1:`, `true:` and `null:` are the strings "1", "true" and "null");
 * - no merge keys (`merge` is left off, as in YAML 1.2): `<<` is an ordinary key;
 * - duplicate keys are not yaml's business (`uniqueKeys: false`): parse.ts reports them while
 *   converting, so this reader declines a duplicate key and lets the full parser find it;
 * - a key `__proto__` becomes an own property, as parse.ts's conversion makes it;
 * - plain scalars resolve as the core schema does (`resolvePlain`: null, booleans, decimal, octal
 *   `0o` and hex `0x` integers, floats, .inf and .nan), and integers are numbers (`intAsBigInt` is
 *   left off);
 * - `prettyErrors` and `keepSourceTokens` only shape errors and the tree, which this reader never
 *   makes: a file it reads has no errors, and its tree is parsed by `yaml` when a position is needed.
 */
export function parseFast(text: string, maxDepth = 64): JsonValue | undefined {
  if (text.includes('\r')) {
    // CRLF line ends read as LF (YAML normalises line breaks in scalars too); a lone CR declines
    if (LONE_CR.test(text)) return undefined;
    text = text.replace(/\r\n/g, '\n');
  }
  if (UNSUPPORTED.test(text)) return undefined;
  try {
    return new FastParser(text, maxDepth).document();
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
}

const LONE_CR = /\r(?!\n)/;
// Tabs, CR, C0/C1 controls, BOM, line/paragraph separators, noncharacters; document markers and
// directives at the start of a line.
const UNSUPPORTED =
  /[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|^(?:---|\.\.\.)(?:[ \n]|$)|^%/m;
const DECLINE = Symbol('decline');
const decline = (): never => {
  throw DECLINE;
};

const SP = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

class FastParser {
  private readonly lines: string[];
  private readonly indents: number[];
  /** the current line: the first not yet consumed */
  private i = 0;
  /** open collections, block and flow */
  private depth = 0;

  constructor(
    text: string,
    private readonly maxDepth: number,
  ) {
    this.lines = text.split('\n');
    this.indents = this.lines.map((l) => {
      let n = 0;
      while (l.charCodeAt(n) === SP) n++;
      // blank and comment-only lines carry no structure
      return n === l.length || l.charCodeAt(n) === HASH ? -1 : n;
    });
  }

  document(): JsonValue {
    this.skipBlank();
    if (this.i >= this.lines.length || this.indents[this.i] !== 0) decline();
    const value = this.block(0);
    this.skipBlank();
    if (this.i < this.lines.length) decline();
    return value;
  }

  private skipBlank(): void {
    while (this.i < this.lines.length && this.indents[this.i] === -1) this.i++;
  }

  /** The next structural line's indentation, or -1 at the end. Skips blank lines. */
  private nextIndent(): number {
    this.skipBlank();
    return this.i < this.lines.length ? this.indents[this.i]! : -1;
  }

  /** A block collection starting at the current line, whose indentation is `indent`. */
  private block(indent: number): JsonValue {
    const line = this.lines[this.i]!;
    if (isDash(line, indent)) return this.sequence(indent);
    if (mappingColon(line, indent) < 0) decline();
    return this.mapping(indent);
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) decline();
  }

  private sequence(indent: number): JsonValue[] {
    this.enter();
    const items: JsonValue[] = [];
    for (;;) {
      const line = this.lines[this.i]!;
      let p = indent + 1;
      while (line.charCodeAt(p) === SP) p++;
      if (p >= line.length || line.charCodeAt(p) === HASH) {
        // (isDash saw a space before any "#")
        this.i++;
        const next = this.nextIndent();
        items.push(next > indent ? this.block(next) : null);
      } else if (isDash(line, p)) {
        items.push(this.sequence(p)); // "- - x"
      } else if (mappingColon(line, p) >= 0) {
        items.push(this.mapping(p));
      } else {
        items.push(this.inline(line, p, indent));
      }
      const next = this.nextIndent();
      if (next > indent) decline();
      if (next < indent || !isDash(this.lines[this.i]!, indent)) {
        // "key:\n- a\nnext: b"
        this.depth--;
        return items;
      }
    }
  }

  /** A block mapping whose keys sit at column `col`; the first key is on the current line. */
  private mapping(col: number): JsonValue {
    this.enter();
    const obj: { [key: string]: JsonValue } = {};
    for (;;) {
      const line = this.lines[this.i]!;
      const colon = mappingColon(line, col);
      if (colon < 0) decline();
      const key = this.key(line, col, colon);
      if (Object.hasOwn(obj, key)) decline();
      let p = colon + 1;
      while (line.charCodeAt(p) === SP) p++;
      let value: JsonValue;
      if (p >= line.length || line.charCodeAt(p) === HASH) {
        // (mappingColon saw a space before any "#")
        this.i++;
        const next = this.nextIndent();
        if (next > col) value = this.block(next);
        else if (next === col && isDash(this.lines[this.i]!, col)) value = this.sequence(col);
        else value = null;
      } else {
        value = this.inline(line, p, col);
      }
      if (key === '__proto__')
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
      const next = this.nextIndent();
      if (next > col) decline();
      if (next < col) {
        this.depth--;
        return obj;
      }
    }
  }

  private key(line: string, start: number, colon: number): string {
    const c = line[start]!;
    if (colon - start > 1000) decline(); // yaml limits implicit keys to 1024 characters
    if (c === '"' || c === "'") {
      const [value, end] = c === '"' ? doubleQuoted(line, start) : singleQuoted(line, start);
      if (end !== colon) decline();
      return value;
    }
    const raw = line.slice(start, colon);
    if (!plainStart(raw) || raw.charCodeAt(raw.length - 1) === SP) decline();
    return raw;
  }

  /**
   * A value that starts on this line at `p`: a scalar, a one-line flow collection or a block
   * scalar whose content is indented more than `parent`. Consumes its lines.
   */
  private inline(line: string, p: number, parent: number): JsonValue {
    const c = line[p]!;
    if (c === '|' || c === '>') return this.blockScalar(line, p, parent);
    let value: JsonValue;
    let end: number;
    if (c === '"') [value, end] = doubleQuoted(line, p);
    else if (c === "'") [value, end] = singleQuoted(line, p);
    else if (c === '[' || c === '{') {
      const reader = new FlowReader(line, p, this.maxDepth);
      value = reader.collection(this.depth + 1);
      end = reader.p;
    } else {
      const raw = plainInline(line, p);
      if (!plainStart(raw) || raw.includes(': ') || raw.endsWith(':')) decline();
      value = resolvePlain(raw);
      end = line.length;
    }
    restIsComment(line, end);
    this.i++;
    return value;
  }

  private blockScalar(line: string, p: number, parent: number): string {
    const literal = line[p] === '|';
    let q = p + 1;
    const strip = line[q] === '-';
    if (strip) q++;
    if (q < line.length && line.charCodeAt(q) !== SP) decline(); // "+", indentation indicators
    restIsComment(line, q);
    const lines = this.lines;
    let k = this.i + 1;
    // leading empty lines, then the first content line fixes the indentation
    while (k < lines.length && isSpaces(lines[k]!)) k++;
    if (k >= lines.length) decline();
    let indent = 0;
    while (lines[k]!.charCodeAt(indent) === SP) indent++;
    if (indent <= parent) decline(); // an empty block scalar: rare, and subtle
    for (let j = this.i + 1; j < k; j++) if (lines[j]!.length > indent) decline();
    const parts: string[] = [];
    for (let j = this.i + 1; j < k; j++) parts.push('');
    let end = k;
    for (; end < lines.length; end++) {
      const l = lines[end]!;
      if (isSpaces(l)) {
        if (l.length > indent) decline();
        parts.push('');
        continue;
      }
      let n = 0;
      while (l.charCodeAt(n) === SP) n++;
      if (n < indent) break;
      if (!literal && n > indent) decline(); // more-indented folded lines keep their breaks
      parts.push(l.slice(indent));
    }
    // trailing empty lines belong to chomping, not content
    let last = parts.length;
    while (last > 0 && parts[last - 1] === '') last--;
    this.i = end - (parts.length - last); // trailing empty lines are left to skipBlank
    let body: string;
    if (literal) body = parts.slice(0, last).join('\n');
    else {
      body = '';
      let empties = 0;
      let first = true;
      for (let j = 0; j < last; j++) {
        const part = parts[j]!;
        if (part === '') {
          empties++;
          continue;
        }
        if (first) body += '\n'.repeat(empties);
        else body += empties ? '\n'.repeat(empties) : ' ';
        body += part;
        empties = 0;
        first = false;
      }
    }
    return strip ? body : body + '\n';
  }
}

function isSpaces(l: string): boolean {
  for (let n = 0; n < l.length; n++) if (l.charCodeAt(n) !== SP) return false;
  return true;
}

/** "-" at `p` followed by a space or the end of the line. */
function isDash(line: string, p: number): boolean {
  return line.charCodeAt(p) === DASH && (p + 1 === line.length || line.charCodeAt(p + 1) === SP);
}

/**
 * The column of the ":" that makes the text at `start` a mapping key, or -1. Quoted keys end at
 * their closing quote; plain keys at the first ": " or final ":" before any comment.
 */
function mappingColon(line: string, start: number): number {
  const c = line[start];
  if (c === '"' || c === "'") {
    const end = c === '"' ? quotedEnd(line, start, '"') : quotedEnd(line, start, "'");
    if (end < 0) return -1;
    return line.charCodeAt(end) === COLON && (end + 1 === line.length || line.charCodeAt(end + 1) === SP) ? end : -1;
  }
  if (c === '[' || c === '{' || c === '|' || c === '>' || (c === '-' && isDash(line, start))) return -1;
  for (let p = start; p < line.length; p++) {
    const ch = line.charCodeAt(p);
    if (ch === COLON && (p + 1 === line.length || line.charCodeAt(p + 1) === SP)) return p;
    if (ch === HASH && line.charCodeAt(p - 1) === SP) return -1;
  }
  return -1;
}

/** Where a quoted scalar starting at `start` ends (just past its closing quote), or -1. */
function quotedEnd(line: string, start: number, quote: string): number {
  for (let p = start + 1; p < line.length; p++) {
    const ch = line[p];
    if (quote === '"' && ch === '\\') p++;
    else if (ch === quote) {
      if (quote === "'" && line[p + 1] === "'") p++;
      else return p + 1;
    }
  }
  return -1;
}

/** After a value, only spaces and a comment (which needs a space before it) may follow. */
function restIsComment(line: string, end: number): void {
  let p = end;
  while (line.charCodeAt(p) === SP) p++;
  if (p < line.length && (line.charCodeAt(p) !== HASH || p === end)) decline();
}

/** A plain scalar may not start with an indicator (those that may, given a safe next character, are declined too). */
function plainStart(raw: string): boolean {
  if (raw === '') return false;
  const c = raw[0]!;
  if ('?:,[]{}#&*!|>\'"%@`'.includes(c)) return false;
  if (c === '-' && (raw.length === 1 || raw[1] === ' ')) return false;
  return true;
}

/** A one-line plain scalar in block context: to the end of the line or a comment, trimmed. */
function plainInline(line: string, p: number): string {
  let end = line.length;
  for (let k = p + 1; k < line.length; k++) {
    if (line.charCodeAt(k) === HASH && line.charCodeAt(k - 1) === SP) {
      end = k;
      break;
    }
  }
  while (end > p && line.charCodeAt(end - 1) === SP) end--;
  return line.slice(p, end);
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A double-quoted scalar on one line: [value, index just past the closing quote]. */
function doubleQuoted(line: string, start: number): [string, number] {
  let out = '';
  let from = start + 1;
  for (let p = start + 1; p < line.length; p++) {
    const ch = line[p];
    if (ch === '"') return [out + line.slice(from, p), p + 1];
    if (ch !== '\\') continue;
    out += line.slice(from, p);
    const e = line[p + 1] ?? '';
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      p++;
    } else if (HEX_LENGTH[e]) {
      const n = HEX_LENGTH[e]!;
      const hex = line.slice(p + 2, p + 2 + n);
      if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) decline();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) decline();
      out += String.fromCodePoint(code);
      p += 1 + n;
    } else decline(); // unknown escape, or a line-continuation backslash
    from = p + 1;
  }
  return decline();
}

/** A single-quoted scalar on one line: [value, index just past the closing quote]. */
function singleQuoted(line: string, start: number): [string, number] {
  const end = quotedEnd(line, start, "'");
  if (end < 0) decline();
  return [line.slice(start + 1, end - 1).replace(/''/g, "'"), end];
}

/** Flow collections that open and close on one line. */
class FlowReader {
  /** the cursor */
  p: number;

  constructor(
    private readonly line: string,
    start: number,
    private readonly maxDepth: number,
  ) {
    this.p = start;
  }

  private spaces(): void {
    while (this.line.charCodeAt(this.p) === SP) this.p++;
  }

  /** The collection at the cursor, `depth` levels deep; leaves the cursor just past it. */
  collection(depth: number): JsonValue {
    if (depth > this.maxDepth) decline();
    const line = this.line;
    const isMap = line[this.p] === '{';
    const close = isMap ? '}' : ']';
    const out: JsonValue[] | { [key: string]: JsonValue } = isMap ? {} : [];
    this.p++;
    this.spaces();
    if (line[this.p] === close) {
      this.p++;
      return out;
    }
    for (;;) {
      if (isMap) {
        const obj = out as { [key: string]: JsonValue };
        const key = this.key();
        if (line.charCodeAt(this.p) !== COLON || line.charCodeAt(this.p + 1) !== SP || Object.hasOwn(obj, key))
          decline();
        this.p += 2;
        this.spaces();
        const value = this.value(depth);
        if (key === '__proto__')
          Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        else obj[key] = value;
      } else (out as JsonValue[]).push(this.value(depth));
      this.spaces();
      const c = line[this.p];
      this.p++;
      if (c === close) return out;
      if (c !== ',') decline();
      this.spaces();
      if (line[this.p] === close || line[this.p] === ',') decline(); // trailing or empty entries
    }
  }

  private key(): string {
    const line = this.line;
    const c = line[this.p];
    let key: string;
    if (c === '"' || c === "'") [key, this.p] = c === '"' ? doubleQuoted(line, this.p) : singleQuoted(line, this.p);
    else {
      const end = flowPlainEnd(line, this.p, true);
      key = line.slice(this.p, end);
      if (!plainStart(key) || key.charCodeAt(key.length - 1) === SP) decline();
      this.p = end;
    }
    return key;
  }

  private value(depth: number): JsonValue {
    const line = this.line;
    const c = line[this.p];
    let value: JsonValue;
    if (c === '"' || c === "'") [value, this.p] = c === '"' ? doubleQuoted(line, this.p) : singleQuoted(line, this.p);
    else if (c === '[' || c === '{') value = this.collection(depth + 1);
    else {
      let end = flowPlainEnd(line, this.p, false);
      const next = end;
      while (end > this.p && line.charCodeAt(end - 1) === SP) end--;
      const raw = line.slice(this.p, end);
      if (!plainStart(raw)) decline();
      value = resolvePlain(raw);
      this.p = next;
    }
    return value;
  }
}

/** The end of a plain scalar inside a flow collection; declines on characters it will not judge. */
function flowPlainEnd(line: string, p: number, atKey: boolean): number {
  for (let k = p; k < line.length; k++) {
    const ch = line[k]!;
    if (ch === ',' || ch === ']' || ch === '}') return atKey ? decline() : k;
    if (ch === ':') return atKey ? k : decline();
    if (ch === '#' || ch === '[' || ch === '{' || ch === '"' || ch === "'") decline();
  }
  return decline(); // the collection does not close on this line
}

/** The YAML 1.2 core schema's reading of a plain scalar, in the order `yaml` tests its tags. */
export function resolvePlain(s: string): JsonValue {
  // Only these first characters can start a null, boolean or number: most text skips the tests.
  const c = s.charCodeAt(0);
  if (s !== '' && !(c >= 48 && c <= 57) && !'+-.~nNtTfF'.includes(s[0]!)) return s;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}
