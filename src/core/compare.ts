import { issueLabel } from './issues.js';
import { sameAnswerValue, type Answer, type AnswerValue, type Questionnaire } from './model.js';
import type { ScoreResult } from './score.js';
import { answerText } from './report-model.js';

/** Progress between two assessments (UNGP 17, 20): every number is after − before. */

export interface Delta {
  before: number | null;
  after: number | null;
  /** after − before; null when either side is null */
  delta: number | null;
}

export interface Side {
  label: string;
  questionnaires: readonly Questionnaire[];
  answers: ReadonlyMap<string, Answer>;
  result: ScoreResult;
}

export interface Comparison {
  schema: 'hrdd/compare@1';
  before: { label: string; questionnaires: Array<{ id: string; version: string }> };
  after: { label: string; questionnaires: Array<{ id: string; version: string }> };
  /**
   * The modules the two sides use in different versions (`id before → after`): their scores and
   * gaps follow different questions, so a change there is not only progress.
   */
  versionChanges: string[];
  overall: Delta & { maturityBefore: string | null; maturityAfter: string | null };
  questionnaires: Array<
    Delta & {
      id: string;
      title: string;
      versionBefore: string | null;
      versionAfter: string | null;
      sections: Array<Delta & { id: string; title: string }>;
    }
  >;
  principles: Record<string, Delta>;
  closedGaps: string[];
  newGaps: string[];
  redFlags: { resolved: string[]; new: string[]; open: string[] };
  salience: Array<{
    issue: string;
    /** as reports name the issue: its `name` answer, or the label of a known issue */
    label: string;
    severityBefore: number | null;
    severityAfter: number | null;
    likelihoodBefore: number | null;
    likelihoodAfter: number | null;
  }>;
  changedAnswers: Array<{
    question: string;
    text: string;
    before: AnswerValue | null;
    after: AnswerValue | null;
    beforeText: string;
    afterText: string;
    noteBefore?: string;
    noteAfter?: string;
  }>;
  addedQuestions: string[];
  removedQuestions: string[];
}

const delta = (before: number | null | undefined, after: number | null | undefined): Delta => {
  const b = before ?? null;
  const a = after ?? null;
  return { before: b, after: a, delta: a === null || b === null ? null : a - b };
};

function unionInOrder<T>(a: readonly T[], b: readonly T[]): T[] {
  const out = [...b];
  for (const x of a) if (!out.includes(x)) out.push(x);
  return out;
}

const valueOf = (a: Answer | undefined): AnswerValue | null => (!a || a.skipped ? null : (a.value ?? null));

export function compareAssessments(before: Side, after: Side): Comparison {
  const bq = questionsOf(before);
  const aq = questionsOf(after);
  const bg = gapIds(before);
  const ag = gapIds(after);
  const bf = new Set(before.result.redFlags);
  const af = new Set(after.result.redFlags);
  const versions = (s: Side) => s.questionnaires.map((q) => ({ id: q.id, version: q.version }));
  return {
    schema: 'hrdd/compare@1',
    before: { label: before.label, questionnaires: versions(before) },
    after: { label: after.label, questionnaires: versions(after) },
    versionChanges: versionChanges(before, after),
    overall: {
      ...delta(before.result.overall.score, after.result.overall.score),
      maturityBefore: before.result.overall.maturityLabel,
      maturityAfter: after.result.overall.maturityLabel,
    },
    questionnaires: compareQuestionnaires(before.result, after.result),
    principles: comparePrinciples(before.result, after.result),
    closedGaps: [...bg].filter((id) => !ag.has(id) && aq.has(id)),
    newGaps: [...ag].filter((id) => !bg.has(id)),
    redFlags: {
      resolved: [...bf].filter((x) => !af.has(x)),
      new: [...af].filter((x) => !bf.has(x)),
      open: [...af].filter((x) => bf.has(x)),
    },
    salience: compareSalience(before.result, after.result),
    changedAnswers: changedAnswers(before, after, bq, aq),
    addedQuestions: [...aq.keys()].filter((id) => !bq.has(id)),
    removedQuestions: [...bq.keys()].filter((id) => !aq.has(id)),
  };
}

