// The PDF report: the same content as the Markdown report, laid out for print. The only module
// that imports pdfkit (with its helpers in this folder); it adds no scoring logic.
import type { ReportAction, ReportFramework, ReportModel } from '../../core/report-model.js';
import { frameworkChapterTitle, frameworkEdition, itemLabel, itemNoun } from '../framework-words.js';
import { roundToTenth } from '../../core/score.js';
import {
  firstSentence,
  fmtPoints,
  maturityText,
  PENDING_STATE,
  percent,
  plural,
  salienceRatings,
  rowScore,
} from '../format.js';
import { barChart, heatMap, type BarItem } from './charts.js';
import { coverHead } from './cover.js';
import { keyFigures } from './figures.js';
import { pageFooters } from './footer.js';
import { openDocument, type DocumentInfo } from './document.js';
import { pdfLine } from '../inert.js';
import type { Brand, Logo } from '../../core/brand.js';
import type { Layout } from './layout.js';
import type { Rich, Span } from './text-runs.js';
import { ACCENT, BAR, INK, MUTED, RED, RED_TINT, RULE } from './theme.js';

type Outline = PDFKit.PDFOutline;

const b = (text: string): Span => ({ text, weight: 'bold' });
const r = (text: string): Span => ({ text });
const muted = (text: string): Span => ({ text, color: MUTED });
const maturityOf = (s: { maturity: string | null; maturityCapped: boolean }) => maturityText(s);

export interface PdfOptions {
  /** the branding: title, prepared by/for, logo, confidentiality marking, paper */
  brand?: Brand;
  /** the board-level brief: cover, executive summary, scores, top ten actions (at most four pages) */
  summary?: boolean;
}

/** What the cover and footers show: the model's meta with the branding over it. */
export interface Face {
  title: string;
  preparedBy?: string;
  preparedFor?: string;
  confidential?: string;
  logo?: Logo;
  summary: boolean;
}

/** Renders the report model as a tagged, accessible PDF (A4 or Letter) with embedded fonts; same model, same bytes. */
export async function renderPdf(m: ReportModel, o: PdfOptions = {}): Promise<Uint8Array> {
  const brand = o.brand ?? {};
  const face = buildFace(m, brand, o.summary ?? false);
  const { doc, L, root, close } = openDocument(buildDocumentInfo(m, brand, face));
  const outline = doc.outline;
  /** A bookmark to height y of the current page (pdfkit's outline takes `left` from the right edge). */
  const mark = (parent: Outline, title: string, y: number) =>
    parent.addItem(pdfLine(title), { top: y, left: doc.page.width } as { expanded?: boolean });
  const contents: TocEntry[] = [];
  const chapter = (title: string, samePage = false) => {
    const y = L.heading(1, title, 120, { samePage });
    const range = doc.bufferedPageRange();
    const name = `hrdd-chapter-${contents.length + 1}`;
    doc.addNamedDestination(name, 'XYZ', null, y, null);
    contents.push({ title, page: range.start + range.count - 1, name });
    return mark(outline, title, y);
  };
  const section = (parent: Outline | undefined, title: string, level: 2 | 3 = 2) => {
    const y = L.heading(level, title);
    if (parent) mark(parent, title, y);
  };

  cover(L, m, face);
  if (face.summary) {
    executiveSummary(L, m, chapter);
    moduleScores(L, m, chapter);
    topActions(L, m, chapter);
  } else {
    const toc = reserveContents(L, root);
    executiveSummary(L, m, chapter);
    if (m.merged) needsDiscussion(L, m.merged, chapter);
    scores(L, m, chapter);
    for (const f of m.frameworks) frameworkChapter(L, f, chapter, section);
    salience(L, m, chapter, section);
    actionPlan(L, m, chapter, section);
    appendices(L, m, chapter, section);
    drawContents(L, toc, contents);
  }
  root.end();
  pageFooters(L, {
    organisation: m.meta.organisation,
    title: face.title,
    ...(face.confidential && { confidential: face.confidential }),
  });

  return close();
}

/** The cover's and footers' face: the branding over the model's meta. */
function buildFace(m: ReportModel, brand: Brand, summary: boolean): Face {
  const preparedBy = brand.preparedBy ?? m.meta.assessor;
  return {
    title: brand.title ?? m.meta.title,
    summary,
    ...(preparedBy && { preparedBy }),
    ...(brand.preparedFor && { preparedFor: brand.preparedFor }),
    ...(brand.confidential && { confidential: brand.confidential }),
    ...(brand.logo && { logo: brand.logo }),
  };
}

