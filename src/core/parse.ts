import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Alias,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { Node as YamlNode, Document } from 'yaml';
import { diag, START, type Diagnostic, type Position } from './diagnostics.js';
import { parseFast } from './fast-yaml.js';
import { PathSet } from './paths.js';
import { recoverableEntries } from './recover.js';
import { pushAll } from './arrays.js';
import type { JsonValue } from './json.js';

export const MAX_DEPTH = 64;
/** Nodes that alias expansion may add beyond those written in the file. */
export const MAX_ALIAS_NODES = 100_000;

export type PathPart = string | number;

/** A YAML file read into plain data, with the source position of every value and key. */
export interface ParsedFile {
  file: string;
  text: string;
  /** undefined when the file could not be parsed */
  data: JsonValue | undefined;
  diagnostics: Diagnostic[];
  /** the YAML parser's warnings (unresolved tags and the like), worth reporting on hrdd files only */
  warnings: Diagnostic[];
  /**
   * The yaml syntax tree, for source positions: undefined when the file could not be parsed.
   * Built on first use when the fast reader read the file, so valid files never pay for it.
   */
  tree: () => YamlTree | undefined;
  /**
   * True when the file has YAML syntax errors and `data` is what could soundly be recovered around
   * them (see recover.ts): the entries the errors were found in are left out, at `holes`.
   */
  partial: boolean;
  /** Where entries were left out of `data` because of a syntax error (a sequence item becomes null). */
  holes: PathSet;
  /**
   * Mappings and lists that may have lost entries to a syntax error (ask with `under`): those that
   * hold an entry left out, and those that end just before one, since its line may have been theirs.
   */
  incomplete: PathSet;
  /**
   * Paths whose values the semantic rules must not rely on: the holes, and every value the JSON
   * Schema rejected (added by checkSchema). A rule that reads such a value skips that node, so one
   * mistake gives one diagnostic, not a cascade of follow-ups.
   */
  doubts: PathSet;
}

export interface YamlTree {
  doc: Document;
  lineCounter: LineCounter;
}

const aliasMaps = new WeakMap<object, Map<Alias, unknown>>();
const pairIndexes = new WeakMap<object, Map<string, YAMLMap['items'][number]>>();

/**
 * A mapping's pairs by key (the first of duplicates), built once per mapping on first need: a file
 * with a diagnostic for each of 100,000 keys would otherwise search the mapping once each.
 */
function pairIndex(node: YAMLMap): Map<string, YAMLMap['items'][number]> {
  let index = pairIndexes.get(node);
  if (!index) {
    index = new Map();
    for (const p of node.items) {
      const k = p.key === null ? '' : String(isScalar(p.key) ? (p.key.value ?? '') : '');
      if (!index.has(k)) index.set(k, p);
    }
    pairIndexes.set(node, index);
  }
  return index;
}

/**
 * What each alias of a document refers to: the latest node before it with that anchor, found in
 * one walk of the document. (yaml's `Alias.resolve(doc)` walks the whole document for each alias:
 * 40,000 aliases took 13 minutes.) Built once per document, on first need.
 */
export function aliasTargets(doc: Document.Parsed | Document): Map<Alias, unknown> {
  let map = aliasMaps.get(doc);
  if (map) return map;
  map = new Map();
  const anchors = new Map<string, unknown>();
  const resolved = map;
  visit(doc, {
    Alias(_, node) {
      resolved.set(node, anchors.get(node.source));
    },
    Node(_, node) {
      if (!isAlias(node) && node.anchor) anchors.set(node.anchor, node);
    },
  });
  aliasMaps.set(doc, map);
  return map;
}

/**
 * The position of a path's key (or value), found by walking the YAML syntax tree — only when a
 * diagnostic needs it, so valid files pay nothing. Falls back to the nearest ancestor; inside an
 * alias, to the alias.
 */