const questionsOf = (s: Side) => new Map(s.result.questions.map((r) => [r.question.id, r]));
const gapIds = (s: Side) => new Set(s.result.gaps.map((g) => g.question.id));

/** The questionnaires of either side that carry weight, with their sections: the after side's order, then any only the before side has. */
function compareQuestionnaires(before: ScoreResult, after: ScoreResult): Comparison['questionnaires'] {
  const qIds = unionInOrder(
    before.questionnaires.map((q) => q.questionnaire.id),
    after.questionnaires.map((q) => q.questionnaire.id),
  );
  return qIds.flatMap((id) => {
    const b = before.questionnaires.find((q) => q.questionnaire.id === id);
    const a = after.questionnaires.find((q) => q.questionnaire.id === id);
    if ((a ?? b)!.questionnaire.weight === 0 && (b ?? a)!.questionnaire.weight === 0) return [];
    const sIds = unionInOrder(b?.sections.map((s) => s.section.id) ?? [], a?.sections.map((s) => s.section.id) ?? []);
    return [
      {
        id,
        title: (a ?? b)!.questionnaire.title,
        versionBefore: b?.questionnaire.version ?? null,
        versionAfter: a?.questionnaire.version ?? null,
        ...delta(b?.score, a?.score),
        sections: sIds.map((sid) => {
          const bs = b?.sections.find((s) => s.section.id === sid);
          const as = a?.sections.find((s) => s.section.id === sid);
          return { id: sid, title: (as ?? bs)!.section.title, ...delta(bs?.score, as?.score) };
        }),
      },
    ];
  });
}

function comparePrinciples(before: ScoreResult, after: ScoreResult): Record<string, Delta> {
  const principles: Record<string, Delta> = {};
  for (const n of [...new Set([...before.principles.keys(), ...after.principles.keys()])].sort((x, y) => x - y)) {
    principles[String(n)] = delta(before.principles.get(n), after.principles.get(n));
  }
  return principles;
}

/** The salient issues whose severity or likelihood changed. */
function compareSalience(before: ScoreResult, after: ScoreResult): Comparison['salience'] {
  const issues = unionInOrder(
    before.salience.map((i) => i.issue),
    after.salience.map((i) => i.issue),
  );
  return issues
    .map((issue) => {
      const b = before.salience.find((i) => i.issue === issue);
      const a = after.salience.find((i) => i.issue === issue);
      return {
        issue,
        label: a?.name ?? b?.name ?? issueLabel(issue),
        severityBefore: b?.severity ?? null,
        severityAfter: a?.severity ?? null,
        likelihoodBefore: b?.likelihood ?? null,
        likelihoodAfter: a?.likelihood ?? null,
      };
    })
    .filter((x) => x.severityBefore !== x.severityAfter || x.likelihoodBefore !== x.likelihoodAfter);
}

/** Each module used by both sides in different versions, as `id before → after`. */
function versionChanges(before: Side, after: Side): string[] {
  return after.questionnaires.flatMap((a) => {
    const b = before.questionnaires.find((x) => x.id === a.id);
    return b && b.version !== a.version ? [`${a.id} ${b.version} → ${a.version}`] : [];
  });
}

/** The answers that changed, to questions both sides have (added or removed questions are listed apart). */
function changedAnswers(
  before: Side,
  after: Side,
  bq: ReturnType<typeof questionsOf>,
  aq: ReturnType<typeof questionsOf>,
): Comparison['changedAnswers'] {
  const changed: Comparison['changedAnswers'] = [];
  for (const id of unionInOrder([...bq.keys()], [...aq.keys()])) {
    const br = bq.get(id);
    const ar = aq.get(id);
    if (!br || !ar) continue;
    const b = valueOf(before.answers.get(id));
    const a = valueOf(after.answers.get(id));
    if (sameAnswerValue(b, a)) continue;
    const nb = before.answers.get(id)?.note;
    const na = after.answers.get(id)?.note;
    changed.push({
      question: id,
      text: ar.question.text,
      before: b,
      after: a,
      beforeText: answerText(br),
      afterText: answerText(ar),
      ...(nb && { noteBefore: nb }),
      ...(na && { noteAfter: na }),
    });
  }
  return changed;
}