/** The document's metadata: title, author, subject, keywords, date, language, tool and paper. */
function buildDocumentInfo(m: ReportModel, brand: Brand, face: Face): DocumentInfo {
  // the assessor is left out of a redacted copy; a --prepared-by given for it is meant to be shown
  const author = brand.preparedBy ?? (m.meta.redacted ? undefined : m.meta.assessor);
  return {
    title: `${face.title}: ${m.meta.organisation}`,
    ...(author && { author }),
    subject: 'Human rights due diligence self-assessment under the UN Guiding Principles on Business and Human Rights',
    keywords: 'human rights, due diligence, UNGP, UN Guiding Principles, ICT, gap report',
    date: m.meta.date,
    language: m.meta.language,
    tool: m.meta.tool,
    ...(brand.paper && { paper: brand.paper }),
  };
}

interface TocEntry {
  title: string;
  page: number;
  name: string;
}

/** A page after the cover for the table of contents, drawn at the end when the page numbers are known; its place in the reading order is kept. */
function reserveContents(
  L: Layout,
  root: PDFKit.PDFStructureElement,
): { page: number; el: PDFKit.PDFStructureElement } {
  L.newPage();
  const range = L.doc.bufferedPageRange();
  const el = L.doc.struct('Sect');
  root.add(el);
  L.y = L.bottom; // the page is taken: the next chapter starts a new one
  return { page: range.start + range.count - 1, el };
}

/** The table of contents: each chapter with its page number, each entry a link to it (TOC > TOCI > Link). */
function drawContents(L: Layout, toc: { page: number; el: PDFKit.PDFStructureElement }, entries: readonly TocEntry[]) {
  const doc = L.doc;
  const range = doc.bufferedPageRange();
  const last = range.start + range.count - 1;
  doc.switchToPage(toc.page);
  L.resetFill();
  L.y = L.top;
  L.within(toc.el, () => {
    L.heading(1, 'Contents');
    L.group('TOC', () => {
      for (const e of entries) {
        const y = L.y;
        const size = 11;
        // a long title wraps: the row, its link and its rule grow with it
        const laid = L.lay(e.title, L.width - 60, { size });
        const extra = laid.height - laid.lh;
        L.group('TOCI', () => {
          const link = L.begin('Link');
          L.content(link, 'Link', () => {
            L.place(e.title, L.left, y, L.width - 60, { size, color: ACCENT });
            L.place(String(e.page + 1), L.right - 60, y, 60, { size, align: 'right' });
          });
          doc.goTo(L.left, y, L.width, size * 1.4 + extra, e.name, {
            structParent: link,
            Contents: new String(pdfLine(`${e.title}, page ${e.page + 1}`)),
          } as object);
          L.end();
        });
        L.artifact(() =>
          doc
            .moveTo(L.left, y + extra + size * 1.5)
            .lineTo(L.right, y + extra + size * 1.5)
            .lineWidth(0.3)
            .strokeColor(RULE)
            .stroke(),
        );
        L.y = y + extra + size * 2;
      }
    });
  });
  toc.el.end();
  doc.switchToPage(last);
  L.resetFill();
}

/** A chapter's heading (H1): on a new page, unless `samePage` and it fits. */
type Chapter = (title: string, samePage?: boolean) => Outline;
type Section = (parent: Outline | undefined, title: string, level?: 2 | 3) => void;

