// Vector charts drawn with pdfkit: horizontal score bars and the salience heat map. Each is one
// Figure with alt text, and carries its numbers and labels as text, so it reads in greyscale.
import type { Laid, Layout } from './layout.js';
import type { Rich, Span } from './text-runs.js';
import { ACCENT, heatShade, INK, MUTED, RULE, SIZE, TRACK } from './theme.js';

export interface BarItem {
  label: Rich;
  /** 0–100, or null for no score */
  score: number | null;
  /** the score as shown, e.g. "54.6" */
  value: string;
  /** beside the value: the maturity label, or why there is no score */
  note?: string;
  /** 0: a module or group (bold, dark bar), 1: a section or principle (indented) */
  level: 0 | 1;
  color: string;
}

const TICKS = [0, 20, 40, 60, 80, 100];

/** Where a bar chart's parts go across the page, and its bars' height and text size. */
interface BarGeometry {
  labelW: number;
  barX: number;
  barW: number;
  valueX: number;
  valueW: number;
  barH: number;
  size: number;
}

/** A bar chart's row, laid out: its label and value text, indent and height. */
interface BarRow {
  it: BarItem;
  indent: number;
  label: Laid;
  value: Laid;
  h: number;
}

/** Horizontal bars, 0–100, with the score and the label as text beside each bar. */
export function barChart(L: Layout, items: readonly BarItem[], alt: string) {
  if (!items.length) return;
  const g = measureBarChart(L);
  const rows = items.map((it) => layBarRow(L, it, g));

  L.ensure(14 + rows[0]!.h + (rows[1]?.h ?? 0));
  L.tagged(
    'Figure',
    () => {
      drawAxis(L, g);
      rows.forEach((r, i) => {
        const gap = r.it.level === 0 && i > 0 ? 5 : 0;
        if (L.y + gap + r.h > L.bottom) {
          L.newPage();
          drawAxis(L, g);
        } else L.y += gap;
        drawBarRow(L, r, g);
      });
    },
    { alt },
  );
  L.y += 8;
}

/** The bar chart's columns: labels on the left 40%, bars on the next 34%, then the values. */
function measureBarChart(L: Layout): BarGeometry {
  const labelW = L.width * 0.4;
  const barX = L.left + labelW + 8;
  const barW = L.width * 0.34;
  const valueX = barX + barW + 8;
  return { labelW, barX, barW, valueX, valueW: L.right - valueX, barH: 9, size: SIZE.small };
}

/** The 0–100 axis above the bars, with a rule under its numbers. */
function drawAxis(L: Layout, g: BarGeometry) {
  const { barX, barW } = g;
  const y = L.y;
  for (const t of TICKS)
    L.place(String(t), barX + (barW * t) / 100 - 10, y, 20, { size: 7, color: MUTED, align: 'center' });
  L.doc
    .moveTo(barX, y + 11)
    .lineTo(barX + barW, y + 11)
    .lineWidth(0.4)
    .strokeColor(RULE)
    .stroke();
  L.y += 14;
}

/** Lays out a bar's label (indented for level 1) and its value text, and the row's height. */
function layBarRow(L: Layout, it: BarItem, g: BarGeometry): BarRow {
  const { labelW, valueW, barH, size } = g;
  const indent = it.level ? 10 : 0;
  const label = L.lay(it.label, labelW - indent, { size, weight: it.level ? 'regular' : 'bold' });
  const valueSpans: Span[] =
    it.score === null
      ? [{ text: it.note ?? 'n/a', color: MUTED }]
      : [{ text: it.value, weight: 'bold' }, ...(it.note ? [{ text: `  ${it.note}`, color: MUTED }] : [])];
  const value = L.lay(valueSpans, valueW, { size });
  return { it, indent, label, value, h: Math.max(label.height, value.height, barH + 3) + 4 };
}

/** Draws one row at L.y: the label, the bar on its track with white scale marks, and the value. */
function drawBarRow(L: Layout, r: BarRow, g: BarGeometry) {
  const { labelW, barX, barW, valueX, valueW, barH } = g;
  const y = L.y;
  L.draw(r.label, L.left + r.indent, labelW - r.indent, false);
  const by = y + (Math.min(r.label.lh, r.h) - barH) / 2;
  L.rect(barX, by, barW, barH, TRACK);
  if (r.it.score !== null) L.rect(barX, by, (barW * Math.max(0, Math.min(100, r.it.score))) / 100, barH, r.it.color);
  // white scale marks across the bar every 20 points: the length reads without the axis
  for (const t of TICKS.slice(1, -1))
    L.doc
      .moveTo(barX + (barW * t) / 100, by)
      .lineTo(barX + (barW * t) / 100, by + barH)
      .lineWidth(0.6)
      .strokeColor('#ffffff')
      .stroke();
  L.y = y;
  L.draw(r.value, valueX, valueW, false);
  L.y = y + r.h;
}

