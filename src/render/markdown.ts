import type { ReportFramework, ReportModel, ReportScope } from '../core/report-model.js';
import { frameworkChapterTitle, frameworkEdition, itemLabel, itemNoun } from './framework-words.js';
import { showId } from '../core/show.js';
import { mdCell, mdInline } from './inert.js';
import { pushAll } from '../core/arrays.js';
import type { Brand } from '../core/brand.js';
import {
  fmtPoints,
  maturityText,
  PENDING_STATE,
  percent,
  plural,
  rowScore,
  salienceRatings,
  scoreBar,
} from './format.js';

// Text from a file goes through mdInline (headings, list items, paragraphs) or mdCell (table
// cells) and nowhere else; links and HTML come only from this file.
const esc = mdInline;
const cell = mdCell;
/** An id from a file: quoted and escaped unless plain (then as inline text, which a cell takes too). */
const id = (x: string) => mdInline(showId(x));

/** A score bar as a code span; nothing when there is no score. */
const textBar = (score: number | null, width = 10) => (score === null ? '' : '`' + scoreBar(score, width) + '`');

const maturityOf = (s: ReportScope) => maturityText(s, cell, '—');

function table(head: string[], rows: string[][], align: Array<'l' | 'r'> = []): string[] {
  const sep = head.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [`| ${head.join(' | ')} |`, `| ${sep.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

export interface MarkdownOptions {
  /** the branding (title, prepared by/for, confidentiality); its logo is shown as `logoFile` */
  brand?: Brand;
  /** the logo's file name, beside the report */
  logoFile?: string;
  /** the board-level brief: cover, executive summary, scores, top ten actions */
  summary?: boolean;
}

/**
 * The anchor GitHub gives a heading (github-slugger): its text lower-cased, punctuation dropped,
 * spaces as hyphens; a repeated one gets -1, -2… `seen` counts the anchors so far.
 */
export function githubAnchor(heading: string, seen: Map<string, number>): string {
  const text = heading
    .replace(/\\(.)/g, '$1')
    .replace(/<br>/g, ' ')
    .replace(/[*`]/g, '')
    .replace(/&nbsp;/g, ' ');
  const base = text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
  let slug = base;
  while (seen.has(slug)) {
    const n = seen.get(base)! + 1;
    seen.set(base, n);
    slug = `${base}-${n}`;
  }
  seen.set(slug, 0);
  return slug;
}

/**
 * A chapter's title as the text of a link to it. A title may hold text from a file (a framework's,
 * escaped), and escapes do not hold inside link text for every reader (marked makes an image of
 * `!\[i\](url)` there): the link shows only its letters, digits, spaces and `,:;'’–—-`.
 */
