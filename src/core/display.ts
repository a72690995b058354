// The words and numbers the report model shows: scores and points to one decimal, conditions in
// words, a recommendation's first sentence. In core because the model (and the JSON report) carries
// this text; the renderers reach them through src/render/format.ts, with the rest of how things are shown.
import type { Condition } from './model.js';
import { roundToTenth } from './score.js';
import { showId, showValue } from './show.js';

/** A score as shown: one decimal, or "n/a". */
export const fmtScore = (s: number | null) => (s === null ? 'n/a' : roundToTenth(s).toFixed(1));
/** Points as shown: one decimal, and "+<0.1" rather than a misleading "+0.0" for a tiny gain. */
export const fmtPoints = (p: number) => (p > 0 && p < 0.05 ? '+<0.1' : `+${(Math.round(p * 10) / 10).toFixed(1)}`);

/** A condition in words, e.g. "PRO-ROLES includes surveillance-vendor". */
export function describeCondition(c: Condition): string {
  if ('all' in c) return c.all.map(describeCondition).join(' and ');
  if ('any' in c) return `(${c.any.map(describeCondition).join(' or ')})`;
  if ('not' in c) return `not (${describeCondition(c.not)})`;
  if ('answered' in c) return `${showId(c.question)} is ${c.answered ? '' : 'not '}answered`;
  if ('equals' in c) return `${showId(c.question)} is ${showValue(c.equals)}`;
  return `${showId(c.question)} is one of ${c.in.map(showValue).join(', ')}`;
}

/** The first sentence of a text (a recommendation), trimmed. */
export const firstSentence = (t: string) => (t.match(/^.*?[.!?](\s|$)/)?.[0] ?? t).trim();
