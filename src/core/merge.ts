import { isAnswered } from './conditions.js';
import {
  findOption,
  sameAnswerValue,
  sameValue,
  type Answer,
  type AnswerValue,
  type Question,
  type Questionnaire,
} from './model.js';
import { scoreAssessment } from './score.js';

/**
 * Many voices, one assessment: merges respondents' answers to the same questionnaires.
 * Scored questions follow the policy (lowest: the conservative default; median; consensus);
 * profile answers take the widest scope; salience ratings the highest. Every note and piece of
 * evidence is kept and attributed. The result does not depend on the order of the files.
 */

export type MergePolicy = 'lowest' | 'median' | 'consensus';

export interface Respondent {
  label: string;
  file: string;
  sha256: string;
  answers: ReadonlyMap<string, Answer>;
}

export interface MergedAnswer extends Answer {
  respondents: Array<{ respondent: string; value?: AnswerValue; skipped?: true; note?: string; evidence?: string[] }>;
}

export interface Disagreement {
  question: string;
  text: string;
  scores: Record<string, number>;
}

export interface MergeResult {
  answers: Map<string, MergedAnswer>;
  disagreements: Disagreement[];
}

export const DISAGREEMENT = 0.5;

/** A stable, kind-aware key for a value, to order ties independently of file order. */
const key = (v: unknown) => `${typeof v}:${Array.isArray(v) ? JSON.stringify([...v].map(String).sort()) : String(v)}`;

function scoreOf(q: Question, v: AnswerValue): number | null {
  const values = Array.isArray(v) ? v : [v];
  const opts = values.map((x) => findOption(q, x));
  if (opts.some((o) => o?.na)) return null;
  const sum = opts.reduce((t, o) => t + (o?.score ?? 0), 0);
  return q.type === 'multiple' ? Math.min(1, sum) : sum;
}

export function mergeAnswers(
  questionnaires: readonly Questionnaire[],
  respondents: readonly Respondent[],
  policy: MergePolicy,
): MergeResult {
  const rs = [...respondents].sort((a, b) =>
    a.label < b.label ? -1 : a.label > b.label ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
  );
  const m: Merging = { questionnaires, policy, rs, single: rs.length === 1, merged: new Map(), disagreements: [] };
  const questions = questionnaires.flatMap((q) =>
    q.sections.flatMap((s) =>
      s.questions.map((question) => ({ question, weighted: q.weight > 0 && s.weight > 0 && question.weight > 0 })),
    ),
  );
  for (const { question, weighted } of questions) {
    const given = rs.map((r) => ({ r, a: r.answers.get(question.id) })).filter((x): x is Given => isAnswered(x.a));
    put(m, question.id, given.length ? mergeValue(m, question, weighted, given) : null);
  }
  keepUnknownAnswers(m, new Set(questions.map((x) => x.question.id)));
  return { answers: m.merged, disagreements: m.disagreements };
}

/** The state of one merge: its inputs, and the answers and disagreements found so far. */
interface Merging {
  questionnaires: readonly Questionnaire[];
  policy: MergePolicy;
  /** the respondents by label, then file */
  rs: readonly Respondent[];
  single: boolean;
  merged: Map<string, MergedAnswer>;
  disagreements: Disagreement[];
}

/** A respondent's answer that has a value. */
type Given = { r: Respondent; a: Answer & { value: AnswerValue } };

const byKey = (x: AnswerValue, y: AnswerValue) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0);

/** The merged value of a question at least one respondent answered. */
function mergeValue(m: Merging, q: Question, weighted: boolean, given: readonly Given[]): AnswerValue | null {
  const values = given.map((x) => x.a.value);
  const sorted = [...values].sort(byKey);
  if (q.salience && q.type !== 'text')
    return values.reduce((h, v) => (typeof v === 'number' && (typeof h !== 'number' || v > h) ? v : h), sorted[0]!);
  if (q.type === 'text')
    return m.single ? values[0]! : given.map((x) => `[${x.r.label}] ${String(x.a.value)}`).join('\n');
  if (q.type === 'number') return Math.max(...values.filter((v): v is number => typeof v === 'number'));
  // the profile: the widest scope
  if (!weighted) return q.type === 'multiple' ? everyChosenOption(q, values) : mostVisible(m, q, sorted);
  return byPolicy(m, q, given, values, sorted);
}

