import type { Answers, MaturityBand, Questionnaire } from './model.js';
import { moduleProgress, type Progress } from './progress.js';
import { DEFAULT_BANDS, isChoice } from './model.js';
import type { QuestionResult, ScoreResult, SectionScore } from './score.js';
import type { ScoreInputs } from './score-json.js';
import { isOutcome, issueLabel, rightsOf } from './issues.js';
import { UNGP } from './framework.js';
import { describeCondition, firstSentence, fmtPoints, fmtScore } from './display.js';

/**
 * The report model: everything the Markdown, PDF and JSON reports show, computed once from the
 * score. Renderers only lay it out; they hold no scoring logic.
 */

export interface ReportScope {
  id: string;
  title: string;
  score: number | null;
  /** one decimal, or "n/a" */
  shown: string;
  maturity: string | null;
  maturityCapped: boolean;
}

export interface ReportQuestionnaire extends ReportScope {
  version: string;
  weight: number;
  /** the module's count: answered of the questions that count, plus those pending (format.md §4, completion) */
  answered: number;
  total: number;
  /** the sections that have scored questions; `note` says why one has no score */
  sections: Array<ReportScope & { weight: number; note?: string }>;
}

/** One item of a framework (a principle, an indicator, an article) as the report shows it. */
export interface ReportFrameworkItem {
  id: string;
  title: string;
  score: number | null;
  /** one decimal, or "n/a" */
  shown: string;
  /** the ids of the questions whose answers make its score (included in the score), in questionnaire order */
  questions: string[];
}

/**
 * A framework chapter: the items the questionnaires cover, by group, with their scores, and the
 * items none of their questions references ("not assessed by these questionnaires").
 */
export interface ReportFramework {
  id: string;
  version: string;
  title: string;
  publisher?: string;
  source: { url?: string; edition?: string };
  /** the groups that hold a covered item, in the framework's order; "other" last for items without one */
  groups: Array<{ id: string; title: string; items: ReportFrameworkItem[] }>;
  notCovered: Array<{ id: string; title: string }>;
}

/** A framework as the report reads it: the description, groups and items of its file. */
export interface FrameworkInfo {
  id: string;
  version: string;
  title: string;
  publisher?: string;
  source?: { url?: string; edition?: string };
  groups: ReadonlyArray<{ id: string; title: string }>;
  items: ReadonlyArray<{ id: string; title: string; group?: string }>;
}

export interface ReportAction {
  rank: number;
  id: string;
  questionnaire: string;
  section: string;
  text: string;
  answer: string;
  score: number;
  impact: number;
  priority: number;
  critical: boolean;
  ungp: number[];
  /** the principles, with their short titles: "16 Policy commitment; 17 Human rights due diligence" */
  why: string;
  issues: string[];
  severity: number;
  recommendation: string;
  note?: string;
  evidence: string[];
}

export interface ReportPending {
  id: string;
  questionnaire: string;
  section: string;
  text: string;
  state: 'unanswered' | 'skipped' | 'pending';
  impact?: number;
}

export interface ReportAnswerRow {
  id: string;
  text: string;
  answer: string;
  state: 'answered' | 'na' | 'unanswered' | 'skipped' | 'hidden' | 'pending';
  score: number | null;
  note?: string;
  evidence: string[];
}

export interface ReportSalienceIssue {
  issue: string;
  label: string;
  severity: number | null;
  likelihood: number | null;
  scale: number | null;
  scope: number | null;
  remediability: number | null;
}

