import { sameValue, type Answer, type Condition } from './model.js';

/** Kleene three-valued logic: true, false, or unknown (a question it names is not answered yet). */
export type Truth = true | false | 'unknown';
export type Visibility = 'visible' | 'hidden' | 'pending';

export interface ConditionWorld {
  visibility(questionId: string): Visibility | undefined;
  /** the answer, or undefined when not answered (absent, null value or skipped) */
  answer(questionId: string): Answer | undefined;
}

export function isAnswered(a: Answer | undefined): a is Answer & { value: NonNullable<Answer['value']> } {
  return a !== undefined && !a.skipped && a.value !== null && a.value !== undefined;
}

/** Evaluates a structured condition (format.md section 3). Never evaluates code. */
export function evaluate(c: Condition, world: ConditionWorld): Truth {
  if ('all' in c) {
    let unknown = false;
    for (const part of c.all) {
      const t = evaluate(part, world);
      if (t === false) return false;
      if (t === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : true;
  }
  if ('any' in c) {
    let unknown = false;
    for (const part of c.any) {
      const t = evaluate(part, world);
      if (t === true) return true;
      if (t === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : false;
  }
  if ('not' in c) {
    const t = evaluate(c.not, world);
    return t === 'unknown' ? 'unknown' : !t;
  }
  const vis = world.visibility(c.question);
  const answer = vis === 'visible' ? world.answer(c.question) : undefined;
  if ('answered' in c) return isAnswered(answer) === c.answered;
  if (vis === 'hidden' || vis === undefined) return false;
  if (vis === 'pending' || !isAnswered(answer)) return 'unknown';
  const wanted = 'equals' in c ? [c.equals] : c.in;
  const given = Array.isArray(answer.value) ? answer.value : [answer.value];
  return given.some((g) => wanted.some((w) => sameValue(g, w)));
}

export function visibilityOf(t: Truth): Visibility {
  return t === true ? 'visible' : t === false ? 'hidden' : 'pending';
}
