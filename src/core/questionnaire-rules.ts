// The semantic rules of a questionnaire (format.md section 1): ids, bands, options and scores,
// conditions, and the rules across the questionnaires used together.
import type { Diagnostic } from './diagnostics.js';
import { choicesUnsure, questionIdsUnsure, unsure } from './doubts.js';
import { arr, isObj, type JsonValue } from './json.js';
import {
  findOption,
  isChoice,
  sameValue,
  type Condition,
  type MaturityBand,
  type Option,
  type Question,
  type Questionnaire,
} from './model.js';
import type { PathPart } from './parse.js';
import { Reporter } from './reporter.js';
import { closest } from './suggest.js';
import { showId, showValue } from './show.js';
import { isValue, optionIndexOf } from './typed-model.js';
import { pushAll } from './arrays.js';

/** The semantic rules of format.md section 1 for one questionnaire; `required` are its `requires`. */
export function checkQuestionnaire(q: Questionnaire, required: readonly Questionnaire[] = []): Diagnostic[] {
  const r = new Reporter(q.parsed);
  const sectionIds = new Set<string>();
  for (const s of q.sections) {
    if (sectionIds.has(s.id) && !unsure(q.parsed, [...s.path, 'id']))
      r.error(
        [...s.path, 'id'],
        'duplicate-section-id',
        `section id ${showId(s.id)} is already used in this questionnaire`,
      );
    sectionIds.add(s.id);
  }
  // a band left out of the model would shift the others
  if (q.maturityBands && !unsure(q.parsed, ['maturity'])) checkBands(r, q.maturityBands);

  const later = new Map<string, Question>();
  for (const qu of q.sections.flatMap((s) => s.questions)) later.set(qu.id, qu);
  const external = new Map<string, Question>();
  const unsureChoices = new Set<Question>();
  for (const rq of required)
    for (const s of rq.sections)
      for (const qu of s.questions) {
        external.set(qu.id, qu);
        if (choicesUnsure(rq, qu)) unsureChoices.add(qu);
      }
  const earlier = new Map<string, Question>();
  const scope: Scope = { earlier, later, external, unsureChoices, idsUnsure: [q, ...required].some(questionIdsUnsure) };

  for (const s of q.sections) {
    for (const qu of s.questions) {
      checkQuestion(r, q, qu);
      if (qu.when) checkCondition(r, qu, qu.when, [...qu.path, 'when'], scope);
      if (!earlier.has(qu.id)) earlier.set(qu.id, qu);
      if (choicesUnsure(q, qu)) unsureChoices.add(qu);
    }
  }
  pushAll(
    r.diagnostics,
    checkQuestionSet([...required, q]).filter((d) => d.file === q.file),
  );
  return r.diagnostics;
}

function checkBands(r: Reporter, bands: MaturityBand[]) {
  if (bands[0] && bands[0].min !== 0)
    r.error(
      ['maturity', 0, 'min'],
      'maturity-bands',
      `the first maturity band must start at min: 0, found ${bands[0].min}`,
    );
  for (let i = 1; i < bands.length; i++) {
    if (bands[i]!.min <= bands[i - 1]!.min)
      r.error(
        ['maturity', i, 'min'],
        'maturity-bands',
        `maturity bands must strictly increase: ${bands[i]!.min} follows ${bands[i - 1]!.min}`,
      );
  }
}

