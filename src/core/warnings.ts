import { Reporter } from './reporter.js';
import type { Diagnostic } from './diagnostics.js';
import { quote, showId } from './show.js';
import type { Answers } from './model.js';
import type { ScoreResult } from './score.js';

/**
 * Answers carried by `hrdd migrate` and not yet confirmed: one warning with the count, at the first
 * one's `carried` mark (visible questions, scored or not: a carried profile answer needs confirming too).
 */
function warnUnconfirmed(r: Reporter, result: ScoreResult): void {
  const carried = result.questions.filter((q) => q.answered && q.answer?.carried !== undefined);
  if (!carried.length) return;
  const first = carried[0]!.question.id;
  const one = carried.length === 1;
  r.warn(
    ['answers', first, 'carried'],
    'answer-unconfirmed',
    `${carried.length} answer${one ? '' : 's'} carried from an earlier questionnaire version ${one ? 'is' : 'are'} not yet confirmed (the first: ${showId(first)}): confirm or change ${one ? 'it' : 'them'} with hrdd assess --answers FILE`,
    'key',
  );
}

/** What a careful assessor wants to hear about an answers file that is valid but weak. */
export function assessmentWarnings(answers: Answers, result: ScoreResult): Diagnostic[] {
  const r = new Reporter(answers.parsed);
  const raw = (answers.parsed.data as Record<string, unknown>)['answers'] as Record<string, unknown>;
  const valuePath = (id: string) => {
    const v = raw[id];
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? ['answers', id, 'value'] : ['answers', id];
  };
  const visibleScored = result.questions.filter((q) => q.visibility === 'visible' && q.scored);
  for (const q of visibleScored) {
    const id = q.question.id;
    if (q.na && !q.answer?.note?.trim())
      r.warn(
        valuePath(id),
        'na-without-note',
        `${showId(id)} is answered N/A without a reason: add a \`note\` saying why it does not apply`,
      );
    if (q.included && q.answered && q.chosen.some((o) => o.evidenceRequired) && !q.answer?.evidence?.length) {
      const o = q.chosen.find((x) => x.evidenceRequired)!;
      r.warn(
        valuePath(id),
        'evidence-missing',
        `claim without evidence: ${showId(id)} is answered ${quote(o.label)}, which needs \`evidence\` (a document, link or reference)`,
      );
    }
  }
  const naCount = visibleScored.filter((q) => q.na).length;
  if (visibleScored.length > 0 && naCount * 2 > visibleScored.length) {
    r.warn(
      ['answers'],
      'na-majority',
      `${naCount} of ${visibleScored.length} visible scored questions are answered N/A: check the assessment's scope is not biased`,
      'key',
    );
  }
  warnUnconfirmed(r, result);
  const c = result.completion;
  if (c.ratio !== null && c.ratio < 1) {
    const missing = c.included - c.answered;
    r.warn(
      ['answers'],
      'incomplete',
      `the assessment is ${Math.floor(c.ratio * 100)}% complete (${missing} unanswered${c.pending ? `, ${c.pending} waiting on an unanswered question` : ''}): scores are provisional`,
      'key',
    );
  }
  return r.diagnostics;
}
