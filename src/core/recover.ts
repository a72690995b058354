import { isMap, isScalar, isSeq, type Document, type Node as YamlNode, type Pair, type YAMLError } from 'yaml';

/**
 * Recovery after YAML syntax errors: which entries of the document to leave out (each with the
 * offsets of its lines) so that the rest can still be checked, or `undefined` when that would not
 * be sound (then only the YAML errors are reported).
 *
 * The rule. The document must be a block mapping, and each error must be of a kind that concerns
 * the node it is found in (a bad escape, a reserved character starting a scalar, a mapping where a
 * scalar was expected, a broken flow collection, stray text after a value...) — never
 * indentation, tabs, several documents or anything else about the layout — and must not be at the
 * start of its line (a key without a value there may be the first half of a line broken in two,
 * its rest read as the next line). The entry left out for it is the deepest entry (a `key: value`
 * pair or a `- item`) that holds the error past its key or dash (an error in a key, or where an
 * entry starts, may be about the entry before it), does not start its collection on the broken
 * line (its key or dash there decides whether the collection is a mapping or a list) and whose
 * extent in yaml's tree agrees with what
 * indentation alone says, as must every entry around it: its lines are all indented more than its
 * key or dash, the first line after it is the next entry of the same collection (or closes it),
 * and yaml neither ended the entry early nor let it swallow a line that is not its own (as an
 * unterminated quote or bracket does). Then the errors cannot have changed how anything outside
 * the entries left out was read.
 *
 * The caller leaves each entry out of the data (a mapping loses the key; a sequence keeps a null
 * in its place, so later items keep their indices) and marks its path, so that neither the schema
 * nor the rules report what is merely missing because of it. A broken line may hold more than its
 * own value (a deleted line break or brace puts the next key into it), so a key absent from a
 * mapping that holds an entry left out is not reported missing or judged by its default either,
 * a key repeated in such a mapping gives up the recovery, and a YAML warning inside an entry left
 * out is dropped. Linear: each entry's lines are scanned at most once (memoised), and entries at
 * one depth do not overlap.
 */
export function recoverableEntries(
  doc: Document,
  text: string,
  errors: readonly YAMLError[],
): Map<unknown, [number, number]> | undefined {
  const root = doc.contents;
  if (!isMap(root) || root.flow || !root.range) return undefined;
  if (/\r(?!\n)/.test(text)) return undefined; // a lone CR: lines would not be counted alike
  if (errors.some((e) => !LOCAL_ERRORS.has(e.code))) return undefined;
  const layout = new Layout(text);
  const holes = new Map<unknown, [number, number]>();
  for (const e of errors) {
    const offset = Math.min(e.pos[0], text.length);
    // An error at the start of a line is about the line itself (a key without a value, a line
    // break in the middle of a key...): the rest of that line may be the next one.
    if (layout.atLineStart(offset)) return undefined;
    const hole = layout.holeFor(root, offset);
    if (!hole) return undefined;
    holes.set(hole.node, [hole.start, layout.lineEnd(hole.last)]);
  }
  return holes;
}

/** Codes of errors about the node they are found in, never about the layout around it. */
const LOCAL_ERRORS = new Set<string>([
  'BAD_DQ_ESCAPE',
  'BAD_SCALAR_START',
  'BLOCK_AS_IMPLICIT_KEY',
  'BLOCK_IN_FLOW',
  'MISSING_CHAR',
  'UNEXPECTED_TOKEN',
  'MULTIPLE_ANCHORS',
  'MULTIPLE_TAGS',
  'BAD_PROP_ORDER',
  'BAD_ALIAS',
  'ALIAS_PROPS',
]);

type Collection = { items: unknown[]; range?: [number, number, number] | null; flow?: boolean };

interface Entry {
  /** the Pair, or the sequence item node */
  node: unknown;
  /** where the entry starts: its key, or its dash */
  start: number;
  /** where its value starts; for a pair, where its key ends */
  afterKey: number;
  /** the value, when it is a node */
  value: YamlNode | null;
  /** its first and last lines (0-based) as yaml read it */
  first: number;
  last: number;
}

class Layout {
  private readonly starts: number[] = [];
  /** each line's indentation in spaces, or -1 for a blank or comment-only line */
  private readonly indents: number[] = [];
  private readonly verdicts = new Map<unknown, boolean>();
  private readonly entryLists = new Map<unknown, Entry[] | null>();