function checkQuestion(r: Reporter, q: Questionnaire, qu: Question) {
  // A rule that reads a value the schema rejected, or one a syntax error may have taken, is skipped:
  // that mistake is reported once, by the schema or the YAML parser.
  const unsureAt = (...rest: PathPart[]) => unsure(q.parsed, [...qu.path, ...rest]);
  const doubts: QuestionDoubts = {
    type: unsureAt('type'),
    weight: unsureAt('weight'),
    salience: unsureAt('salience'),
    choices: choicesUnsure(q, qu),
  };
  checkOptionCount(r, qu, doubts);
  qu.options.forEach((o, i) => checkOption(r, q, qu, o, qu.options.slice(0, i), doubts));
  const seen = new Set<number>();
  qu.ungp.forEach((n, i) => {
    if (seen.has(n)) r.error([...qu.path, 'ungp', i], 'duplicate-ungp', `UNGP ${n} is listed twice`);
    seen.add(n);
  });
  if (isChoice(qu) && qu.weight > 0 && !qu.salience && !doubts.type && !doubts.weight && !doubts.salience)
    checkGuidance(r, qu, unsureAt);
  if (qu.salience && !doubts.choices && !doubts.weight) checkSalienceQuestion(r, qu);
}

/** Which of a question's values the rules must not rely on. */
interface QuestionDoubts {
  type: boolean;
  weight: boolean;
  salience: boolean;
  /** its type or its list of options */
  choices: boolean;
}

function checkOptionCount(r: Reporter, qu: Question, doubts: QuestionDoubts) {
  const at = qu.path;
  if (isChoice(qu)) {
    if (qu.options.length < 2 && !doubts.choices)
      r.error(
        qu.options.length ? [...at, 'options'] : [...at, 'type'],
        'options-count',
        `${showId(qu.id)} is a ${qu.type} question and needs at least 2 options, found ${qu.options.length}`,
        'key',
      );
  } else if (qu.options.length && !doubts.type) {
    r.error(
      [...at, 'options'],
      'options-not-allowed',
      `${showId(qu.id)} is a ${qu.type} question: it takes a free answer and cannot have options`,
      'key',
    );
  }
}

/**
 * One option: its value not used before (`before`), a score or N/A (not both), no N/A on a critical
 * question, `exclusive` only in a multiple choice.
 */
function checkOption(
  r: Reporter,
  q: Questionnaire,
  qu: Question,
  o: Option,
  before: readonly Option[],
  doubts: QuestionDoubts,
) {
  const op = [...qu.path, 'options', optionIndexOf(o) ?? 0];
  if (before.some((v) => sameValue(v.value, o.value)))
    r.error(
      [...op, 'value'],
      'duplicate-option-value',
      `option value ${showValue(o.value)} is already used in ${showId(qu.id)}`,
    );
  if (o.exclusive && qu.type !== 'multiple' && !doubts.type)
    r.error(
      [...op, 'exclusive'],
      'exclusive-not-multiple',
      `option ${showValue(o.value)} of ${showId(qu.id)} is \`exclusive\`, but ${showId(qu.id)} is a ${qu.type} question: only a multiple choice's options can be exclusive`,
      'key',
    );
  const hasScore = o.score !== undefined;
  const hasNa = o.na === true;
  if (hasScore && hasNa)
    r.error(op, 'option-score', `option ${showValue(o.value)} has both \`score\` and \`na: true\`: keep one`);
  else if (
    !hasScore &&
    !hasNa &&
    qu.weight > 0 &&
    isChoice(qu) &&
    !doubts.type &&
    !doubts.weight &&
    !doubts.salience &&
    !unsure(q.parsed, [...op, 'score']) &&
    !unsure(q.parsed, [...op, 'na'])
  )
    r.error(
      op,
      'option-score',
      `option ${showValue(o.value)} of scored question ${showId(qu.id)} needs \`score\` (0 to 1) or \`na: true\` (or give the question weight: 0)`,
    );
  if (qu.critical && hasNa)
    r.warn(
      op,
      'critical-na',
      `critical question ${showId(qu.id)} offers N/A: N/A could erase a red flag; scope the question with \`when\` instead`,
    );
}

