import { mergeRefs, type RefsMap } from './framework.js';
import { isScored, type Questionnaire } from './model.js';
import type { FrameworkInfo } from './report-model.js';

/**
 * Coverage of a framework by questionnaires (`hrdd coverage`): for each item, the questions that
 * reference it (through their own `refs`, and refs files); an item is covered when a scored
 * question references it, as in the report's framework chapters. Pure.
 */

export interface CoverageQuestion {
  id: string;
  questionnaire: string;
  /** whether it is scored (a choice question with weight, in a section and module with weight) */
  scored: boolean;
}

export interface CoverageItem {
  id: string;
  title: string;
  /** its group's id, when it has one the framework lists */
  group?: string;
  questions: CoverageQuestion[];
  covered: boolean;
}

export interface Coverage {
  schema: 'hrdd/coverage@1';
  framework: {
    id: string;
    version: string;
    title: string;
    publisher?: string;
    source: { url?: string; edition?: string };
  };
  questionnaires: Array<{ id: string; version: string; title: string }>;
  /** every item of the framework, in its order */
  items: CoverageItem[];
  groups: Array<{ id: string; title: string }>;
  /** the items no scored question references */
  notCovered: Array<{ id: string; title: string }>;
  /** references to items the framework's file does not list, with the questions that make them */
  unknown: Array<{ id: string; questions: CoverageQuestion[] }>;
  summary: { items: number; covered: number; questions: number };
}

/** `refs`: the references of refs files for a questionnaire, by question id (each applies to its own questionnaire). */
export function buildCoverage(
  fw: FrameworkInfo,
  questionnaires: readonly Questionnaire[],
  refs: ReadonlyMap<Questionnaire, RefsMap> = new Map(),
): Coverage {
  const { byItem, referencing } = collectReferences(fw, questionnaires, refs);
  const groupIds = new Set(fw.groups.map((g) => g.id));
  const items: CoverageItem[] = fw.items.map((i) => {
    const questions = byItem.get(i.id) ?? [];
    return {
      id: i.id,
      title: i.title,
      ...(i.group !== undefined && groupIds.has(i.group) && { group: i.group }),
      questions,
      covered: questions.some((x) => x.scored),
    };
  });
  const known = new Set(fw.items.map((i) => i.id));
  return {
    schema: 'hrdd/coverage@1',
    framework: {
      id: fw.id,
      version: fw.version,
      title: fw.title,
      ...(fw.publisher !== undefined && { publisher: fw.publisher }),
      source: { ...fw.source },
    },
    questionnaires: questionnaires.map((q) => ({ id: q.id, version: q.version, title: q.title })),
    items,
    groups: fw.groups.map((g) => ({ id: g.id, title: g.title })),
    notCovered: items.filter((i) => !i.covered).map((i) => ({ id: i.id, title: i.title })),
    unknown: [...byItem].filter(([id]) => !known.has(id)).map(([id, questions]) => ({ id, questions })),
    summary: {
      items: items.length,
      covered: items.filter((i) => i.covered).length,
      questions: referencing.size,
    },
  };
}

/**
 * The questions that reference each item of the framework, by item id in the order first met (items the
 * framework does not list too), and the questions that reference any, as questionnaire NUL question id.
 */
function collectReferences(
  fw: FrameworkInfo,
  questionnaires: readonly Questionnaire[],
  refs: ReadonlyMap<Questionnaire, RefsMap>,
): { byItem: Map<string, CoverageQuestion[]>; referencing: Set<string> } {
  const byItem = new Map<string, CoverageQuestion[]>();
  const referencing = new Set<string>();
  for (const q of questionnaires) {
    const extra = refs.get(q);
    for (const s of q.sections)
      for (const x of s.questions) {
        const own = extra?.has(x.id) ? mergeRefs(new Map([[x.id, x.refs]]), extra).get(x.id)! : x.refs;
        const items = own.get(fw.id) ?? [];
        if (items.length) referencing.add(`${q.id}\u0000${x.id}`);
        const scored = isScored(x, s, q);
        for (const item of new Set(items))
          byItem.set(item, [...(byItem.get(item) ?? []), { id: x.id, questionnaire: q.id, scored }]);
      }
  }
  return { byItem, referencing };
}