export interface ReportModel {
  schema: 'hrdd/report@1';
  meta: {
    title: string;
    organisation: string;
    assessor?: string;
    date: string;
    tool: { name: string; version: string };
    complete: boolean;
    redacted: boolean;
    language: string;
  };
  inputs: {
    answers: { path: string; sha256: string };
    questionnaires: Array<{ id: string; version: string; title: string; sha256: string }>;
  };
  summary: {
    overall: ReportScope & { redFlagCount: number };
    /** `carried`: answers carried from an earlier questionnaire version, not yet confirmed (only when any) */
    completion: {
      ratio: number | null;
      percent: string;
      answered: number;
      total: number;
      pending: number;
      carried?: number;
    };
    redFlags: Array<{
      id: string;
      text: string;
      questionnaire: string;
      section: string;
      answer: string;
      score: number;
    }>;
    /**
     * What happened in the period: every included question tagged `outcome`, in questionnaire
     * order, with its answer; `redFlag` when it caps the maturity (format §4, §5).
     */
    outcomes: Array<{
      id: string;
      text: string;
      questionnaire: string;
      answered: boolean;
      answer: string;
      score: number | null;
      redFlag: boolean;
    }>;
    weakest: { questionnaire: string; section: string; score: number; shown: string } | null;
    averageSection: { score: number; shown: string } | null;
    topGaps: Array<{ id: string; sentence: string; impact: number }>;
  };
  questionnaires: ReportQuestionnaire[];
  /** a chapter per framework: the UN Guiding Principles first, then those asked for */
  frameworks: ReportFramework[];
  salience: {
    issues: ReportSalienceIssue[];
    /** grid[severity - 1][likelihood - 1]: labels of the issues in that cell */
    grid: string[][][];
    unplaced: string[];
  };
  actions: ReportAction[];
  notYetAssessed: ReportPending[];
  /** for a merged assessment: who answered, and the questions their answers differ on by 0.5 or more */
  merged?: {
    policy: string;
    respondents: string[];
    needsDiscussion: Array<{ id: string; text: string; scores: Array<{ respondent: string; score: number }> }>;
  };
  appendix: {
    answers: Array<{
      questionnaire: string;
      title: string;
      sections: Array<{ id: string; title: string; rows: ReportAnswerRow[] }>;
    }>;
    method: {
      paragraphs: string[];
      weights: Array<{
        questionnaire: string;
        weight: number;
        share: number;
        sections: Array<{ id: string; title: string; weight: number; share: number }>;
      }>;
      profile: Array<{ id: string; text: string; answer: string }>;
      scopedOut: Array<{ id: string; text: string; because: string }>;
      notApplicable: Array<{ id: string; text: string; reason: string }>;
    };
  };
}

/** What the report model needs besides the score: whether to redact, today's date, the tool. */
export interface ReportModelOptions {
  redact: boolean;
  /** the date shown when the answers give none (ISO yyyy-mm-dd) */
  today: string;
  tool: { name: string; version: string };
  /**
   * The frameworks to give a chapter, in order (the UN Guiding Principles first); their item
   * scores are read from the score (`ScoreResult.frameworks`), so each must have been scored.
   */
  frameworks?: readonly FrameworkInfo[];
}

export function answerText(r: Pick<QuestionResult, 'question' | 'answer' | 'chosen'>): string {
  const a = r.answer;
  if (!a || a.skipped || a.value === null) return a?.skipped ? 'Skipped' : 'Not answered';
  if (isChoice(r.question)) {
    if (Array.isArray(a.value) && a.value.length === 0) return 'None of these';
    return r.chosen.map((o) => o.label).join('; ') || String(a.value);
  }
  return Array.isArray(a.value) ? a.value.join(', ') : String(a.value);
}

/** The principles' titles by number (from the ungp framework), for "why it matters". */
interface PrincipleNames {
  titles: Map<number, string>;
}

function principleNames(ungp: Pick<FrameworkInfo, 'items'> | undefined): PrincipleNames {
  const titles = new Map<number, string>();
  for (const i of ungp?.items ?? [])
    if (/^[1-9][0-9]{0,8}$/.test(i.id) && !titles.has(Number(i.id))) titles.set(Number(i.id), i.title);
  return { titles };
}

/** The principles with their short titles: "16 Policy commitment; 17 Human rights due diligence". */
const why = (names: PrincipleNames, ns: number[]) =>
  ns.map((n) => `${n} ${names.titles.get(n) ?? ''}`.trim()).join('; ');

