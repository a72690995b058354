import type { Comparison, Delta } from '../core/compare.js';
import { fmtPoints, type ReportModel } from '../core/report-model.js';
import { shown } from '../core/score.js';
import type { Paint } from './diagnostics.js';
import { esc } from './markdown.js';

const num = (x: number | null) => (x === null ? 'n/a' : shown(x).toFixed(1));
export const signed = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : '−'}${Math.abs(shown(x)).toFixed(1)}`);
const bar = (x: number | null, w = 10) => (x === null ? ''.padEnd(w) : '█'.repeat(Math.round((shown(x) / 100) * w)).padEnd(w, '░'));

/** The terminal summary of a comparison. */
export function renderCompareText(c: Comparison, p: Paint): string {
  const out: string[] = [];
  const d = (x: Delta) => {
    const s = signed(x.delta);
    return x.delta === null || Math.abs(x.delta) < 0.05 ? p.dim(s) : x.delta > 0 ? p.green(s) : p.red(s);
  };
  out.push(p.bold(`${c.before.label} → ${c.after.label}`));
  out.push(`Overall ${num(c.overall.before)} → ${p.bold(num(c.overall.after))} (${d(c.overall)}) · ${c.overall.maturityBefore ?? 'n/a'} → ${c.overall.maturityAfter ?? 'n/a'}`, '');
  for (const q of c.questionnaires) {
    out.push(`  ${p.bold(q.id.padEnd(24))} ${num(q.before).padStart(5)} → ${num(q.after).padStart(5)}  ${d(q)}${q.versionBefore !== q.versionAfter ? p.dim(`  (version ${q.versionBefore ?? '—'} → ${q.versionAfter ?? '—'})`) : ''}`);
    for (const s of q.sections) out.push(`    ${s.id.padEnd(22)} ${num(s.before).padStart(5)} → ${num(s.after).padStart(5)}  ${d(s)}`);
  }
  out.push('');
  if (c.redFlags.resolved.length) out.push(p.green(`Red flags resolved: ${c.redFlags.resolved.join(', ')}`));
  if (c.redFlags.new.length) out.push(p.red(`New red flags: ${c.redFlags.new.join(', ')}`));
  if (c.redFlags.open.length) out.push(p.yellow(`Still open: ${c.redFlags.open.join(', ')}`));
  out.push(`Gaps closed: ${c.closedGaps.length ? c.closedGaps.join(', ') : 'none'}`);
  out.push(`Gaps opened: ${c.newGaps.length ? c.newGaps.join(', ') : 'none'}`);
  out.push(`Answers changed: ${c.changedAnswers.length}`);
  for (const a of c.changedAnswers.slice(0, 10)) out.push(p.dim(`  ${a.question}: ${a.beforeText} → ${a.afterText}`));
  if (c.changedAnswers.length > 10) out.push(p.dim(`  … and ${c.changedAnswers.length - 10} more (--format md for all)`));
  if (c.addedQuestions.length || c.removedQuestions.length) out.push(`Questions added by the newer questionnaire versions: ${c.addedQuestions.length}; removed: ${c.removedQuestions.length}`);
  return out.join('\n') + '\n';
}

/** The Markdown trend report: before/after by section, the changes, and the remaining action plan. */
export function renderCompareMarkdown(c: Comparison, after: ReportModel): string {
  const o: string[] = [];
  const row = (name: string, x: Delta) => `| ${name} | ${num(x.before)} | ${num(x.after)} | ${signed(x.delta)} | \`${bar(x.before)}\` → \`${bar(x.after)}\` |`;
  o.push(`# Human rights due diligence progress: ${esc(after.meta.organisation)}`, '');
  o.push(`Comparing **${esc(c.before.label)}** with **${esc(c.after.label)}**.`, '');
  o.push(`**Overall: ${num(c.overall.before)} → ${num(c.overall.after)} (${signed(c.overall.delta)})**, ${c.overall.maturityBefore ?? 'n/a'} → ${c.overall.maturityAfter ?? 'n/a'}.`, '');
  o.push('## Scores by module and section', '', '| Module / section | Before | After | Change | |', '| --- | ---: | ---: | ---: | --- |');
  for (const q of c.questionnaires) {
    o.push(row(`**${esc(q.title)}** (${q.id}${q.versionBefore !== q.versionAfter ? `, version ${q.versionBefore ?? '—'} → ${q.versionAfter ?? '—'}` : ''})`, q));
    for (const s of q.sections) o.push(row(`&nbsp;&nbsp;${esc(s.title)}`, s));
  }
  o.push('', '## Scores by UNGP principle', '', '| Principle | Before | After | Change | |', '| --- | ---: | ---: | ---: | --- |');
  for (const [n, x] of Object.entries(c.principles)) o.push(row(n, x));
  o.push('', '## Red flags', '');
  o.push(`- Resolved: ${c.redFlags.resolved.join(', ') || 'none'}`, `- New: ${c.redFlags.new.join(', ') || 'none'}`, `- Still open: ${c.redFlags.open.join(', ') || 'none'}`, '');
  o.push('## Gaps', '', `- Closed (${c.closedGaps.length}): ${c.closedGaps.join(', ') || 'none'}`, `- Opened (${c.newGaps.length}): ${c.newGaps.join(', ') || 'none'}`, '');
  if (c.salience.length) {
    o.push('## Salience changes', '', '| Issue | Severity | Likelihood |', '| --- | --- | --- |');
    for (const s of c.salience) o.push(`| ${esc(s.issue)} | ${s.severityBefore ?? '—'} → ${s.severityAfter ?? '—'} | ${s.likelihoodBefore ?? '—'} → ${s.likelihoodAfter ?? '—'} |`);
    o.push('');
  }
  o.push(`## Changed answers (${c.changedAnswers.length})`, '');
  if (c.changedAnswers.length) {
    o.push('| Question | Before | After | Notes |', '| --- | --- | --- | --- |');
    for (const a of c.changedAnswers) o.push(`| **${a.question}** ${esc(a.text)} | ${esc(a.beforeText)} | ${esc(a.afterText)} | ${[a.noteBefore && `before: ${esc(a.noteBefore)}`, a.noteAfter && `after: ${esc(a.noteAfter)}`].filter(Boolean).join('<br>')} |`);
    o.push('');
  } else o.push('No answer changed.', '');
  if (c.addedQuestions.length || c.removedQuestions.length) {
    o.push('## Questionnaire changes', '', `- Questions added by the newer versions: ${c.addedQuestions.join(', ') || 'none'}`, `- Questions removed: ${c.removedQuestions.join(', ') || 'none'}`, '');
  }
  o.push('## Remaining action plan', '');
  if (after.actions.length) {
    o.push('| # | Question | Impact | Recommendation |', '| ---: | --- | ---: | --- |');
    for (const a of after.actions) o.push(`| ${a.rank} | **${a.id}**${a.critical ? ' (critical)' : ''} ${esc(a.text)} | ${fmtPoints(a.impact)} | ${esc(a.recommendation)} |`);
  } else o.push('No gaps remain among the answered questions.');
  return o.join('\n') + '\n';
}
