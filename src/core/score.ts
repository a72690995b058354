import { evaluate, isAnswered, visibilityOf, type Visibility } from './conditions.js';
import { mergeRefs, UNGP, type FrameworkShape, type QuestionRefs, type RefsMap } from './framework.js';
import {
  DEFAULT_BANDS,
  findOption,
  isScored,
  type Answer,
  type MaturityBand,
  type Option,
  type Question,
  type Questionnaire,
  type Section,
} from './model.js';

/** The scoring method of format.md sections 3, 4 and 6: one module that every output uses. */

export interface QuestionResult {
  question: Question;
  questionnaire: Questionnaire;
  section: Section;
  visibility: Visibility;
  /** single or multiple, and its own, its section's and its questionnaire's weights are all > 0 */
  scored: boolean;
  answer?: Answer;
  answered: boolean;
  /** answered with an `na` option */
  na: boolean;
  /** visible, scored and applicable */
  included: boolean;
  /** the question's score 0..1 when included (0 when unanswered), else null */
  score: number | null;
  chosen: Option[];
  /** framework id → item ids: the question's own references with those of refs files */
  refs: QuestionRefs;
}

export interface ScopeScore {
  score: number | null;
  /** the label of its maturity band; null with no score */
  maturityLabel: string | null;
  maturityCapped: boolean;
  redFlags: string[];
}

export interface SectionScore extends ScopeScore {
  section: Section;
  /** Σw of its included questions */
  includedWeight: number;
}

export interface QuestionnaireScore extends ScopeScore {
  questionnaire: Questionnaire;
  sections: SectionScore[];
}

export interface Gap {
  question: Question;
  questionnaire: Questionnaire;
  section: Section;
  score: number;
  answered: boolean;
  impact: number;
  priority: number;
  critical: boolean;
  /** the highest salience severity among the question's tags (0 when none) */
  severity: number;
}

export interface SalienceIssue {
  issue: string;
  /** the answer of the issue's `name` question, when it has one: the issue's label in reports */
  name?: string;
  severity: number | null;
  likelihood: number | null;
  scale: number | null;
  scope: number | null;
  remediability: number | null;
}

export interface Completion {
  answered: number;
  included: number;
  pending: number;
  /** answered / (included + pending); null when 0/0 */
  ratio: number | null;
  /** visible answers, scored or not, carried from an earlier questionnaire version and not yet confirmed (`carried`) */
  carried: number;
}

/** The scores of one framework's items (format.md §4): every item of the framework, in its order. */
export interface FrameworkScore {
  version: string;
  /** item id → 100 × the weighted mean of the included questions that reference it; null when none is included */
  items: Map<string, number | null>;
}

/** What the scorer needs besides the questionnaires and answers (loaded at the edge). */
export interface ScoreOptions {
  /** the frameworks referenced by the questionnaires and refs files, each with its items */
  frameworks?: readonly FrameworkShape[];
  /** references from refs files, by question id: merged with the questions' own (union) */
  refs?: RefsMap;
}

export interface ScoreResult {
  overall: ScopeScore & { completion: number | null };
  questionnaires: QuestionnaireScore[];
  /** the `ungp` framework's item scores by principle number: a key for every number a question references */
  principles: Map<number, number | null>;
  /** framework id → its item scores, for every framework in `ScoreOptions.frameworks` */
  frameworks: Map<string, FrameworkScore>;
  gaps: Gap[];
  redFlags: string[];
  salience: SalienceIssue[];
  completion: Completion;
  questions: QuestionResult[];
}

export const TIE = 1e-9;

/** A score rounded as every output shows it: to one decimal, halves up. */
export function roundToTenth(score: number): number {
  return Math.round(score * 10) / 10;
}

/** The label of the highest band whose min ≤ the shown score, capped at the middle band while a red flag is open. */
export function maturityLabelOf(
  score: number | null,
  bands: readonly MaturityBand[],
  redFlag: boolean,
): { maturityLabel: string | null; maturityCapped: boolean } {
  if (score === null) return { maturityLabel: null, maturityCapped: false };
  const s = roundToTenth(score);
  let index = 0;
  bands.forEach((b, i) => {
    if (b.min <= s) index = i;
  });
  const cap = Math.floor((bands.length - 1) / 2);
  if (redFlag && index > cap) return { maturityLabel: bands[cap]!.label, maturityCapped: true };
  return { maturityLabel: bands[index]!.label, maturityCapped: false };
}