export function buildReportModel(
  questionnaires: readonly Questionnaire[],
  answers: Answers,
  result: ScoreResult,
  inputs: ScoreInputs,
  opt: ReportModelOptions,
): ReportModel {
  const redact = opt.redact;
  const ctx: ModelContext = {
    result,
    byId: new Map(result.questions.map((r) => [r.question.id, r])),
    redact,
    // a redacted copy names no respondent: each becomes "Respondent n" (in the order of the merged
    // file's list), in the list, the disagreements and the "[label] " prefixes merge puts in text
    alias: redact ? respondentAliases(answers) : undefined,
    names: principleNames(opt.frameworks?.find((f) => f.id === UNGP)),
  };
  const actions = reportActions(ctx);
  const c = result.completion;
  return {
    schema: 'hrdd/report@1',
    meta: {
      title: 'Human rights due diligence gap report',
      organisation: answers.organisation,
      ...(!redact && answers.assessor && { assessor: answers.assessor }),
      date: answers.date ?? opt.today,
      tool: opt.tool,
      complete: c.ratio === 1,
      redacted: redact,
      language: questionnaires.find((q) => q.weight > 0)?.language ?? 'en',
    },
    inputs: {
      // a redacted copy shows only the file's name: a folder path can name a person
      answers: redact
        ? { ...inputs.answers, path: inputs.answers.path.split(/[\\/]/).pop() ?? inputs.answers.path }
        : inputs.answers,
      questionnaires: questionnaires.map((q) => ({ id: q.id, version: q.version, title: q.title, sha256: q.sha256 })),
    },
    summary: reportSummary(ctx, actions),
    questionnaires: reportQuestionnaires(result),
    frameworks: (opt.frameworks ?? []).map((fw) =>
      buildReportFramework(fw, itemScoresOf(result, fw), result.questions, (r) => r.refs.get(fw.id) ?? []),
    ),

    salience: reportSalience(result),
    actions,
    notYetAssessed: reportNotYetAssessed(ctx),
    ...(answers.merged && { merged: reportMerged(ctx, answers.merged) }),
    appendix: reportAppendix(ctx, questionnaires),
  };
}

/** What the steps of buildReportModel share: the score, its questions by id, and redaction. */
interface ModelContext {
  result: ScoreResult;
  byId: Map<string, QuestionResult>;
  redact: boolean;
  /** the respondents' aliases in a redacted copy */
  alias: Map<string, string> | undefined;
  /** the principles' titles */
  names: PrincipleNames;
}

const scopeOf = (q: Questionnaire, sectionId: string) =>
  `${q.title} › ${q.sections.find((s) => s.id === sectionId)?.title ?? sectionId}`;
const noteOf = (ctx: ModelContext, r: QuestionResult | undefined) =>
  !ctx.redact && r?.answer?.note ? { note: r.answer.note } : {};
const evidenceOf = (ctx: ModelContext, r: QuestionResult | undefined) =>
  ctx.redact ? [] : (r?.answer?.evidence ?? []);
const relabel = (ctx: ModelContext, s: string) => (ctx.alias ? relabelPrefixes(s, ctx.alias) : s);
const answerOf = (ctx: ModelContext, r: QuestionResult) => relabel(ctx, answerText(r));

function reportSummary(ctx: ModelContext, actions: readonly ReportAction[]): ReportModel['summary'] {
  const { result } = ctx;
  const ov = result.overall;
  const c = result.completion;
  const { weakest, average } = weakestSection(result);
  return {
    overall: {
      id: 'overall',
      title: 'Overall',
      score: ov.score,
      shown: fmtScore(ov.score),
      maturity: ov.maturityLabel,
      maturityCapped: ov.maturityCapped,
      redFlagCount: ov.redFlags.length,
    },
    completion: {
      ratio: c.ratio,
      percent: c.ratio === null ? 'n/a' : `${Math.floor(c.ratio * 100)}%`,
      answered: c.answered,
      total: c.included + c.pending,
      pending: c.pending,
      ...(c.carried && { carried: c.carried }),
    },
    redFlags: reportRedFlags(ctx),
    outcomes: reportOutcomes(ctx),
    weakest: weakest
      ? {
          questionnaire: weakest.q.id,
          section: scopeOf(weakest.q, weakest.s.section.id),
          score: weakest.s.score!,
          shown: fmtScore(weakest.s.score),
        }
      : null,
    averageSection: average === null ? null : { score: average, shown: fmtScore(average) },
    topGaps: actions.slice(0, 5).map((a) => ({
      id: a.id,
      impact: a.impact,
      sentence: `${firstSentence(a.recommendation).replace(/[.!?]$/, '')} (${a.id}${a.critical ? ', critical' : ''}): ${fmtPoints(a.impact)} points.`,
    })),
  };
}