/** The padding inside a heat map's cells. */
const HEAT_PAD = 5;

/** A heat map's row: its severity, its four cells (shade and laid-out labels) and its height. */
interface HeatRow {
  sev: number;
  cells: Array<{ shade: { fill: string; text: string }; laid: Laid }>;
  h: number;
}

/**
 * The salience heat map: severity rows 4 (top) to 1, likelihood columns 1 to 4, issue labels in
 * the cells, darker cells for a higher severity × likelihood, and axis titles.
 */
export function heatMap(L: Layout, grid: readonly (readonly (readonly string[])[])[], alt: string) {
  const axisW = 54;
  const gx = L.left + axisW;
  const cellW = (L.width - axisW) / 4;

  const rows = layHeatRows(L, grid, cellW);
  const gridH = rows.reduce((t, r) => t + r.h, 0);
  const legendH = 26;
  L.ensure(gridH + 34 + legendH);

  L.tagged(
    'Figure',
    () => {
      const top = L.y;
      const bottom = drawHeatCells(L, rows, gx, cellW, top);
      drawHeatAxes(L, gx, cellW, top, gridH, bottom);
      drawHeatLegend(L, gx, bottom + 38, legendH);
    },
    { alt },
  );
  L.y += 6;
}

/** Lays out the issue labels of each cell, severity 4 first; a row is as tall as its fullest cell. */
function layHeatRows(L: Layout, grid: readonly (readonly (readonly string[])[])[], cellW: number): HeatRow[] {
  const size = 8;
  const minH = 44;
  return [4, 3, 2, 1].map((sev) => {
    const cells = [1, 2, 3, 4].map((lik) => {
      const shade = heatShade(sev, lik);
      const labels = grid[sev - 1]?.[lik - 1] ?? [];
      return {
        shade,
        laid: L.lay(labels.join('\n'), cellW - 2 * HEAT_PAD, { size, color: shade.text, leading: 1.25 }),
      };
    });
    return { sev, cells, h: Math.max(minH, ...cells.map((c) => c.laid.height + 2 * HEAT_PAD)) };
  });
}

/** Draws the shaded cells with their labels and each row's severity number; returns the grid's bottom. */
function drawHeatCells(L: Layout, rows: readonly HeatRow[], gx: number, cellW: number, top: number): number {
  let y = top;
  for (const r of rows) {
    r.cells.forEach((c, i) => {
      const x = gx + i * cellW;
      L.rect(x, y, cellW, r.h, c.shade.fill);
      L.doc.rect(x, y, cellW, r.h).lineWidth(1.5).strokeColor('#ffffff').stroke();
      L.y = y + HEAT_PAD;
      L.draw(c.laid, x + HEAT_PAD, cellW - 2 * HEAT_PAD, false);
    });
    L.place(String(r.sev), gx - 22, y + r.h / 2 - 6, 16, { size: 10, weight: 'bold', color: INK, align: 'right' });
    y += r.h;
  }
  return y;
}

/** The axis titles: severity up the left side, likelihood (and its numbers) under the columns. */
function drawHeatAxes(L: Layout, gx: number, cellW: number, top: number, gridH: number, bottom: number) {
  const doc = L.doc;
  doc.save();
  doc.rotate(-90, { origin: [L.left, top + gridH] });
  L.place('Severity (1 low – 4 high)', L.left, top + gridH, gridH, {
    size: 8.5,
    weight: 'bold',
    color: ACCENT,
    align: 'center',
  });
  doc.restore();
  L.resetFill();
  for (let i = 0; i < 4; i++)
    L.place(String(i + 1), gx + i * cellW, bottom + 3, cellW, {
      size: 10,
      weight: 'bold',
      color: INK,
      align: 'center',
    });
  L.place('Likelihood (1 low – 4 high)', gx, bottom + 18, cellW * 4, {
    size: 8.5,
    weight: 'bold',
    color: ACCENT,
    align: 'center',
  });
}

/** The legend at y: the ramp from lower to higher severity × likelihood; leaves L.y under it. */
function drawHeatLegend(L: Layout, lx: number, y: number, legendH: number) {
  const steps = [
    [1, 1],
    [1, 3],
    [2, 3],
    [2, 4],
    [3, 4],
    [4, 3],
    [4, 4],
  ] as const;
  const sw = 16;
  L.place('Severity × likelihood: lower', lx, y + 1, 130, { size: 7.5, color: MUTED });
  steps.forEach(([s, l], i) => L.rect(lx + 124 + i * sw, y, sw, 10, heatShade(s, l).fill));
  L.place('higher', lx + 128 + steps.length * sw, y + 1, 60, { size: 7.5, color: MUTED });
  L.y = y + legendH - 8;
}
