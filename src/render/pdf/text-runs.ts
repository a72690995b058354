// Text layout that pdfkit cannot do on its own: a font per script (pdfkit has no fallback), line
// breaking that knows CJK and long tokens, and right-to-left ordering (pdfkit lays text left to
// right). Pure: widths and glyph coverage come from a Measurer, so this runs without a PDF.
import bidiFactory from 'bidi-js';

/**
 * Font families: DejaVu Sans for Latin, Greek, Cyrillic, Armenian, Georgian and Hebrew; a Noto
 * Sans for each of the others (cjk: Chinese and Japanese).
 */
export type Face =
  | 'latin'
  | 'arabic'
  | 'cjk'
  | 'korean'
  | 'devanagari'
  | 'bengali'
  | 'gurmukhi'
  | 'gujarati'
  | 'oriya'
  | 'tamil'
  | 'telugu'
  | 'kannada'
  | 'malayalam'
  | 'sinhala'
  | 'thai'
  | 'lao'
  | 'myanmar'
  | 'khmer'
  | 'ethiopic';
export type Weight = 'regular' | 'bold' | 'mono';

/** A stretch of text in one weight and colour; a paragraph is a string or a list of spans. */
export interface Span {
  text: string;
  weight?: Weight;
  color?: string;
}
export type Rich = string | readonly Span[];

export interface Measurer {
  /** The advance width of `text` at a font size of 1 pt. */
  width(face: Face, weight: Weight, text: string): number;
  /** Whether the face has a glyph for the code point. */
  covers(face: Face, weight: Weight, codePoint: number): boolean;
}

/** A piece of a line drawn by one call: one face, weight, colour and direction. */
export interface Piece {
  text: string;
  face: Face;
  weight: Weight;
  color?: string;
  rtl: boolean;
  width: number;
}
/** A laid-out line, its pieces in display (left-to-right) order; widths at 1 pt. */
export interface Line {
  pieces: Piece[];
  width: number;
}

const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefe]/u;
const CJK =
  /[\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u312f\u3190-\u31ff\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff9f\uffe0-\uffef]|[\u{20000}-\u{3134f}]/u;

/**
 * The scripts with a font of their own, in the order a letter is matched: their letters, whether
 * shaping draws glyphs out of the logical order (Indic vowel signs placed before their consonant),
 * for scripts written without spaces between words, the locale whose dictionary finds them, and
 * for scripts whose marks stack far above and below the line, the least line height they need.
 */
const SCRIPTS: ReadonlyArray<{ face: Face; letters: RegExp; reorders?: true; words?: string; leading?: number }> = [
  { face: 'arabic', letters: ARABIC },
  { face: 'korean', letters: /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc]/u },
  { face: 'cjk', letters: CJK },
  // whole Unicode blocks, combining marks included on purpose
  // eslint-disable-next-line no-misleading-character-class
  { face: 'devanagari', letters: /[\u0900-\u097f\ua8e0-\ua8ff\u1cd0-\u1cff]/u, reorders: true },
  { face: 'bengali', letters: /[\u0980-\u09ff]/u, reorders: true },
  { face: 'gurmukhi', letters: /[\u0a00-\u0a7f]/u, reorders: true },
  { face: 'gujarati', letters: /[\u0a80-\u0aff]/u, reorders: true },
  { face: 'oriya', letters: /[\u0b00-\u0b7f]/u, reorders: true },
  { face: 'tamil', letters: /[\u0b80-\u0bff]/u, reorders: true },
  { face: 'telugu', letters: /[\u0c00-\u0c7f]/u, reorders: true },
  { face: 'kannada', letters: /[\u0c80-\u0cff]/u, reorders: true },
  { face: 'malayalam', letters: /[\u0d00-\u0d7f]/u, reorders: true },
  { face: 'sinhala', letters: /[\u0d80-\u0dff]/u, reorders: true },
  { face: 'thai', letters: /[\u0e00-\u0e7f]/u, words: 'th' },
  { face: 'lao', letters: /[\u0e80-\u0eff]/u, words: 'lo' },
  { face: 'myanmar', letters: /[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]/u, reorders: true, words: 'my', leading: 1.8 },
  { face: 'khmer', letters: /[\u1780-\u17ff\u19e0-\u19ff]/u, reorders: true, words: 'km' },
  { face: 'ethiopic', letters: /[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f]/u },
];
const FACES: readonly Face[] = ['latin', ...SCRIPTS.map((x) => x.face)];
const REORDERS = new Set(SCRIPTS.filter((x) => x.reorders).map((x) => x.face));
const UNSPACED = SCRIPTS.filter((x) => x.words);
const UNSPACED_FACES = new Set(UNSPACED.map((x) => x.face));
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
/** Text DejaVu Sans draws whole and left to right: no font switching, no bidi. */
const SIMPLE = /^[\u0000-\u058f\u1e00-\u1fff\u2000-\u2bff]*$/u;
/** Letters and marks are strong: they choose the face. Everything else follows its neighbours. */
const LETTER = /[\p{L}\p{M}]/u;
/** Ideographs and kana: a line may break before and after each. */
const BREAK_AROUND = /[\u2e80-\u2fdf\u3040-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\u{20000}-\u{3134f}]/u;
/** No line starts with these (closing punctuation, CJK and Latin). */
const NO_BREAK_BEFORE =
  /[\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\uff09\u300d\u300f\u3011\u3009\u300b\u30fc\u3005.,;:!?)\]}»’”%]/u;
