import type { ReportModel } from '../core/report-model.js';
import { csvText } from './inert.js';

/** The columns of the action plan tracker, in order; the last three are for the client to fill in. */
export const ACTION_COLUMNS = [
  'id',
  'module',
  'section',
  'question',
  'current answer',
  'score',
  'impact',
  'priority',
  'critical',
  'UNGP',
  'recommendation',
  'owner',
  'due',
  'status',
] as const;

/** Two decimals, without trailing zeros: a number a spreadsheet reads. */
const num = (x: number) => String(Math.round(x * 100) / 100);

/**
 * The action plan as a tracker: one row per gap, by priority, with empty owner, due and status
 * columns. Pure: the model in, the CSV text out (every cell through the csvCell sink).
 */
export function renderActionsCsv(m: ReportModel): string {
  return csvText([
    [...ACTION_COLUMNS],
    ...m.actions.map((a) => [
      a.id,
      a.questionnaire,
      a.section,
      a.text,
      a.answer,
      num(a.score),
      num(a.impact),
      num(a.priority),
      a.critical ? 'yes' : 'no',
      a.ungp.join('; '),
      a.recommendation,
      '',
      '',
      '',
    ]),
  ]);
}