function cover(L: Layout, m: ReportModel, face: Face) {
  const s = m.summary;
  coverHead(L, {
    title: face.summary ? `${face.title}: board-level brief` : face.title,
    organisation: m.meta.organisation,
    ...(face.logo && { logo: face.logo }),
  });
  const rows: Array<readonly [string, Rich, { weight?: 'bold'; color?: string }?]> = [
    ['Organisation', m.meta.organisation],
    ...(face.preparedFor ? [['Prepared for', face.preparedFor] as const] : []),
    ...(face.preparedBy ? [['Prepared by', face.preparedBy] as const] : []),
    ['Date', m.meta.date],
    [
      'Status',
      m.meta.complete ? 'Complete' : `Provisional (${s.completion.percent} complete)`,
      { weight: 'bold', ...(!m.meta.complete && { color: RED }) },
    ],
    ['Questionnaires', m.inputs.questionnaires.map((q) => `${q.title} (${q.id} ${q.version})`).join('\n')],
  ];
  L.fields(rows, L.left, L.width, { labelWidth: 120, size: 10.5, labelSize: 9, gap: 6 }).draw();
  if (m.meta.redacted) {
    L.y += 10;
    L.paragraph(
      'Redacted copy: notes, evidence and the names of people are left out; the reasons given for N/A answers stay, as they justify the scope.',
      { size: 9, weight: 'bold', color: MUTED },
    );
  }
  if (face.confidential) {
    L.y += 14;
    L.paragraph(face.confidential, { size: 11, weight: 'bold', color: RED });
  }
  L.y = Math.max(L.y, L.bottom - 40);
  L.paragraph(
    `Assessed against the UN Guiding Principles on Business and Human Rights; principles are cited by number. ${face.summary ? 'The full report lists every input with its SHA-256.' : 'Every input is listed with its SHA-256 in Appendix C.'} Generated by ${m.meta.tool.name} ${m.meta.tool.version}.`,
    { size: 8, color: MUTED },
  );
}

/** The summary's chart: scores by module and section. */
function moduleScores(L: Layout, m: ReportModel, chapter: Chapter) {
  chapter('Scores by module and section');
  L.paragraph(
    'Scores out of 100, with the maturity label beside each bar. Modules are in bold; their sections are indented below them.',
    { size: 9, color: MUTED },
  );
  barChart(L, moduleBars(m), moduleAlt(m));
}

/** The summary's top ten actions, as one table. */
function topActions(L: Layout, m: ReportModel, chapter: Chapter) {
  const top = m.actions.slice(0, 10);
  chapter(top.length === 1 ? 'Top action' : `Top ${top.length || ''} actions`.replace('  ', ' '), true);
  if (!top.length) {
    L.paragraph('No gaps among the answered questions.');
    return;
  }
  L.paragraph(
    `The ${plural(top.length, 'gap')} with the highest priority${m.actions.length > top.length ? ` of ${m.actions.length}; the full report has them all, with each recommendation whole` : ''}. Impact is the overall points gained by bringing the question to full marks; recommendations are shortened to their first sentence.`,
    { size: 9, color: MUTED },
  );
  L.table(
    [
      { header: '#', width: 5, align: 'right' },
      { header: 'Question', width: 45 },
      { header: 'Impact', width: 10, align: 'right' },
      { header: 'Recommendation', width: 40 },
    ],
    top.map((a) => [
      String(a.rank),
      [b(a.id), ...(a.critical ? [{ text: ' CRITICAL', weight: 'bold' as const, color: RED }] : []), r(` ${a.text}`)],
      fmtPoints(a.impact),
      firstSentence(a.recommendation),
    ]),
    { size: 7.5 },
  );
}

const moduleBars = (m: ReportModel): BarItem[] =>
  m.questionnaires.flatMap((q) => [
    {
      // the count where it says something: a module not yet complete
      label: q.answered < q.total ? `${q.title} (${q.answered} of ${q.total} answered)` : q.title,
      score: q.score === null ? null : roundToTenth(q.score),
      value: q.shown,
      note: maturityOf(q),
      level: 0 as const,
      color: BAR.module,
    },
    ...q.sections.map((sec) => ({
      label: sec.title,
      score: sec.score === null ? null : roundToTenth(sec.score),
      value: sec.shown,
      note: sec.note ?? maturityOf(sec),
      level: 1 as const,
      color: BAR.section,
    })),
  ]);
const moduleAlt = (m: ReportModel) =>
  `Bar chart of scores out of 100 by module and section: ${m.questionnaires.map((q) => `${q.title} ${q.shown}${q.maturity ? ` (${q.maturity})` : ''}, ${q.answered} of ${q.total} answered: ${q.sections.map((x) => `${x.title} ${x.shown}`).join(', ')}`).join('; ')}.`;

function executiveSummary(L: Layout, m: ReportModel, chapter: Chapter) {
  const s = m.summary;
  chapter('Executive summary');
  keyFiguresOf(L, s);
  statusNotes(L, m);
  // red flags first
  L.y += 4;
  redFlagBox(L, s);
  outcomeTable(L, s);
  weakestSection(L, s);
  topGapsList(L, s);
}

