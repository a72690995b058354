import type { Comparison, Delta } from '../core/compare.js';
import type { ReportModel } from '../core/report-model.js';
import type { Paint } from './paint.js';
import { showId } from '../core/show.js';
import { mdCell, mdInline, termLine } from './inert.js';
import type { Brand } from '../core/brand.js';
import { fmtPoints, fmtScore, scoreBar, shownDelta, shownTenths, versionsLine } from './format.js';
import { masthead } from './markdown.js';

const num = fmtScore;
/** A ten-character bar in a Markdown code span (spaces when there is no score). */
const bar = (x: number | null, w = 10) => scoreBar(x, w, { none: ''.padEnd(w) });

/** An id or label from a file, inert on a terminal. */
const t = (s: string | null | undefined, none = 'n/a') => (s === null || s === undefined ? none : termLine(s));
/** Ids from a file, quoted and escaped unless plain, inert on a terminal. */
const tid = (s: string) => termLine(showId(s));
const ids = (xs: readonly string[]) => xs.map(tid).join(', ');

/** The terminal summary of a comparison. */
export function renderCompareText(c: Comparison, p: Paint): string {
  const out: string[] = [];
  const d = (x: Delta) => {
    const s = shownDelta(x);
    const tenths = shownTenths(x);
    return tenths === null || tenths === 0 ? p.dim(s) : tenths > 0 ? p.green(s) : p.red(s);
  };
  out.push(p.bold(`${t(c.before.label)} → ${t(c.after.label)}`));
  if (c.versionChanges.length) out.push(p.yellow(t(versionsLine(c))));
  out.push(
    `Overall ${num(c.overall.before)} → ${p.bold(num(c.overall.after))} (${d(c.overall)}) · ${t(c.overall.maturityBefore)} → ${t(c.overall.maturityAfter)}`,
    '',
  );
  for (const q of c.questionnaires) {
    out.push(
      `  ${p.bold(tid(q.id).padEnd(24))} ${num(q.before).padStart(5)} → ${num(q.after).padStart(5)}  ${d(q)}${q.versionBefore !== q.versionAfter ? p.dim(`  (version ${t(q.versionBefore, '—')} → ${t(q.versionAfter, '—')})`) : ''}`,
    );
    for (const s of q.sections)
      out.push(`    ${tid(s.id).padEnd(22)} ${num(s.before).padStart(5)} → ${num(s.after).padStart(5)}  ${d(s)}`);
  }
  out.push('');
  if (c.redFlags.resolved.length) out.push(p.green(`Red flags resolved: ${ids(c.redFlags.resolved)}`));
  if (c.redFlags.new.length) out.push(p.red(`New red flags: ${ids(c.redFlags.new)}`));
  if (c.redFlags.open.length) out.push(p.yellow(`Still open: ${ids(c.redFlags.open)}`));
  out.push(`Gaps closed: ${c.closedGaps.length ? ids(c.closedGaps) : 'none'}`);
  out.push(`Gaps opened: ${c.newGaps.length ? ids(c.newGaps) : 'none'}`);
  out.push(`Answers changed: ${c.changedAnswers.length}`);
  for (const a of c.changedAnswers.slice(0, 10))
    out.push(p.dim(`  ${tid(a.question)}: ${t(a.beforeText)} → ${t(a.afterText)}`));
  if (c.changedAnswers.length > 10)
    out.push(p.dim(`  … and ${c.changedAnswers.length - 10} more (--format md for all)`));
  if (c.addedQuestions.length || c.removedQuestions.length)
    out.push(
      `Questions added by the newer questionnaire versions: ${c.addedQuestions.length}; removed: ${c.removedQuestions.length}`,
    );
  return out.join('\n') + '\n';
}

// text from the files: mdInline in headings, lists and paragraphs, mdCell in table cells
const list = (xs: readonly string[]) => xs.map((x) => mdInline(showId(x))).join(', ') || 'none';
const mid = (x: string) => mdCell(showId(x));
const orNone = (x: string | number | null, none: string) => (x === null ? none : mdCell(String(x)));
/** A table row: the name, the two scores, the change and the two bars. */
const row = (name: string, x: Delta) =>
  `| ${name} | ${num(x.before)} | ${num(x.after)} | ${shownDelta(x)} | \`${bar(x.before)}\` → \`${bar(x.after)}\` |`;

/** The Markdown trend report: before/after by section, the changes, and the remaining action plan. */
export function renderCompareMarkdown(
  c: Comparison,
  after: ReportModel,
  opts: { brand?: Brand; logoFile?: string } = {},
): string {
  const o: string[] = [];
  markdownHead(o, c, after, opts.brand ?? {}, opts.logoFile);
  scoreTables(o, c);
  redFlagsAndGaps(o, c);
  answerChanges(o, c);
  remainingPlan(o, after);
  return o.join('\n') + '\n';
}