function reportRedFlags(ctx: ModelContext): ReportModel['summary']['redFlags'] {
  return ctx.result.redFlags.map((id) => {
    const r = ctx.byId.get(id)!;
    return {
      id,
      text: r.question.text,
      questionnaire: r.questionnaire.id,
      section: scopeOf(r.questionnaire, r.section.id),
      answer: answerOf(ctx, r),
      score: r.score ?? 0,
    };
  });
}

function reportOutcomes(ctx: ModelContext): ReportModel['summary']['outcomes'] {
  const flagged = new Set(ctx.result.redFlags);
  return ctx.result.questions
    .filter((r) => r.included && isOutcome(r.question))
    .map((r) => ({
      id: r.question.id,
      text: r.question.text,
      questionnaire: r.questionnaire.id,
      answered: r.answered,
      answer: r.answered ? answerOf(ctx, r) : 'not yet answered',
      score: r.answered ? r.score : null,
      redFlag: flagged.has(r.question.id),
    }));
}

/** The lowest-scoring section (the first of equals), and the plain mean of the section scores. */
function weakestSection(result: ScoreResult) {
  const sectionScores = result.questionnaires.flatMap((q) =>
    q.sections.filter((s) => s.score !== null).map((s) => ({ q: q.questionnaire, s })),
  );
  const weakest = sectionScores.reduce<(typeof sectionScores)[number] | null>(
    (w, x) => (!w || x.s.score! < w.s.score! ? x : w),
    null,
  );
  const average = sectionScores.length
    ? sectionScores.reduce((t, x) => t + x.s.score!, 0) / sectionScores.length
    : null;
  return { weakest, average };
}

const countOf = (p: Progress) => ({ answered: p.answered, total: p.total });

function reportQuestionnaires(result: ScoreResult): ReportQuestionnaire[] {
  return result.questionnaires
    .filter((q) => q.questionnaire.weight > 0)
    .map((q) => ({
      id: q.questionnaire.id,
      title: q.questionnaire.title,
      version: q.questionnaire.version,
      weight: q.questionnaire.weight,
      ...countOf(moduleProgress(result, q.questionnaire)),
      score: q.score,
      shown: fmtScore(q.score),
      maturity: q.maturityLabel,
      maturityCapped: q.maturityCapped,
      sections: q.sections
        .filter((s) => result.questions.some((r) => r.section === s.section && r.scored))
        .map((s) =>
          reportSection(
            s,
            result.questions.filter((r) => r.section === s.section && r.scored),
          ),
        ),
    }));
}

/** A section that has scored questions (`rs`); `note` says why it has no score. */
function reportSection(s: SectionScore, rs: readonly QuestionResult[]): ReportQuestionnaire['sections'][number] {
  const note =
    s.score !== null
      ? undefined
      : rs.every((r) => r.visibility === 'hidden')
        ? 'Not applicable to this company profile'
        : rs.every((r) => r.visibility !== 'visible')
          ? 'Waiting on earlier answers'
          : 'Every question answered N/A';
  return {
    id: s.section.id,
    title: s.section.title,
    weight: s.section.weight,
    score: s.score,
    shown: fmtScore(s.score),
    maturity: s.maturityLabel,
    maturityCapped: s.maturityCapped,
    ...(note && { note }),
  };
}

/** The gaps in answered questions, highest priority first. */
function reportActions(ctx: ModelContext): ReportAction[] {
  return ctx.result.gaps
    .filter((g) => g.answered)
    .map((g, i) => {
      const r = ctx.byId.get(g.question.id)!;
      return {
        rank: i + 1,
        id: g.question.id,
        questionnaire: g.questionnaire.id,
        section: scopeOf(g.questionnaire, g.section.id),
        text: g.question.text,
        answer: answerOf(ctx, r),
        score: g.score,
        impact: g.impact,
        priority: g.priority,
        critical: g.critical,
        ungp: g.question.ungp,
        why: why(ctx.names, g.question.ungp),
        issues: rightsOf(g.question.tags),
        severity: g.severity,
        recommendation: g.question.recommendation ?? 'Bring this practice up to the level the question describes.',
        ...noteOf(ctx, r),
        evidence: evidenceOf(ctx, r),
      };
    });
}

