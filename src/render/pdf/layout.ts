// Page flow, tagged structure and drawing of text, lists, callouts and tables on top of pdfkit.
// All text goes through text-runs.ts (a font per script, right-to-left ordering), and every mark
// on a page is either tagged content or an artifact.
import type { FontBook } from './fonts.js';
import { layoutLines, minLeading, reordersGlyphs, shapeWhole, type Line, type Rich, type Weight } from './text-runs.js';
import { ACCENT, ACCENT_TINT, INK, LEADING, MUTED, PAGE, RULE, SIZE, ZEBRA } from './theme.js';
import { pdfLine, pdfText } from '../inert.js';

type Doc = PDFKit.PDFDocument;
type El = PDFKit.PDFStructureElement;
type Align = 'left' | 'right' | 'center';

export interface TextStyle {
  size?: number;
  weight?: Weight;
  color?: string;
  align?: Align;
  leading?: number;
}

/**
 * A paragraph laid out for one width: its lines, and what drawing them needs (`lh`, the line
 * height; `drop`, how far the baseline moves down within it for tall scripts).
 */
export interface Laid {
  lines: Line[];
  size: number;
  lh: number;
  height: number;
  color: string;
  align: Align;
  drop: number;
}

export interface Column {
  header: string;
  width: number;
  align?: Align;
  weight?: Weight;
  /** font size of the body cells */ size?: number;
}

/** Structure options whose strings a reader shows (alt text, title) on one inert line. */
function inertOptions<T extends { title?: string; alt?: string }>(o: T): T {
  return {
    ...o,
    ...(o.title !== undefined && { title: pdfLine(o.title) }),
    ...(o.alt !== undefined && { alt: pdfLine(o.alt) }),
  };
}

/** A table's measured frame: its column widths, cell padding, laid-out header cells and line height. */
interface TableGrid {
  readonly widths: readonly number[];
  readonly padX: number;
  readonly padY: number;
  readonly head: readonly Laid[];
  readonly headH: number;
  readonly lh: number;
}

/** Where text is drawn from: the top of a line box to its baseline, as a share of the font size. */
const BASELINE = 1.0;

export class Layout {
  readonly left: number;
  readonly width: number;
  readonly top: number;
  readonly bottom: number;
  y: number;
  private readonly parents: El[];
  /** Run before each page break (with no marked content open), e.g. to close a side bar. */
  private readonly breakHooks: Array<() => void> = [];

  constructor(
    readonly doc: Doc,
    readonly fonts: FontBook,
    root: El,
  ) {
    const page = doc.page;
    this.left = page.margins.left;
    this.width = page.width - page.margins.left - page.margins.right;
    this.top = page.margins.top;
    this.bottom = page.height - page.margins.bottom - PAGE.footer;
    this.y = this.top;
    this.parents = [root];
  }

  get right() {
    return this.left + this.width;
  }
  get room() {
    return this.bottom - this.y;
  }
  get pageHeight() {
    return this.bottom - this.top;
  }
  get atTop() {
    return this.y <= this.top + 0.5;
  }

  // ---- pages ------------------------------------------------------------------------------------

  /** A new page; marked content open on the old page is closed there and reopened on the new one. */
  newPage() {
    const doc = this.doc;
    const open = doc.endPageMarkings(doc.page);
    for (const hook of this.breakHooks) hook();
    doc.addPage();
    this.resetFill();
    this.y = this.top;
    doc.initPageMarkings(open);
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number) {
    if (this.y + height > this.bottom && !this.atTop) this.newPage();
  }

  // ---- structure --------------------------------------------------------------------------------

  get parent(): El {
    return this.parents[this.parents.length - 1]!;
  }

  /** Opens a structure element under the current one; what is tagged next goes inside it. */
  begin(type: string, options: { title?: string; alt?: string; lang?: string } = {}): El {
    const el = this.doc.struct(type, inertOptions(options));
    this.parent.add(el);
    this.parents.push(el);
    return el;
  }

  end() {
    this.parents.pop()!.end();
  }

  /** Runs `body` with `el` (made earlier, e.g. to keep its place in the reading order) as the parent. */
  within(el: El, body: () => void) {
    this.parents.push(el);
    try {
      body();
    } finally {
      this.parents.pop();
    }
  }

  group(type: string, body: () => void, options: { title?: string; alt?: string } = {}) {
    this.begin(type, options);
    body();
    this.end();
  }

  /** Draws `draw` as the content of `el` (which may run over pages). */
  content(el: El, type: string, draw: () => void) {
    const marked = this.doc.markStructureContent(type);
    draw();
    this.doc.endMarkedContent();
    el.add(marked);
  }