/** factor × Σ(w·v) / Σw, in the spec's order of operations (it decides the last bit of a float); null with no terms or Σw = 0. */
function mean(terms: Array<[weight: number, value: number]>, factor = 1): number | null {
  let sw = 0;
  let sv = 0;
  for (const [w, v] of terms) {
    sw += w;
    sv += w * v;
  }
  return terms.length === 0 || sw === 0 ? null : (factor * sv) / sw;
}

export function scoreAssessment(
  questionnaires: readonly Questionnaire[],
  answers: ReadonlyMap<string, Answer>,
  options: ScoreOptions = {},
): ScoreResult {
  const questions = scoreQuestions(questionnaires, answers, options.refs?.size ? options.refs : undefined);
  const redFlagQs = questions.filter((r) => r.included && r.question.critical && (r.score ?? 0) < 0.5);
  const redFlags = redFlagQs.map((r) => r.question.id);
  const bySection = groupBySection(questions);
  const qScores = questionnaires.map((questionnaire) => scoreQuestionnaire(questionnaire, bySection, redFlagQs));
  const overallScore = mean(qScores.filter((q) => q.score !== null).map((q) => [q.questionnaire.weight, q.score!]));
  const salience = scoreSalience(questions);
  const completion = completionOf(questions);
  return {
    overall: {
      score: overallScore,
      ...maturityLabelOf(overallScore, DEFAULT_BANDS, redFlags.length > 0),
      redFlags,
      completion: completion.ratio,
    },
    questionnaires: qScores,
    principles: scorePrinciples(questions),
    frameworks: scoreFrameworks(questions, options.frameworks ?? []),
    gaps: findGaps(qScores, bySection, salience),
    redFlags,
    salience,
    completion,
    questions,
  };
}

/**
 * Every question's result, in order: conditions name only earlier questions or required (earlier)
 * questionnaires, so each question's visibility is known from those before it.
 */
function scoreQuestions(
  questionnaires: readonly Questionnaire[],
  answers: ReadonlyMap<string, Answer>,
  extraRefs: RefsMap | undefined,
): QuestionResult[] {
  const visibility = new Map<string, Visibility>();
  const world = { visibility: (id: string) => visibility.get(id), answer: (id: string) => answers.get(id) };
  const questions: QuestionResult[] = [];
  for (const questionnaire of questionnaires) {
    for (const section of questionnaire.sections) {
      for (const question of section.questions) {
        const vis = question.when ? visibilityOf(evaluate(question.when, world)) : 'visible';
        if (!visibility.has(question.id)) visibility.set(question.id, vis);
        const refs = extraRefs?.has(question.id)
          ? mergeRefs(new Map([[question.id, question.refs]]), extraRefs).get(question.id)!
          : question.refs;
        questions.push(scoreQuestion(question, section, questionnaire, vis, answers.get(question.id), refs));
      }
    }
  }
  return questions;
}

function scoreQuestion(
  question: Question,
  section: Section,
  questionnaire: Questionnaire,
  vis: Visibility,
  answer: Answer | undefined,
  refs: QuestionRefs,
): QuestionResult {
  const scored = isScored(question, section, questionnaire);
  const answered = vis === 'visible' && isAnswered(answer);
  const chosen = answered ? chosenOptions(question, answer) : [];
  const na = answered && chosen.some((o) => o.na === true);
  const included = vis === 'visible' && scored && !na;
  return {
    question,
    questionnaire,
    section,
    visibility: vis,
    scored,
    ...(answer && { answer }),
    answered,
    na,
    included,
    score: included ? questionScore(question, answered, chosen) : null,
    chosen,
    refs,
  };
}

/** The options an answer names (values that are not options are left out). */
function chosenOptions(question: Question, answer: Answer): Option[] {
  const chosen: Option[] = [];
  for (const v of Array.isArray(answer.value) ? answer.value : [answer.value]) {
    const o = findOption(question, v);
    if (o) chosen.push(o);
  }
  return chosen;
}