/** Scored questions waiting on an earlier answer, and those included but unanswered or skipped. */
function reportNotYetAssessed(ctx: ModelContext): ReportPending[] {
  const { result } = ctx;
  const notYetAssessed: ReportPending[] = [];
  const gapOf = new Map(result.gaps.map((g) => [g.question, g]));
  for (const r of result.questions) {
    if (!r.scored) continue;
    const gap = gapOf.get(r.question);
    if (r.visibility === 'pending')
      notYetAssessed.push({
        id: r.question.id,
        questionnaire: r.questionnaire.id,
        section: scopeOf(r.questionnaire, r.section.id),
        text: r.question.text,
        state: 'pending',
      });
    else if (r.included && !r.answered)
      notYetAssessed.push({
        id: r.question.id,
        questionnaire: r.questionnaire.id,
        section: scopeOf(r.questionnaire, r.section.id),
        text: r.question.text,
        state: r.answer?.skipped ? 'skipped' : 'unanswered',
        ...(gap && { impact: gap.impact }),
      });
  }
  return notYetAssessed;
}

/**
 * The chapter of one framework. An item is covered when a scored question references it (`refs`
 * gives the items a question references); `scores` holds the item scores by the principles rule
 * of format §4 (null, or no entry, when none of its questions is included).
 */
export function buildReportFramework(
  fw: FrameworkInfo,
  scores: ReadonlyMap<string, number | null>,
  questions: readonly QuestionResult[],
  refs: (r: QuestionResult) => readonly string[],
): ReportFramework {
  const referenced = new Set<string>();
  const behind = new Map<string, string[]>();
  for (const r of questions) {
    if (!r.scored) continue;
    for (const item of new Set(refs(r))) {
      referenced.add(item);
      if (r.included) behind.set(item, [...(behind.get(item) ?? []), r.question.id]);
    }
  }
  const itemOf = (id: string, title: string): ReportFrameworkItem => {
    const score = scores.get(id) ?? null;
    return { id, title, score, shown: fmtScore(score), questions: behind.get(id) ?? [] };
  };
  const groupIds = new Set(fw.groups.map((g) => g.id));
  const known = new Set(fw.items.map((i) => i.id));
  const covered = fw.items.filter((i) => referenced.has(i.id));
  const groups = fw.groups
    .map((g) => ({
      id: g.id,
      title: g.title,
      items: covered.filter((i) => i.group === g.id).map((i) => itemOf(i.id, i.title)),
    }))
    .filter((g) => g.items.length);
  // items without a (known) group, and references to items the framework's file does not list
  const others = [
    ...covered.filter((i) => i.group === undefined || !groupIds.has(i.group)).map((i) => itemOf(i.id, i.title)),
    ...[...referenced].filter((id) => !known.has(id)).map((id) => itemOf(id, id)),
  ];
  if (others.length)
    groups.push({
      id: 'other',
      title: !fw.groups.length ? 'Items' : fw.id === UNGP ? 'Other principles' : 'Other items',
      items: others,
    });
  return {
    id: fw.id,
    version: fw.version,
    title: fw.title,
    ...(fw.publisher !== undefined && { publisher: fw.publisher }),
    source: { ...fw.source },
    groups,
    notCovered: fw.items.filter((i) => !referenced.has(i.id)).map((i) => ({ id: i.id, title: i.title })),
  };
}

/**
 * A framework's item scores from the score: those the scorer computed for it, else (for the UN
 * Guiding Principles) the principles by number; empty when it was not scored.
 */
function itemScoresOf(result: ScoreResult, fw: FrameworkInfo): ReadonlyMap<string, number | null> {
  const scored = result.frameworks.get(fw.id);
  if (scored) return scored.items;
  if (fw.id === UNGP) return new Map([...result.principles].map(([n, s]) => [String(n), s]));
  return new Map();
}

/** The salient issues, placed on the severity × likelihood grid where both are rated 1 to 4. */
function reportSalience(result: ScoreResult): ReportModel['salience'] {
  const issues = result.salience.map((i) => ({ ...i, label: i.name ?? issueLabel(i.issue) }));
  const grid = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => [] as string[]));
  const unplaced: string[] = [];
  for (const i of issues) {
    if (i.severity && i.likelihood && i.severity <= 4 && i.likelihood <= 4)
      grid[i.severity - 1]![i.likelihood - 1]!.push(i.label);
    else unplaced.push(i.label);
  }
  return { issues, grid, unplaced };
}

