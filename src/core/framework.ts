import type { ParsedFile, PathPart } from './parse.js';
import { arr, isObj, type JsonObject, type JsonValue } from './json.js';

/**
 * Frameworks as data (format.md §9): a framework file lists the items of a published standard (the
 * UN Guiding Principles, RDR, the OECD guidance, the CSDDD…) that questions may reference, and a
 * refs file maps a questionnaire's questions to framework items without editing the questionnaire.
 * This module holds the typed model and builds it from parsed files. Pure.
 */

export const FRAMEWORK_SCHEMA = 'hrdd/framework@1';
export const REFS_SCHEMA = 'hrdd/refs@1';
/** The id of the UN Guiding Principles framework; `ungp: [16]` is shorthand for `refs: { ungp: ["16"] }`. */
export const UNGP = 'ungp';

export interface FrameworkGroup {
  id: string;
  title: string;
  path: PathPart[];
}

export interface FrameworkItem {
  id: string;
  title: string;
  group?: string;
  note?: string;
  path: PathPart[];
}

export interface Framework {
  id: string;
  version: string;
  title: string;
  publisher?: string;
  source?: { url?: string; edition?: string };
  licence?: string;
  groups: FrameworkGroup[];
  items: FrameworkItem[];
  /** the file it was read from, as shown in diagnostics */
  file: string;
  sha256: string;
  parsed: ParsedFile;
}

/** The part of a framework the scorer needs: which items it has, in order. */
export type FrameworkShape = Pick<Framework, 'id' | 'version'> & { items: ReadonlyArray<Pick<FrameworkItem, 'id'>> };

/** References of one question: framework id → item ids (no repeats, in the order first given). */
export type QuestionRefs = ReadonlyMap<string, readonly string[]>;

/** References by question id (a refs file, or several merged). */
export type RefsMap = ReadonlyMap<string, QuestionRefs>;

/** A refs file (`hrdd/refs@1`): a consultant's mapping of one questionnaire's questions. */
export interface RefsFile {
  /** the questionnaire the question ids belong to, as written (`id@version`, `id`, or a path) */
  questionnaire: string;
  /** frameworks named like a questionnaire's `frameworks:` (optional) */
  frameworks: string[];
  refs: RefsMap;
  file: string;
  sha256: string;
  parsed: ParsedFile;
}

const str = (o: JsonObject, k: string) =>
  Object.prototype.hasOwnProperty.call(o, k) && typeof o[k] === 'string' ? (o[k] as string) : undefined;

/** An item reference as written: a string, or a whole number read as its decimal string. */
export function refItem(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  return undefined;
}

/** Whether a value is a mapping with `schema:` set to the framework or refs schema. */
export function frameworkFileKind(data: JsonValue | undefined): 'framework' | 'refs' | undefined {
  if (!isObj(data) || !Object.prototype.hasOwnProperty.call(data, 'schema')) return undefined;
  if (data['schema'] === FRAMEWORK_SCHEMA) return 'framework';
  if (data['schema'] === REFS_SCHEMA) return 'refs';
  return undefined;
}

/** Builds the typed framework, keeping what is well formed (the schema reports the rest). */
export function toFramework(parsed: ParsedFile, sha256: string): Framework {
  const d = isObj(parsed.data) ? parsed.data : {};
  const groups: FrameworkGroup[] = [];
  arr(d['groups']).forEach((g, i) => {
    if (isObj(g) && typeof g['id'] === 'string')
      groups.push({ id: g['id'], title: str(g, 'title') ?? g['id'], path: ['groups', i] });
  });
  const items: FrameworkItem[] = [];
  arr(d['items']).forEach((it, i) => {
    const id = isObj(it) ? refItem(it['id']) : undefined;
    if (!isObj(it) || id === undefined) return;
    const group = str(it, 'group');
    const note = str(it, 'note');
    items.push({
      id,
      title: str(it, 'title') ?? id,
      ...(group !== undefined && { group }),
      ...(note !== undefined && { note }),
      path: ['items', i],
    });
  });
  const source = isObj(d['source']) ? d['source'] : undefined;
  const publisher = str(d, 'publisher');
  const licence = str(d, 'licence');
  return {
    id: str(d, 'id') ?? '',
    version: refItem(d['version']) ?? '',
    title: str(d, 'title') ?? '',
    ...(publisher !== undefined && { publisher }),
    ...(source && {
      source: {
        ...(str(source, 'url') !== undefined && { url: str(source, 'url') }),
        ...(str(source, 'edition') !== undefined && { edition: str(source, 'edition') }),
      },
    }),
    ...(licence !== undefined && { licence }),
    groups,
    items,
    file: parsed.file,
    sha256,
    parsed,
  };
}

/**
 * The references written in a mapping of framework id → item list (a question's `refs`, or an
 * entry of a refs file's `refs`), with the `ungp` shorthand (numbers) first when given. Repeats
 * are dropped (they are reported by the rules); malformed entries are left out.
 */
export function refsOf(refs: JsonValue | undefined, ungp: readonly number[] = []): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  const add = (fw: string, item: string) => {
    const set = sets.get(fw) ?? new Set<string>();
    set.add(item);
    sets.set(fw, set);
  };
  for (const n of ungp) add(UNGP, String(n));
  if (isObj(refs))
    for (const [fw, list] of Object.entries(refs))
      for (const v of arr(list)) {
        const item = refItem(v);
        if (item !== undefined) add(fw, item);
      }
  return new Map([...sets].map(([fw, set]) => [fw, [...set]]));
}

/** Builds the typed refs file from its parsed data. */
export function toRefsFile(parsed: ParsedFile, sha256: string): RefsFile {
  const d = isObj(parsed.data) ? parsed.data : {};
  const refs = new Map<string, Map<string, string[]>>();
  if (isObj(d['refs'])) for (const [q, r] of Object.entries(d['refs'])) refs.set(q, refsOf(r));
  return {
    questionnaire: str(d, 'questionnaire') ?? '',
    frameworks: arr(d['frameworks']).filter((x): x is string => typeof x === 'string'),
    refs,
    file: parsed.file,
    sha256,
    parsed,
  };
}

/** The union of reference maps, in order: the first's entries first, then what each adds. */
export function mergeRefs(...maps: ReadonlyArray<RefsMap | undefined>): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, Set<string>>>();
  for (const m of maps) {
    if (!m) continue;
    for (const [q, refs] of m) {
      const into = out.get(q) ?? new Map<string, Set<string>>();
      for (const [fw, items] of refs) {
        const set = into.get(fw) ?? new Set<string>();
        for (const i of items) set.add(i);
        into.set(fw, set);
      }
      out.set(q, into);
    }
  }
  return new Map([...out].map(([q, refs]) => [q, new Map([...refs].map(([fw, set]) => [fw, [...set]]))]));
}
