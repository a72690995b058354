// How text from a file is named inside our own messages, and which characters act instead of
// showing. Every string in a questionnaire or answers file is hostile: a message names its keys,
// ids and values quoted and escaped, so a message is one line and means the same in every output.
// The sinks (terminal, Markdown, PDF, XML, JSON) make the rest inert in src/render/inert.ts.

/**
 * Characters that act on a terminal, a log or a reader instead of showing: C0 controls (newline
 * and tab included), DEL, C1 controls, the bidi embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), the line and paragraph separators (U+2028, U+2029), the noncharacters U+FFFE and
 * U+FFFF (which XML forbids, and a reversed byte-order mark), and lone surrogates. Without
 * the `u` flag the class works on UTF-16 code units, so a lone surrogate is one match and a pair is
 * none.
 */
const UNSAFE_CLASS =
  '[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufffe\\uffff]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';

/** A fresh global regular expression for the unsafe characters (a global one keeps state in `test`). */
export const unsafeChars = () => new RegExp(UNSAFE_CLASS, 'g');

/** Whether `s` holds any unsafe character. */
export const hasUnsafe = (s: string) => new RegExp(UNSAFE_CLASS).test(s);

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * An unsafe character as visible text: `\n`, `\r`, `\t`, `\x1b` (C0, DEL, C1), `\u202e` (bidi
 * controls, U+2028, U+2029), and U+FFFD for a lone surrogate.
 */
export function visible(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0xd800 && c <= 0xdfff) return '\ufffd';
  return NAMED[ch] ?? (c < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`);
}

/** Every unsafe character of `s` shown visibly (one line: newlines too). Linear in the length. */
export function showUnsafe(s: string): string {
  return s.replace(unsafeChars(), visible);
}

/**
 * JSON text with the unsafe characters JSON.stringify leaves raw (DEL, C1, bidi controls,
 * U+2028/U+2029, U+FFFE/U+FFFF) escaped as `\uXXXX`. They can only be inside strings, so the JSON
 * means the same; C0 controls and lone surrogates JSON.stringify escapes itself.
 */
export function escapeJsonRaw(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g,
    (ch) => `\\u${hex(ch.charCodeAt(0), 4)}`,
  );
}

/** A string quoted and escaped as a JSON string literal (so it reads back exactly): one line, inert, and unambiguous. */
export function quote(s: string): string {
  return escapeJsonRaw(JSON.stringify(s));
}

/** A value as a person would type it in YAML, with strings quoted so "2" and 2 differ. */
export function showValue(v: unknown): string {
  return typeof v === 'string' ? quote(v) : Array.isArray(v) ? `[${v.map(showValue).join(', ')}]` : String(v);
}

/** An id, key or path that needs no quotes: letters, digits and `._/@~+-` (and `:` after the first). */
const PLAIN = /^[\p{L}\p{N}._/@~+-][\p{L}\p{M}\p{N}._/@~+:-]*$/u;

/** A question, section or questionnaire id (or a reference) in a message: as it is when plain, else quoted. */
export function showId(id: string): string {
  return PLAIN.test(id) ? id : quote(id);
}

/** A key in a message: `` `weight` `` when plain, else quoted (`"a b"`, `"x\n::error"`). */
export function showKey(key: string): string {
  return PLAIN.test(key) ? `\`${key}\`` : quote(key);
}

/** What a value is, for a message: `found the number 3`, `found a list`. */
export function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  return `the string ${quote(String(v))}`;
}