export function positionOf(
  parsed: Pick<ParsedFile, 'tree'>,
  path: readonly PathPart[],
  prefer: 'key' | 'value' = 'value',
): Position {
  const tree = parsed.tree();
  if (!tree) return START;
  const { doc, lineCounter } = tree;
  const at = (offset: number | undefined) => (offset === undefined ? START : lineCounter.linePos(offset));
  let node: unknown = doc.contents;
  let pinned: number | undefined; // once through an alias, positions stay at the alias
  let best = at((node as YamlNode | null)?.range?.[0]);
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) {
      pinned ??= node.range?.[0];
      node = aliasTargets(doc).get(node);
    }
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = pairIndex(node).get(String(seg));
      if (!pair) return best;
      const keyOffset = (pair.key as YamlNode | null)?.range?.[0];
      node = pair.value;
      const valueOffset = (node as YamlNode | null)?.range?.[0];
      if (last && (prefer === 'key' || valueOffset === undefined)) return at(pinned ?? keyOffset);
      best = at(pinned ?? valueOffset ?? keyOffset);
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
      node = node.items[seg];
      best = at(pinned ?? (node as YamlNode | null)?.range?.[0]);
    } else return best;
  }
  return best;
}

/** Decodes UTF-8, dropping a BOM. Invalid bytes give a diagnostic naming the line. */
export function decodeUtf8(bytes: Uint8Array, file: string): { text: string } | { diagnostic: Diagnostic } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i < bad; i++)
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, bad)).replace(/^\uFEFF/, '');
    const at = { line, col: prefix.length + 1 };
    const byte = (bytes[bad] ?? 0).toString(16).padStart(2, '0');
    return {
      diagnostic: diag(file, at, 'error', 'invalid-utf8', `invalid UTF-8 (byte 0x${byte}): save the file as UTF-8`),
    };
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}

/**
 * Finds where nesting first exceeds `limit`, by an iterative scan of the text: block indentation
 * levels (sequence dashes count as their own level) plus open flow brackets, skipping comments,
 * quoted scalars and block scalars. It errs on the side of counting a level too many, never
 * recursion: deep input must be refused before the YAML parser (which recurses) sees it.
 */
export function findExcessiveNesting(text: string, limit = MAX_DEPTH): Position | null {
  const scan = new NestingScan(limit);
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    lineNo++;
    start = end + 1;
    const col = scan.line(line);
    if (col !== null) return { line: lineNo, col };
  }
  return null;
}

/** The state of findExcessiveNesting's scan between lines. */
class NestingScan {
  /** the open block levels: a key's column, or a dash's column + 0.5 */
  private readonly stack: number[] = [];
  /** open flow brackets */
  private flow = 0;
  private quote: '"' | "'" | null = null;
  private blockScalarIndent: number | null = null;

  constructor(private readonly limit: number) {}

  private tooDeep(): boolean {
    return this.stack.length + this.flow > this.limit;
  }

  /** Scans the next line; the column where nesting first exceeds the limit, or null. */
  line(line: string): number | null {
    let i = 0;
    while (i < line.length && line[i] === ' ') i++;
    const indent = i;
    const blank = i >= line.length || line[i] === '#' || line[i] === '\t';
    if (this.blockScalarIndent !== null) {
      if (blank || indent > this.blockScalarIndent) return null;
      this.blockScalarIndent = null;
    }
    if (!this.quote && this.flow === 0) {
      if (blank) return null;
      const block = this.blockLevels(line, i);
      if (block === 'done') return null;
      if ('col' in block) return block.col;
      i = block.next;
    }
    return this.inline(line, i, indent);
  }