  constructor(private readonly text: string) {
    let start = 0;
    for (;;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let i = start;
      while (text.charCodeAt(i) === 32) i++;
      let j = i;
      while (j < end && (text[j] === '\t' || text[j] === ' ' || text[j] === '\r')) j++;
      this.starts.push(start);
      this.indents.push(j === end || text[i] === '#' ? -1 : i - start);
      if (end >= text.length) break;
      start = end + 1;
    }
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  /** Whether `offset` is in a line's indentation or at its first other character. */
  atLineStart(offset: number): boolean {
    let p = this.starts[this.lineOf(offset)]!;
    while (this.text.charCodeAt(p) === 32) p++;
    return offset <= p;
  }

  private column(offset: number): number {
    return offset - this.starts[this.lineOf(offset)]!;
  }

  /**
   * The entries of a block collection with their extents, or null when one cannot be placed (a
   * key that is not a plain scalar, a sequence item not on its dash's line).
   */
  private entries(coll: Collection): Entry[] | null {
    if (this.entryLists.has(coll)) return this.entryLists.get(coll)!;
    let list: Entry[] | null = [];
    const col = coll.range ? this.column(coll.range[0]) : -1;
    for (const item of coll.items) {
      const entry = isMap(coll) ? this.placePair(item as Pair, col) : this.placeItem(item as YamlNode | null, col);
      if (!entry) {
        list = null;
        break;
      }
      list.push(entry);
    }
    this.entryLists.set(coll, list);
    return list;
  }

  /** A mapping's pair as an entry, when its key is a scalar at the mapping's column `col`. */
  private placePair(pair: Pair, col: number): Entry | undefined {
    const key = pair.key as YamlNode | null;
    const value = (pair.value ?? null) as YamlNode | null;
    if (!isScalar(key) || !key.range || this.column(key.range[0]) !== col) return undefined;
    const end = value?.range ? Math.max(value.range[1], key.range[1]) : key.range[1];
    return {
      node: pair,
      start: key.range[0],
      afterKey: key.range[1],
      value,
      first: this.lineOf(key.range[0]),
      last: this.lineOf(Math.max(key.range[0], end - 1)),
    };
  }

  /** A sequence's item as an entry, when it starts on the line of its dash at the sequence's column `col`. */
  private placeItem(node: YamlNode | null, col: number): Entry | undefined {
    if (!node?.range) return undefined;
    const line = this.lineOf(node.range[0]);
    const dash = this.starts[line]! + col;
    if (this.text[dash] !== '-' || !/^ *$/.test(this.text.slice(dash + 1, node.range[0])) || !(node.range[0] > dash))
      return undefined;
    return {
      node,
      start: dash,
      afterKey: dash + 1,
      value: node,
      first: line,
      last: this.lineOf(Math.max(node.range[0], node.range[1] - 1)),
    };
  }

  /** Whether yaml's extent of entry `i` agrees with the indentation (see recoverableEntries). */
  private sound(coll: Collection, list: Entry[], i: number): boolean {
    const e = list[i]!;
    const known = this.verdicts.get(e.node);
    if (known !== undefined) return known;
    const col = this.column(coll.range![0]);
    // a mapping's value may be a sequence whose dashes sit at the key's column
    const sameColumnSeq =
      isMap(coll) &&
      isSeq(e.value) &&
      !e.value.flow &&
      e.value.range !== undefined &&
      this.column(e.value.range![0]) === col;
    let ok = true;
    for (let l = e.first + 1; l <= e.last && ok; l++) {
      const indent = this.indents[l]!;
      if (indent >= 0 && indent <= col && !(sameColumnSeq && indent === col && this.isDash(l, col))) ok = false;
    }
    if (ok) {
      let n = e.last + 1;
      while (n < this.indents.length && this.indents[n] === -1) n++;
      const next = list[i + 1];
      if (n >= this.indents.length) ok = next === undefined;
      else if (this.indents[n]! > col)
        ok = false; // yaml ended the entry before a line of its own
      else if (this.indents[n] === col) ok = next !== undefined && next.first === n;
      else ok = next === undefined;
    }
    this.verdicts.set(e.node, ok);
    return ok;
  }

  private isDash(line: number, col: number): boolean {
    const p = this.starts[line]! + col;
    return this.text[p] === '-' && (p + 1 >= this.text.length || ' \n\r'.includes(this.text[p + 1]!));
  }

  /** The entry to leave out for an error at `offset` inside the block collection `coll`, or null. */
  holeFor(coll: Collection, offset: number): Entry | null {
    if (coll.flow || !coll.range) return null;
    const list = this.entries(coll);
    if (!list || !list.length) return null;
    let lo = 0;
    let hi = list.length - 1;
    if (list[0]!.start > offset) return null;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    const e = list[lo]!;
    if (offset > this.lineEnd(e.last) || offset < e.afterKey || !this.sound(coll, list, lo)) return null;
    const v = e.value;
    if ((isMap(v) || isSeq(v)) && !v.flow && v.range && offset >= v.range[0]) {
      const inner = this.holeFor(v as Collection, offset);
      if (inner) return inner;
    }
    // The first entry's key or dash says whether its collection is a mapping or a list: on the
    // broken line itself, that is not to be trusted either.
    return lo === 0 && e.first === this.lineOf(offset) ? null : e;
  }
}
