// The only module that imports pdfkit (with its helpers in this folder).
import PDFDocument from 'pdfkit';
import { fmtPoints, type ReportModel } from '../../core/report-model.js';
import { shown } from '../../core/score.js';
import { fontPaths } from './fonts.js';
import { hasCjk, scriptRuns, visualOrder } from './text.js';

type Doc = PDFKit.PDFDocument;
type Weight = 'regular' | 'bold';

const PAGE = { size: 'A4' as const, margin: 50 };
const INK = '#1a1a1a';
const MUTED = '#5a5a5a';
const ACCENT = '#1f3a5f';
const RULE = '#c8c8c8';
const RED = '#9b1c1c';
/** Bars from light to dark grey-blue: they read in greyscale too, and carry their numbers as text. */
const barShade = (score: number) => (score >= 80 ? '#1f3a5f' : score >= 60 ? '#35577f' : score >= 40 ? '#5b7ba0' : score >= 20 ? '#8ea5c0' : '#c3cfdd');

class Writer {
  readonly fonts = fontPaths();
  readonly left: number;
  readonly width: number;
  constructor(readonly doc: Doc) {
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  }

  get bottom() { return this.doc.page.height - this.doc.page.margins.bottom - 20; }

  font(weight: Weight, cjk = false) {
    return cjk ? (weight === 'bold' ? this.fonts.cjkBold : this.fonts.cjk) : weight === 'bold' ? this.fonts.bold : this.fonts.regular;
  }

