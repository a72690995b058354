import type { Comparison } from '../core/compare.js';
// How numbers, scores, changes and states are shown, the same in every output (terminal, Markdown,
// PDF). Pure, and free of escaping: each renderer makes text from a file inert for its own sink.
// The scores and points the report model itself carries (`shown`, the top gaps' sentences) are
// worded in src/core/display.ts (core cannot import render); they are re-exported here so renderers
// have one home.
import type { Delta } from '../core/compare.js';
import { firstSentence, fmtPoints, fmtScore } from '../core/display.js';
import { roundToTenth } from '../core/score.js';

export { firstSentence, fmtPoints, fmtScore };

/** A score in a five-character column: "100.0", " 72.4", "  n/a". */
export const paddedScore = (score: number | null) => fmtScore(score).padStart(5);

/** A change in tenths as shown: the difference of the two shown values, null when either side has none. */
export function shownTenths(d: Pick<Delta, 'before' | 'after'>): number | null {
  if (d.before === null || d.after === null) return null;
  return Math.round(roundToTenth(d.after) * 10) - Math.round(roundToTenth(d.before) * 10);
}

/**
 * A change as shown: roundToTenth(after) − roundToTenth(before), one decimal, signed ("+1.3", "−0.2", "+0.0"),
 * so that it always equals the difference of the two values beside it (the rounded unrounded
 * delta may not: 10.04 → 10.16 shows 10.0 → 10.2, a change of +0.2, not +0.1). The JSON keeps
 * the unrounded scores and delta.
 */
export function shownDelta(d: Pick<Delta, 'before' | 'after'>): string {
  const t = shownTenths(d);
  return t === null ? 'n/a' : `${t >= 0 ? '+' : '−'}${(Math.abs(t) / 10).toFixed(1)}`;
}

/**
 * A score as a bar of `width` characters, filled in proportion to the shown score; `none` (by
 * default nothing) when there is no score.
 */
export function scoreBar(
  score: number | null,
  width: number,
  o: { full?: string; empty?: string; none?: string } = {},
): string {
  if (score === null) return o.none ?? '';
  const filled = Math.round((roundToTenth(score) / 100) * width);
  return (o.full ?? '█').repeat(filled) + (o.empty ?? '░').repeat(width - filled);
}

/** "3 red flags", "1 red flag". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A maturity label, "(capped)" when an open red flag caps it; `none` when there is no score. `esc`
 * makes the label (from a questionnaire) inert for the sink.
 */
export const maturityText = (
  s: { maturity: string | null; maturityCapped: boolean },
  esc: (text: string) => string = (t) => t,
  none = '',
) => (s.maturity ? `${esc(s.maturity)}${s.maturityCapped ? ' (capped)' : ''}` : none);

/** Why a question is not yet assessed, in words. */
export const PENDING_STATE = {
  unanswered: 'Not answered',
  skipped: 'Skipped',
  pending: 'Waiting on an earlier answer',
} as const;

/** A question's score (0 to 1) in the answers appendix: "N/A" for an N/A answer, "—" for none. */
export const rowScore = (r: { score: number | null; state: string }) =>
  r.score === null ? (r.state === 'na' ? 'N/A' : '—') : String(r.score);

/** A rating (1 to 4) or "—". */
const rating = (v: number | null) => (v === null ? '—' : String(v));

/** An issue's severity, likelihood, scale, scope and remediability, each a rating (1 to 4) or "—". */
export const salienceRatings = (i: {
  severity: number | null;
  likelihood: number | null;
  scale: number | null;
  scope: number | null;
  remediability: number | null;
}) => [i.severity, i.likelihood, i.scale, i.scope, i.remediability].map(rating);

/** A share (0 to 1) as a percentage with one decimal: "12.5%". */
export const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The warning when the two sides answer different questionnaire versions (text; each sink makes it inert). */
export function versionsLine(c: Comparison): string {
  return `The questionnaire versions differ (${c.versionChanges.join(', ')}): questions are matched by id, so scores, gaps and red flags also move with the questions each version asks (${c.addedQuestions.length} added, ${c.removedQuestions.length} removed), not only with progress.`;
}
