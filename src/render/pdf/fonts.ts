import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Face, Measurer, Weight } from './text-runs.js';

const require = createRequire(import.meta.url);
const dir = (pkg: string) => dirname(require.resolve(`${pkg}/package.json`));

export type FontFiles = Record<Face, Record<Weight, string>>;

/**
 * The embedded fonts, from npm packages, by absolute path (pdfkit caches a font given by path;
 * registered by name it re-parses it in tables). Never the 14 standard fonts, never system fonts.
 */
export function fontFiles(): FontFiles {
  const dejavu = join(dir('dejavu-fonts-ttf'), 'ttf');
  const arabic = dir('@expo-google-fonts/noto-sans-arabic');
  const cjk = dir('@expo-google-fonts/noto-sans-sc');
  const noto = (pkg: string, name: string) => {
    const d = dir(`@expo-google-fonts/${pkg}`);
    const regular = join(d, '400Regular', `${name}_400Regular.ttf`);
    return { regular, bold: join(d, '700Bold', `${name}_700Bold.ttf`), mono: regular };
  };
  return {
    latin: { regular: join(dejavu, 'DejaVuSans.ttf'), bold: join(dejavu, 'DejaVuSans-Bold.ttf'), mono: join(dejavu, 'DejaVuSansMono.ttf') },
    arabic: { regular: join(arabic, '400Regular', 'NotoSansArabic_400Regular.ttf'), bold: join(arabic, '700Bold', 'NotoSansArabic_700Bold.ttf'), mono: join(arabic, '400Regular', 'NotoSansArabic_400Regular.ttf') },
    cjk: { regular: join(cjk, '400Regular', 'NotoSansSC_400Regular.ttf'), bold: join(cjk, '700Bold', 'NotoSansSC_700Bold.ttf'), mono: join(cjk, '400Regular', 'NotoSansSC_400Regular.ttf') },
    korean: noto('noto-sans-kr', 'NotoSansKR'),
    devanagari: noto('noto-sans-devanagari', 'NotoSansDevanagari'),
    thai: noto('noto-sans-thai', 'NotoSansThai'),
  };
}

/** What this module needs of a pdfkit document's font handling. */
interface FontHost {
  font(src: string): unknown;
  fontSize(size: number): unknown;
  widthOfString(text: string, options?: { features?: string[] }): number;
}

/** The parsed font behind pdfkit's current font (fontkit's), for glyph coverage. */
interface GlyphSource { hasGlyphForCodePoint(codePoint: number): boolean }

const SIZE = 100;

/**
 * Fonts of one document: switches pdfkit's current font only when it changes, measures widths
 * once per word (pdfkit also caches word layouts), and answers glyph coverage for fallback.
 */
export class FontBook implements Measurer {
  readonly files = fontFiles();
  private current = '';
  private readonly widths = new Map<string, Map<string, number>>();
  private readonly coverage = new Map<string, Map<number, boolean>>();

  constructor(private readonly doc: FontHost) {}

  file(face: Face, weight: Weight): string {
    return this.files[face][weight];
  }

  /** Makes `file` pdfkit's current font (at `size`). */
  use(file: string, size: number) {
    if (this.current !== file) { this.doc.font(file); this.current = file; }
    this.doc.fontSize(size);
  }

  width(face: Face, weight: Weight, text: string): number {
    const file = this.file(face, weight);
    let cache = this.widths.get(file);
    if (!cache) { cache = new Map(); this.widths.set(file, cache); }
    let w = cache.get(text);
    if (w === undefined) {
      this.use(file, SIZE);
      // right-to-left text is drawn shaped as a whole (see layout.ts): measure it the same way
      w = this.doc.widthOfString(text, face === 'arabic' ? { features: [] } : {}) / SIZE;
      if (text.length <= 64) cache.set(text, w);
    }
    return w;
  }

  covers(face: Face, weight: Weight, codePoint: number): boolean {
    const file = this.file(face, weight);
    let cache = this.coverage.get(file);
    if (!cache) { cache = new Map(); this.coverage.set(file, cache); }
    let has = cache.get(codePoint);
    if (has === undefined) {
      this.use(file, SIZE);
      // pdfkit keeps the fontkit font of an embedded TrueType font as `_font.font`
      const source = (this.doc as unknown as { _font?: { font?: Partial<GlyphSource> } })._font?.font;
      // without it, trust the face chosen by script
      has = typeof source?.hasGlyphForCodePoint === 'function' ? source.hasGlyphForCodePoint(codePoint) : true;
      cache.set(codePoint, has);
    }
    return has;
  }
}