/** A scored question names its UNGP principles, and has help and a recommendation. */
function checkGuidance(r: Reporter, qu: Question, unsureAt: (...rest: PathPart[]) => boolean) {
  const at = qu.path;
  if (!qu.refs.get('ungp')?.length && !unsureAt('ungp') && !unsureAt('refs'))
    r.warn([...at, 'id'], 'missing-ungp', `scored question ${showId(qu.id)} names no UNGP principle (ungp: [...])`);
  if (!qu.help && !unsureAt('help'))
    r.warn(
      [...at, 'id'],
      'missing-help',
      `scored question ${showId(qu.id)} has no \`help\`: say what good practice looks like and what evidence shows it`,
    );
  if (!qu.recommendation && !unsureAt('recommendation'))
    r.warn(
      [...at, 'id'],
      'missing-recommendation',
      `scored question ${showId(qu.id)} has no \`recommendation\` for when it scores below 1`,
    );
}

function checkSalienceQuestion(r: Reporter, qu: Question) {
  if (qu.salience?.dimension === 'name') {
    if (qu.type !== 'text' || qu.weight !== 0)
      r.error(
        [...qu.path, 'salience'],
        'salience-question',
        `salience question ${showId(qu.id)} names its issue, so it must be \`type: text\` with \`weight: 0\``,
      );
    return;
  }
  const okValues = qu.options.length === 4 && [1, 2, 3, 4].every((v) => qu.options.some((o) => sameValue(o.value, v)));
  if (qu.type !== 'single' || qu.weight !== 0 || !okValues)
    r.error(
      [...qu.path, 'salience'],
      'salience-question',
      `salience question ${showId(qu.id)} must be \`type: single\` with \`weight: 0\` and options with the values 1, 2, 3 and 4`,
    );
}

interface Scope {
  earlier: Map<string, Question>;
  later: Map<string, Question>;
  external: Map<string, Question>;
  /** questions whose type or options may not be what their file meant */
  unsureChoices: Set<Question>;
  /** a question may be missing from these maps (its id, or its section, was rejected) */
  idsUnsure: boolean;
}

const FORMS = ['equals', 'in', 'answered', 'all', 'any', 'not'] as const;

function checkCondition(r: Reporter, owner: Question, c: Condition, path: PathPart[], scope: Scope): void {
  const present = FORMS.filter((f) => Object.prototype.hasOwnProperty.call(c, f));
  const hasQuestion = Object.prototype.hasOwnProperty.call(c, 'question');
  const needsQuestion = present.length === 1 && ['equals', 'in', 'answered'].includes(present[0]!);
  if (present.length !== 1 || needsQuestion !== hasQuestion) {
    // a key of it was rejected (e.g. `equls`, taken for `equals`): that is the one mistake
    if (r.parsed.doubts.under(path) || r.parsed.incomplete.under(path)) return;
    r.error(path, 'condition-form', conditionFormMessage(present, hasQuestion, needsQuestion));
    return;
  }
  const form = present[0]!;
  if (form === 'all' || form === 'any') {
    arr((c as Record<string, unknown>)[form] as JsonValue)
      .filter(isObj)
      .forEach((sub, i) => checkCondition(r, owner, sub as unknown as Condition, [...path, form, i], scope));
    return;
  }
  if (form === 'not') {
    const sub = (c as { not: unknown }).not;
    if (isObj(sub)) checkCondition(r, owner, sub as unknown as Condition, [...path, 'not'], scope);
    return;
  }
  const qid = (c as { question: unknown }).question;
  if (typeof qid !== 'string') return;
  const target = scope.earlier.get(qid) ?? scope.external.get(qid);
  if (!target) reportUnknownTarget(r, owner, qid, path, scope);
  else if (form !== 'answered' && !scope.unsureChoices.has(target)) checkConditionValues(r, c, form, target, path);
}

