import type { Logo } from '../../core/brand.js';
import type { Layout } from './layout.js';
import { ACCENT, MUTED, SIZE } from './theme.js';

/**
 * The top of a cover, the same for the gap report, its brief and the trend report: the accent
 * stripe, the logo (decoration: at most 180 × 80 pt, its proportions kept), the report's title,
 * the organisation as the document's H1, and a short rule under it. Leaves L.y below the rule.
 */
export function coverHead(L: Layout, o: { title: string; organisation: string; logo?: Logo }): void {
  const doc = L.doc;
  L.artifact(() => L.rect(0, 0, doc.page.width, 10, ACCENT));
  const logo = o.logo;
  if (logo) {
    const scale = Math.min(180 / logo.width, 80 / logo.height);
    L.artifact(() =>
      doc.image(Buffer.from(logo.bytes), L.left, 50, { width: logo.width * scale, height: logo.height * scale }),
    );
  }
  L.y = 190;
  L.paragraph(o.title, { size: 14, color: MUTED }, { gap: 8 });
  L.group('H1', () => {
    const laid = L.lay(o.organisation, L.width, { size: SIZE.cover, weight: 'bold', color: ACCENT, leading: 1.15 });
    L.content(L.parent, 'H1', () => L.draw(laid));
  });
  L.y += 18;
  L.artifact(() =>
    doc
      .moveTo(L.left, L.y)
      .lineTo(L.left + 120, L.y)
      .lineWidth(2)
      .strokeColor(ACCENT)
      .stroke(),
  );
  L.y += 22;
}
