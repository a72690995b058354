import { Reporter } from './reporter.js';
import type { Diagnostic } from './diagnostics.js';
import { refItem, UNGP, type Framework, type RefsFile } from './framework.js';
import type { Questionnaire } from './model.js';
import type { ParsedFile, PathPart } from './parse.js';
import { isObj, type JsonObject, type JsonValue } from './json.js';
import { showId as showFullId } from './show.js';
import { closest } from './suggest.js';

/** The rules of framework files and of references to their items (format.md §1, §9). Pure. */

const own = (o: JsonObject, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** An id in a message: at most 100 characters of it (a hostile key can be megabytes long). */
const showId = (id: string) => showFullId(id.length > 100 ? `${id.slice(0, 100)}…` : id);

/** Whether a rule must not read the value at `path`: the schema rejected it, or a syntax error may have taken it. */
function doubtful(parsed: Pick<ParsedFile, 'doubts' | 'incomplete'>, path: readonly PathPart[]): boolean {
  return parsed.doubts.touches(path) || parsed.incomplete.under(path);
}

/** "Did you mean" suggestions computed at most this many times per file (each scans a framework's items). */
const MAX_SUGGESTIONS = 1000;

/** A framework file's own rules: item and group ids are unique, an item's group exists. */
export function checkFramework(fw: Framework): Diagnostic[] {
  const r = new Reporter(fw.parsed);
  const groups = new Set<string>();
  for (const g of fw.groups) {
    if (groups.has(g.id) && !doubtful(fw.parsed, [...g.path, 'id']))
      r.error(
        [...g.path, 'id'],
        'duplicate-framework-group',
        `group id ${showId(g.id)} is already used in this framework`,
      );
    groups.add(g.id);
  }
  const groupsSure = !doubtful(fw.parsed, ['groups']);
  const items = new Set<string>();
  let suggestions = 0;
  for (const it of fw.items) {
    if (items.has(it.id) && !doubtful(fw.parsed, [...it.path, 'id']))
      r.error(
        [...it.path, 'id'],
        'duplicate-framework-item',
        `item id ${showId(it.id)} is already used in this framework`,
      );
    items.add(it.id);
    if (it.group !== undefined && !groups.has(it.group) && groupsSure && !doubtful(fw.parsed, [...it.path, 'group'])) {
      const guess = suggestions++ < MAX_SUGGESTIONS ? closest(it.group, groups) : undefined;
      r.error(
        [...it.path, 'group'],
        'unknown-framework-group',
        `no group ${showId(it.group)} in this framework${guess ? `: did you mean ${showId(guess)}?` : groups.size ? '' : ' (it has no `groups`)'}`,
      );
    }
  }
  return r.diagnostics;
}

/**
 * What a reference to a framework id means in a file: the framework (a `frameworks` entry of the
 * file, or the bundled one's latest version), `failed` when the entry that names it was already
 * reported, or undefined when there is no such framework.
 */
export interface FrameworkLookup {
  get(id: string): Framework | 'failed' | undefined;
  /** the framework ids a reference could mean, for "did you mean" */
  ids(): Iterable<string>;
}

const itemSets = new WeakMap<Framework, Set<string>>();
function itemsOf(fw: Framework): Set<string> {
  let set = itemSets.get(fw);
  if (!set) {
    set = new Set(fw.items.map((i) => i.id));
    itemSets.set(fw, set);
  }
  return set;
}

/** Checks references one file makes, each at its own position; shares the suggestion budget. */
class RefsChecker {
  private suggestions = 0;
  constructor(
    readonly r: Reporter,
    readonly lookup: FrameworkLookup,
  ) {}

  private guess(word: string, candidates: Iterable<string>): string | undefined {
    return this.suggestions++ < MAX_SUGGESTIONS ? closest(word, candidates) : undefined;
  }

  /** The framework a reference names, or undefined after reporting why not (at the reference's key). */
  private framework(fw: string, keyPath: PathPart[]): Framework | undefined {
    const found = this.lookup.get(fw);
    if (found === 'failed') return undefined;
    if (found) return found;
    const guess = this.guess(fw, this.lookup.ids());
    this.r.error(
      keyPath,
      'unknown-framework',
      `no framework ${showId(fw)}${guess ? `: did you mean ${showId(guess)}?` : ''} (name a framework file in \`frameworks:\` to use your own)`,
      'key',
    );
    return undefined;
  }

  /** One list of item references to framework `fw`, at `path` (the list). */
  items(fw: string, list: JsonValue | undefined, path: PathPart[], keyPath: PathPart[], repeats = true): void {
    if (!Array.isArray(list) || doubtful(this.r.parsed, path)) return;
    const framework = this.framework(fw, keyPath);
    if (!framework) return;
    const known = itemsOf(framework);
    const seen = new Set<string>();
    list.forEach((v, i) => {
      const item = refItem(v);
      if (item === undefined) return;
      if (seen.has(item)) {
        if (repeats) this.r.error([...path, i], 'duplicate-ref', `${showId(fw)} item ${showId(item)} is listed twice`);
        return;
      }
      seen.add(item);
      if (known.has(item)) return;
      const guess = this.guess(item, known);
      this.r.error(
        [...path, i],
        'unknown-framework-item',
        `framework ${showId(`${fw}@${framework.version}`)} has no item ${showId(item)}${guess ? `: did you mean ${showId(guess)}?` : ''}`,
      );
    });
  }

  /** A mapping framework id → item list (a question's `refs`, or a question's entry in a refs file). */
  refs(refs: JsonValue | undefined, path: PathPart[]): void {
    // a list the schema rejected is skipped by `items`; the others are still checked
    if (!isObj(refs) || this.r.parsed.doubts.covers(path)) return;
    for (const fw of Object.keys(refs)) this.items(fw, refs[fw], [...path, fw], [...path, fw]);
  }
}

/**
 * The references of a questionnaire's questions (`refs`, and the `ungp` shorthand): each names a
 * framework it can use and an item that framework has.
 */
export function checkQuestionnaireRefs(q: Questionnaire, lookup: FrameworkLookup): Diagnostic[] {
  const r = new Reporter(q.parsed);
  const check = new RefsChecker(r, lookup);
  const data = q.parsed.data;
  for (const qu of q.sections.flatMap((s) => s.questions)) {
    let raw: unknown = data;
    for (const p of qu.path) raw = isObj(raw) || Array.isArray(raw) ? (raw as JsonObject)[p as string] : undefined;
    if (!isObj(raw)) continue;
    if (own(raw, 'refs')) check.refs(raw['refs'], [...qu.path, 'refs']);
    // (a number repeated in the shorthand is reported by duplicate-ungp)
    if (own(raw, 'ungp') && Array.isArray(raw['ungp']) && raw['ungp'].length)
      check.items(UNGP, raw['ungp'], [...qu.path, 'ungp'], [...qu.path, 'ungp'], false);
  }
  return r.diagnostics;
}

/**
 * A refs file's rules: every question id is a question of its questionnaire (or of those it
 * requires), and every reference names a framework and an item it has.
 */
export function checkRefsFile(file: RefsFile, questions: ReadonlySet<string>, lookup: FrameworkLookup): Diagnostic[] {
  const r = new Reporter(file.parsed);
  const check = new RefsChecker(r, lookup);
  const data = file.parsed.data;
  const refs = isObj(data) && isObj(data['refs']) ? data['refs'] : undefined;
  if (!refs || doubtful(file.parsed, ['refs'])) return [];
  let suggestions = 0;
  for (const qid of Object.keys(refs)) {
    if (!questions.has(qid)) {
      const guess = suggestions++ < MAX_SUGGESTIONS ? closest(qid, questions) : undefined;
      r.error(
        ['refs', qid],
        'refs-unknown-question',
        `questionnaire ${showId(file.questionnaire)} has no question ${showId(qid)}${guess ? `: did you mean ${showId(guess)}?` : ''}`,
        'key',
      );
      continue;
    }
    check.refs(refs[qid], ['refs', qid]);
  }
  return r.diagnostics;
}