/** No line ends with these (opening punctuation). */
const NO_BREAK_AFTER = /[\uff08\u300c\u300e\u3010\u3008\u300a([{«‘“]/u;
/** Where a token too long for its line is best cut. */
const SOFT_BREAK_AFTER = /[/\\\-_.?&=:,;]/u;

export const faceOfLetter = (ch: string): Face => SCRIPTS.find((x) => x.letters.test(ch))?.face ?? 'latin';
const LEADINGS = new Map(SCRIPTS.filter((x) => x.leading).map((x) => [x.face, x.leading!]));
/** The least line height (as a share of the font size) text in this face needs; 0 if the usual will do. */
export const minLeading = (face: Face) => LEADINGS.get(face) ?? 0;
/** Whether shaping may draw this face's glyphs out of logical order (so the text goes with them as ActualText). */
export const reordersGlyphs = (face: Face) => REORDERS.has(face);
export const isSimple = (text: string) => SIMPLE.test(text);
/** Pieces in Arabic or right to left are drawn shaped as a whole, not word by word. */
export const shapeWhole = (p: Pick<Piece, 'face' | 'rtl'>) => p.rtl || p.face === 'arabic';

/** Consecutive text of one face, weight, colour and bidi level, and its width at 1 pt. */
interface Group {
  text: string;
  face: Face;
  weight: Weight;
  color: string | undefined;
  level: number;
  w: number;
}
interface Token {
  groups: Group[];
  width: number;
  kind: 'word' | 'space' | 'newline';
}
interface Char {
  ch: string;
  span: number;
  face: Face;
  level: number;
}

/** Collapses runs of white space, keeps line breaks (one per break), trims the ends. */
function normalise(spans: readonly Span[]): readonly Span[] {
  if (
    spans.every(
      (s, i) =>
        s.text &&
        !/[^\S ]| {2}/.test(s.text) &&
        (i > 0 || s.text[0] !== ' ') &&
        (i < spans.length - 1 || !s.text.endsWith(' ')),
    )
  )
    return spans;
  const out = spans.map((s) => ({
    ...s,
    text: s.text
      .replace(/\r\n?/g, '\n')
      .replace(/[^\S\n\u00a0]+/g, ' ')
      .replace(/ *\n\s*/g, '\n'),
  }));
  const first = out.findIndex((s) => s.text.trim());
  if (first < 0) return [];
  for (let i = 0; i < first; i++) out[i]!.text = '';
  out[first]!.text = out[first]!.text.replace(/^\s+/, '');
  let last = out.length - 1;
  while (!out[last]!.text.trim()) out[last--]!.text = '';
  out[last]!.text = out[last]!.text.replace(/\s+$/, '');
  return out.filter((s) => s.text);
}

const sameStyle = (a: Group, b: Omit<Group, 'text'>) =>
  a.face === b.face && a.weight === b.weight && a.color === b.color && a.level === b.level;

/** Appends a group (text and width unknown yet, w = 0), merged into the last one when alike. */
function pushGroup(groups: Group[], g: Group) {
  const last = groups[groups.length - 1];
  if (last && sameStyle(last, g)) last.text += g.text;
  else groups.push({ ...g });
}

const NEWLINE: Token = { groups: [], kind: 'newline', width: 0 };

/**
 * Tokens of Latin, Greek and Cyrillic text (one font, left to right): words split at spaces.
 * A word is measured with the space after it, which is how pdfkit lays out (and caches) words
 * when drawing, so each word goes through the shaper once.
 */
function simpleTokens(spans: readonly Span[], m: Measurer): Token[] {
  const tokens: Token[] = [];
  let word: Group[] = [];
  let wordW = 0;
  const flush = () => {
    if (word.length) tokens.push({ groups: word, kind: 'word', width: wordW });
    word = [];
    wordW = 0;
  };
  spans.forEach((s, k) => {
    const weight = s.weight ?? 'regular';
    const spaceW = m.width('latin', weight, ' ');
    const text = s.text;
    const last = k === spans.length - 1;
    for (let i = 0; i < text.length;) {
      const ch = text[i];
      if (ch === ' ' || ch === '\n') {
        flush();
        tokens.push(
          ch === ' '
            ? {
                groups: [{ text: ' ', face: 'latin', weight, color: s.color, level: 0, w: spaceW }],
                kind: 'space',
                width: spaceW,
              }
            : NEWLINE,
        );
        i++;
        continue;
      }
      let j = i + 1;
      while (j < text.length && text[j] !== ' ' && text[j] !== '\n') j++;
      const part = text.slice(i, j);
      // the last word of the text is drawn with a space too (see Layout.line)
      const w =
        text[j] === ' ' || (last && j === text.length)
          ? m.width('latin', weight, `${part} `) - spaceW
          : m.width('latin', weight, part);
      word.push({ text: part, face: 'latin', weight, color: s.color, level: 0, w });
      wordW += w;
      i = j;
    }
  });
  flush();
  return tokens;
}

type Bidi = ReturnType<typeof bidiFactory> & {
  /** takes the levels array itself, not the result of getEmbeddingLevels */
  getMirroredCharactersMap(text: string, levels: Uint8Array): Map<number, string>;
};
let bidi: Bidi | undefined;

/** Tokens of any text: a face per character (with fallback), bidi levels, CJK break points. */
function complexTokens(spans: readonly Span[], m: Measurer): Token[] {
  const chars: Char[] = [];
  spans.forEach((s, span) => {
    for (const ch of s.text) chars.push({ ch, span, face: 'latin', level: 0 });
  });
  const text = spans.map((s) => s.text).join('');
  chooseFaces(chars, spans, m);
  if (RTL.test(text)) applyBidiLevels(chars, text);
  return groupIntoTokens(chars, spans, findWordBreaks(text), m);
}

/**
 * Strong characters choose their face; the others (spaces, digits, punctuation) take the face
 * of the letters around them, so "人权，调查" and "مرحبا، عالم" each stay one run, and the
 * body font where two scripts meet.
 */
function chooseFaces(chars: Char[], spans: readonly Span[], m: Measurer): void {
  const strong = chars.map((c) => (LETTER.test(c.ch) ? faceOfLetter(c.ch) : undefined));
  const next: Array<Face | undefined> = new Array(chars.length);
  for (let i = chars.length - 1, n: Face | undefined; i >= 0; i--) {
    n = strong[i] ?? n;
    next[i] = n;
  }
  let prev: Face | undefined;
  chars.forEach((c, i) => {
    const weight = spans[c.span]!.weight ?? 'regular';
    const cp = c.ch.codePointAt(0)!;
    const around = prev && next[i] && prev !== next[i] ? 'latin' : (prev ?? next[i] ?? 'latin');
    let face = strong[i] ?? around;
    if (!m.covers(face, weight, cp)) face = FACES.find((f) => m.covers(f, weight, cp)) ?? face;
    c.face = face;
    if (strong[i]) prev = strong[i];
  });
}

/** Sets each character's bidi embedding level, and mirrors brackets in right-to-left runs. */
function applyBidiLevels(chars: Char[], text: string): void {
  bidi ??= bidiFactory() as Bidi;
  const levels = bidi.getEmbeddingLevels(text, 'ltr');
  // pdfkit's layout engine does not mirror brackets in right-to-left runs: swap them here
  const mirrored = bidi.getMirroredCharactersMap(text, levels.levels);
  let unit = 0;
  for (const c of chars) {
    c.level = levels.levels[unit]!;
    const mirror = mirrored.get(unit);
    unit += c.ch.length;
    if (mirror) c.ch = mirror;
  }
}

/**
 * Thai, Lao, Burmese and Khmer are written without spaces between words: lines may break
 * between two letters of such a script where ICU's dictionary finds a word boundary. Returns
 * those boundaries, as offsets in UTF-16 units.
 */
function findWordBreaks(text: string): Set<number> {
  const wordBreaks = new Set<number>();
  for (const x of UNSPACED) {
    if (x.letters.test(text))
      for (const seg of segments(new Intl.Segmenter(x.words, { granularity: 'word' }), text)) wordBreaks.add(seg.index);
  }
  return wordBreaks;
}

/** Groups the characters into words, spaces and newlines, each word's groups measured. */
function groupIntoTokens(
  chars: readonly Char[],
  spans: readonly Span[],
  wordBreaks: Set<number>,
  m: Measurer,
): Token[] {
  const tokens: Token[] = [];
  let word: Group[] = [];
  let before: string | undefined;
  let offset = 0;
  const measure = (groups: Group[]) => groups.reduce((t, g) => t + (g.w = m.width(g.face, g.weight, g.text)), 0);
  const flush = () => {
    if (word.length) tokens.push({ groups: word, kind: 'word', width: measure(word) });
    word = [];
    before = undefined;
  };
  for (const c of chars) {
    const s = spans[c.span]!;
    const g: Group = { text: c.ch, face: c.face, weight: s.weight ?? 'regular', color: s.color, level: c.level, w: 0 };
    const at = offset;
    offset += c.ch.length;
    if (c.ch === '\n') {
      flush();
      tokens.push(NEWLINE);
      continue;
    }
    if (c.ch === ' ') {
      flush();
      tokens.push({ groups: [g], kind: 'space', width: measure([g]) });
      continue;
    }
    if (before !== undefined && mayBreakBefore(c, before, wordBreaks.has(at), word)) flush();
    pushGroup(word, g);
    before = c.ch;
  }
  flush();
  return tokens;
}

/**
 * Whether a line may break between the character `before` and `c`: around CJK characters (but
 * not before closing or after opening punctuation), or at a dictionary word boundary inside an
 * unspaced script.
 */
function mayBreakBefore(c: Char, before: string, atWordBreak: boolean, word: readonly Group[]): boolean {
  return (
    ((BREAK_AROUND.test(c.ch) || BREAK_AROUND.test(before)) &&
      !NO_BREAK_BEFORE.test(c.ch) &&
      !NO_BREAK_AFTER.test(before)) ||
    (atWordBreak && UNSPACED_FACES.has(c.face) && c.face === word[word.length - 1]?.face)
  );
}

let graphemes: Intl.Segmenter | undefined;

/**
 * The segments of `text`, as `Intl.Segmenter` finds them, in time linear in the text: V8's
 * segment iterator takes time quadratic in the string's length (a 100,000-letter word took
 * seconds), so the text is segmented in windows; of each, only the segments that end well before
 * its edge are kept, and the next window starts where they end.
 */
export function* segments(
  segmenter: Intl.Segmenter,
  text: string,
  window = 512,
): Generator<{ segment: string; index: number }> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + window);
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!) && end - 1 > start) end--; // never split a surrogate pair
    const list = Array.from(segmenter.segment(text.slice(start, end)), ({ segment, index }) => ({
      segment,
      index: start + index,
    }));
    // the last segments before a window's edge may be cut, or chosen differently (a dictionary
    // looks ahead a few words): keep only those ending a quarter window before the edge
    if (end < text.length) {
      const keep = end - Math.floor(window / 4);
      while (list.length > 1 && list[list.length - 1]!.index + list[list.length - 1]!.segment.length > keep) list.pop();
    }
    yield* list;
    const last = list[list.length - 1]!;
    start = last.index + last.segment.length;
  }
}