const linkText = (heading: string) =>
  heading
    .replace(/\\(.)/g, '$1')
    .replace(/[^\p{L}\p{M}\p{N} ,:;'’–—-]/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim() || 'Chapter';

/** "Contents": a list of links to the chapters (## headings), by the anchors GitHub gives them. */
function contents(lines: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const out = ['## Contents', ''];
  githubAnchor('Contents', seen);
  for (const l of lines) {
    const h = /^(#{1,6}) (.*)$/.exec(l);
    if (!h) continue;
    const anchor = githubAnchor(h[2]!, seen);
    if (h[1] === '##') out.push(`- [${linkText(h[2]!)}](#${anchor})`);
  }
  return [...out, ''];
}

/**
 * The top of a Markdown report, the gap report's and the trend report's: the confidentiality
 * marking in bold and the logo (the file beside the report), each followed by a blank line.
 */
export function masthead(brand: Brand, logoFile: string | undefined): string[] {
  const out: string[] = [];
  // (an empty marking would make `****`, a thematic break)
  const marking = brand.confidential ? esc(brand.confidential) : '';
  if (marking) out.push(`**${marking}**`, '');
  // the file name is ours (the answers file's base name): percent-encoded, it is a plain relative link
  if (logoFile) out.push(`![Logo](${encodeURIComponent(logoFile)})`, '');
  return out;
}

/**
 * Lines being written: `push` adds some, `lines` adds many one by one (a table may have many
 * thousands of rows, too many to spread into one call).
 */
class Lines {
  readonly out: string[] = [];
  push(...lines: string[]): void {
    pushAll(this.out, lines);
  }
  lines(lines: readonly string[]): void {
    pushAll(this.out, lines);
  }
}

/** The gap report as GitHub-flavoured Markdown. Pure: the model in, a string out. */
export function renderMarkdown(m: ReportModel, o: MarkdownOptions = {}): string {
  const w = new Lines();
  titleBlock(w, m, o);
  const bodyStart = w.out.length;
  executiveSummary(w, m);
  needsDiscussion(w, m);
  moduleScores(w, m);
  if (o.summary) {
    topActions(w, m);
    return finish(w.out);
  }
  for (const f of m.frameworks) w.lines(frameworkChapter(f));
  salience(w, m);
  actionPlan(w, m);
  notYetAssessed(w, m);
  appendixAnswers(w, m);
  appendixMethod(w, m);
  appendixInputs(w, m);
  w.out.splice(bodyStart, 0, ...contents(w.out.slice(bodyStart)));
  return finish(w.out);
}

/** The title, the branding and the facts of the assessment: what comes before the contents. */
function titleBlock(w: Lines, m: ReportModel, o: MarkdownOptions): void {
  const brand = o.brand ?? {};
  const title = brand.title ?? m.meta.title;
  const preparedBy = brand.preparedBy ?? m.meta.assessor;
  const s = m.summary;

  w.push(...masthead(brand, o.logoFile));
  w.push(`# ${esc(title)}: ${esc(m.meta.organisation)}`, '');
  if (o.summary)
    w.push('*Board-level brief: the full report has the details, the whole action plan and the appendices.*', '');
  w.push(`- **Organisation:** ${esc(m.meta.organisation)}`);
  if (brand.preparedFor) w.push(`- **Prepared for:** ${esc(brand.preparedFor)}`);
  if (preparedBy) w.push(`- **Prepared by:** ${esc(preparedBy)}`);
  w.push(`- **Date:** ${esc(m.meta.date)}`);
  w.push(
    `- **Status:** ${m.meta.complete ? 'Complete' : `Provisional (${s.completion.percent} complete): scores may change as the remaining questions are answered`}`,
  );
  w.push(
    `- **Questionnaires:** ${m.inputs.questionnaires.map((q) => `${esc(q.title)} (${id(q.id)} ${esc(q.version)})`).join('; ')}`,
  );
  if (m.meta.redacted) w.push('- **Redacted:** notes, evidence and names of people are left out of this copy.');
  w.push('');
}

/** The executive summary: overall score and maturity, completion, red flags, the weakest section, the top gaps. */
function executiveSummary(w: Lines, m: ReportModel): void {
  const s = m.summary;
  w.push('## Executive summary', '');
  const ov = s.overall;
  w.push(
    `**Overall score: ${ov.shown} / 100 · ${ov.maturity === null ? 'no score yet' : esc(ov.maturity)}**${ov.maturityCapped ? ` (capped at ${esc(ov.maturity ?? '')} by ${plural(s.redFlags.length, 'open red flag')}: a score cannot hide a missing foundation, UNGP 15)` : ''}`,
    '',
  );
  w.push(
    `Completion: ${s.completion.percent} (${s.completion.answered} of ${s.completion.total} questions answered${s.completion.pending ? `, ${s.completion.pending} waiting on earlier answers` : ''}).${s.completion.carried ? ` ${s.completion.carried} answer${s.completion.carried === 1 ? ' was' : 's were'} carried from an earlier questionnaire version and ${s.completion.carried === 1 ? 'is' : 'are'} not yet confirmed.` : ''}`,
    '',
  );
  if (s.redFlags.length) {
    w.push(`> **Red flags (${s.redFlags.length}).** Critical questions scored below 0.5: fix these first.`, '>');
    for (const f of s.redFlags)
      w.push(`> - **${id(f.id)}** ${esc(f.text)} Answer: ${esc(f.answer)} (score ${f.score}).`);
    w.push('');
  } else w.push('No red flags: every critical question scores 0.5 or more.', '');
  outcomes(w, s);
  if (s.weakest && s.averageSection)
    w.push(
      `Weakest section: **${esc(s.weakest.section)}** at ${s.weakest.shown}, against an average section score of ${s.averageSection.shown}.`,
      '',
    );
  if (s.topGaps.length) {
    w.push('Top priority gaps:', '');
    s.topGaps.forEach((g, i) => w.push(`${i + 1}. ${esc(g.sentence)}`));
    w.push('');
  }
}

/** What happened in the period: the outcome questions and their answers, beside the score. */
function outcomes(w: Lines, s: ReportModel['summary']): void {
  if (!s.outcomes.length) return;
  w.push(
    `**What happened in the period** (${plural(s.outcomes.length, 'outcome question')}: a case handled properly scores as well as a clean period; an unmanaged one is a red flag):`,
    '',
  );
  w.lines(
    table(
      ['Question', 'Answer', 'Score'],
      s.outcomes.map((o) => [
        `**${id(o.id)}** ${cell(o.text)}`,
        cell(o.answer) + (o.redFlag ? ' **(red flag)**' : ''),
        o.score === null ? '—' : String(o.score),
      ]),
      ['l', 'l', 'r'],
    ),
  );
}

/** For a merged assessment: who answered, by which policy, and where their scores differ. */
function needsDiscussion(w: Lines, m: ReportModel): void {
  if (m.merged) {
    w.push('## Needs discussion', '');
    w.push(
      `This assessment merges the answers of ${m.merged.respondents.length} respondents (${m.merged.respondents.map(esc).join(', ')}) by the **${esc(m.merged.policy)}** policy.`,
      '',
    );
    if (m.merged.needsDiscussion.length) {
      w.push(
        'Their scores differ by 0.5 or more on these questions: compare the views (for example management and worker representatives) before acting.',
        '',
      );
      w.lines(
        table(
          ['Question', 'Scores'],
          m.merged.needsDiscussion.map((d) => [
            `**${id(d.id)}** ${cell(d.text)}`,
            d.scores.map((x) => `${cell(x.respondent)}: ${x.score}`).join('; '),
          ]),
        ),
      );
    } else w.push('The respondents agree within 0.5 on every question.', '');
  }
}

/** Scores by module and section, with bars and maturity labels. */
function moduleScores(w: Lines, m: ReportModel): void {
  w.push('## Scores by module and section', '');
  const rows: string[][] = [];
  for (const q of m.questionnaires) {
    rows.push([
      `**${cell(q.title)}** (${id(q.id)}), ${q.answered} of ${q.total} answered`,
      `**${q.shown}**`,
      textBar(q.score),
      maturityOf(q),
    ]);
    for (const sec of q.sections)
      rows.push([
        `&nbsp;&nbsp;${cell(sec.title)}`,
        sec.shown,
        sec.note ? `*${cell(sec.note)}*` : textBar(sec.score),
        maturityOf(sec),
      ]);
  }
  w.lines(table(['Module / section', 'Score', '', 'Maturity'], rows, ['l', 'r', 'l', 'l']));
}

/** The brief's top ten actions. */
function topActions(w: Lines, m: ReportModel): void {
  const top = m.actions.slice(0, 10);
  w.push(`## Top ${top.length === 1 ? 'action' : `${top.length} actions`}`, '');
  if (!top.length) w.push('No gaps among the answered questions.', '');
  else {
    w.lines(
      table(
        ['#', 'Question', 'Impact', 'Recommendation'],
        top.map((a) => [
          String(a.rank),
          `**${id(a.id)}**${a.critical ? ' (critical)' : ''} ${cell(a.text)}`,
          `${fmtPoints(a.impact)}`,
          cell(a.recommendation),
        ]),
        ['r', 'l', 'r', 'l'],
      ),
    );
    if (m.actions.length > top.length) w.push(`The full report lists all ${m.actions.length} actions.`, '');
  }
}

/** A framework's chapter: its covered items by group (score, bar, the questions behind each), then the items not covered. */
function frameworkChapter(f: ReportFramework): string[] {
  const out = [`## ${esc(frameworkChapterTitle(f))}`, ''];
  const noun = itemNoun(f);
  const Noun = noun[0]!.toUpperCase() + noun.slice(1);
  out.push(
    `**${esc(f.title)}** (${id(f.id)} ${esc(f.version)}${frameworkEdition(f) ? `; ${esc(frameworkEdition(f))}` : ''}).${f.source.url ? ` Source: ${esc(f.source.url)}` : ''}`,
    '',
    `The same answers, scored by ${noun}: each ${noun}’s score is the weighted mean, out of 100, of the questions behind it, those that reference it and apply to this company (n/a when none does).`,
    '',
  );
  if (!f.groups.length) out.push(`No question of these questionnaires references a ${noun} of this framework.`, '');
  for (const g of f.groups) {
    out.push(`### ${esc(g.title)}`, '');
    pushAll(
      out,
      table(
        [Noun, 'Score', '', 'Questions'],
        g.items.map((i) => [
          // a number needs no escaping: "16. Policy commitment" as the report always showed it
          /^\d+$/.test(i.id) && i.title !== i.id ? `${i.id}. ${cell(i.title)}` : cell(itemLabel(i)),
          i.shown,
          textBar(i.score),
          i.questions.length ? i.questions.map(id).join(', ') : '—',
        ]),
        ['l', 'r', 'l', 'l'],
      ),
    );
  }
  if (f.notCovered.length) {
    out.push('### Not assessed by these questionnaires', '');
    out.push(
      `No question of these questionnaires references ${f.notCovered.length === 1 ? `this ${noun}` : `these ${plural(f.notCovered.length, noun)}`}: the scores above say nothing about ${f.notCovered.length === 1 ? 'it' : 'them'}.`,
      '',
    );
    for (const i of f.notCovered) out.push(`- ${esc(itemLabel(i))}`);
    out.push('');
  }
  return out;
}

/** The salient issues: the severity × likelihood grid and the ranked issues (UNGP 24). */
function salience(w: Lines, m: ReportModel): void {
  w.push('## Salient human rights issues', '');
  if (!m.salience.issues.length) w.push('No salience assessment was answered.', '');
  else {
    w.push(
      'Severity (the highest of scale, scope and irremediability) against likelihood, each from 1 (low) to 4 (high); the issues in the top right need attention first (UNGP 24).',
      '',
    );
    const grid = [4, 3, 2, 1].map((sev) => [
      `**Severity ${sev}**`,
      ...[1, 2, 3, 4].map((lik) => m.salience.grid[sev - 1]![lik - 1]!.map(cell).join('<br>') || '·'),
    ]);
    w.lines(table(['', 'Likelihood 1', 'Likelihood 2', 'Likelihood 3', 'Likelihood 4'], grid));
    if (m.salience.unplaced.length)
      w.push(`Not placed (severity or likelihood not rated): ${m.salience.unplaced.map(esc).join(', ')}.`, '');
    w.lines(
      table(
        ['Rank', 'Issue', 'Severity', 'Likelihood', 'Scale', 'Scope', 'Remediability'],
        m.salience.issues.map((i, k) => [String(k + 1), cell(i.label), ...salienceRatings(i)]),
        ['r', 'l', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
  }
}

/** The action plan: each gap among the answered questions, by priority. */
function actionPlan(w: Lines, m: ReportModel): void {
  w.push('## Action plan', '');
  if (!m.actions.length) w.push('No gaps among the answered questions.', '');
  else
    w.push(
      `${plural(m.actions.length, 'answered question')} below full marks, by priority. Impact is the overall points gained by bringing the question to full marks.`,
      '',
    );
  for (const a of m.actions) {
    w.push(`### ${a.rank}. ${id(a.id)}${a.critical ? ' (critical)' : ''}: ${esc(a.text)}`, '');
    w.push(`- **Current answer:** ${esc(a.answer)} (score ${a.score})`);
    w.push(
      `- **Impact:** ${fmtPoints(a.impact)} points · priority ${a.priority.toFixed(2)}${a.severity ? ` (raised by salience severity ${a.severity})` : ''}`,
    );
    w.push(
      `- **Why it matters:** UNGP ${esc(a.why) || '—'}${a.issues.length ? `; rights concerned: ${a.issues.map(esc).join(', ')}` : ''}`,
    );
    w.push(`- **Recommendation:** ${esc(a.recommendation)}`);
    if (a.note) w.push(`- **Note:** ${esc(a.note)}`);
    if (a.evidence.length) w.push(`- **Evidence:** ${a.evidence.map(esc).join('; ')}`);
    w.push(`- **Where:** ${esc(a.section)}`, '');
  }
}

/** The questions not yet assessed, with what is at stake. */
function notYetAssessed(w: Lines, m: ReportModel): void {
  w.push('## Not yet assessed', '');
  if (!m.notYetAssessed.length) w.push('Every applicable question is answered.', '');
  else {
    w.push('These questions count as 0 until they are answered; they are not actions yet.', '');
    w.lines(
      table(
        ['Question', 'Where', 'State', 'At stake'],
        m.notYetAssessed.map((p) => [
          `**${id(p.id)}** ${cell(p.text)}`,
          cell(p.section),
          PENDING_STATE[p.state],
          p.impact === undefined ? '—' : `${fmtPoints(p.impact)} points`,
        ]),
        ['l', 'l', 'l', 'r'],
      ),
    );
  }
}

/** Appendix A: every answer, score, note and evidence. */
function appendixAnswers(w: Lines, m: ReportModel): void {
  w.push('## Appendix A: answers', '');
  for (const q of m.appendix.answers) {
    w.push(`### ${esc(q.title)} (${id(q.questionnaire)})`, '');
    for (const sec of q.sections) {
      w.push(`#### ${esc(sec.title)}`, '');
      w.lines(
        table(
          ['Question', 'Answer', 'Score', 'Note and evidence'],
          sec.rows.map((r) => [
            `**${id(r.id)}** ${cell(r.text)}`,
            cell(r.answer),
            rowScore(r),
            [r.note && cell(r.note), r.evidence.length ? `Evidence: ${r.evidence.map(cell).join('; ')}` : '']
              .filter(Boolean)
              .join('<br>'),
          ]),
          ['l', 'l', 'r', 'l'],
        ),
      );
    }
  }
}

/** Appendix B: the method, the effective weights, the profile, what was scoped out and N/A. */
function appendixMethod(w: Lines, m: ReportModel): void {
  const me = m.appendix.method;
  w.push('## Appendix B: method', '');
  for (const p of me.paragraphs) w.push(esc(p), '');
  w.push(
    '### Effective weights',
    '',
    'The share of the overall score that each module and section carries in this assessment.',
    '',
  );
  w.lines(
    table(
      ['Module / section', 'Weight', 'Share of overall'],
      me.weights.flatMap((q) => [
        [`**${id(q.questionnaire)}**`, String(q.weight), percent(q.share)],
        ...q.sections.map((x) => [`&nbsp;&nbsp;${cell(x.title)}`, String(x.weight), percent(x.share)]),
      ]),
      ['l', 'r', 'r'],
    ),
  );
  w.push('### Company profile', '');
  if (me.profile.length)
    w.lines(
      table(
        ['Question', 'Answer'],
        me.profile.map((p) => [`**${id(p.id)}** ${cell(p.text)}`, cell(p.answer)]),
      ),
    );
  else w.push('No profile answers.', '');
  w.push('### Scoped out by the profile', '');
  if (me.scopedOut.length)
    w.lines(
      table(
        ['Question', 'Why not asked'],
        me.scopedOut.map((x) => [`**${id(x.id)}** ${cell(x.text)}`, cell(x.because)]),
      ),
    );
  else w.push('No question was scoped out.', '');
  w.push('### Answered "not applicable"', '');
  if (me.notApplicable.length)
    w.lines(
      table(
        ['Question', 'Reason'],
        me.notApplicable.map((x) => [`**${id(x.id)}** ${cell(x.text)}`, cell(x.reason)]),
      ),
    );
  else w.push('No question was answered N/A.', '');
}

/** Appendix C: the input files with their hashes. */
function appendixInputs(w: Lines, m: ReportModel): void {
  w.push(
    '## Appendix C: inputs',
    '',
    'The exact files this report was computed from: rescoring them gives the same result.',
    '',
  );
  w.lines(
    table(
      ['Input', 'Version', 'SHA-256'],
      [
        [cell(m.inputs.answers.path), '—', `\`${m.inputs.answers.sha256}\``],
        ...m.inputs.questionnaires.map((q) => [`${cell(q.title)} (${id(q.id)})`, cell(q.version), `\`${q.sha256}\``]),
      ],
    ),
  );
  w.push(`Generated by ${m.meta.tool.name} ${m.meta.tool.version}.`);
}

const finish = (out: readonly string[]) =>
  out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd() + '\n';