/** An included question's score: 0 unanswered, its option's score, or the capped sum of a multiple choice. */
function questionScore(question: Question, answered: boolean, chosen: readonly Option[]): number {
  if (!answered) return 0;
  if (question.type === 'single') return chosen[0]?.score ?? 0;
  return Math.min(
    1,
    chosen.reduce((sum, o) => sum + (o.score ?? 0), 0),
  );
}

function groupBySection(questions: readonly QuestionResult[]): Map<Section, QuestionResult[]> {
  const bySection = new Map<Section, QuestionResult[]>();
  for (const r of questions) {
    const list = bySection.get(r.section) ?? [];
    list.push(r);
    bySection.set(r.section, list);
  }
  return bySection;
}

function scoreQuestionnaire(
  questionnaire: Questionnaire,
  bySection: ReadonlyMap<Section, QuestionResult[]>,
  redFlagQs: readonly QuestionResult[],
): QuestionnaireScore {
  const bands = questionnaire.maturityBands ?? DEFAULT_BANDS;
  const sections = questionnaire.sections.map((section) =>
    scoreSection(section, bySection.get(section) ?? [], bands, redFlagQs),
  );
  const score = mean(sections.filter((s) => s.score !== null).map((s) => [s.section.weight, s.score!]));
  const flags = sections.flatMap((s) => s.redFlags);
  return { questionnaire, sections, score, ...maturityLabelOf(score, bands, flags.length > 0), redFlags: flags };
}

function scoreSection(
  section: Section,
  results: readonly QuestionResult[],
  bands: readonly MaturityBand[],
  redFlagQs: readonly QuestionResult[],
): SectionScore {
  const included = results.filter((r) => r.included);
  const score = mean(
    included.map((r) => [r.question.weight, r.score!]),
    100,
  );
  const flags = included.filter((r) => redFlagQs.includes(r)).map((r) => r.question.id);
  return {
    section,
    score,
    ...maturityLabelOf(score, bands, flags.length > 0),
    redFlags: flags,
    includedWeight: included.reduce((a, r) => a + r.question.weight, 0),
  };
}

/**
 * Scores of framework items — the one rule behind principles and every framework: for each item,
 * 100 × Σ(w·s) / Σw over the included questions that reference it, in question order (so the
 * float is the same whichever way it is asked for); null when none is included. Linear in the
 * references, however many items a framework has.
 */
function itemScores(
  questions: readonly QuestionResult[],
  framework: string,
  items: Iterable<string>,
): Map<string, number | null> {
  const terms = new Map<string, Array<[number, number]>>();
  for (const id of items) terms.set(id, []);
  for (const r of questions) {
    if (!r.included) continue;
    for (const id of r.refs.get(framework) ?? []) terms.get(id)?.push([r.question.weight, r.score!]);
  }
  return new Map([...terms].map(([id, t]) => [id, mean(t, 100)]));
}

const PRINCIPLE_NUMBER = /^[1-9][0-9]{0,8}$/;

/** Principles are the `ungp` framework's items, keyed by number: every number a question references. */
function scorePrinciples(questions: readonly QuestionResult[]): Map<number, number | null> {
  const referenced = new Set<number>();
  for (const r of questions)
    for (const id of r.refs.get(UNGP) ?? []) if (PRINCIPLE_NUMBER.test(id)) referenced.add(Number(id));
  const numbers = [...referenced].sort((a, b) => a - b);
  const byNumber = itemScores(
    questions,
    UNGP,
    numbers.map((n) => String(n)),
  );
  return new Map(numbers.map((n) => [n, byNumber.get(String(n))!]));
}

/** Every item of every framework in use (the first of an id), through the same rule. */
function scoreFrameworks(
  questions: readonly QuestionResult[],
  frameworks: readonly FrameworkShape[],
): Map<string, FrameworkScore> {
  const out = new Map<string, FrameworkScore>();
  for (const f of frameworks)
    if (!out.has(f.id))
      out.set(f.id, {
        version: f.version,
        items: itemScores(
          questions,
          f.id,
          f.items.map((i) => i.id),
        ),
      });
  return out;
}