/**
 * Cuts a token wider than the line into parts that fit, preferably after a slash, dash or dot;
 * never inside a grapheme cluster (a Devanagari conjunct, a Thai vowel sign, an accent).
 */
function splitLong(tok: Token, max: number, m: Measurer): Token[] {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const seg = graphemes;
  const chars = tok.groups.flatMap((g) =>
    Array.from(segments(seg, g.text), ({ segment: ch }) => ({ ...g, text: ch, w: m.width(g.face, g.weight, ch) })),
  );
  const out: Token[] = [];
  let start = 0;
  while (start < chars.length) {
    let w = 0;
    let end = start;
    let soft = 0;
    for (; end < chars.length; end++) {
      const cw = chars[end]!.w;
      if (w + cw > max && end > start) break;
      w += cw;
      if (SOFT_BREAK_AFTER.test(chars[end]!.text)) soft = end + 1;
    }
    const cut = end < chars.length && soft > start + (end - start) / 2 ? soft : end;
    const groups: Group[] = [];
    for (const c of chars.slice(start, cut)) pushGroup(groups, { ...c, w: 0 });
    out.push({
      groups,
      kind: 'word',
      width: groups.reduce((t, g) => t + (g.w = m.width(g.face, g.weight, g.text)), 0),
    });
    start = cut;
  }
  return out;
}

