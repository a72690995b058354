import type { Layout } from './layout.js';
import { MUTED, PAGE, RED, RULE } from './theme.js';

/**
 * The foot of every page, the same for the gap report, its brief and the trend report: a rule,
 * "Organisation · title" (a long organisation name shortened to one line), "Page x of y", and the
 * confidentiality marking below them, as pagination artifacts. Drawn last, when the page count is known.
 */
export function pageFooters(L: Layout, o: { organisation: string; title: string; confidential?: string }): void {
  const doc = L.doc;
  const range = doc.bufferedPageRange();
  const y = doc.page.height - PAGE.margin - 8;
  const leftW = L.width * 0.72;
  const left = `${L.oneLine(o.organisation, leftW, 7.5, 'regular', ` · ${o.title}`)} · ${o.title}`;
  const mark = o.confidential && L.oneLine(o.confidential, L.width, 7.5, 'bold');
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    L.resetFill();
    L.artifact(() => {
      doc
        .moveTo(L.left, y - 6)
        .lineTo(L.right, y - 6)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      L.place(left, L.left, y, leftW, { size: 7.5, color: MUTED });
      L.place(`Page ${i + 1} of ${range.count}`, L.right - 100, y, 100, { size: 7.5, color: MUTED, align: 'right' });
      if (mark) L.place(mark, L.left, y + 11, L.width, { size: 7.5, weight: 'bold', color: RED, align: 'center' });
    }, 'Pagination');
  }
}