/** The three key figures: the overall score, the maturity label (red when capped), completion. */
function keyFiguresOf(L: Layout, s: ReportModel['summary']) {
  const ov = s.overall;
  const maturityColour = ov.maturityCapped ? RED : ACCENT;
  keyFigures(
    L,
    [
      { label: 'Overall score', value: ov.shown, note: 'out of 100', colour: ACCENT },
      {
        label: 'Maturity',
        value: ov.maturity ?? 'No score yet',
        note: ov.maturityCapped ? `capped by ${plural(s.redFlags.length, 'red flag')}` : 'from the overall score',
        colour: maturityColour,
      },
      {
        label: 'Completion',
        value: s.completion.percent,
        note: `${s.completion.answered} of ${s.completion.total} questions answered`,
        colour: ACCENT,
      },
    ],
    12,
  );
}

/** Why the label is capped, and that the scores are provisional, when they are. */
function statusNotes(L: Layout, m: ReportModel) {
  const s = m.summary;
  const ov = s.overall;
  if (ov.maturityCapped) {
    const ids = s.redFlags.map((f) => f.id).join(', ');
    L.paragraph(
      [
        b(
          `The maturity label is capped at ${ov.maturity} while ${plural(s.redFlags.length, 'red flag')} ${s.redFlags.length === 1 ? 'is' : 'are'} open (${ids}): `,
        ),
        r(
          'a score cannot hide a missing foundation (UNGP 15). Without them the score alone would earn a higher label.',
        ),
      ],
      { color: RED },
    );
  }
  if (s.completion.carried)
    L.paragraph([
      b('Not yet confirmed. '),
      r(
        `${plural(s.completion.carried, 'answer was', 'answers were')} carried from an earlier questionnaire version and ${s.completion.carried === 1 ? 'is' : 'are'} not yet confirmed: they score as given until someone confirms or changes them (hrdd assess --answers FILE).`,
      ),
    ]);
  if (!m.meta.complete)
    L.paragraph([
      b('Provisional. '),
      r(
        `${s.completion.percent} of the applicable questions are answered (${s.completion.answered} of ${s.completion.total}${s.completion.pending ? `, ${s.completion.pending} waiting on earlier answers` : ''}); unanswered questions count as 0, so scores may rise as the remaining questions are answered.`,
      ),
    ]);
}

/** What happened in the period: the outcome questions and their answers, beside the score. */
function outcomeTable(L: Layout, s: ReportModel['summary']) {
  if (!s.outcomes.length) return;
  L.heading(2, 'What happened in the period', 150); // with its note, the table's header and a first row
  L.paragraph(
    `${plural(s.outcomes.length, 'outcome question')}: a case handled properly scores as well as a clean period; an unmanaged one is a red flag.`,
    { color: MUTED },
  );
  L.table(
    [
      { header: 'Question', width: 55 },
      { header: 'Answer', width: 33 },
      { header: 'Score', width: 12, align: 'right' },
    ],
    s.outcomes.map((o) => [
      [b(o.id), r(` ${o.text}`)],
      o.redFlag ? [r(o.answer), { text: ' (red flag)', weight: 'bold', color: RED }] : o.answer,
      o.score === null ? '—' : String(o.score),
    ]),
  );
}

/** The red flags, first, in a red box; or a line saying there are none. */
function redFlagBox(L: Layout, s: ReportModel['summary']) {
  if (s.redFlags.length) {
    L.group('Sect', () => {
      const pad = 10;
      const x = L.left + pad + 4;
      const w = L.width - 2 * pad - 4;
      const box = (h: number, draw: () => void, first: boolean, last: boolean) =>
        L.band({ h, tint: RED_TINT, bar: RED, top: first ? pad : 0, ruleAbove: first, ruleBelow: last }, draw);
      const title = L.lay(
        `Red flags (${s.redFlags.length}): critical questions scored below 0.5. Fix these first.`,
        w,
        { size: 11, weight: 'bold', color: RED },
      );
      box(title.height + pad + 4, () => L.tagged('H2', () => L.draw(title, x, w, false)), true, false);
      s.redFlags.forEach((f, i) => {
        const head = L.lay([b(f.id), muted(`  ${f.section}`)], w, { size: 9 });
        const text = L.lay(f.text, w, { size: 9.5, weight: 'bold' });
        const answer = L.lay([muted('Answer: '), r(`${f.answer} (score ${f.score})`)], w, { size: 9 });
        const last = i === s.redFlags.length - 1;
        box(
          head.height + text.height + answer.height + 8 + (last ? pad : 0),
          () =>
            L.tagged('P', () => {
              L.draw(head, x, w, false);
              L.draw(text, x, w, false);
              L.draw(answer, x, w, false);
            }),
          false,
          last,
        );
      });
    });
    L.y += 12;
  } else L.paragraph('No red flags: every critical question scores 0.5 or more.', { weight: 'bold' });
}