  /** A new structure element of `type` under the current one, with `draw` as its content. */
  tagged(
    type: string,
    draw: () => void,
    options: { alt?: string; title?: string; lang?: string; scope?: string } = {},
  ): El {
    const el = this.doc.struct(type, inertOptions(options) as { alt?: string });
    this.parent.add(el);
    this.content(el, type, draw);
    el.end();
    return el;
  }

  /** Decoration (rules, backgrounds, repeated headers): an artifact, skipped by screen readers. */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout') {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }

  /**
   * A band `h` high on one page: its tint and left bar (and rules above or below) are drawn first,
   * as an artifact, so the content drawn next lies on top of them; the content starts `top` below
   * the band's top. A band that does not fit goes to the next page whole. (`region` decorates after
   * its body, which suits a bar beside the text but would cover it with a fill.)
   */
  band(
    o: { h: number; tint: string; bar: string; top?: number; ruleAbove?: boolean; ruleBelow?: boolean },
    draw: () => void,
  ): void {
    this.ensure(o.h);
    const y = this.y;
    this.artifact(() => {
      this.rect(this.left, y, this.width, o.h, o.tint);
      this.rect(this.left, y, 4, o.h, o.bar);
      const rule = (at: number) =>
        this.doc.moveTo(this.left, at).lineTo(this.right, at).lineWidth(0.8).strokeColor(o.bar).stroke();
      if (o.ruleAbove) rule(y);
      if (o.ruleBelow) rule(y + o.h);
    });
    this.y = y + (o.top ?? 0);
    draw();
    this.y = y + o.h;
  }

  /**
   * Runs `body` and then decorates the stretch of each page it covered, e.g. with a side bar.
   * `decorate` draws artifacts and gets the top and bottom of the stretch on the current page.
   */
  region(decorate: (y0: number, y1: number) => void, body: () => void) {
    let start = this.y;
    const hook = () => {
      this.artifact(() => decorate(start, this.y));
      start = this.top;
    };
    this.breakHooks.push(hook);
    body();
    this.breakHooks.splice(this.breakHooks.indexOf(hook), 1);
    this.artifact(() => decorate(start, this.y));
  }

  // ---- text -------------------------------------------------------------------------------------

  /** Short texts (labels, answers, scores, headers) recur: their layouts are kept. */
  private readonly laidCache = new Map<string, Laid>();

  lay(rich: Rich, width: number, style: TextStyle = {}): Laid {
    // every text the PDF draws passes here: made inert by the PDF sink first
    const text: Rich =
      typeof rich === 'string'
        ? pdfText(rich)
        : rich.some((s) => pdfText(s.text) !== s.text)
          ? rich.map((s) => ({ ...s, text: pdfText(s.text) }))
          : rich;
    const size = style.size ?? SIZE.body;
    const weight = style.weight ?? 'regular';
    const key =
      typeof text === 'string' && text.length <= 48
        ? `${size}|${weight}|${style.color}|${style.align}|${style.leading}|${width.toFixed(2)}|${text}`
        : undefined;
    const hit = key && this.laidCache.get(key);
    if (hit) return hit;
    const spans = typeof text === 'string' ? [{ text, weight }] : text.map((s) => (s.weight ? s : { ...s, weight }));
    const lines = layoutLines(spans, width / size, this.fonts);
    // a script whose marks stack high and low (Burmese) gets taller lines, the extra split above and below
    const leading = style.leading ?? LEADING;
    let tallest = leading;
    for (const l of lines)
      for (const p of l.pieces) if (p.face !== 'latin') tallest = Math.max(tallest, minLeading(p.face));
    const lh = size * tallest;
    const laid: Laid = {
      lines,
      size,
      lh,
      height: lines.length * lh,
      color: style.color ?? INK,
      align: style.align ?? 'left',
      drop: (size * (tallest - leading)) / 2,
    };
    if (key) this.laidCache.set(key, laid);
    return laid;
  }

  /** The fill colour last set on this page, so text does not set it again and again. */
  private fillNow = '';

  /** Sets the fill colour (once). Drawing that changes it must go through here or `rect`. */
  fill(color: string) {
    if (color !== this.fillNow) {
      this.doc.fillColor(color);
      this.fillNow = color;
    }
  }

  /** A filled rectangle. */
  rect(x: number, y: number, w: number, h: number, color: string) {
    this.fill(color);
    this.doc.rect(x, y, w, h).fill();
  }

