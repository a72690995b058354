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
  const single = rs.length === 1;
  const merged = new Map<string, MergedAnswer>();
  const disagreements: Disagreement[] = [];
  const questions = questionnaires.flatMap((q) =>
    q.sections.flatMap((s) =>
      s.questions.map((question) => ({ question, weighted: q.weight > 0 && s.weight > 0 && question.weight > 0 })),
    ),
  );
  const known = new Set(questions.map((x) => x.question.id));

  const attribution = (id: string) =>
    rs.flatMap((r) => {
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
  const notes = (id: string) => {
    const ns = rs.flatMap((r) =>
      r.answers.get(id)?.note ? [single ? r.answers.get(id)!.note! : `[${r.label}] ${r.answers.get(id)!.note}`] : [],
    );
    return ns.length ? ns.join('\n') : undefined;
  };
  const evidence = (id: string) => [...new Set(rs.flatMap((r) => r.answers.get(id)?.evidence ?? []))];
  const put = (id: string, value: AnswerValue | null) => {
    const note = notes(id);
    const ev = evidence(id);
    const att = attribution(id);
    if (!att.length) return;
    const skipped = value === null && att.every((a) => 'skipped' in a);
    merged.set(id, { value, skipped, ...(note && { note }), ...(ev.length && { evidence: ev }), respondents: att });
  };

  for (const { question: q, weighted } of questions) {
    const given = rs
      .map((r) => ({ r, a: r.answers.get(q.id) }))
      .filter((x): x is { r: Respondent; a: Answer & { value: AnswerValue } } => isAnswered(x.a));
    const values = given.map((x) => x.a.value);
    if (!values.length) {
      put(q.id, null);
      continue;
    }
    const sorted = [...values].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
    if (q.salience) {
      put(
        q.id,
        values.reduce((m, v) => (typeof v === 'number' && (typeof m !== 'number' || v > m) ? v : m), sorted[0]!),
      );
    } else if (q.type === 'text') {
      put(q.id, single ? values[0]! : given.map((x) => `[${x.r.label}] ${String(x.a.value)}`).join('\n'));
    } else if (q.type === 'number') {
      put(q.id, Math.max(...values.filter((v): v is number => typeof v === 'number')));
    } else if (!weighted) {
      // the profile: the widest scope
      if (q.type === 'multiple') {
        put(
          q.id,
          q.options
            .map((o) => o.value)
            .filter((v) => values.some((list) => Array.isArray(list) && list.some((x) => sameValue(x, v)))),
        );
      } else {
        const candidates = sorted.filter((v, i) => sorted.findIndex((w) => sameValue(w, v)) === i);
        const visibleWith = (v: AnswerValue) => {
          const trial = new Map<string, Answer>([...merged].map(([k, a]) => [k, a]));
          trial.set(q.id, { value: v, skipped: false });
          return scoreAssessment(questionnaires, trial).questions.filter((x) => x.visibility !== 'hidden').length;
        };
        const best =
          candidates.length === 1
            ? candidates[0]!
            : candidates.map((v) => ({ v, n: visibleWith(v) })).reduce((m, x) => (x.n > m.n ? x : m)).v;
        put(q.id, best);
      }
    } else {
      const scored = given.map((x) => ({ ...x, s: scoreOf(q, x.a.value) }));
      const applicable = scored
        .filter((x) => x.s !== null)
        .sort(
          (x, y) => x.s! - y.s! || (key(x.a.value) < key(y.a.value) ? -1 : key(x.a.value) > key(y.a.value) ? 1 : 0),
        );
      if (applicable.length >= 2 && applicable.at(-1)!.s! - applicable[0]!.s! >= DISAGREEMENT - 1e-9) {
        disagreements.push({
          question: q.id,
          text: q.text,
          scores: Object.fromEntries(scored.map((x) => [x.r.label, x.s ?? NaN]).filter(([, s]) => !Number.isNaN(s))),
        });
      }
      let value: AnswerValue | null;
      if (policy === 'consensus') {
        value = given.length === rs.length && values.every((v) => sameAnswerValue(v, values[0]!)) ? values[0]! : null;
      } else if (!applicable.length) {
        value = sorted[0]!; // every answer is N/A
      } else if (policy === 'lowest') {
        value = applicable[0]!.a.value;
      } else {
        value = applicable[Math.floor((applicable.length - 1) / 2)]!.a.value; // the lower median: conservative
      }
      put(q.id, value);
    }
  }
  // answers to questions no questionnaire has are kept, never dropped
  for (const id of [...new Set(rs.flatMap((r) => [...r.answers.keys()]))].sort()) {
    if (known.has(id)) continue;
    const vals = rs
      .map((r) => r.answers.get(id))
      .filter(isAnswered)
      .map((a) => a.value)
      .sort((x, y) => (key(x) < key(y) ? -1 : 1));
    put(id, vals[0] ?? null);
  }
  return { answers: merged, disagreements };
}
