import type { Questionnaire } from './model.js';
import type { QuestionResult, ScoreResult } from './score.js';

/**
 * How far an assessment is, in the one count every output uses (format.md section 4, completion):
 * answered included questions of included plus pending scored questions.
 */
export interface Progress {
  answered: number;
  total: number;
  /** total − answered */
  left: number;
}

const countOf = (qs: readonly QuestionResult[]): Progress => {
  const included = qs.filter((r) => r.included);
  const answered = included.filter((r) => r.answered).length;
  const total = included.length + qs.filter((r) => r.visibility === 'pending' && r.scored).length;
  return { answered, total, left: total - answered };
};

/** The count of the whole assessment: the same numbers as `result.completion`. */
export function progressOf(result: ScoreResult): Progress {
  const c = result.completion;
  return { answered: c.answered, total: c.included + c.pending, left: c.included + c.pending - c.answered };
}

/** The same count for one module. */
export function moduleProgress(result: ScoreResult, questionnaire: Questionnaire): Progress {
  return countOf(result.questions.filter((r) => r.questionnaire === questionnaire));
}

/** A claim that needs evidence (an `evidenceRequired` option chosen) and has none. */
export function isUnevidenced(r: QuestionResult): boolean {
  return r.included && r.answered && r.chosen.some((o) => o.evidenceRequired) && !r.answer?.evidence?.length;
}

/** Answered "not applicable" with no reason given in the note. */
export function isNaWithoutReason(r: QuestionResult): boolean {
  return r.visibility === 'visible' && r.answered && r.na && !r.answer?.note?.trim();
}

/** The median of some numbers; null for none. */
export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Answers needed before a time-left estimate means something. */
export const ESTIMATE_AFTER = 5;

/**
 * The time left, in whole minutes (at least 1), from the person's own pace: the median seconds
 * per answer so far times the questions left. Null until ESTIMATE_AFTER answers were timed, or
 * when nothing is left.
 */
export function minutesLeft(secondsPerAnswer: readonly number[], left: number): number | null {
  if (secondsPerAnswer.length < ESTIMATE_AFTER || left <= 0) return null;
  return Math.max(1, Math.round((median(secondsPerAnswer)! * left) / 60));
}