/** One band of the red box, h high: the tint, the red bar, a rule above the first and below the last; then its content. */
/** The weakest section against the average section, in words and as two bars. */
function weakestSection(L: Layout, s: ReportModel['summary']) {
  if (s.weakest && s.averageSection) {
    L.heading(2, 'Weakest section');
    L.paragraph([
      r('The weakest section is '),
      b(s.weakest.section),
      r(` at ${s.weakest.shown}, against an average section score of ${s.averageSection.shown}.`),
    ]);
    barChart(
      L,
      [
        {
          label: [b('Weakest: '), r(s.weakest.section)],
          score: roundToTenth(s.weakest.score),
          value: s.weakest.shown,
          level: 1,
          color: RED,
        },
        {
          label: 'Average of all sections',
          score: roundToTenth(s.averageSection.score),
          value: s.averageSection.shown,
          level: 1,
          color: BAR.section,
        },
      ],
      `Bar chart: the weakest section, ${s.weakest.section}, scores ${s.weakest.shown} out of 100; the average section scores ${s.averageSection.shown}.`,
    );
  }
}

/** The top priority gaps, each as a sentence with its points in bold. */
function topGapsList(L: Layout, s: ReportModel['summary']) {
  if (s.topGaps.length) {
    L.heading(2, `Top ${s.topGaps.length === 1 ? 'priority gap' : `${s.topGaps.length} priority gaps`}`);
    // "Recommendation (ID, critical): +1.3 points." with the points in bold
    L.list(
      s.topGaps.map((g) => {
        const at = g.sentence.lastIndexOf(': +');
        return at < 0 ? g.sentence : [r(g.sentence.slice(0, at + 2)), b(g.sentence.slice(at + 2))];
      }),
      { numbered: true, gap: 5 },
    );
    L.paragraph(
      'Each gap’s points are what the overall score gains when the question reaches full marks; the action plan lists every gap.',
      { size: 8.5, color: MUTED },
    );
  }
}

function needsDiscussion(L: Layout, merged: NonNullable<ReportModel['merged']>, chapter: Chapter) {
  chapter('Needs discussion');
  L.paragraph([
    r(
      `This assessment merges the answers of ${plural(merged.respondents.length, 'respondent')} (${merged.respondents.join(', ')}) by the `,
    ),
    b(merged.policy),
    r(' policy.'),
  ]);
  if (!merged.needsDiscussion.length) {
    L.paragraph('The respondents agree within 0.5 on every question.');
    return;
  }
  L.paragraph(
    'Their scores differ by 0.5 or more on these questions: compare the views (for example management and worker representatives) before acting.',
  );
  L.table(
    [
      { header: 'Question', width: 62 },
      { header: 'Scores', width: 38 },
    ],
    merged.needsDiscussion.map((d) => [
      [b(d.id), r(` ${d.text}`)],
      d.scores.map((x) => `${x.respondent}: ${x.score}`).join('\n'),
    ]),
  );
}

function scores(L: Layout, m: ReportModel, chapter: Chapter) {
  chapter('Scores by module and section');
  L.paragraph(
    'Scores out of 100, with the maturity label beside each bar. Modules are in bold; their sections are indented below them.',
    { size: 9, color: MUTED },
  );
  barChart(L, moduleBars(m), moduleAlt(m));
}

/** A framework's chapter: a chart of its covered items by group, a table with the questions behind each, the items not covered. */
function frameworkChapter(L: Layout, f: ReportFramework, chapter: Chapter, section: Section) {
  const item = chapter(frameworkChapterTitle(f));
  const noun = itemNoun(f);
  const Noun = noun[0]!.toUpperCase() + noun.slice(1);
  introduceFramework(L, f, noun);
  if (!f.groups.length)
    L.paragraph(`No question of these questionnaires references a ${noun} of this framework.`, { weight: 'bold' });
  for (const g of f.groups) {
    L.heading(2, g.title, 40);
    barChart(
      L,
      g.items.map((i) => ({
        label: itemLabel(i),
        score: i.score === null ? null : roundToTenth(i.score),
        value: i.shown,
        level: 1 as const,
        color: BAR.principle,
      })),
      `Bar chart of ${g.title}: ${g.items.map((i) => `${noun} ${itemLabel(i)} ${i.shown}`).join('; ')}.`,
    );
  }
  if (f.groups.length) {
    section(item, `${Noun}s and the questions behind them`);
    L.table(
      [
        { header: Noun, width: 44 },
        { header: 'Score', width: 9, align: 'right' },
        { header: 'Questions', width: 47 },
      ],
      f.groups.flatMap((g) => g.items.map((i) => [itemLabel(i), i.shown, i.questions.join(', ') || '—'])),
      { size: 8 },
    );
  }
  if (f.notCovered.length) {
    section(item, 'Not assessed by these questionnaires');
    listNotCovered(L, f, noun);
  }
}