  /** The block levels a line opens from `from`: after a document marker, dashes and `?`, then a key. */
  private blockLevels(line: string, from: number): 'done' | { col: number } | { next: number } {
    const { stack } = this;
    let i = from;
    if (from === 0 && (line.startsWith('---') || line.startsWith('...'))) {
      stack.length = 0;
      i = 3;
      while (line[i] === ' ') i++;
      if (i >= line.length) return 'done';
    }
    // sequence dashes and complex-key markers open a level each
    while ((line[i] === '-' || line[i] === '?') && (i + 1 >= line.length || line[i + 1] === ' ')) {
      const level = i + 0.5;
      while (stack.length && stack[stack.length - 1]! >= level) stack.pop();
      stack.push(level);
      if (this.tooDeep()) return { col: i + 1 };
      i += 1;
      while (line[i] === ' ') i++;
    }
    if (i < line.length && line[i] !== '#') {
      while (stack.length && stack[stack.length - 1]! >= i) stack.pop();
      const rest = line.slice(i);
      if (/:(\s|$)/.test(rest) && !/^["'[{|>]/.test(rest)) {
        stack.push(i);
        if (this.tooDeep()) return { col: i + 1 };
      }
    }
    return { next: i };
  }

  /** The rest of the line from `i`: quotes, flow brackets, a comment, the start of a block scalar. */
  private inline(line: string, i: number, indent: number): number | null {
    let prev = ''; // previous non-space character on this line
    for (; i < line.length; i++) {
      const ch = line[i]!;
      if (this.quote) {
        if (this.quote === '"' && ch === '\\') {
          i++;
          continue;
        }
        if (ch === this.quote) {
          if (this.quote === "'" && line[i + 1] === "'") {
            i++;
            continue;
          }
          this.quote = null;
          prev = ch;
        }
        continue;
      }
      if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break;
      if ((ch === '"' || ch === "'") && (prev === '' || '[{,:-?'.includes(prev))) {
        this.quote = ch;
        continue;
      }
      if (ch === '[' || ch === '{') {
        this.flow++;
        if (this.tooDeep()) return i + 1;
      } else if (ch === ']' || ch === '}') {
        if (this.flow > 0) this.flow--;
      } else if ((ch === '|' || ch === '>') && this.flow === 0 && (prev === '' || prev === ':' || prev === '-')) {
        if (/^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(i))) {
          this.blockScalarIndent = indent;
          break;
        }
      }
      if (ch !== ' ' && ch !== '\t') prev = ch;
    }
    return null;
  }
}

const noTree = (): undefined => undefined;
// Duplicate keys are found while converting (a Set per mapping): yaml's own `uniqueKeys` check
// compares keys pairwise, quadratic in the keys of one mapping.
const YAML_OPTIONS = { uniqueKeys: false, stringKeys: true, prettyErrors: false, keepSourceTokens: false } as const;

/**
 * Parses YAML text into data with positions. Never throws; problems come back as diagnostics.
 * Plain block-style files (all of hrdd's own) are read by the fast reader, and the full parser
 * runs only if a diagnostic needs a position; `fast: false` always uses the full parser.
 */