/** The masthead, the title, who prepared it for whom, what is compared, and the overall change. */
function markdownHead(
  o: string[],
  c: Comparison,
  after: ReportModel,
  brand: Brand,
  logoFile: string | undefined,
): void {
  o.push(...masthead(brand, logoFile));
  o.push(
    `# ${brand.title ? mdInline(brand.title) : 'Human rights due diligence progress'}: ${mdInline(after.meta.organisation)}`,
    '',
  );
  if (brand.preparedFor) o.push(`- **Prepared for:** ${mdInline(brand.preparedFor)}`);
  if (brand.preparedBy) o.push(`- **Prepared by:** ${mdInline(brand.preparedBy)}`);
  if (brand.preparedFor || brand.preparedBy) o.push('');
  o.push(`Comparing **${mdInline(c.before.label)}** with **${mdInline(c.after.label)}**.`, '');
  if (c.versionChanges.length) o.push(`> ${mdInline(versionsLine(c))}`, '');
  o.push(
    `**Overall: ${num(c.overall.before)} → ${num(c.overall.after)} (${shownDelta(c.overall)})**, ${c.overall.maturityBefore === null ? 'n/a' : mdInline(c.overall.maturityBefore)} → ${c.overall.maturityAfter === null ? 'n/a' : mdInline(c.overall.maturityAfter)}.`,
    '',
  );
}

/** Before and after by module and section, and by UNGP principle. */
function scoreTables(o: string[], c: Comparison): void {
  o.push(
    '## Scores by module and section',
    '',
    '| Module / section | Before | After | Change | |',
    '| --- | ---: | ---: | ---: | --- |',
  );
  for (const q of c.questionnaires) {
    o.push(
      row(
        `**${mdCell(q.title)}** (${mid(q.id)}${q.versionBefore !== q.versionAfter ? `, version ${orNone(q.versionBefore, '—')} → ${orNone(q.versionAfter, '—')}` : ''})`,
        q,
      ),
    );
    for (const s of q.sections) o.push(row(`&nbsp;&nbsp;${mdCell(s.title)}`, s));
  }
  o.push(
    '',
    '## Scores by UNGP principle',
    '',
    '| Principle | Before | After | Change | |',
    '| --- | ---: | ---: | ---: | --- |',
  );
  for (const [n, x] of Object.entries(c.principles)) o.push(row(mdCell(n), x));
}

/** The red flags resolved, new and still open; the gaps closed and opened; salience changes. */
function redFlagsAndGaps(o: string[], c: Comparison): void {
  o.push('', '## Red flags', '');
  o.push(
    `- Resolved: ${list(c.redFlags.resolved)}`,
    `- New: ${list(c.redFlags.new)}`,
    `- Still open: ${list(c.redFlags.open)}`,
    '',
  );
  o.push(
    '## Gaps',
    '',
    `- Closed (${c.closedGaps.length}): ${list(c.closedGaps)}`,
    `- Opened (${c.newGaps.length}): ${list(c.newGaps)}`,
    '',
  );
  if (c.salience.length) {
    o.push('## Salience changes', '', '| Issue | Severity | Likelihood |', '| --- | --- | --- |');
    for (const s of c.salience)
      o.push(
        `| ${mdCell(s.label)} | ${orNone(s.severityBefore, '—')} → ${orNone(s.severityAfter, '—')} | ${orNone(s.likelihoodBefore, '—')} → ${orNone(s.likelihoodAfter, '—')} |`,
      );
    o.push('');
  }
}

/** The changed answers, and the questions the newer questionnaire versions added or removed. */
function answerChanges(o: string[], c: Comparison): void {
  o.push(`## Changed answers (${c.changedAnswers.length})`, '');
  if (c.changedAnswers.length) {
    o.push('| Question | Before | After | Notes |', '| --- | --- | --- | --- |');
    for (const a of c.changedAnswers)
      o.push(
        `| **${mid(a.question)}** ${mdCell(a.text)} | ${mdCell(a.beforeText)} | ${mdCell(a.afterText)} | ${[a.noteBefore && `before: ${mdCell(a.noteBefore)}`, a.noteAfter && `after: ${mdCell(a.noteAfter)}`].filter(Boolean).join('<br>')} |`,
      );
    o.push('');
  } else o.push('No answer changed.', '');
  if (c.addedQuestions.length || c.removedQuestions.length) {
    o.push(
      '## Questionnaire changes',
      '',
      `- Questions added by the newer versions: ${list(c.addedQuestions)}`,
      `- Questions removed: ${list(c.removedQuestions)}`,
      '',
    );
  }
}

/** The later assessment's action plan. */
function remainingPlan(o: string[], after: ReportModel): void {
  o.push('## Remaining action plan', '');
  if (after.actions.length) {
    o.push('| # | Question | Impact | Recommendation |', '| ---: | --- | ---: | --- |');
    for (const a of after.actions)
      o.push(
        `| ${a.rank} | **${mid(a.id)}**${a.critical ? ' (critical)' : ''} ${mdCell(a.text)} | ${fmtPoints(a.impact)} | ${mdCell(a.recommendation)} |`,
      );
  } else o.push('No gaps remain among the answered questions.');
}
