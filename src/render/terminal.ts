import { moduleProgress } from '../core/progress.js';
import type { ScoreResult } from '../core/score.js';
import type { Paint } from './paint.js';
import { showId } from '../core/show.js';
import { termLine, termProse } from './inert.js';
import { paddedScore as fmt, plural, scoreBar } from './format.js';

export interface TerminalOptions {
  paint: Paint;
  /** colour is on: use block characters; off: plain ASCII */
  fancy: boolean;
  columns: number;
  organisation: string;
  assessor?: string;
  date?: string;
  answersFile: string;
  top?: number;
  /** the command that resumes this assessment (default: hrdd assess --answers FILE) */
  resume?: string;
}

/** A score bar on a terminal: block characters with colour on, plain ASCII without. */
const bar = (score: number | null, width: number, fancy: boolean): string =>
  scoreBar(score, width, {
    none: (fancy ? '·' : '.').repeat(width),
    ...(!fancy && { full: '#', empty: '-' }),
  });

/**
 * Text from a file on one line of at most `width` characters: white space (line breaks too)
 * folded, then made inert by the terminal sink, then cut (never inside a surrogate pair).
 */
export function clip(text: string, width: number): string {
  return cut(termProse(text), width);
}

/** Terminal text cut to `width` characters with an ellipsis, never inside a surrogate pair. */
function cut(t: string, width: number): string {
  if (t.length <= width) return t;
  let end = Math.max(1, width - 1);
  if (/[\ud800-\udbff]/.test(t[end - 1]!)) end--;
  return t.slice(0, end) + '…';
}

/** A label from a file on one line (padded by the caller). */
const one = (text: string | null | undefined) => termLine(text ?? '');
/** An id from a file on one line, quoted and escaped unless plain. */
const id = (text: string) => termLine(showId(text));

/** The compact terminal summary of a score (hrdd score, and the end of hrdd assess). */
export function renderScoreText(result: ScoreResult, o: TerminalOptions): string {
  const width = Math.max(60, Math.min(o.columns, 100));
  const out = [
    ...headerLines(result, o),
    ...completionLines(result, o.paint, width),
    ...redFlagLines(result, o, width),
    ...scoreLines(result, o, width),
    ...gapLines(result, o, width),
    ...notYetLines(result, o),
  ];
  return out.join('\n') + '\n';
}

/** Who was assessed, by whom and when, and the overall score. */
function headerLines(result: ScoreResult, o: TerminalOptions): string[] {
  const p = o.paint;
  const who = [o.assessor && `assessed by ${one(o.assessor)}`, o.date && one(o.date)].filter(Boolean).join(', ');
  const ov = result.overall;
  const cap = ov.maturityCapped
    ? p.red(
        ` (capped by ${plural(ov.redFlags.length, 'open red flag')}: a score cannot hide a missing foundation, UNGP 15)`,
      )
    : '';
  return [
    p.bold(one(o.organisation)) + (who ? p.dim(` — ${who}`) : ''),
    `Overall score ${p.bold(fmt(ov.score).trim())} / 100 · ${p.bold(ov.maturityLabel === null ? 'no score yet' : one(ov.maturityLabel))}${cap}`,
  ];
}

/** How much is answered, and the same count per module while any is incomplete. */
function completionLines(result: ScoreResult, p: Paint, width: number): string[] {
  const c = result.completion;
  if (c.ratio === null) return [];
  const pct = Math.floor(c.ratio * 100);
  const out = [
    `Completion ${pct}% · ${c.answered} of ${c.included + c.pending} questions answered` +
      (c.pending ? ` (${c.pending} waiting on earlier answers)` : '') +
      (c.ratio < 1 ? p.yellow(' · scores are provisional') : ''),
  ];
  if (c.carried)
    out.push(
      p.yellow(
        `${c.carried} carried from an earlier questionnaire version, not yet confirmed (hrdd assess --answers FILE)`,
      ),
    );
  const modules = result.questionnaires
    .map((q) => ({ id: q.questionnaire.id, ...moduleProgress(result, q.questionnaire) }))
    .filter((m) => m.total > 0);
  if (c.ratio < 1 && modules.length > 1) {
    let line = 'By module:';
    for (const m of modules) {
      const item = ` ${id(m.id)} ${m.answered}/${m.total}`;
      if (line.length + item.length > width) {
        out.push(p.dim(line));
        line = ' '.repeat(10);
      }
      line += item;
    }
    out.push(p.dim(line));
  }
  return out;
}