  ensure(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** Text in script runs (CJK in its own font), right-to-left words ordered for display. */
  text(text: string, o: { weight?: Weight; size?: number; color?: string; x?: number; width?: number; align?: 'left' | 'right' | 'center'; gap?: number } = {}) {
    const doc = this.doc;
    const runs = scriptRuns(visualOrder(text.replace(/\s+/g, ' ').trim() || ' '));
    doc.fontSize(o.size ?? 10).fillColor(o.color ?? INK);
    const x = o.x ?? this.left;
    const width = o.width ?? this.width - (x - this.left);
    runs.forEach((r, i) => {
      doc.font(this.font(o.weight ?? 'regular', r.cjk));
      const opts = { width, align: o.align ?? 'left', continued: i < runs.length - 1, lineGap: 1.5 };
      if (i === 0) doc.text(r.text, x, doc.y, opts);
      else doc.text(r.text, opts);
    });
    doc.y += o.gap ?? 4;
  }

  private readonly heights = new Map<string, number>();

  /** The height of wrapped text, measured once per text, width, size and weight. */
  height(text: string, width: number, size: number, weight: Weight = 'regular') {
    const key = `${width.toFixed(2)}|${size}|${weight}|${text}`;
    let h = this.heights.get(key);
    if (h === undefined) { h = this.measure(text, width, size, weight); this.heights.set(key, h); }
    return h;
  }

  private measure(text: string, width: number, size: number, weight: Weight) {
    const doc = this.doc;
    doc.font(this.font(weight, hasCjk(text))).fontSize(size);
    return doc.heightOfString(visualOrder(text.replace(/\s+/g, ' ').trim() || ' '), { width, lineGap: 1.5 });
  }

  heading(level: 1 | 2 | 3, title: string, outline?: PDFKit.PDFOutline) {
    const size = level === 1 ? 18 : level === 2 ? 13 : 11;
    if (level === 1 && this.doc.y > this.doc.page.margins.top + 5) this.doc.addPage();
    this.ensure(size * 3 + 30);
    if (level > 1) this.doc.y += 6;
    const item = outline?.addItem(title);
    this.doc.addStructure(this.doc.struct(level === 1 ? 'H1' : level === 2 ? 'H2' : 'H3', {}, () => this.text(title, { weight: 'bold', size, color: ACCENT, gap: level === 1 ? 10 : 5 })));
    return item;
  }

  para(text: string, o: Parameters<Writer['text']>[1] = {}) {
    this.ensure(this.height(text, o.width ?? this.width, o.size ?? 10) + 4);
    this.doc.addStructure(this.doc.struct('P', {}, () => this.text(text, o)));
  }

  /** A table that breaks across pages and repeats its header row. */
  table(columns: Array<{ header: string; width: number; align?: 'left' | 'right' }>, rows: string[][], alt: string) {
    const doc = this.doc;
    const total = columns.reduce((t, c) => t + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const pad = 4;
    const size = 8.5;
    const rowHeight = (cells: string[], weight: Weight) => Math.max(...cells.map((c, i) => this.height(c, widths[i]! - 2 * pad, size, weight))) + 2 * pad;
    const drawRow = (cells: string[], weight: Weight, fill?: string) => {
      const h = rowHeight(cells, weight);
      const y = doc.y;
      if (fill) doc.rect(this.left, y, this.width, h).fill(fill);
      let x = this.left;
      cells.forEach((c, i) => {
        doc.y = y + pad;
        this.text(c, { x: x + pad, width: widths[i]! - 2 * pad, size, weight, ...(columns[i]!.align && { align: columns[i]!.align }), gap: 0 });
        x += widths[i]!;
      });
      doc.moveTo(this.left, y + h).lineTo(this.left + this.width, y + h).lineWidth(0.4).strokeColor(RULE).stroke();
      doc.y = y + h;
      doc.x = this.left;
    };
    const header = () => drawRow(columns.map((c) => c.header), 'bold', '#e6eaf0');
    doc.addStructure(doc.struct('Table', { alt }, () => {
      this.ensure(rowHeight(columns.map((c) => c.header), 'bold') + 30);
      header();
      rows.forEach((r, k) => {
        if (doc.y + rowHeight(r, 'regular') > this.bottom) { doc.addPage(); header(); }
        drawRow(r, 'regular', k % 2 ? '#f6f7f9' : undefined);
      });
    }));
    doc.y += 8;
  }

  /** Horizontal bars with the score and label as text: readable in greyscale and by a screen reader (alt). */
  bars(items: Array<{ label: string; score: number | null; note?: string; indent?: boolean }>, alt: string) {
    const doc = this.doc;
    const labelW = this.width * 0.42;
    const barW = this.width * 0.38;
    const rowH = 15;
    doc.addStructure(doc.struct('Figure', { alt }, () => {
      for (const it of items) {
        const label = it.label.length > 90 ? it.label.slice(0, 89) + '…' : it.label;
        const lh = Math.max(rowH, this.height(label, labelW - (it.indent ? 10 : 0), 8.5, it.indent ? 'regular' : 'bold') + 5);
        this.ensure(lh + 2);
        const y = doc.y;
        doc.y = y + 2;
        this.text(label, { x: this.left + (it.indent ? 10 : 0), width: labelW - (it.indent ? 10 : 0), size: 8.5, weight: it.indent ? 'regular' : 'bold', gap: 0 });
        const bx = this.left + labelW + 6;
        doc.rect(bx, y + 3, barW, 9).lineWidth(0.4).strokeColor(RULE).stroke();
        if (it.score !== null) doc.rect(bx, y + 3, (barW * shown(it.score)) / 100, 9).fill(barShade(shown(it.score)));
        doc.y = y + 2;
        this.text(it.score === null ? it.note ?? 'n/a' : `${shown(it.score).toFixed(1)}${it.note ? `  ${it.note}` : ''}`, { x: bx + barW + 6, width: this.width - labelW - barW - 12, size: 8.5, gap: 0 });
        doc.y = Math.max(doc.y, y + lh);
      }
    }));
    doc.y += 6;
  }
}

/** Renders the report model as an accessible, tagged PDF with embedded fonts; same model, same bytes. */
export async function renderPdf(m: ReportModel): Promise<Uint8Array> {
  const date = new Date(`${m.meta.date}T00:00:00Z`);
  const when = Number.isNaN(date.getTime()) ? new Date(0) : date;
  const doc = new PDFDocument({
    size: PAGE.size, margin: PAGE.margin, bufferPages: true, autoFirstPage: true,
    pdfVersion: '1.7', tagged: true, subset: 'PDF/UA', displayTitle: true, lang: m.meta.language,
    info: {
      Title: `${m.meta.title}: ${m.meta.organisation}`,
      ...(m.meta.assessor && !m.meta.redacted && { Author: m.meta.assessor }),
      Subject: 'Human rights due diligence self-assessment under the UN Guiding Principles on Business and Human Rights',
      Keywords: 'human rights, due diligence, UNGP, ICT',
      Creator: `${m.meta.tool.name} ${m.meta.tool.version}`,
      Producer: `${m.meta.tool.name} ${m.meta.tool.version}`,
      CreationDate: when,
      ModDate: when,
    },
  } as unknown as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const w = new Writer(doc);
  const outline = doc.outline;
  const s = m.summary;

  // cover
  doc.y = 200;
  w.text('Human rights due diligence', { size: 14, color: MUTED, gap: 6 });
  doc.addStructure(doc.struct('H1', {}, () => w.text(`Gap report: ${m.meta.organisation}`, { weight: 'bold', size: 26, color: ACCENT, gap: 24 })));
  outline.addItem('Cover');
  const cover: Array<[string, string]> = [
    ['Organisation', m.meta.organisation],
    ...(m.meta.assessor ? [['Prepared by', m.meta.assessor] as [string, string]] : []),
    ['Date', m.meta.date],
    ['Status', m.meta.complete ? 'Complete' : `Provisional (${s.completion.percent} complete)`],
    ['Overall score', `${s.overall.shown} / 100 · ${s.overall.maturity ?? 'no score yet'}${s.overall.maturityCapped ? ' (capped)' : ''}`],
    ['Questionnaires', m.inputs.questionnaires.map((q) => `${q.title} (${q.id} ${q.version})`).join('; ')],
  ];
  for (const [k, v] of cover) {
    const y = doc.y;
    w.text(k, { size: 10, color: MUTED, width: 110, gap: 0 });
    const h1 = doc.y;
    doc.y = y;
    w.text(v, { x: w.left + 120, size: 10.5, weight: k === 'Overall score' ? 'bold' : 'regular', gap: 0 });
    doc.y = Math.max(doc.y, h1) + 8;
  }
  if (m.meta.redacted) w.para('This copy is redacted: notes, evidence and the names of people are left out.', { color: MUTED, size: 9 });
  doc.y = doc.page.height - 140;
  w.para(`Method: the UN Guiding Principles on Business and Human Rights (principles cited by number). Generated by ${m.meta.tool.name} ${m.meta.tool.version}; every input is listed with its SHA-256 in Appendix C.`, { size: 8, color: MUTED });

  // executive summary
  w.heading(1, 'Executive summary', outline);
  w.para(`Overall score ${s.overall.shown} / 100 — ${s.overall.maturity ?? 'no score yet'}.`, { weight: 'bold', size: 13 });
  if (s.overall.maturityCapped) w.para(`The maturity label is capped at ${s.overall.maturity} while ${s.redFlags.length} red flag${s.redFlags.length === 1 ? ' is' : 's are'} open (${s.redFlags.map((f) => f.id).join(', ')}): a score cannot hide a missing foundation (UNGP 15).`, { color: RED });
  w.para(`Completion: ${s.completion.percent} (${s.completion.answered} of ${s.completion.total} questions answered${s.completion.pending ? `, ${s.completion.pending} waiting on earlier answers` : ''}).`);
  if (s.redFlags.length) {
    const texts = s.redFlags.map((f) => `${f.id}: ${f.text} Answer: ${f.answer} (score ${f.score}).`);
    const h = texts.reduce((t, x) => t + w.height(x, w.width - 20, 9.5) + 4, 24);
    w.ensure(h + 10);
    const y = doc.y;
    doc.rect(w.left, y, w.width, h).lineWidth(1.2).strokeColor(RED).stroke();
    doc.y = y + 6;
    w.text(`Red flags (${s.redFlags.length}): critical questions scored below 0.5 — fix these first`, { x: w.left + 10, width: w.width - 20, weight: 'bold', color: RED, size: 10 });
    for (const t of texts) w.text(t, { x: w.left + 10, width: w.width - 20, size: 9.5 });
    doc.y = y + h + 10;
    doc.x = w.left;
  } else w.para('No red flags: every critical question scores 0.5 or more.');
  if (s.weakest && s.averageSection) w.para(`Weakest section: ${s.weakest.section} at ${s.weakest.shown}, against an average section score of ${s.averageSection.shown}.`);
  if (m.merged) w.para(`Merged from ${m.merged.respondents.length} respondents (${m.merged.respondents.join(', ')}) by the ${m.merged.policy} policy; ${m.merged.needsDiscussion.length} question${m.merged.needsDiscussion.length === 1 ? ' needs' : 's need'} discussion: ${m.merged.needsDiscussion.map((d) => d.id).join(', ') || 'none'}.`);
  if (s.topGaps.length) {
    w.heading(2, 'Top priority gaps');
    s.topGaps.forEach((g, i) => w.para(`${i + 1}. ${g.sentence}`));
  }

  // scores
  w.heading(1, 'Scores by module and section', outline);
  w.bars(m.questionnaires.flatMap((q) => [
    { label: q.title, score: q.score, note: `${q.maturity ?? ''}${q.maturityCapped ? ' (capped)' : ''}` },
    ...q.sections.map((sec) => ({ label: sec.title, score: sec.score, note: sec.note ?? `${sec.maturity ?? ''}${sec.maturityCapped ? ' (capped)' : ''}`, indent: true })),
  ]), `Bar chart of scores from 0 to 100: ${m.questionnaires.map((q) => `${q.title} ${q.shown}`).join('; ')}.`);
  w.heading(2, 'Scores by UNGP principle');
  for (const g of m.principles) {
    if (!g.items.length) continue;
    w.heading(3, g.title);
    w.bars(g.items.map((p) => ({ label: `${p.n}. ${p.title}`, score: p.score, indent: true })), `Scores of ${g.title}: ${g.items.map((p) => `${p.n} ${p.shown}`).join('; ')}.`);
  }

  // salience
  w.heading(1, 'Salient human rights issues', outline);
  if (!m.salience.issues.length) w.para('No salience assessment was answered.');
  else {
    w.para('Severity (the highest of scale, scope and irremediability) against likelihood, each from 1 (low) to 4 (high). Issues towards the top right need attention first (UNGP 24).', { size: 9, color: MUTED });
    const cell = 95;
    const gx = w.left + 70;
    w.ensure(cell * 4 + 50);
    const gy = doc.y + 4;
    doc.addStructure(doc.struct('Figure', { alt: `Heat map of salient issues by severity and likelihood: ${m.salience.issues.map((i) => `${i.label} severity ${i.severity ?? 'n/a'}, likelihood ${i.likelihood ?? 'n/a'}`).join('; ')}.` }, () => {
      for (let sev = 4; sev >= 1; sev--) {
        for (let lik = 1; lik <= 4; lik++) {
          const x = gx + (lik - 1) * cell;
          const y = gy + (4 - sev) * cell * 0.62;
          const level = sev * lik; // 1..16
          const grey = Math.round(245 - (level / 16) * 150);
          const hex = `#${grey.toString(16).padStart(2, '0').repeat(3)}`;
          doc.rect(x, y, cell, cell * 0.62).fillAndStroke(hex, '#ffffff');
          doc.y = y + 4;
          for (const name of m.salience.grid[sev - 1]![lik - 1]!) w.text(name, { x: x + 4, width: cell - 8, size: 7.5, color: grey < 150 ? '#ffffff' : INK, gap: 2 });
        }
        doc.y = gy + (4 - sev) * cell * 0.62 + cell * 0.25;
        w.text(`Severity ${sev}`, { x: w.left, width: 65, size: 8, color: MUTED, gap: 0 });
      }
      const by = gy + 4 * cell * 0.62 + 4;
      for (let lik = 1; lik <= 4; lik++) {
        doc.y = by;
        w.text(`Likelihood ${lik}`, { x: gx + (lik - 1) * cell, width: cell, size: 8, color: MUTED, align: 'center', gap: 0 });
      }
      doc.y = by + 20;
      doc.x = w.left;
    }));
    if (m.salience.unplaced.length) w.para(`Not placed (severity or likelihood not rated): ${m.salience.unplaced.join(', ')}.`, { size: 9 });
    const n = (v: number | null) => (v === null ? '—' : String(v));
    w.table([{ header: 'Rank', width: 7, align: 'right' }, { header: 'Issue', width: 35 }, { header: 'Severity', width: 12, align: 'right' }, { header: 'Likelihood', width: 13, align: 'right' }, { header: 'Scale', width: 9, align: 'right' }, { header: 'Scope', width: 9, align: 'right' }, { header: 'Irremediability', width: 17, align: 'right' }],
      m.salience.issues.map((i, k) => [String(k + 1), i.label, n(i.severity), n(i.likelihood), n(i.scale), n(i.scope), n(i.remediability)]), 'Salient issues ranked by severity, then likelihood');
  }

  // action plan
  w.heading(1, 'Action plan', outline);
  if (!m.actions.length) w.para('No gaps among the answered questions.');
  else w.para(`${m.actions.length} answered questions below full marks, by priority. Impact is the overall points gained by bringing the question to full marks.`, { size: 9, color: MUTED });
  for (const a of m.actions) {
    const lines: Array<[string, string]> = [
      ['Current answer', `${a.answer} (score ${a.score})`],
      ['Impact', `${fmtPoints(a.impact)} points · priority ${a.priority.toFixed(2)}${a.severity ? ` (salience severity ${a.severity})` : ''}`],
      ['Why it matters', `UNGP ${a.why}${a.issues.length ? `; rights concerned: ${a.issues.join(', ')}` : ''}`],
      ['Recommendation', a.recommendation],
      ...(a.note ? [['Note', a.note] as [string, string]] : []),
      ...(a.evidence.length ? [['Evidence', a.evidence.join('; ')] as [string, string]] : []),
      ['Where', a.section],
    ];
    const title = `${a.rank}. ${a.id}${a.critical ? ' (critical)' : ''}: ${a.text}`;
    const need = w.height(title, w.width, 10, 'bold') + lines.reduce((t, [, v]) => t + w.height(v, w.width - 110, 9) + 2, 0) + 16;
    w.ensure(Math.min(need, 300));
    doc.addStructure(doc.struct('Sect', {}, () => {
      w.text(title, { weight: 'bold', size: 10, color: a.critical ? RED : ACCENT, gap: 3 });
      for (const [k, v] of lines) {
        w.ensure(w.height(v, w.width - 110, 9) + 2);
        const y = doc.y;
        w.text(k, { width: 100, size: 8.5, color: MUTED, gap: 0 });
        doc.y = y;
        w.text(v, { x: w.left + 110, size: 9, weight: k === 'Recommendation' ? 'bold' : 'regular', gap: 2 });
      }
    }));
    doc.y += 8;
  }
  w.heading(2, 'Not yet assessed');
  if (!m.notYetAssessed.length) w.para('Every applicable question is answered.');
  else {
    w.para('These questions count as 0 until they are answered; they are not actions yet.', { size: 9, color: MUTED });
    const state = { unanswered: 'Not answered', skipped: 'Skipped', pending: 'Waiting on an earlier answer' };
    w.table([{ header: 'Question', width: 55 }, { header: 'Where', width: 25 }, { header: 'State', width: 12 }, { header: 'At stake', width: 10, align: 'right' }],
      m.notYetAssessed.map((p) => [`${p.id} ${p.text}`, p.section, state[p.state], p.impact === undefined ? '—' : `${fmtPoints(p.impact)}`]), 'Questions not yet assessed');
  }

  // appendices
  w.heading(1, 'Appendix A: answers', outline);
  for (const q of m.appendix.answers) {
    w.heading(2, `${q.title} (${q.questionnaire})`);
    for (const sec of q.sections) {
      w.heading(3, sec.title);
      w.table([{ header: 'Question', width: 45 }, { header: 'Answer', width: 25 }, { header: 'Score', width: 8, align: 'right' }, { header: 'Note and evidence', width: 30 }],
        sec.rows.map((r) => [`${r.id} ${r.text}`, r.answer, r.score === null ? (r.state === 'na' ? 'N/A' : '—') : String(r.score), [r.note, r.evidence.length ? `Evidence: ${r.evidence.join('; ')}` : ''].filter(Boolean).join(' · ')]),
        `Answers of ${sec.title}`);
    }
  }
  const me = m.appendix.method;
  w.heading(1, 'Appendix B: method', outline);
  for (const p of me.paragraphs) w.para(p, { size: 9.5 });
  w.heading(2, 'Effective weights');
  w.table([{ header: 'Module / section', width: 60 }, { header: 'Weight', width: 15, align: 'right' }, { header: 'Share of overall', width: 25, align: 'right' }],
    me.weights.flatMap((x) => [[x.questionnaire, String(x.weight), `${(x.share * 100).toFixed(1)}%`], ...x.sections.map((y) => [`   ${y.title}`, String(y.weight), `${(y.share * 100).toFixed(1)}%`])]), 'Effective weights');
  w.heading(2, 'Company profile');
  if (me.profile.length) w.table([{ header: 'Question', width: 60 }, { header: 'Answer', width: 40 }], me.profile.map((p) => [`${p.id} ${p.text}`, p.answer]), 'Profile answers');
  else w.para('No profile answers.');
  w.heading(2, 'Scoped out by the profile');
  if (me.scopedOut.length) w.table([{ header: 'Question', width: 60 }, { header: 'Why not asked', width: 40 }], me.scopedOut.map((x) => [`${x.id} ${x.text}`, x.because]), 'Questions scoped out');
  else w.para('No question was scoped out.');
  w.heading(2, 'Answered "not applicable"');
  if (me.notApplicable.length) w.table([{ header: 'Question', width: 55 }, { header: 'Reason', width: 45 }], me.notApplicable.map((x) => [`${x.id} ${x.text}`, x.reason]), 'N/A answers with reasons');
  else w.para('No question was answered N/A.');
  w.heading(1, 'Appendix C: inputs', outline);
  w.para('The exact files this report was computed from: rescoring them gives the same result.', { size: 9 });
  w.table([{ header: 'Input', width: 35 }, { header: 'Version', width: 10 }, { header: 'SHA-256', width: 55 }],
    [[m.inputs.answers.path, '—', m.inputs.answers.sha256], ...m.inputs.questionnaires.map((q) => [`${q.title} (${q.id})`, q.version, q.sha256])], 'Inputs and their SHA-256');

  // page numbers, as artifacts
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' } as PDFKit.Mixins.MarkingOptions);
    const org = m.meta.organisation.replace(/\s+/g, ' ');
    doc.font(w.font('regular', hasCjk(org))).fontSize(7.5).fillColor(MUTED);
    doc.text(visualOrder(`${org.length > 60 ? org.slice(0, 59) + '…' : org} · gap report`), w.left, doc.page.height - 35, { width: w.width * 0.7, lineBreak: false });
    doc.font(w.fonts.regular).text(`Page ${i + 1} of ${range.count}`, w.left + w.width * 0.7, doc.page.height - 35, { width: w.width * 0.3, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
