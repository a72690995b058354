import type { Layout } from './layout.js';
import { ACCENT_TINT, MUTED } from './theme.js';

/** A key figure: what it is, its value (large, in `colour`) and a note under it. */
export interface KeyFigure {
  label: string;
  value: string;
  note: string;
  /** the tile's edge and the value */
  colour: string;
}

/**
 * Three key figures side by side, each on a tinted tile with a coloured edge (the tiles are
 * decoration; the text is tagged), as at the top of the gap report and the trend report. Leaves
 * L.y `space` below the tiles.
 */
export function keyFigures(L: Layout, figures: readonly KeyFigure[], space: number): void {
  const gap = 10;
  const tileW = (L.width - 2 * gap) / 3;
  const tileH = 66;
  const y0 = L.y;
  L.artifact(() =>
    figures.forEach((f, i) => {
      L.rect(L.left + i * (tileW + gap), y0, tileW, tileH, ACCENT_TINT);
      L.rect(L.left + i * (tileW + gap), y0, 3, tileH, f.colour);
    }),
  );
  L.group('Div', () =>
    figures.forEach((f, i) => {
      const x = L.left + i * (tileW + gap) + 12;
      const w = tileW - 18;
      L.tagged('P', () => {
        L.place(f.label, x, y0 + 8, w, { size: 8, color: MUTED });
        L.place(f.value, x, y0 + 20, w, { size: f.value.length > 12 ? 14 : 19, weight: 'bold', color: f.colour });
        L.place(f.note, x, y0 + 46, w, { size: 7.5, color: MUTED });
      });
    }),
  );
  L.y = y0 + tileH + space;
}
