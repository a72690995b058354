// Output escaping: one function per sink, here and nowhere else. Every string that came from a
// file (organisation, assessor, ids, keys, file names, questionnaire text, option labels, help,
// maturity band labels, notes, evidence, recommendations) is hostile, and reaches an output only
// through the function of its sink:
//
//   terminal, one line     termLine    validate/score/compare/merge/list text, stderr, assess screens
//                          termProse   the same for prose, its white space folded first
//   terminal, a block      termBlock   text shown on several lines on purpose (help)
//   Markdown inline        mdInline    headings, list items, paragraphs
//   Markdown table cell    mdCell      table cells
//   PDF body text          pdfText     everything the PDF layout draws (Layout.lay)
//   PDF strings            pdfLine     the Info dictionary, bookmarks, alt text
//   XML                    xmlText     JUnit, the PDF's XMP metadata
//   JSON                   jsonText    every JSON output (json, sarif, gitlab, score, report, compare, list)
//   SARIF message          sarifText   the text of a result's message (then jsonText)
//   CSV                    csvCell     each cell of report --format csv (csvText quotes the document)
//   GitHub commands        githubData, githubProperty in ./diagnostics.ts (escaped as @actions/core does)
//
// "Unsafe" characters (src/core/show.ts) are C0 controls, DEL, C1 controls, bidi embeddings,
// overrides and isolates, U+2028/U+2029, U+FFFE/U+FFFF and lone surrogates. A sink shows them
// visibly (`\x1b`, `\u202e`, U+FFFD for a lone surrogate), except that documents keep a line
// break as one where their format has them and turn tabs into spaces. Colour is painted after
// escaping, on our own text (./paint.ts), so it still works. Each function is linear in the
// length of its input. Ids and keys are quoted and escaped unless plain (showId, showKey in
// src/core/show.ts) before the sink's escaping.
import { stringify } from 'csv-stringify/sync';
import { escapeJsonRaw, hasUnsafe, showUnsafe, unsafeChars, visible } from '../core/show.js';

/**
 * Log scanners read commands out of plain output lines: the GitHub Actions runner takes a line that
 * starts with `::` after leading white space as a workflow command, and `##[command]` anywhere in a
 * line as a legacy one (Azure Pipelines: `##vso[`). Text from a file never starts one: a leading
 * `:` and the `#` before `[` or `vso[` are shown as `\x3a` and `\x23`.
 */
function noCiCommands(s: string, multiline: boolean): string {
  return s.replace(multiline ? /^([^\S\n]*):/gm : /^(\s*):/, '$1\\x3a').replace(/#(?=#(?:\[|vso\[))/g, '\\x23');
}

/** Terminal text on one line: every unsafe character (newline, CR and tab too) shown visibly. */
export function termLine(s: string): string {
  return noCiCommands(showUnsafe(s), false);
}

/** Prose from a file on one terminal line: white space (line breaks included) folded to one space, then termLine. */
export function termProse(s: string): string {
  return termLine(s.replace(/\s+/g, ' ').trim());
}

/** Terminal text shown on several lines on purpose (help): line breaks kept (CRLF as LF), the rest as termLine. */
export function termBlock(s: string): string {
  return noCiCommands(
    s.replace(/\r\n/g, '\n').replace(unsafeChars(), (ch) => (ch === '\n' ? ch : visible(ch))),
    true,
  );
}

/** Text for a document: CR, CRLF, U+2028 and U+2029 become LF, tab, VT and FF a space, other unsafe characters visible. */
function docText(s: string): string {
  if (!hasUnsafe(s)) return s; // the usual case, fast
  return s
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[\t\v\f]/g, ' ')
    .replace(unsafeChars(), (ch) => (ch === '\n' ? ch : visible(ch)));
}

/**
 * Markdown escaping for text from a file: backslash-escapes every character that could start
 * emphasis, code, a link, an image, HTML, an entity, a table column or a heading, breaks GFM's
 * bare autolinks (`https://`, `www.`, e-mail addresses) so that links come only from our own
 * data, escapes what would start a list, a setext underline or a thematic break at the start of a
 * line (`- `, `+ `, `1. `, `==`, `--`), and joins lines with `joiner`.
 */
function markdown(s: string, joiner: string): string {
  return docText(s)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n')
    .replace(/[\\`*_[\]<>|#&~@]/g, '\\$&')
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/(www)\./gi, '$1\\.')
    .replace(/^(?:[-+=](?=[\s=-]|$)|\d{1,9}(?=[.)](?:\s|$)))/gm, (m) => (/^\d/.test(m) ? `${m}\\` : `\\${m}`))
    .replace(/\n/g, joiner);
}

/** Markdown inline text (headings, list items, paragraphs): one line, line breaks become spaces. */
export function mdInline(s: string): string {
  return markdown(s, ' ');
}

/** A Markdown table cell: one line, `|` escaped, line breaks become `<br>`. */
export function mdCell(s: string): string {
  return markdown(s, '<br>');
}

/** PDF body text, as the layout draws it: line breaks kept, tabs as spaces, other controls visible. */
export function pdfText(s: string): string {
  return docText(s);
}

/** A PDF string shown on one line (document title and author, bookmarks, alt text). */
export function pdfLine(s: string): string {
  const t = docText(s);
  // lines trimmed and joined, not /\s*\n\s*/ (quadratic on a long run of spaces)
  return t.includes('\n')
    ? t
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' ')
    : t;
}

/**
 * XML 1.0 character data or attribute value (JUnit, XMP): one line, unsafe characters visible (so
 * nothing XML 1.0 forbids is left: C0 controls but tab, LF and CR, lone surrogates, U+FFFE,
 * U+FFFF; the last replace only states it), and `& < > " '` escaped.
 */
export function xmlText(s: string): string {
  return showUnsafe(s)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * A JSON document, two-space indented, with a final newline: JSON.stringify, and the unsafe
 * characters it leaves raw escaped as `\uXXXX` (escapeJsonRaw): the same value, and no raw
 * control in the output.
 */
export function jsonText(value: unknown): string {
  return escapeJsonRaw(JSON.stringify(value, null, 2)) + '\n';
}

/** The text of a SARIF result message: one line, unsafe characters visible (then JSON). */
export function sarifText(s: string): string {
  return showUnsafe(s);
}

/**
 * A CSV cell's text (the action plan tracker): a cell that a spreadsheet would read as a formula
 * (starting with `=`, `+`, `-`, `@`, tab or CR) prefixed with `'`; line breaks kept (CRLF as LF),
 * other unsafe characters visible. Quoting is csvText's.
 */
export function csvCell(s: string): string {
  const guarded = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  if (!hasUnsafe(guarded)) return guarded;
  return guarded.replace(/\r\n/g, '\n').replace(unsafeChars(), (ch) => (ch === '\n' ? ch : visible(ch)));
}

/**
 * A CSV document (RFC 4180): every cell through csvCell, quoted by csv-stringify when it holds
 * `"`, `,`, CR or LF, records ended by CRLF, UTF-8 with a byte order mark (so spreadsheets read
 * it as UTF-8).
 */
export function csvText(rows: ReadonlyArray<readonly string[]>): string {
  return stringify(
    rows.map((r) => r.map(csvCell)),
    { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  );
}