function reportMerged(ctx: ModelContext, merged: NonNullable<Answers['merged']>): NonNullable<ReportModel['merged']> {
  const { alias } = ctx;
  return {
    policy: merged.policy,
    respondents: merged.respondents.map((r) => alias?.get(r.respondent) ?? r.respondent),
    needsDiscussion: merged.disagreements.map((d) => ({
      id: d.question,
      text: ctx.byId.get(d.question)?.question.text ?? d.question,
      scores: Object.entries(d.scores).map(([respondent, score]) => ({
        respondent: alias?.get(respondent) ?? respondent,
        score,
      })),
    })),
  };
}

function reportAppendix(ctx: ModelContext, questionnaires: readonly Questionnaire[]): ReportModel['appendix'] {
  const { result } = ctx;
  const ov = result.overall;
  const capNote = ov.maturityCapped
    ? ` The label is capped at ${ov.maturityLabel} while ${ov.redFlags.length} red flag${ov.redFlags.length === 1 ? ' is' : 's are'} open.`
    : '';
  return {
    answers: result.questionnaires.map((q) => ({
      questionnaire: q.questionnaire.id,
      title: q.questionnaire.title,
      sections: q.questionnaire.sections.map((s) => ({
        id: s.id,
        title: s.title,
        rows: result.questions.filter((r) => r.section === s).map((r) => answerRow(ctx, r)),
      })),
    })),
    method: {
      paragraphs: methodParagraphs(capNote, questionnaires),
      weights: methodWeights(result),
      profile: result.questions
        .filter((r) => !r.scored && !r.question.salience && r.answered)
        .map((r) => ({ id: r.question.id, text: r.question.text, answer: answerOf(ctx, r) })),
      scopedOut: result.questions
        .filter((r) => r.scored && r.visibility === 'hidden')
        .map((r) => ({
          id: r.question.id,
          text: r.question.text,
          because: r.question.when ? `asked only when ${describeCondition(r.question.when)}` : 'out of scope',
        })),
      notApplicable: result.questions
        .filter((r) => r.na && r.visibility === 'visible')
        .map((r) => ({
          id: r.question.id,
          text: r.question.text,
          reason: relabel(ctx, r.answer?.note?.trim() || 'No reason given.'),
        })),
    },
  };
}

function answerRow(ctx: ModelContext, r: QuestionResult): ReportAnswerRow {
  return {
    id: r.question.id,
    text: r.question.text,
    answer:
      r.visibility === 'visible'
        ? answerOf(ctx, r)
        : r.visibility === 'hidden'
          ? 'Not asked (out of scope)'
          : 'Waiting on an earlier answer',
    state:
      r.visibility !== 'visible'
        ? r.visibility
        : r.na
          ? 'na'
          : r.answered
            ? 'answered'
            : r.answer?.skipped
              ? 'skipped'
              : 'unanswered',
    score: r.score,
    ...noteOf(ctx, r),
    evidence: evidenceOf(ctx, r),
  };
}

/** Each scored questionnaire's and section's weight, and its share of the overall score. */
function methodWeights(result: ScoreResult): ReportModel['appendix']['method']['weights'] {
  const scoredQs = result.questionnaires.filter((q) => q.score !== null);
  const qTotal = scoredQs.reduce((t, q) => t + q.questionnaire.weight, 0);
  return scoredQs.map((q) => {
    const secs = q.sections.filter((s) => s.score !== null);
    const secTotal = secs.reduce((t, s) => t + s.section.weight, 0);
    const share = q.questionnaire.weight / qTotal;
    return {
      questionnaire: q.questionnaire.id,
      weight: q.questionnaire.weight,
      share,
      sections: secs.map((s) => ({
        id: s.section.id,
        title: s.section.title,
        weight: s.section.weight,
        share: (share * s.section.weight) / secTotal,
      })),
    };
  });
}

export function respondentAliases(answers: Pick<Answers, 'merged'>): Map<string, string> {
  const alias = new Map<string, string>();
  const add = (label: string) => {
    if (!alias.has(label)) alias.set(label, `Respondent ${alias.size + 1}`);
  };
  for (const r of answers.merged?.respondents ?? []) add(r.respondent);
  for (const d of answers.merged?.disagreements ?? []) for (const label of Object.keys(d.scores)) add(label);
  return alias;
}

