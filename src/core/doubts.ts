// Which values the semantic rules must not rely on: those the schema rejected (`parsed.doubts`)
// and those a syntax error may have taken. A rule that would read one is skipped, so each mistake
// is reported once, by the schema or the YAML parser.
import { arr, dataAt, isObj } from './json.js';
import type { Question, Questionnaire } from './model.js';
import type { ParsedFile, PathPart } from './parse.js';

/**
 * Whether the semantic rules must not rely on the value at `path`: the schema rejected it (or
 * something in it, or it is inside such a value), or it was left out after a syntax error — or it
 * may have lost entries to one, or is absent from a mapping or list that may have (the broken
 * line may have held it: a deleted line break or brace puts the next key into the broken value).
 */
export function unsure(parsed: Pick<ParsedFile, 'data' | 'doubts' | 'incomplete'>, path: readonly PathPart[]): boolean {
  if (parsed.doubts.touches(path)) return true;
  const { incomplete } = parsed;
  if (incomplete.size === 0) return false;
  if (incomplete.under(path)) return true;
  let d: unknown = parsed.data;
  for (let i = 0; i < path.length; i++) {
    if (d === null || typeof d !== 'object') return false;
    if (!Object.prototype.hasOwnProperty.call(d, path[i]!)) return incomplete.under(path.slice(0, i));
    d = (d as Record<string, unknown>)[path[i] as string];
  }
  return false;
}

/**
 * Whether a question's type or its list of options may not be what the file meant: the type, the
 * list, an option or an option's value was rejected by the schema (so the model holds a default,
 * or leaves the option out), or may have been lost to a syntax error. Rules about the choices of
 * such a question are skipped.
 */
export function choicesUnsure(q: Questionnaire, qu: Question): boolean {
  const { doubts } = q.parsed;
  if (doubts.size === 0) return false;
  const at = [...qu.path, 'options'];
  if (unsure(q.parsed, [...qu.path, 'type']) || doubts.covers(at) || unsure(q.parsed, at)) return true;
  if (!doubts.under(at)) return false;
  return arr(dataAt(q.parsed.data, at)).some((_, i) => doubts.has([...at, i]) || doubts.touches([...at, i, 'value']));
}

/**
 * Whether the set of question ids may not be what the file meant: a section, question or id (or
 * `requires`) was rejected, or may have been lost to a syntax error.
 */
export function questionIdsUnsure(q: Questionnaire): boolean {
  const { doubts } = q.parsed;
  if (doubts.size === 0) return false;
  // after a syntax error in the sections, a section or question may be missing
  if (unsure(q.parsed, ['requires']) || doubts.covers(['sections']) || q.parsed.incomplete.under(['sections']))
    return true;
  if (!doubts.under(['sections'])) return false;
  return arr(dataAt(q.parsed.data, ['sections'])).some((s, si) => {
    const sp = ['sections', si];
    if (doubts.has(sp) || doubts.touches([...sp, 'id']) || doubts.covers([...sp, 'questions'])) return true;
    return (
      isObj(s) &&
      arr(s['questions']).some(
        (_, qi) => doubts.has([...sp, 'questions', qi]) || doubts.touches([...sp, 'questions', qi, 'id']),
      )
    );
  });
}