/** Every option of a multiple-choice question that any respondent chose, in the questionnaire's order. */
function everyChosenOption(q: Question, values: readonly AnswerValue[]): AnswerValue {
  return q.options
    .map((o) => o.value)
    .filter((v) => values.some((list) => Array.isArray(list) && list.some((x) => sameValue(x, v))));
}

/** Of the values given to a single-choice profile question, the one that shows the most questions. */
function mostVisible(m: Merging, q: Question, sorted: readonly AnswerValue[]): AnswerValue {
  const candidates = sorted.filter((v, i) => sorted.findIndex((w) => sameValue(w, v)) === i);
  if (candidates.length === 1) return candidates[0]!;
  const visibleWith = (v: AnswerValue) => {
    const trial = new Map<string, Answer>([...m.merged].map(([k, a]) => [k, a]));
    trial.set(q.id, { value: v, skipped: false });
    return scoreAssessment(m.questionnaires, trial).questions.filter((x) => x.visibility !== 'hidden').length;
  };
  return candidates.map((v) => ({ v, n: visibleWith(v) })).reduce((best, x) => (x.n > best.n ? x : best)).v;
}

/** A scored question's value under the merge policy; answers 0.5 or more apart are a disagreement. */
function byPolicy(
  m: Merging,
  q: Question,
  given: readonly Given[],
  values: readonly AnswerValue[],
  sorted: readonly AnswerValue[],
): AnswerValue | null {
  const scored = given.map((x) => ({ ...x, score: scoreOf(q, x.a.value) }));
  const applicable = scored
    .filter((x) => x.score !== null)
    .sort((x, y) => x.score! - y.score! || byKey(x.a.value, y.a.value));
  if (applicable.length >= 2 && applicable.at(-1)!.score! - applicable[0]!.score! >= DISAGREEMENT - 1e-9) {
    m.disagreements.push({
      question: q.id,
      text: q.text,
      scores: Object.fromEntries(scored.map((x) => [x.r.label, x.score ?? NaN]).filter(([, s]) => !Number.isNaN(s))),
    });
  }
  if (m.policy === 'consensus')
    return given.length === m.rs.length && values.every((v) => sameAnswerValue(v, values[0]!)) ? values[0]! : null;
  if (!applicable.length) return sorted[0]!; // every answer is N/A
  if (m.policy === 'lowest') return applicable[0]!.a.value;
  return applicable[Math.floor((applicable.length - 1) / 2)]!.a.value; // the lower median: conservative
}

/** Answers to questions no questionnaire has are kept, never dropped. */
function keepUnknownAnswers(m: Merging, known: ReadonlySet<string>): void {
  for (const id of [...new Set(m.rs.flatMap((r) => [...r.answers.keys()]))].sort()) {
    if (known.has(id)) continue;
    const vals = m.rs
      .map((r) => r.answers.get(id))
      .filter(isAnswered)
      .map((a) => a.value)
      .sort((x, y) => (key(x) < key(y) ? -1 : 1));
    put(m, id, vals[0] ?? null);
  }
}

/** Records the merged answer to `id`, with every respondent's note and evidence, if anyone gave one. */
function put(m: Merging, id: string, value: AnswerValue | null): void {
  const note = notesOf(m, id);
  const ev = [...new Set(m.rs.flatMap((r) => r.answers.get(id)?.evidence ?? []))];
  const att = attributionOf(m.rs, id);
  if (!att.length) return;
  const skipped = value === null && att.every((a) => 'skipped' in a);
  m.merged.set(id, { value, skipped, ...(note && { note }), ...(ev.length && { evidence: ev }), respondents: att });
}

function attributionOf(rs: readonly Respondent[], id: string): MergedAnswer['respondents'] {
  return rs.flatMap((r) => {
    const a = r.answers.get(id);
    if (!a) return [];
    return [
      {
        respondent: r.label,
        ...(isAnswered(a) ? { value: a.value } : a.skipped ? { skipped: true as const } : {}),
        ...(a.note && { note: a.note }),
        ...(a.evidence?.length && { evidence: a.evidence }),
      },
    ];
  });
}

/** The respondents' notes, one a line, each under its respondent's label when there are several. */
function notesOf(m: Merging, id: string): string | undefined {
  const ns = m.rs.flatMap((r) =>
    r.answers.get(id)?.note ? [m.single ? r.answers.get(id)!.note! : `[${r.label}] ${r.answers.get(id)!.note}`] : [],
  );
  return ns.length ? ns.join('\n') : undefined;
}
