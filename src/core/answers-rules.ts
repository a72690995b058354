// The semantic rules of an answers file (format.md section 2): each answer names a question of the
// questionnaires used, has the shape of its question, and names only its options.
import type { Diagnostic } from './diagnostics.js';
import { choicesUnsure, unsure } from './doubts.js';
import { isObj, type JsonObject } from './json.js';
import {
  findOption,
  sameValue,
  type AnswerValue,
  type Answers,
  type Option,
  type OptionValue,
  type Question,
  type Questionnaire,
} from './model.js';
import type { PathPart } from './parse.js';
import { Reporter } from './reporter.js';
import { closest } from './suggest.js';
import { kindOf, showId, showValue } from './show.js';

export interface QuestionRef {
  question: Question;
  questionnaire: Questionnaire;
}

export function indexQuestions(set: readonly Questionnaire[]): Map<string, QuestionRef> {
  const index = new Map<string, QuestionRef>();
  for (const questionnaire of set)
    for (const s of questionnaire.sections)
      for (const question of s.questions)
        if (!index.has(question.id)) index.set(question.id, { question, questionnaire });
  return index;
}

/**
 * Unknown answer ids reported one by one, each with a "did you mean": enough for typos; past that
 * the file is not a few typos, and one warning counts the rest (so a file of hundreds of thousands
 * of unknown ids costs no more than an ordinary one).
 */
const MAX_UNKNOWN_REPORTED = 1000;

/** Each answer has the shape of its question and names only its options. */
export function checkAnswers(answers: Answers, set: readonly Questionnaire[]): Diagnostic[] {
  const r = new Reporter(answers.parsed);
  const index = indexQuestions(set);
  const raw = (answers.parsed.data as JsonObject)['answers'] as JsonObject;
  let unknown = 0;
  for (const [id, a] of answers.answers) {
    const base: PathPart[] = ['answers', id];
    const ref = index.get(id);
    if (!ref) {
      if (++unknown > MAX_UNKNOWN_REPORTED) continue;
      const guess = closest(id, index.keys());
      r.warn(
        base,
        'unknown-question',
        `no questionnaire used here has a question ${showId(id)}${guess ? `: did you mean ${showId(guess)}?` : ''} (the answer is kept)`,
        'key',
      );
      continue;
    }
    const vpath = isObj(raw[id]) ? [...base, 'value'] : base;
    // an answer the schema rejected in part, or a question whose type or options are in doubt:
    // the checks below would only echo that mistake
    if (
      answers.parsed.doubts.has(base) ||
      unsure(answers.parsed, vpath) ||
      unsure(answers.parsed, [...base, 'skipped'])
    )
      continue;
    if (a.skipped && a.value !== null) {
      r.error(vpath, 'answer-skipped-with-value', `${showId(id)} is marked skipped and also has a value: remove one`);
      continue;
    }
    if (a.value === null || choicesUnsure(ref.questionnaire, ref.question)) continue;
    checkValue(r, ref.question, a.value, vpath);
  }
  if (unknown > MAX_UNKNOWN_REPORTED) {
    r.warn(
      ['answers'],
      'unknown-question',
      `and ${unknown - MAX_UNKNOWN_REPORTED} more answers name questions that no questionnaire used here has (the first ${MAX_UNKNOWN_REPORTED} are listed; every answer is kept)`,
      'key',
    );
  }
  return r.diagnostics;
}

function checkValue(r: Reporter, q: Question, value: AnswerValue, path: PathPart[]) {
  const example = q.options[0] ? showValue(q.options[0].value) : '';
  switch (q.type) {
    case 'text':
      if (typeof value !== 'string')
        r.error(path, 'answer-type', `${showId(q.id)} is a text question: give a string, found ${kindOf(value)}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        r.error(path, 'answer-type', `${showId(q.id)} is a number question: give a number, found ${kindOf(value)}`);
      return;
    case 'single':
      if (Array.isArray(value)) {
        r.error(
          path,
          'answer-type',
          `${showId(q.id)} is a single-choice question: give one value (e.g. ${example}), not a list`,
        );
        return;
      }
      optionOrError(r, q, value, path);
      return;
    case 'multiple': {
      if (!Array.isArray(value)) {
        r.error(
          path,
          'answer-type',
          `${showId(q.id)} is a multiple-choice question: give a list (e.g. [${example}]), found ${kindOf(value)}`,
        );
        return;
      }
      checkChoices(r, q, value, path);
    }
  }
}

/** A multiple-choice answer's values: each an option, none twice, N/A and an exclusive option only alone. */
function checkChoices(r: Reporter, q: Question, value: OptionValue[], path: PathPart[]) {
  const chosen: Option[] = [];
  value.forEach((v, i) => {
    if (value.slice(0, i).some((w) => sameValue(w, v))) {
      r.error([...path, i], 'answer-duplicate-value', `${showValue(v)} is chosen twice in ${showId(q.id)}`);
      return;
    }
    const o = optionOrError(r, q, v, [...path, i]);
    if (o) chosen.push(o);
  });
  if (chosen.length > 1 && chosen.some((o) => o.na))
    r.error(path, 'answer-na-mixed', `${showId(q.id)}: the N/A option cannot be chosen together with other options`);
  const alone = chosen.find((o) => o.exclusive);
  if (chosen.length > 1 && alone)
    r.error(
      path,
      'answer-exclusive',
      `${showId(q.id)}: ${showValue(alone.value)} (${alone.label}) cannot be chosen together with other options`,
    );
}

function optionOrError(r: Reporter, q: Question, v: OptionValue, path: PathPart[]): Option | undefined {
  const o = findOption(q, v);
  if (o) return o;
  const near =
    q.options.find((x) => String(x.value) === String(v)) ??
    q.options.find((x) => String(x.value).toLowerCase() === String(v).toLowerCase());
  r.error(
    path,
    'answer-not-an-option',
    `${showValue(v)} is not an option of ${showId(q.id)}${near ? `: did you mean ${showValue(near.value)}?` : ` (options: ${q.options.map((x) => showValue(x.value)).join(', ')})`}`,
  );
  return undefined;
}