/** The included questions scoring below 1, with impact and priority, highest priority first. */
function findGaps(
  qScores: readonly QuestionnaireScore[],
  bySection: ReadonlyMap<Section, QuestionResult[]>,
  salience: readonly SalienceIssue[],
): Gap[] {
  const severityOf = new Map(salience.map((i) => [i.issue, i.severity ?? 0]));
  const qTotal = qScores.filter((q) => q.score !== null).reduce((a, q) => a + q.questionnaire.weight, 0);
  const gaps: Gap[] = [];
  for (const qs of qScores) {
    if (qs.score === null) continue;
    const secTotal = qs.sections.filter((s) => s.score !== null).reduce((a, s) => a + s.section.weight, 0);
    for (const ss of qs.sections) {
      if (ss.score === null) continue;
      for (const r of bySection.get(ss.section) ?? []) {
        if (!r.included || r.score! >= 1) continue;
        const impact =
          100 *
          (1 - r.score!) *
          (r.question.weight / ss.includedWeight) *
          (ss.section.weight / secTotal) *
          (qs.questionnaire.weight / qTotal);
        gaps.push(gapOf(r, qs, ss, impact, severityOf));
      }
    }
  }
  gaps.sort((a, b) => (Math.abs(a.priority - b.priority) <= TIE ? 0 : b.priority - a.priority)); // stable: ties keep file order
  return gaps;
}

function gapOf(
  r: QuestionResult,
  qs: QuestionnaireScore,
  ss: SectionScore,
  impact: number,
  severityOf: ReadonlyMap<string, number>,
): Gap {
  const severity = Math.max(0, ...r.question.tags.map((t) => severityOf.get(t) ?? 0));
  const critical = r.question.critical;
  return {
    question: r.question,
    questionnaire: qs.questionnaire,
    section: ss.section,
    score: r.score!,
    answered: r.answered,
    impact,
    priority: impact * (critical ? 2 : 1) * (1 + severity / 4),
    critical,
    severity,
  };
}

function completionOf(questions: readonly QuestionResult[]): Completion {
  const included = questions.filter((r) => r.included);
  const answeredCount = included.filter((r) => r.answered).length;
  const pending = questions.filter((r) => r.visibility === 'pending' && r.scored).length;
  const denominator = included.length + pending;
  return {
    answered: answeredCount,
    included: included.length,
    pending,
    ratio: denominator === 0 ? null : answeredCount / denominator,
    carried: questions.filter((r) => r.answered && r.answer?.carried !== undefined).length,
  };
}

/** A named issue's label is cut to this many characters: it is a label, not a note. */
const MAX_ISSUE_NAME = 80;

function scoreSalience(questions: readonly QuestionResult[]): SalienceIssue[] {
  const issues = new Map<string, SalienceIssue & { order: number; any: boolean }>();
  questions.forEach((r, order) => {
    const sal = r.question.salience;
    if (!sal) return;
    let issue = issues.get(sal.issue);
    if (!issue) {
      issue = {
        issue: sal.issue,
        severity: null,
        likelihood: null,
        scale: null,
        scope: null,
        remediability: null,
        order,
        any: false,
      };
      issues.set(sal.issue, issue);
    }
    if (sal.dimension === 'name') {
      const name = r.answered && typeof r.answer?.value === 'string' ? r.answer.value.trim() : '';
      if (name) issue.name = name.slice(0, MAX_ISSUE_NAME);
      return;
    }
    const v = r.answered && typeof r.answer?.value === 'number' ? r.answer.value : null;
    if (v === null) return;
    issue[sal.dimension] = v;
    issue.any = true;
  });
  const list = [...issues.values()].filter((i) => i.any);
  for (const i of list) {
    const dims = [i.scale, i.scope, i.remediability].filter((x): x is number => x !== null);
    i.severity = dims.length ? Math.max(...dims) : null;
  }
  const desc = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : b - a);
  list.sort((a, b) => desc(a.severity, b.severity) || desc(a.likelihood, b.likelihood) || a.order - b.order);
  return list.map(({ issue, name, severity, likelihood, scale, scope, remediability }) => ({
    issue,
    ...(name !== undefined && { name }),
    severity,
    likelihood,
    scale,
    scope,
    remediability,
  }));
}