/**
 * Replaces the "[label]" that merge puts at the start of each respondent's line with
 * "[Respondent n]". A label may itself hold line breaks (an assessor's name is any string): the
 * text is scanned from line start to line start, and a replaced label is skipped whole.
 */
export function relabelPrefixes(text: string, alias: ReadonlyMap<string, string>): string {
  if (!alias.size || !text.includes('[')) return text;
  const labels = [...alias.keys()].sort((a, b) => b.length - a.length); // the longest label first
  let out = '';
  let i = 0;
  while (i < text.length) {
    const label = text[i] === '[' ? labels.find((l) => text.startsWith(`[${l}]`, i)) : undefined;
    if (label !== undefined) {
      out += `[${alias.get(label)}]`;
      i += label.length + 2;
    }
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl + 1;
    out += text.slice(i, end);
    i = end;
  }
  return out;
}

/** "0 Not started, 20 Initial, …" and the band a red flag caps the label at, for a list of bands. */
function bandsText(bands: readonly MaturityBand[]): { list: string; cap: string } {
  return {
    list: bands.map((b) => `${b.min} ${b.label}`).join(', '),
    cap: bands[Math.floor((bands.length - 1) / 2)]!.label,
  };
}

/**
 * How maturity labels are read: the default bands for the overall score, and for each module (and
 * its sections) the bands its questionnaire sets, named when they differ from the default.
 */
function maturityParagraph(questionnaires: readonly Questionnaire[]): string {
  const std = bandsText(DEFAULT_BANDS);
  const own = questionnaires.filter((q) => q.maturityBands?.length && bandsText(q.maturityBands).list !== std.list);
  const custom = own
    .map((q) => {
      const b = bandsText(q.maturityBands!);
      return ` ${q.title} (${q.id}) sets its own bands for its module and sections: ${b.list}; a red flag caps them at ${b.cap}.`;
    })
    .join('');
  return `Maturity labels follow the shown score (one decimal): ${std.list}${own.length ? ' (the overall score, and every module that does not set its own bands)' : ''}.${custom} A critical question scored below 0.5 is a red flag, and while a red flag is open the label of its section, its module and the whole assessment is capped at the middle band (${std.cap} for the default bands): a score cannot hide a missing foundation (UNGP 15).`;
}

function methodParagraphs(capNote: string, questionnaires: readonly Questionnaire[]): string[] {
  return [
    'Each question scores from 0 to 1: a single-choice question scores its chosen option; a multiple-choice question adds up its chosen options, up to 1. An unanswered question scores 0 and counts as not yet assessed. A question answered "not applicable" is left out of every score, and the reason given is listed below.',
    'A section score is the weighted average of its questions (0–100). A module score is the weighted average of its sections, and the overall score the weighted average of the modules. Questions hidden by the company profile are not asked and not scored; questions still waiting on an unanswered profile question count against completion.',
    maturityParagraph(questionnaires) + capNote,
    'Each gap’s impact is the number of overall points the organisation would gain if that question scored 1. Its priority is the impact, doubled for critical questions, and raised by the severity of the salient human rights issues the question concerns (by a quarter per severity level, 1–4). The action plan lists gaps by priority.',
    'The salience of each rights issue follows UNGP 24: severity is the highest of its scale, scope and irremediability (1–4), and likelihood is rated separately (1–4).',
    ...(questionnaires.some((q) => q.sections.some((s) => s.questions.some(isOutcome)))
      ? [
          'Outcome questions ask what happened in the period (severe impacts and serious allegations, demands carried out, security incidents, misuse of technology sold, remedy for upheld complaints, reprisals) and how the worst-handled case was dealt with; each case is answered under one question only. They are critical: a case that was not investigated, not responded to, recurred or is unknown scores below 0.5 and caps the maturity label, whatever the processes score, while a case handled properly scores as well as a period without one, so disclosure is never penalised. The executive summary lists them beside the score. Because a foundation or an outcome missing anywhere caps the label, a first assessment is often capped: the cap marks what to fix first, not a failure of the whole programme.',
        ]
      : []),
  ];
}
