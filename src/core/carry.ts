// Carrying answers forward by a migration (format.md section 11): which answers go where, with
// which values, and why the others do not. Pure: the caller reads the files and writes the result.
import { indexQuestions, type QuestionRef } from './answers-rules.js';
import {
  allQuestions,
  findOption,
  sameAnswerValue,
  sameValue,
  type Answer,
  type AnswerValue,
  type Option,
  type OptionValue,
  type Question,
  type Questionnaire,
} from './model.js';
import { isOutcome } from './issues.js';
import { carryKind, optionByKey, type Migration, type MigrationEntry } from './migration.js';

/** `same`: carried with its value; `mapped`: its value changed by the migration; `merged`: into another id. */
export type CarryHow = 'same' | 'mapped' | 'merged';

/**
 * Why an answer did not carry: `dropped` (the migration drops its question, with the reason),
 * `value` (no option of the target question takes its value), `answered` (merged into a question
 * that has an answer of its own; kept in that answer's note), `outcome` (an outcome question:
 * about the period), `unknown` (not a question of the old questionnaires).
 */
export type NotCarriedReason = 'dropped' | 'value' | 'answered' | 'outcome' | 'unknown';

export interface CarriedAnswer {
  /** the target question */
  question: string;
  /** the source question and its questionnaire (`id@version`) */
  from: string;
  questionnaire: string;
  how: CarryHow;
  was: AnswerValue;
  value: AnswerValue;
}

export interface NotCarried {
  question: string;
  questionnaire: string;
  reason: NotCarriedReason;
  /** the question it would have gone to */
  to?: string;
  /** the drop's reason, or what went wrong, in words */
  detail: string;
  value: AnswerValue;
}

/** A carried answer that scores lower in the new version (e.g. `planned`: 0.25 → 0). */
export interface Lowered {
  question: string;
  value: OptionValue;
  before: number;
  after: number;
}

export interface CarryResult {
  /** the new file's answers, in the order of the new questionnaires' questions */
  answers: Map<string, Answer>;
  carried: CarriedAnswer[];
  notCarried: NotCarried[];
  /** questions new in the target version (not in the source one), which start unanswered */
  added: string[];
  lowered: Lowered[];
}

/** One answer on its way: where it goes, with which value. */
interface Candidate {
  c: CarriedAnswer;
  answer: Answer;
  source: Question;
}

const refOf = (q: Questionnaire) => `${q.id}@${q.version}`;

/** Carries OLD (answers to FROM) to the questionnaires TO by migration M. */
export function carryAnswers(
  m: Migration,
  from: readonly Questionnaire[],
  to: readonly Questionnaire[],
  old: ReadonlyMap<string, Answer>,
): CarryResult {
  const src = indexQuestions(from);
  const dst = indexQuestions(to);
  const notCarried: NotCarried[] = [];
  const byTarget = new Map<string, Candidate[]>();
  for (const [id, answer] of old) {
    if (answer.skipped || answer.value === null) continue; // not answered: nothing to carry
    const s = src.get(id);
    if (!s) {
      notCarried.push({
        question: id,
        questionnaire: '',
        reason: 'unknown',
        detail: 'not a question of the old questionnaires',
        value: answer.value,
      });
      continue;
    }
    const outcome = route(s, m.entries.get(id), dst, answer);
    if ('reason' in outcome) notCarried.push(outcome);
    else byTarget.set(outcome.c.question, [...(byTarget.get(outcome.c.question) ?? []), outcome]);
  }
  const answers = new Map<string, Answer>();
  const carried: CarriedAnswer[] = [];
  for (const q of to.flatMap(allQuestions)) {
    const candidates = byTarget.get(q.id);
    if (!candidates) continue;
    const { winner, absorbed } = settle(q.id, candidates, src);
    answers.set(q.id, withAbsorbed(winner, absorbed));
    carried.push(winner.c);
    for (const a of absorbed)
      notCarried.push({
        question: a.c.from,
        questionnaire: a.c.questionnaire,
        reason: 'answered',
        to: q.id,
        detail: `${q.id} has an answer of its own (this one is kept in its note)`,
        value: a.c.was,
      });
  }
  return { answers, carried, notCarried, added: addedQuestions(src, to, answers), lowered: lowered(carried, src, dst) };
}

/** Where answer A to source question S goes, or why it does not. */
function route(
  s: QuestionRef,
  e: MigrationEntry | undefined,
  dst: ReadonlyMap<string, QuestionRef>,
  answer: Answer,
): Candidate | NotCarried {
  const id = s.question.id;
  const was = answer.value!;
  const base = { question: id, questionnaire: refOf(s.questionnaire), value: was };
  if (e?.drop !== undefined) return { ...base, reason: 'dropped', detail: e.drop };
  const targetId = e?.to ?? id;
  const t = dst.get(targetId);
  if (!t) return { ...base, reason: 'dropped', detail: `no question ${targetId} in the new version` };
  if (isOutcome(t.question))
    return {
      ...base,
      reason: 'outcome',
      to: targetId,
      detail: 'outcome questions are about the period: answer them anew',
    };
  const value = carryValue(s.question, t.question, was, e);
  if (value === undefined)
    return {
      ...base,
      reason: 'value',
      to: targetId,
      detail: `its answer is not an option of ${targetId} in the new version`,
    };
  const how: CarryHow = targetId !== id ? 'merged' : sameAnswerValue(value, was) ? 'same' : 'mapped';
  return {
    c: { question: targetId, from: id, questionnaire: base.questionnaire, how, was, value },
    answer,
    source: s.question,
  };
}