  /** Forget the fill colour (after a restore, or on another page). */
  resetFill() {
    this.fillNow = '';
  }

  /** Draws one line with its top at `y`. */
  line(line: Line, laid: Pick<Laid, 'size' | 'color' | 'align' | 'drop'>, x: number, y: number, width: number) {
    const doc = this.doc;
    const size = laid.size;
    let cx =
      x +
      (laid.align === 'right'
        ? width - line.width * size
        : laid.align === 'center'
          ? (width - line.width * size) / 2
          : 0);
    const baseline = y + size * BASELINE + laid.drop;
    const last = line.pieces.length - 1;
    line.pieces.forEach((p, i) => {
      this.fonts.use(this.fonts.file(p.face, p.weight), size);
      this.fill(p.color ?? laid.color);
      const whole = shapeWhole(p);
      // pdfkit lays out and caches text word by word, each word with its space: the last word
      // of a line gets its (invisible) space too, so it is found in the cache
      const text = !whole && i === last && !p.text.endsWith(' ') ? `${p.text} ` : p.text;
      // Indic and other shaping draws some vowel signs before the consonant they follow: the
      // logical text goes with the glyphs, so copying and screen readers get the words, not the
      // glyph order
      const reordered = reordersGlyphs(p.face);
      if (reordered) doc.markContent('Span', { actual: p.text } as object);
      doc.text(text, cx, baseline, {
        lineBreak: false,
        baseline: 'alphabetic',
        textWidth: p.width * size,
        wordCount: 1,
        ...(whole && { features: [] as PDFKit.Mixins.OpenTypeFeatures[] }),
      } as PDFKit.Mixins.TextOptions);
      if (reordered) doc.endMarkedContent();
      cx += p.width * size;
    });
  }

  /** Draws laid-out lines from the current y, breaking pages between lines when `flow` allows. */
  draw(laid: Laid, x = this.left, width = this.width, flow = true, from = 0, to = laid.lines.length) {
    for (let i = from; i < to; i++) {
      if (flow && this.y + laid.lh > this.bottom + 0.01 && !this.atTop) this.newPage();
      this.line(laid.lines[i]!, laid, x, this.y, width);
      this.y += laid.lh;
    }
  }

  /** Plain text at a fixed place, not part of the flow (labels of charts, footers). */
  place(text: Rich, x: number, y: number, width: number, style: TextStyle = {}): number {
    const laid = this.lay(text, width, style);
    laid.lines.forEach((l, i) => this.line(l, laid, x, y + i * laid.lh, width));
    return laid.height;
  }