/** Orders a line's groups for display: rule L2 of the Unicode bidi algorithm, by group. */
function reorder(items: Group[]): Group[] {
  let max = 0;
  let oddMin = Infinity;
  for (const g of items) {
    max = Math.max(max, g.level);
    if (g.level % 2) oddMin = Math.min(oddMin, g.level);
  }
  if (max === 0) return items;
  const out = items.slice();
  for (let level = max; level >= Math.min(oddMin, max); level--) {
    for (let i = 0; i < out.length; i++) {
      if (out[i]!.level < level) continue;
      let j = i;
      while (j < out.length && out[j]!.level >= level) j++;
      out.splice(i, j - i, ...out.slice(i, j).reverse());
      i = j;
    }
  }
  return out;
}

function toLine(tokens: readonly Token[], m: Measurer): Line {
  const groups: Group[] = [];
  for (const t of tokens) {
    for (const g of t.groups) {
      const last = groups[groups.length - 1];
      if (last && sameStyle(last, g)) {
        last.text += g.text;
        last.w += g.w;
      } else groups.push({ ...g });
    }
  }
  let width = 0;
  const pieces = reorder(groups).map((g): Piece => {
    const rtl = g.level % 2 === 1;
    const w = shapeWhole({ face: g.face, rtl }) ? m.width(g.face, g.weight, g.text) : g.w;
    width += w;
    return {
      text: g.text,
      face: g.face,
      weight: g.weight,
      ...(g.color !== undefined && { color: g.color }),
      rtl,
      width: w,
    };
  });
  return { pieces, width };
}