/** The framework's title, edition and source, and how its items are scored. */
function introduceFramework(L: Layout, f: ReportFramework, noun: string) {
  L.paragraph(
    [
      b(f.title),
      r(
        ` (${f.id} ${f.version}${frameworkEdition(f) ? `; ${frameworkEdition(f)}` : ''}).${f.source.url ? ` Source: ${f.source.url}` : ''}`,
      ),
    ],
    { size: 9 },
  );
  L.paragraph(
    `The same answers, scored by ${noun}: each ${noun}’s score is the weighted mean, out of 100, of the questions behind it, those that reference it and apply to this company (n/a when none does).`,
    { size: 9, color: MUTED },
  );
}

/** The framework's items that no question references, which its scores say nothing about. */
function listNotCovered(L: Layout, f: ReportFramework, noun: string) {
  L.paragraph(
    `No question of these questionnaires references ${f.notCovered.length === 1 ? `this ${noun}` : `these ${plural(f.notCovered.length, noun)}`}: the scores above say nothing about ${f.notCovered.length === 1 ? 'it' : 'them'}.`,
    { size: 9, color: MUTED },
  );
  L.list(f.notCovered.map(itemLabel), { style: { size: 9 } });
}

function salience(L: Layout, m: ReportModel, chapter: Chapter, section: Section) {
  const item = chapter('Salient human rights issues');
  const sal = m.salience;
  if (!sal.issues.length) {
    L.paragraph('No salience assessment was answered.');
    L.paragraph(
      'Rate the scale, scope, remediability and likelihood of each human rights issue in the impact assessment to rank the salient issues here and to weight the action plan by them (UNGP 24).',
      { size: 9, color: MUTED },
    );
    return;
  }
  L.paragraph(
    'Severity (the highest of scale, scope and irremediability) against likelihood, each rated from 1 (low) to 4 (high). The darker the cell, the higher severity × likelihood: issues towards the top right need attention first (UNGP 24).',
    { size: 9, color: MUTED },
  );
  const placed = sal.issues.filter((i) => !sal.unplaced.includes(i.label));
  heatMap(
    L,
    sal.grid,
    `Heat map of salient human rights issues, severity 4 to 1 from top to bottom against likelihood 1 to 4 from left to right: ${placed.map((i) => `${i.label}, severity ${i.severity}, likelihood ${i.likelihood}`).join('; ')}.`,
  );
  if (sal.unplaced.length)
    L.paragraph(`Not placed (severity or likelihood not rated): ${sal.unplaced.join(', ')}.`, { size: 9 });
  section(item, 'Ranked issues');
  L.table(
    [
      { header: 'Rank', width: 7, align: 'right' },
      { header: 'Issue', width: 33 },
      { header: 'Severity', width: 11, align: 'right' },
      { header: 'Likelihood', width: 12, align: 'right' },
      { header: 'Scale', width: 9, align: 'right' },
      { header: 'Scope', width: 9, align: 'right' },
      { header: 'Remediability', width: 15, align: 'right' },
    ],
    sal.issues.map((i, k) => [String(k + 1), i.label, ...salienceRatings(i)]),
  );
  L.paragraph(
    'Remediability is how hard the harm would be to put right, from 1 (readily remediable) to 4 (irremediable).',
    { size: 8.5, color: MUTED },
  );
}