export function parseYaml(text: string, file: string, options: { fast?: boolean } = {}): ParsedFile {
  const result: ParsedFile = {
    file,
    text,
    data: undefined,
    diagnostics: [],
    warnings: [],
    tree: noTree,
    partial: false,
    holes: new PathSet(),
    incomplete: new PathSet(),
    doubts: new PathSet(),
  };
  if (text.charCodeAt(0) === 0xfeff) text = result.text = text.slice(1);

  // The fast reader declines collections nested deeper than MAX_DEPTH, so the check below reports them.
  if (options.fast !== false && readFast(result, text)) return result;

  const deep = findExcessiveNesting(text);
  if (deep) {
    result.diagnostics.push(
      diag(file, deep, 'error', 'nesting-too-deep', `collections are nested deeper than ${MAX_DEPTH} levels`),
    );
    return result;
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  const at = (offset: number | undefined): Position => (offset === undefined ? START : lineCounter.linePos(offset));
  reportYamlProblems(result, doc, at);
  // After syntax errors, the rest of the file is checked only when the errors are confined to
  // entries that can be left out whole without changing how anything else was read (the rule is
  // in recover.ts); otherwise the YAML errors are all that is reported.
  let holes: Map<unknown, [number, number]> | undefined;
  if (doc.errors.length) {
    holes = recoverableEntries(doc, text, doc.errors);
    if (!holes) return result;
    result.partial = true;
    // a warning about what was left out would only add to its error
    const inHole = withinSpans([...holes.values()]);
    result.warnings = result.warnings.filter((_, i) => !inHole(doc.warnings[i]!.pos[0]));
  }
  const tree = { doc, lineCounter };
  result.tree = () => tree;
  const converter = new Converter(result, doc, at, holes);
  const data = converter.convert(doc.contents, undefined);
  if (converter.abandoned) {
    result.partial = false;
    result.holes = new PathSet();
    result.incomplete = new PathSet();
    result.doubts = new PathSet();
    result.warnings = [];
    return result;
  }
  pushAll(result.diagnostics, converter.duplicates);
  if (!converter.failed) result.data = data;
  return result;
}

/** Reads `text` with the fast reader into `result`; false when it declines. */
function readFast(result: ParsedFile, text: string): boolean {
  const data = parseFast(text, MAX_DEPTH);
  if (data === undefined) return false;
  let tree: YamlTree | undefined;
  result.data = data;
  result.tree = () => {
    if (!tree) {
      const lineCounter = new LineCounter();
      tree = { doc: parseDocument(text, { ...YAML_OPTIONS, lineCounter }), lineCounter };
    }
    return tree;
  };
  return true;
}

/**
 * Every syntax error yaml found, each once. Parser warnings are kept for the caller, which
 * reports them only on hrdd files.
 */
function reportYamlProblems(result: ParsedFile, doc: Document.Parsed, at: (offset: number | undefined) => Position) {
  const reported = new Set<string>();
  for (const e of doc.errors) {
    const d = diag(result.file, e.linePos?.[0] ?? at(e.pos[0]), 'error', 'yaml-syntax', cleanYamlMessage(e.message));
    const key = `${d.line}:${d.col}:${d.message}`;
    if (!reported.has(key)) result.diagnostics.push(d);
    reported.add(key);
  }
  result.warnings = doc.warnings.map((w) =>
    diag(result.file, w.linePos?.[0] ?? at(w.pos[0]), 'warning', 'yaml-warning', cleanYamlMessage(w.message)),
  );
}

/**
 * Converts yaml's tree into plain data: aliases resolved (within a budget, cycles refused),
 * duplicate keys reported and left out, and the entries a syntax error took (the holes) recorded
 * in `result`. The first failure (an alias bomb or cycle, an unknown alias, a collection as a key)
 * is reported and ends the conversion.
 */
class Converter {
  /** an alias or a repeated key near a hole: too subtle to recover, so only the YAML errors stand */
  abandoned = false;
  failed = false;
  readonly duplicates: Diagnostic[] = [];
  /** the path of the value being converted */
  private readonly path: PathPart[] = [];
  private aliasBudget = MAX_ALIAS_NODES;
  /** the collections being converted, to refuse an alias to one of them */
  private readonly active = new Set<unknown>();

  constructor(
    private readonly result: ParsedFile,
    private readonly doc: Document.Parsed,
    private readonly at: (offset: number | undefined) => Position,
    private readonly holes: Map<unknown, [number, number]> | undefined,
  ) {}

  private fail(offset: number | undefined, rule: string, message: string) {
    if (!this.failed) this.result.diagnostics.push(diag(this.result.file, this.at(offset), 'error', rule, message));
    this.failed = true;
  }

  // Recursion is safe here: depth is bounded by MAX_DEPTH (plus alias expansion, bounded by the budget).
  convert(node: unknown, viaAlias: number | undefined): JsonValue {
    if (this.failed || node === null || node === undefined) return null;
    if (viaAlias !== undefined && --this.aliasBudget < 0) {
      this.fail(viaAlias, 'alias-bomb', `aliases expand to more than ${MAX_ALIAS_NODES} nodes`);
      return null;
    }
    if (isScalar(node)) return scalarValue(node.value);
    if (isAlias(node)) return this.alias(node, viaAlias);
    this.active.add(node);
    try {
      if (isSeq(node)) return this.sequence(node, viaAlias);
      if (isMap(node)) return this.mapping(node, viaAlias);
    } finally {
      this.active.delete(node);
    }
    return null;
  }

  private alias(node: Alias, viaAlias: number | undefined): JsonValue {
    if (this.holes) {
      this.abandoned = true; // it might refer into an entry left out: too subtle to recover
      return null;
    }
    const target = aliasTargets(this.doc).get(node);
    if (!target) {
      this.fail(node.range?.[0], 'yaml-syntax', `unknown alias *${node.source}`);
      return null;
    }
    if (this.active.has(target)) {
      this.fail(node.range?.[0], 'alias-cycle', `alias *${node.source} refers to a node that contains it`);
      return null;
    }
    return this.convert(target, viaAlias ?? node.range?.[0] ?? 0);
  }

  private sequence(node: YAMLSeq, viaAlias: number | undefined): JsonValue {
    const holes = this.holes;
    return node.items.map((item, i) => {
      if (holes?.has(item)) {
        this.hole(i, i > 0 && !holes.has(node.items[i - 1]) ? { key: i - 1, node: node.items[i - 1] } : undefined);
        return null;
      }
      return this.convertAt(i, item, viaAlias);
    });
  }

  private mapping(node: YAMLMap, viaAlias: number | undefined): JsonValue {
    const obj: { [key: string]: JsonValue } = {};
    const firstAt = new Map<string, number | undefined>();
    let before: { key: PathPart; node: unknown } | undefined;
    for (const pair of node.items) {
      const k = pair.key;
      if (k !== null && !isScalar(k)) {
        this.fail(
          (k as YamlNode).range?.[0],
          'non-scalar-key',
          'a mapping key must be a plain value, not a collection',
        );
        return null;
      }
      const key = k === null ? '' : String(k.value ?? '');
      if (firstAt.has(key)) {
        this.duplicateKey(key, firstAt.get(key), pair, viaAlias);
        continue;
      }
      firstAt.set(key, k?.range?.[0]);
      if (this.holes?.has(pair)) {
        this.hole(key, before);
        before = undefined;
        continue;
      }
      before = { key, node: pair.value };
      const value = this.convertAt(key, pair.value, viaAlias);
      if (key === '__proto__')
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value; // only __proto__ is special on a plain object
    }
    return obj;
  }

  private convertAt(key: PathPart, node: unknown, viaAlias: number | undefined): JsonValue {
    this.path.push(key);
    try {
      return this.convert(node, viaAlias);
    } finally {
      this.path.pop();
    }
  }

  /**
   * A repeated key: the first value is kept (as positionOf finds it) and the later one is
   * reported and left out, so the rest of the file is still checked. Reported where the mapping
   * is written, not again where an alias repeats it.
   */
  private duplicateKey(key: string, first: number | undefined, pair: Pair, viaAlias: number | undefined) {
    // In a mapping that holds an entry left out after a syntax error, a repeated key may be
    // a line that lost its own parent to the broken line (a deleted line break): too subtle.
    if (this.holes && this.result.holes.under(this.path)) this.abandoned = true;
    if (viaAlias !== undefined) return;
    const k = pair.key as { range?: [number, number, number] } | null;
    this.duplicates.push(
      diag(
        this.result.file,
        this.at(k?.range?.[0] ?? (pair.value as YamlNode | null)?.range?.[0]),
        'error',
        'duplicate-key',
        `duplicate key ${showKey(key)}${first === undefined ? '' : ` (first on line ${this.at(first).line})`}: a key may appear once in a mapping; this later value is ignored`,
      ),
    );
  }

  /** Records the entry `key` of the collection at the path as left out; `before` is the entry before it. */
  private hole(key: PathPart, before: { key: PathPart; node: unknown } | undefined) {
    const { result, path } = this;
    result.holes.add([...path, key]);
    result.doubts.add([...path, key]);
    result.incomplete.add(path);
    // the collections that end just before it: the entry before, its last entry, and so on
    if (!before) return;
    const spine = [...path, before.key];
    let node = before.node;
    for (let n = 0; n <= MAX_DEPTH && (isMap(node) || isSeq(node)); n++) {
      result.incomplete.add(spine);
      const items = node.items as unknown[];
      if (!items.length) break;
      const last = items[items.length - 1];
      if (isSeq(node)) {
        spine.push(items.length - 1);
        node = last;
        continue;
      }
      const k = (last as { key: unknown }).key;
      if (k !== null && !isScalar(k)) break;
      spine.push(k === null ? '' : String(k.value ?? ''));
      node = (last as { value: unknown }).value;
    }
  }
}

function scalarValue(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

/** A test for offsets inside any of the spans (which may overlap): merged once, then a binary search. */
function withinSpans(spans: Array<[number, number]>): (offset: number) => boolean {
  const merged: Array<[number, number]> = [];
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return (offset) => {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [from, to] = merged[mid]!;
      if (offset < from) hi = mid - 1;
      else if (offset > to) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

function showKey(key: string): string {
  const short = key.length > 40 ? key.slice(0, 39) + '…' : key;
  return /^[^\s`]([^`\n]*[^\s`])?$/.test(short) ? `\`${short}\`` : JSON.stringify(short);
}

function cleanYamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').trim();
}