function conditionFormMessage(present: readonly string[], hasQuestion: boolean, needsQuestion: boolean): string {
  return present.length > 1
    ? `a condition has exactly one of ${FORMS.join(', ')}; found ${present.join(' and ')}: combine them with all: [...]`
    : needsQuestion
      ? `\`${present[0]}\` needs \`question:\` naming the question it tests`
      : hasQuestion && present.length === 0
        ? 'a condition on a question needs `equals`, `in` or `answered`, e.g. { question: PRO-ROLES, equals: network-operator }'
        : hasQuestion
          ? `\`${present[0]}\` does not take \`question:\``
          : 'empty condition: use { question: Q, equals: V }, in, answered, all, any or not';
}

/** A condition names a question that is not an earlier one: a later one, or none at all. */
function reportUnknownTarget(r: Reporter, owner: Question, qid: string, path: PathPart[], scope: Scope): void {
  if (scope.later.has(qid))
    r.error(
      [...path, 'question'],
      'when-forward-reference',
      qid === owner.id
        ? `${showId(owner.id)}'s condition names ${showId(qid)} itself`
        : `${showId(qid)} comes after ${showId(owner.id)}: a condition may name only earlier questions`,
    );
  else if (!scope.idsUnsure) {
    const guess = closest(qid, [...scope.earlier.keys(), ...scope.external.keys()]);
    r.error(
      [...path, 'question'],
      'when-unknown-question',
      `no question ${showId(qid)} before ${showId(owner.id)} or in a required questionnaire${guess ? `: did you mean ${showId(guess)}?` : ''}`,
    );
  }
}

/** The values an `equals` or `in` condition tests are options of the question it names. */
function checkConditionValues(r: Reporter, c: Condition, form: string, target: Question, path: PathPart[]): void {
  const values: unknown[] = form === 'equals' ? [(c as { equals: unknown }).equals] : arr((c as { in: JsonValue }).in);
  values.forEach((v, i) => {
    if (!isValue(v) || findOption(target, v)) return;
    const vpath = form === 'equals' ? [...path, 'equals'] : [...path, 'in', i];
    if (!isChoice(target)) {
      r.error(
        vpath,
        'when-unknown-value',
        `${showId(target.id)} is a ${target.type} question with no options: test it with \`answered\``,
      );
      return;
    }
    const near = target.options.find((o) => String(o.value) === String(v));
    r.error(
      vpath,
      'when-unknown-value',
      `${showValue(v)} is not an option of ${showId(target.id)}${near ? `: did you mean ${showValue(near.value)}?` : ` (options: ${target.options.map((o) => showValue(o.value)).join(', ')})`}`,
    );
  });
}

/** Rules across the questionnaires used together: question ids and salience ratings are unique. */
export function checkQuestionSet(set: readonly Questionnaire[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ids = new Map<string, Questionnaire>();
  const salience = new Map<string, string>();
  for (const q of set) {
    const r = new Reporter(q.parsed);
    for (const qu of q.sections.flatMap((s) => s.questions)) {
      const first = ids.get(qu.id);
      if (!first) ids.set(qu.id, q);
      else if (!unsure(q.parsed, [...qu.path, 'id']))
        r.error(
          [...qu.path, 'id'],
          'duplicate-question-id',
          first === q
            ? `question id ${showId(qu.id)} is already used in this questionnaire`
            : `question id ${showId(qu.id)} is already used by questionnaire ${showId(first.id)}, which is used together with this one`,
        );
      if (qu.salience && !unsure(q.parsed, [...qu.path, 'salience'])) {
        const key = `${qu.salience.issue}\u0000${qu.salience.dimension}`;
        const prev = salience.get(key);
        if (prev)
          r.error(
            [...qu.path, 'salience'],
            'duplicate-salience',
            qu.salience.dimension === 'name'
              ? `${showId(prev)} already names ${showId(qu.salience.issue)}`
              : `${showId(prev)} already rates the ${showId(qu.salience.dimension)} of ${showId(qu.salience.issue)}`,
          );
        else salience.set(key, qu.id);
      }
    }
    pushAll(out, r.diagnostics);
  }
  return out;
}