function action(L: Layout, a: ReportAction) {
  const colour = a.critical ? RED : ACCENT;
  const x = L.left + 12;
  const w = L.width - 12;
  const head = L.lay(
    [
      b(`${a.rank}.  ${a.id}`),
      ...(a.critical ? [{ text: '   CRITICAL', weight: 'bold' as const, color: RED }] : []),
      muted(`   ${a.section}`),
    ],
    w,
    { size: 9 },
  );
  const title = L.lay(a.text, w, { size: 10.5, weight: 'bold', color: INK });
  const fields = layActionFields(L, a, x, w);
  // keep a block whole when it fits; a long one, or one facing a mostly empty page, may go on
  // over the page after its first fields
  const height = head.height + title.height + 6 + fields.height;
  const start = head.height + title.height + 6 + fields.first(2);
  L.ensure(height > L.pageHeight * 0.6 || L.room > L.pageHeight * 0.4 ? start : height + 6);
  L.region(
    (y0, y1) => L.rect(L.left, y0, 3, y1 - y0, colour),
    () => {
      L.group('Sect', () => {
        // H2: each action is a section of the action plan (heading levels are not skipped)
        L.tagged('H2', () => {
          L.draw(head, x, w);
          L.draw(title, x, w);
        });
        L.y += 4;
        fields.draw();
      });
    },
  );
  L.y += 14;
}

/** An action's fields: current answer, impact, why it matters, recommendation, note and evidence. */
function layActionFields(L: Layout, a: ReportAction, x: number, w: number) {
  return L.fields(
    [
      ['Current answer', `${a.answer} (score ${a.score})`],
      [
        'Impact',
        [
          b(`${fmtPoints(a.impact)} points`),
          r(
            ` · priority ${a.priority.toFixed(2)}${a.critical ? ' (critical: doubled)' : ''}${a.severity ? ` · salience severity ${a.severity}` : ''}`,
          ),
        ],
      ],
      ['Why it matters', `UNGP ${a.why || '—'}${a.issues.length ? `. Rights concerned: ${a.issues.join(', ')}` : ''}`],
      ['Recommendation', a.recommendation, { weight: 'bold', color: ACCENT }],
      ...(a.note ? [['Note', a.note] as const] : []),
      ...(a.evidence.length ? [['Evidence', a.evidence.join('\n')] as const] : []),
    ],
    x,
    w,
  );
}

function actionPlan(L: Layout, m: ReportModel, chapter: Chapter, section: Section) {
  const item = chapter('Action plan');
  if (!m.actions.length) L.paragraph('No gaps among the answered questions.');
  else
    L.paragraph(
      `${plural(m.actions.length, 'answered question')} below full marks, by priority. Impact is the number of overall points gained by bringing the question to full marks; priority is the impact, doubled for critical questions and raised by the severity of the salient issues concerned. Critical questions are marked CRITICAL with a red bar.`,
      { size: 9, color: MUTED },
      { gap: 12 },
    );
  for (const a of m.actions) action(L, a);

  section(item, 'Not yet assessed');
  if (!m.notYetAssessed.length) {
    L.paragraph('Every applicable question is answered.');
    return;
  }
  L.paragraph(
    'These questions count as 0 until they are answered; they are not actions yet. “At stake” is what a full answer could add to the overall score.',
    { size: 9, color: MUTED },
  );
  L.table(
    [
      { header: 'Question', width: 52 },
      { header: 'Where', width: 24 },
      { header: 'State', width: 13 },
      { header: 'At stake', width: 11, align: 'right' },
    ],
    m.notYetAssessed.map((p) => [
      [b(p.id), r(` ${p.text}`)],
      p.section,
      PENDING_STATE[p.state],
      p.impact === undefined ? '—' : `${fmtPoints(p.impact)} points`,
    ]),
  );
}

function appendices(L: Layout, m: ReportModel, chapter: Chapter, section: Section) {
  drawAnswersAppendix(L, m, chapter, section);
  drawMethodAppendix(L, m, chapter, section);
  drawInputsAppendix(L, m, chapter);
}

/** Appendix A: every question with its answer, score, note and evidence, by questionnaire and section. */
function drawAnswersAppendix(L: Layout, m: ReportModel, chapter: Chapter, section: Section) {
  const a = chapter('Appendix A: answers');
  L.paragraph(
    'Every question with its answer, score (0 to 1), note and evidence. N/A answers are left out of the scores; questions the company profile scoped out are not asked.',
    { size: 9, color: MUTED },
  );
  for (const q of m.appendix.answers) {
    section(a, `${q.title} (${q.questionnaire})`);
    for (const sec of q.sections) {
      L.heading(3, sec.title, 50);
      if (!sec.rows.length) {
        L.paragraph('No questions.', { size: 9, color: MUTED });
        continue;
      }
      L.table(
        [
          { header: 'Question', width: 42 },
          { header: 'Answer', width: 24 },
          { header: 'Score', width: 8, align: 'right' },
          { header: 'Note and evidence', width: 30 },
        ],
        sec.rows.map((row) => [
          [b(row.id), r(` ${row.text}`)],
          row.state === 'answered' || row.state === 'na' ? row.answer : [muted(row.answer)],
          rowScore(row),
          [
            ...(row.note ? [r(row.note)] : []),
            ...(row.evidence.length ? [muted(`${row.note ? '\n' : ''}Evidence: `), r(row.evidence.join('; '))] : []),
          ],
        ]),
      );
    }
  }
}