function redFlagLines(result: ScoreResult, o: TerminalOptions, width: number): string[] {
  const p = o.paint;
  if (!result.redFlags.length) return [];
  const mark = o.fancy ? '✖' : 'x';
  const out = ['', p.red(p.bold(`Red flags (${result.redFlags.length})`))];
  for (const flag of result.redFlags) {
    const r = result.questions.find((q) => q.question.id === flag)!;
    const state = r.answered ? `scored ${r.score}` : 'not answered';
    out.push(
      `  ${p.red(mark)} ${id(flag)} ${clip(r.question.text, width - id(flag).length - state.length - 8)} ${p.dim(state)}`,
    );
  }
  return out;
}

/** The score of each scored questionnaire and of its sections, with bars. */
function scoreLines(result: ScoreResult, o: TerminalOptions, width: number): string[] {
  const { paint: p, fancy } = o;
  const out = ['', p.bold('Scores')];
  const nameW = Math.min(
    28,
    result.questionnaires.reduce(
      (w, q) =>
        q.sections.reduce((v, s) => Math.max(v, s.section.id.length + 2), Math.max(w, q.questionnaire.id.length)),
      0,
    ),
  );
  const barW = Math.max(10, Math.min(30, width - nameW - 30));
  for (const q of result.questionnaires) {
    if (q.questionnaire.weight === 0) continue;
    out.push(
      `  ${p.bold(cut(id(q.questionnaire.id), nameW).padEnd(nameW))} ${bar(q.score, barW, fancy)} ${fmt(q.score)}  ${one(q.maturityLabel)}${q.maturityCapped ? p.red(' (capped)') : ''}`,
    );
    for (const s of q.sections) {
      const line = sectionLine(result, s, o, nameW, barW);
      if (line !== undefined) out.push(line);
    }
  }
  return out;
}

/** A section's line of the scores, or none for a section with nothing to score (e.g. salience). */
function sectionLine(
  result: ScoreResult,
  s: ScoreResult['questionnaires'][number]['sections'][number],
  o: TerminalOptions,
  nameW: number,
  barW: number,
): string | undefined {
  const p = o.paint;
  const scoredQs = result.questions.filter((x) => x.section === s.section && x.scored);
  if (!scoredQs.length) return undefined;
  const label = `    ${cut(id(s.section.id), nameW - 2).padEnd(nameW - 2)} `;
  if (s.score === null)
    return (
      label +
      p.dim(scoredQs.every((x) => x.visibility === 'hidden') ? 'not applicable to this profile' : 'no score yet')
    );
  return `${label}${p.dim(bar(s.score, barW, o.fancy))} ${fmt(s.score)}  ${p.dim(one(s.maturityLabel))}${s.maturityCapped ? p.red(' (capped)') : ''}`;
}

/** The answered gaps that would gain the most, with what to do about them. */
function gapLines(result: ScoreResult, o: TerminalOptions, width: number): string[] {
  const p = o.paint;
  const actions = result.gaps.filter((g) => g.answered);
  const top = actions.slice(0, o.top ?? 5);
  if (!top.length) return [];
  const out = ['', p.bold(`Top priority gaps (${top.length} of ${actions.length})`)];
  top.forEach((g, i) => {
    const head = `${i + 1}. ${p.green(`+${g.impact.toFixed(1)} points`)} ${id(g.question.id)}${g.critical ? p.red(' [critical]') : ''} · UNGP ${g.question.ungp.join(', ') || '-'}`;
    out.push(`  ${head}`);
    out.push(`     ${clip(g.question.text, width - 6)}`);
    if (g.question.recommendation) out.push(`     ${p.dim('→ ' + clip(g.question.recommendation, width - 8))}`);
  });
  return out;
}

function notYetLines(result: ScoreResult, o: TerminalOptions): string[] {
  const c = result.completion;
  const p = o.paint;
  const notYet = c.included + c.pending - c.answered; // the completion's count: the same everywhere
  if (!notYet) return [];
  return [
    '',
    p.yellow(`Not yet assessed: ${plural(notYet, 'question')}`) +
      p.dim(` — continue with: ${o.resume ?? `hrdd assess --answers ${one(o.answersFile)}`}`),
  ];
}