  /** `text` on one line of at most `width` (with `suffix` after it), cut with "…" when longer; cut to 200 characters first, so the search lays out short strings. */
  oneLine(text: string, width: number, size: number, weight: Weight = 'regular', suffix = ''): string {
    const t = [...text.slice(0, 400).replace(/\s+/g, ' ').trim()].slice(0, 200);
    const fits = (x: string) => this.lay(`${x}${suffix}`, width, { size, weight }).lines.length <= 1;
    if (fits(t.join(''))) return t.join('');
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(`${t.slice(0, mid).join('')}…`)) lo = mid;
      else hi = mid - 1;
    }
    return `${t.slice(0, lo).join('')}…`;
  }

  /** A paragraph (P), kept from leaving a single line at the foot of a page. */
  paragraph(text: Rich, style: TextStyle = {}, o: { x?: number; width?: number; gap?: number; type?: string } = {}) {
    const x = o.x ?? this.left;
    const width = o.width ?? this.right - x;
    const laid = this.lay(text, width, style);
    if (!laid.lines.length) return;
    this.ensure(Math.min(laid.height, laid.lh * 2));
    this.tagged(o.type ?? 'P', () => this.draw(laid, x, width));
    this.y += o.gap ?? laid.size * 0.6;
  }

  /** A heading; level 1 starts a page. Returns the y at which it was drawn (for bookmarks). */
  heading(level: 1 | 2 | 3, text: string, keep = 60, o: { samePage?: boolean } = {}): number {
    const size = level === 1 ? SIZE.h1 : level === 2 ? SIZE.h2 : SIZE.h3;
    if (level === 1 && !this.atTop && !o.samePage) this.newPage();
    if (level === 1 && o.samePage && !this.atTop) this.y += 14;
    const laid = this.lay(text, this.width, { size, weight: 'bold', color: ACCENT, leading: 1.2 });
    if (!this.atTop) this.y += level === 2 ? 10 : 6;
    this.ensure(laid.height + keep);
    const at = this.y;
    this.tagged(`H${level}`, () => this.draw(laid));
    if (level === 1) {
      this.y += 4;
      this.artifact(() =>
        this.doc.moveTo(this.left, this.y).lineTo(this.right, this.y).lineWidth(1.2).strokeColor(ACCENT).stroke(),
      );
      this.y += 12;
    } else this.y += level === 2 ? 5 : 3;
    return at;
  }

  /** A list (L > LI > Lbl + LBody): numbered, or with bullets. */
  list(items: readonly Rich[], o: { numbered?: boolean; style?: TextStyle; gap?: number } = {}) {
    if (!items.length) return;
    const indent = o.numbered ? 18 : 12;
    this.group('L', () => {
      items.forEach((item, i) => {
        const label = o.numbered ? `${i + 1}.` : '•';
        const body = this.lay(item, this.width - indent, o.style);
        this.ensure(Math.min(body.height, body.lh * 2));
        this.group('LI', () => {
          const y = this.y;
          this.tagged('Lbl', () => this.place(label, this.left, y, indent - 4, { ...o.style, color: MUTED }));
          this.tagged('LBody', () => this.draw(body, this.left + indent, this.width - indent));
        });
        this.y += o.gap ?? 4;
      });
    });
  }

  /**
   * Label-value rows (e.g. "Recommendation: …"), each a paragraph with the label in a narrow
   * column. Returns the laid rows so callers can measure first.
   */
  fields(
    rows: ReadonlyArray<readonly [string, Rich, TextStyle?]>,
    x: number,
    width: number,
    o: { labelWidth?: number; size?: number; labelSize?: number; gap?: number } = {},
  ) {
    const labelWidth = o.labelWidth ?? 92;
    const laid = rows.map(([label, value, style]) => ({
      label: this.lay(label, labelWidth - 6, { size: o.labelSize ?? SIZE.small, color: MUTED }),
      value: this.lay(value, width - labelWidth, { size: o.size ?? 9.5, ...style }),
    }));
    const heights = laid.map((r) => Math.max(r.label.height, r.value.height) + (o.gap ?? 3));
    return {
      height: heights.reduce((t, h) => t + h, 0),
      /** the height of the first `n` rows */
      first: (n: number) => heights.slice(0, n).reduce((t, h) => t + h, 0),
      draw: () => {
        for (const r of laid) {
          this.ensure(Math.min(r.value.height, r.value.lh * 2));
          this.tagged('P', () => {
            const y = this.y;
            r.label.lines.forEach((l, i) =>
              this.line(l, r.label, x, y + (r.value.size - r.label.size) * 0.9 + i * r.label.lh, labelWidth - 6),
            );
            this.draw(r.value, x + labelWidth, width - labelWidth);
            if (this.y < y + r.label.height) this.y = y + r.label.height;
          });
          this.y += o.gap ?? 3;
        }
      },
    };
  }

  // ---- tables -----------------------------------------------------------------------------------

  /**
   * A table (Table > THead/TBody > TR > TH/TD) that breaks across pages between rows and repeats
   * its header row on each new page (as an artifact); a row taller than a page is split.
   */
  table(columns: readonly Column[], rows: ReadonlyArray<readonly Rich[]>, o: { size?: number; title?: string } = {}) {
    const size = o.size ?? SIZE.table;
    const total = columns.reduce((t, c) => t + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const padX = 4.5;
    const padY = 3.5;
    const cell = (text: Rich, i: number, header: boolean) =>
      this.lay(text, widths[i]! - 2 * padX, {
        size: header ? size : (columns[i]!.size ?? size),
        weight: header ? 'bold' : (columns[i]!.weight ?? 'regular'),
        align: columns[i]!.align ?? 'left',
        color: header ? ACCENT : INK,
      });
    const head = columns.map((c, i) => cell(c.header, i, true));
    const grid: TableGrid = {
      widths,
      padX,
      padY,
      head,
      headH: Math.max(...head.map((l) => l.height)) + 2 * padY,
      lh: Math.max(...head.map((l) => l.lh), ...columns.map((c) => (c.size ?? size) * LEADING)),
    };

    const bodyRows = rows.map((r) => r.map((text, i) => cell(text, i, false)));
    const firstH = bodyRows.length ? Math.max(...bodyRows[0]!.map((l) => l.height)) + 2 * padY : 0;
    // the header row never stands alone: the first row comes with it, unless that row is taller
    // than a third of a page (then at least three of its lines do)
    this.ensure(grid.headH + Math.min(firstH, Math.max(this.pageHeight / 3, grid.lh * 3 + 2 * padY)));
    this.group(
      'Table',
      () => {
        this.group('THead', () => this.group('TR', () => this.drawHeaderRow(grid)));
        this.group('TBody', () => {
          bodyRows.forEach((cells, r) => this.drawBodyRow(grid, cells, r % 2 ? ZEBRA : undefined));
        });
      },
      o.title ? { title: o.title } : {},
    );
    this.y += 10;
  }

  /** A row's background (when filled) and the rule under it: strong under the header row. */
  private drawRowBackground(y: number, h: number, fill: string | undefined, strong: boolean) {
    if (fill) this.rect(this.left, y, this.width, h, fill);
    this.doc
      .moveTo(this.left, y + h)
      .lineTo(this.right, y + h)
      .lineWidth(strong ? 0.8 : 0.4)
      .strokeColor(strong ? ACCENT : RULE)
      .stroke();
  }

  /** Draws a row's cells (or the given range of each cell's lines), each tagged when tags are given. */
  private drawCells(
    grid: TableGrid,
    cells: readonly Laid[],
    y: number,
    ranges?: ReadonlyArray<readonly [number, number]>,
    tags?: readonly El[],
    type = 'TD',
  ) {
    const { widths, padX, padY } = grid;
    let x = this.left;
    cells.forEach((laid, i) => {
      const [from, to] = ranges?.[i] ?? [0, laid.lines.length];
      const paint = () => {
        for (let k = from; k < to; k++)
          this.line(laid.lines[k]!, laid, x + padX, y + padY + (k - from) * laid.lh, widths[i]! - 2 * padX);
      };
      if (tags) this.content(tags[i]!, type, paint);
      else paint();
      x += widths[i]!;
    });
  }

  /** The header row, tagged as TH cells. */
  private drawHeaderRow(grid: TableGrid) {
    const ths = grid.head.map(() => {
      const th = this.doc.struct('TH', { scope: 'Column' } as { title?: string });
      this.parent.add(th);
      return th;
    });
    this.artifact(() => this.drawRowBackground(this.y, grid.headH, ACCENT_TINT, true));
    this.drawCells(grid, grid.head, this.y, undefined, ths, 'TH');
    ths.forEach((th) => th.end());
    this.y += grid.headH;
  }

  /** The header row again at the top of a new page, as an artifact. */
  private repeatHeader(grid: TableGrid) {
    this.artifact(() => {
      this.drawRowBackground(this.y, grid.headH, ACCENT_TINT, true);
      this.drawCells(grid, grid.head, this.y);
    }, 'Pagination');
    this.y += grid.headH;
  }

  /** A body row: on a new page when it does not fit here but fits on a page, split when taller than one. */
  private drawBodyRow(grid: TableGrid, cells: readonly Laid[], fill: string | undefined) {
    const h = Math.max(...cells.map((l) => l.height)) + 2 * grid.padY;
    if (this.y + h > this.bottom && h <= this.pageHeight - grid.headH) {
      this.newPage();
      this.repeatHeader(grid);
    }
    this.group('TR', () => {
      const tds = cells.map(() => {
        const td = this.doc.struct('TD');
        this.parent.add(td);
        return td;
      });
      if (this.y + h <= this.bottom) {
        this.artifact(() => this.drawRowBackground(this.y, h, fill, false));
        this.drawCells(grid, cells, this.y, undefined, tds);
        this.y += h;
      } else this.drawSplitRow(grid, cells, fill, tds);
      tds.forEach((td) => td.end());
    });
  }

  /** A row taller than a page, split into slices of whole lines, the header repeated on each new page. */
  private drawSplitRow(grid: TableGrid, cells: readonly Laid[], fill: string | undefined, tds: readonly El[]) {
    const { padY, lh } = grid;
    const done = cells.map(() => 0);
    while (cells.some((l, i) => done[i]! < l.lines.length)) {
      if (this.room < lh + 2 * padY) {
        this.newPage();
        this.repeatHeader(grid);
      }
      const ranges = cells.map(
        (l, i) =>
          [
            done[i]!,
            Math.min(l.lines.length, done[i]! + Math.max(1, Math.floor((this.room - 2 * padY) / l.lh))),
          ] as const,
      );
      const sliceH = Math.max(...ranges.map(([a, b], i) => (b - a) * cells[i]!.lh)) + 2 * padY;
      this.artifact(() => this.drawRowBackground(this.y, sliceH, fill, false));
      this.drawCells(grid, cells, this.y, ranges, tds);
      ranges.forEach(([, b], i) => {
        done[i] = b;
      });
      this.y += sliceH;
    }
  }
}