/**
 * The value VALUE of SOURCE becomes in TARGET by entry E, or undefined when none (format.md
 * section 11). Every value returned is an option of TARGET (for a choice), a valid answer to it.
 */
export function carryValue(
  source: Question,
  target: Question,
  value: AnswerValue,
  e?: MigrationEntry,
): AnswerValue | undefined {
  const kind = carryKind(source, target);
  if (!kind) return undefined;
  if (source.type === 'text') return typeof value === 'string' ? value : undefined;
  if (source.type === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  const one = (v: OptionValue) => mapOne(source, target, v, e);
  if (!Array.isArray(value)) {
    if (source.type === 'multiple') return undefined;
    const v = one(value);
    return v === undefined ? undefined : kind === 'to-multiple' ? validList(target, [v]) : v;
  }
  if (source.type !== 'multiple') return undefined;
  if (kind === 'same') {
    const mapped = value.map(one);
    return mapped.every((v): v is OptionValue => v !== undefined) ? validList(target, mapped) : undefined;
  }
  if (e?.count) return byCount(source, target, value, e.count);
  const mapped = value.map(one);
  const first = mapped[0];
  return first !== undefined && mapped.every((v) => v !== undefined && sameValue(v, first)) ? first : undefined;
}

/** One option value through `values` (a value not listed is not carried), or as is when the entry has none. */
function mapOne(source: Question, target: Question, v: OptionValue, e?: MigrationEntry): OptionValue | undefined {
  if (!findOption(source, v)) return undefined;
  if (!e?.values) return findOption(target, v)?.value;
  const rule = e.values.find((x) => optionByKey(source, x.from) && sameValue(optionByKey(source, x.from)!.value, v));
  return rule ? findOption(target, rule.to)?.value : undefined;
}

/** A multiple-choice answer for TARGET: each value once, N/A and an exclusive option only alone. */
function validList(target: Question, values: OptionValue[]): OptionValue[] | undefined {
  const unique = values.filter((v, i) => values.findIndex((w) => sameValue(v, w)) === i);
  const options = unique.map((v) => findOption(target, v));
  if (options.some((o) => !o)) return undefined;
  if (unique.length > 1 && options.some((o) => o!.na || o!.exclusive)) return undefined;
  return unique;
}

/** A multiple choice to a single one by how many options were chosen (exclusive and N/A ones count 0). */
function byCount(
  source: Question,
  target: Question,
  value: OptionValue[],
  rules: NonNullable<MigrationEntry['count']>,
): OptionValue | undefined {
  const options = value.map((v) => findOption(source, v));
  if (options.some((o) => !o)) return undefined;
  const n = (options as Option[]).filter((o) => !o.exclusive && !o.na).length;
  const rule = rules.find((r) => n >= r.atLeast);
  return rule ? findOption(target, rule.value)?.value : undefined;
}

/** The answer a target keeps: its own (same id) first, else the first merged into it in source order. */
function settle(
  target: string,
  candidates: Candidate[],
  src: ReadonlyMap<string, QuestionRef>,
): { winner: Candidate; absorbed: Candidate[] } {
  const order = [...src.keys()];
  const sorted = [...candidates].sort((a, b) => order.indexOf(a.c.from) - order.indexOf(b.c.from));
  const winner = sorted.find((x) => x.c.from === target) ?? sorted[0]!;
  return { winner, absorbed: sorted.filter((x) => x !== winner) };
}

/** The winner's answer, marked carried, with each absorbed answer's value, note and evidence added to its note. */
function withAbsorbed(winner: Candidate, absorbed: readonly Candidate[]): Answer {
  const lines = absorbed.map((a) => {
    const label = (v: OptionValue) => findOption(a.source, v)?.label ?? String(v);
    const shown = Array.isArray(a.c.was) ? a.c.was.map(label).join('; ') || 'none of these' : label(a.c.was);
    return [
      `From ${a.c.questionnaire} ${a.c.from} (not carried: ${winner.c.question} has its own answer): ${shown}`,
      a.answer.note && `note: ${a.answer.note}`,
      a.answer.evidence?.length && `evidence: ${a.answer.evidence.join('; ')}`,
    ]
      .filter(Boolean)
      .join('; ');
  });
  const note = [winner.answer.note, ...lines].filter(Boolean).join('\n');
  return {
    value: winner.c.value,
    skipped: false,
    ...(note && { note }),
    ...(winner.answer.evidence?.length && { evidence: [...winner.answer.evidence] }),
    carried: `${winner.c.questionnaire} ${winner.c.from}`,
  };
}

/** The questions of TO that the source version did not have and that no carried answer reached. */
function addedQuestions(
  src: ReadonlyMap<string, QuestionRef>,
  to: readonly Questionnaire[],
  answers: ReadonlyMap<string, Answer>,
): string[] {
  return to
    .flatMap(allQuestions)
    .map((q) => q.id)
    .filter((id) => !src.has(id) && !answers.has(id));
}

/** Carried single-choice answers whose option scores less in the new version than it did. */
function lowered(
  carried: readonly CarriedAnswer[],
  src: ReadonlyMap<string, QuestionRef>,
  dst: ReadonlyMap<string, QuestionRef>,
): Lowered[] {
  const out: Lowered[] = [];
  for (const c of carried) {
    if (Array.isArray(c.was) || Array.isArray(c.value)) continue;
    const before = findOption(src.get(c.from)!.question, c.was)?.score;
    const after = findOption(dst.get(c.question)!.question, c.value)?.score;
    if (before !== undefined && after !== undefined && after < before)
      out.push({ question: c.question, value: c.value, before, after });
  }
  return out;
}
