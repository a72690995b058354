// The trend report as PDF (hrdd compare --format pdf), on the same layout engine as the gap report.
import type { Comparison, Delta } from '../../core/compare.js';
import { fmtPoints, type ReportModel } from '../../core/report-model.js';
import { shown } from '../../core/score.js';
import { barChart, type BarItem } from './charts.js';
import { openDocument } from './document.js';
import { pdfLine } from '../inert.js';
import { BAR, MUTED, PAGE, RED, RULE } from './theme.js';
import type { Brand } from '../../core/brand.js';

const num = (x: number | null) => (x === null ? 'n/a' : shown(x).toFixed(1));
const signed = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : '−'}${Math.abs(shown(x)).toFixed(1)}`);

/** Before/after bars per module and section, principle changes, red flags, gaps, changed answers, and the remaining action plan. */
export async function renderComparePdf(c: Comparison, after: ReportModel, o: { brand?: Brand } = {}): Promise<Uint8Array> {
  const brand = o.brand ?? {};
  const title = brand.title ?? 'Human rights due diligence progress';
  const { doc, L, root, close } = openDocument({
    title: `${title}: ${after.meta.organisation}`,
    ...(brand.preparedBy && { author: brand.preparedBy }),
    ...(brand.paper && { paper: brand.paper }),
    subject: 'Progress between two human rights due diligence self-assessments (UNGP 17, 20)',
    date: after.meta.date, language: after.meta.language, tool: after.meta.tool,
  });
  const chapter = (t: string) => { L.heading(1, t); doc.outline.addItem(pdfLine(t)); };

  if (brand.logo) {
    const logo = brand.logo;
    const scale = Math.min(160 / logo.width, 60 / logo.height);
    L.artifact(() => doc.image(Buffer.from(logo.bytes), L.left, L.y, { width: logo.width * scale, height: logo.height * scale }));
    L.y += logo.height * scale + 14;
  }
  chapter(`${brand.title ? `${title}: ` : 'Progress: '}${after.meta.organisation}`);
  if (brand.preparedFor) L.paragraph(`Prepared for: ${brand.preparedFor}`, { size: 9.5 });
  if (brand.preparedBy) L.paragraph(`Prepared by: ${brand.preparedBy}`, { size: 9.5 });
  if (brand.confidential) L.paragraph(brand.confidential, { size: 10, weight: 'bold', color: RED });
  L.paragraph(`Comparing ${c.before.label} with ${c.after.label}.`, { size: 9, color: MUTED });
  L.paragraph(`Overall: ${num(c.overall.before)} → ${num(c.overall.after)} (${signed(c.overall.delta)}), ${c.overall.maturityBefore ?? 'n/a'} → ${c.overall.maturityAfter ?? 'n/a'}.`, { size: 13, weight: 'bold' });
  L.paragraph(`Red flags resolved: ${c.redFlags.resolved.join(', ') || 'none'}. New: ${c.redFlags.new.join(', ') || 'none'}. Still open: ${c.redFlags.open.join(', ') || 'none'}.`);
  L.paragraph(`Gaps closed (${c.closedGaps.length}): ${c.closedGaps.join(', ') || 'none'}. Gaps opened (${c.newGaps.length}): ${c.newGaps.join(', ') || 'none'}.`);

  L.heading(2, 'Scores before and after');
  const pair = (label: string, d: Delta, level: 0 | 1): BarItem[] => [
    { label: `${label}: before`, score: d.before === null ? null : shown(d.before), value: num(d.before), level, color: BAR.section },
    { label: `${label}: after`, score: d.after === null ? null : shown(d.after), value: num(d.after), note: signed(d.delta), level: 1, color: BAR.module },
  ];
  for (const q of c.questionnaires) {
    barChart(L, [...pair(q.title, q, 0), ...q.sections.filter((s) => s.before !== null || s.after !== null).flatMap((s) => pair(s.title, s, 1))],
      `${q.title}, before and after: ${q.sections.map((s) => `${s.title} ${num(s.before)} to ${num(s.after)}`).join('; ')}.`);
  }
  L.heading(2, 'Scores by UNGP principle');
  L.table([{ header: 'Principle', width: 40 }, { header: 'Before', width: 20, align: 'right' }, { header: 'After', width: 20, align: 'right' }, { header: 'Change', width: 20, align: 'right' }],
    Object.entries(c.principles).map(([n, d]) => [n, num(d.before), num(d.after), signed(d.delta)]));
  if (c.salience.length) {
    L.heading(2, 'Salience changes');
    L.table([{ header: 'Issue', width: 50 }, { header: 'Severity', width: 25 }, { header: 'Likelihood', width: 25 }],
      c.salience.map((s) => [s.issue, `${s.severityBefore ?? '—'} → ${s.severityAfter ?? '—'}`, `${s.likelihoodBefore ?? '—'} → ${s.likelihoodAfter ?? '—'}`]));
  }
  L.heading(2, `Changed answers (${c.changedAnswers.length})`);
  if (c.changedAnswers.length) {
    L.table([{ header: 'Question', width: 40 }, { header: 'Before', width: 20 }, { header: 'After', width: 20 }, { header: 'Notes', width: 20 }],
      c.changedAnswers.map((a) => [`${a.question} ${a.text}`, a.beforeText, a.afterText, [a.noteBefore && `before: ${a.noteBefore}`, a.noteAfter && `after: ${a.noteAfter}`].filter(Boolean).join('\n')]));
  } else L.paragraph('No answer changed.');
  if (c.addedQuestions.length || c.removedQuestions.length) {
    L.heading(2, 'Questionnaire changes');
    L.paragraph(`Questions added by the newer versions: ${c.addedQuestions.join(', ') || 'none'}. Removed: ${c.removedQuestions.join(', ') || 'none'}.`);
  }
  chapter('Remaining action plan');
  if (after.actions.length) {
    L.table([{ header: '#', width: 6, align: 'right' }, { header: 'Question', width: 44 }, { header: 'Impact', width: 10, align: 'right' }, { header: 'Recommendation', width: 40 }],
      after.actions.map((a) => [String(a.rank), `${a.id}${a.critical ? ' (critical)' : ''} ${a.text}`, fmtPoints(a.impact), a.recommendation]));
  } else L.paragraph('No gaps remain among the answered questions.');
  root.end();

  const range = doc.bufferedPageRange();
  const y = doc.page.height - PAGE.margin - 8;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    L.resetFill();
    L.artifact(() => {
      doc.moveTo(L.left, y - 6).lineTo(L.right, y - 6).lineWidth(0.4).strokeColor(RULE).stroke();
      L.place(`Page ${i + 1} of ${range.count}`, L.right - 100, y, 100, { size: 7.5, color: MUTED, align: 'right' });
      if (brand.confidential) L.place(L.oneLine(brand.confidential, L.width, 7.5, 'bold'), L.left, y + 11, L.width, { size: 7.5, weight: 'bold', color: RED, align: 'center' });
    }, 'Pagination');
  }
  return close();
}