/** Appendix B: the method, the effective weights, then what the profile and N/A answers left out. */
function drawMethodAppendix(L: Layout, m: ReportModel, chapter: Chapter, section: Section) {
  const me = m.appendix.method;
  const bm = chapter('Appendix B: method');
  for (const p of me.paragraphs) L.paragraph(p, { size: 9.5 }, { gap: 7 });
  drawEffectiveWeights(L, m, section, bm);
  drawScopeTables(L, me, section, bm);
}

/** The share of the overall score each module and section carries, under its own heading. */
function drawEffectiveWeights(L: Layout, m: ReportModel, section: Section, bm: Outline) {
  const me = m.appendix.method;
  const titles = new Map(m.inputs.questionnaires.map((q) => [q.id, q.title]));
  section(bm, 'Effective weights');
  L.paragraph('The share of the overall score that each module and section carries in this assessment.', {
    size: 9,
    color: MUTED,
  });
  L.table(
    [
      { header: 'Module / section', width: 64 },
      { header: 'Weight', width: 14, align: 'right' },
      { header: 'Share of overall', width: 22, align: 'right' },
    ],
    me.weights.flatMap((w) => [
      [
        [b(titles.get(w.questionnaire) ?? w.questionnaire), muted(` (${w.questionnaire})`)],
        [b(String(w.weight))],
        [b(percent(w.share))],
      ],
      ...w.sections.map((x) => [`    ${x.title}`, String(x.weight), percent(x.share)]),
    ]),
  );
}

/** The profile answers, the questions it scoped out and those answered N/A, each under its own heading. */
function drawScopeTables(L: Layout, me: ReportModel['appendix']['method'], section: Section, bm: Outline) {
  section(bm, 'Company profile');
  if (me.profile.length)
    L.table(
      [
        { header: 'Question', width: 60 },
        { header: 'Answer', width: 40 },
      ],
      me.profile.map((p) => [[b(p.id), r(` ${p.text}`)], p.answer]),
    );
  else L.paragraph('No profile answers.');
  section(bm, 'Scoped out by the profile');
  if (me.scopedOut.length)
    L.table(
      [
        { header: 'Question', width: 60 },
        { header: 'Why not asked', width: 40 },
      ],
      me.scopedOut.map((x) => [[b(x.id), r(` ${x.text}`)], x.because]),
    );
  else L.paragraph('No question was scoped out.');
  section(bm, 'Answered “not applicable”');
  // the reasons stay in a redacted copy too: they justify the scope (as in the Markdown report)
  if (me.notApplicable.length)
    L.table(
      [
        { header: 'Question', width: 55 },
        { header: 'Reason', width: 45 },
      ],
      me.notApplicable.map((x) => [[b(x.id), r(` ${x.text}`)], x.reason]),
    );
  else L.paragraph('No question was answered N/A.');
}

/** Appendix C: the exact input files, with their versions and SHA-256 hashes. */
function drawInputsAppendix(L: Layout, m: ReportModel, chapter: Chapter) {
  chapter('Appendix C: inputs');
  L.paragraph('The exact files this report was computed from: rescoring them gives the same result.', { size: 9 });
  L.table(
    [
      { header: 'Input', width: 35 },
      { header: 'Version', width: 10 },
      { header: 'SHA-256', width: 55, weight: 'mono', size: 6.8 },
    ],
    [
      [m.inputs.answers.path, '—', m.inputs.answers.sha256],
      ...m.inputs.questionnaires.map((q) => [`${q.title} (${q.id})`, q.version, q.sha256]),
    ],
    { size: 8 },
  );
  L.paragraph(`Generated by ${m.meta.tool.name} ${m.meta.tool.version} from the answers dated ${m.meta.date}.`, {
    size: 8.5,
    color: MUTED,
  });
}