/**
 * Breaks text into lines no wider than `maxWidth` (in units of the font size, i.e. at 1 pt), each
 * line's pieces in display order, each piece drawable in one font.
 */
export function layoutLines(text: Rich, maxWidth: number, m: Measurer): Line[] {
  const spans = normalise(typeof text === 'string' ? [{ text }] : text);
  if (!spans.length) return [];
  const tokens = spans.every((s) => isSimple(s.text)) ? simpleTokens(spans, m) : complexTokens(spans, m);

  const lines: Line[] = [];
  let line: Token[] = [];
  let width = 0;
  let space: Token | undefined;
  const flush = () => {
    lines.push(toLine(line, m));
    line = [];
    width = 0;
    space = undefined;
  };
  for (const tok of tokens) {
    if (tok.kind === 'newline') {
      if (line.length) flush();
      continue;
    }
    if (tok.kind === 'space') {
      if (line.length) space = tok;
      continue;
    }
    if (line.length && width + (space?.width ?? 0) + tok.width > maxWidth) flush();
    const parts = tok.width > maxWidth ? splitLong(tok, maxWidth, m) : [tok];
    parts.forEach((part, k) => {
      if (k > 0) flush();
      if (space && line.length) {
        line.push(space);
        width += space.width;
      }
      space = undefined;
      line.push(part);
      width += part.width;
    });
  }
  if (line.length) flush();
  return lines;
}
