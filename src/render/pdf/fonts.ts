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
  /** A Noto Sans family from Google Fonts, packaged by Expo: regular and bold (also for code). */
  const noto = (script: string, name: string) => {
    const d = dir(`@expo-google-fonts/noto-sans-${script}`);
    const regular = join(d, '400Regular', `NotoSans${name}_400Regular.ttf`);
    return { regular, bold: join(d, '700Bold', `NotoSans${name}_700Bold.ttf`), mono: regular };
  };
  return {
    latin: { regular: join(dejavu, 'DejaVuSans.ttf'), bold: join(dejavu, 'DejaVuSans-Bold.ttf'), mono: join(dejavu, 'DejaVuSansMono.ttf') },
    arabic: noto('arabic', 'Arabic'),
    cjk: noto('sc', 'SC'),
    korean: noto('kr', 'KR'),
    devanagari: noto('devanagari', 'Devanagari'),
    bengali: noto('bengali', 'Bengali'),
    gurmukhi: noto('gurmukhi', 'Gurmukhi'),
    gujarati: noto('gujarati', 'Gujarati'),
    oriya: noto('oriya', 'Oriya'),
    tamil: noto('tamil', 'Tamil'),
    telugu: noto('telugu', 'Telugu'),
    kannada: noto('kannada', 'Kannada'),
    malayalam: noto('malayalam', 'Malayalam'),
    sinhala: noto('sinhala', 'Sinhala'),
    thai: noto('thai', 'Thai'),
    lao: noto('lao', 'Lao'),
    myanmar: noto('myanmar', 'Myanmar'),
    khmer: noto('khmer', 'Khmer'),
    ethiopic: noto('ethiopic', 'Ethiopic'),
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

/** What `skipNullAnchors` reaches inside a fontkit font. */
interface FontkitInternals { _layoutEngine?: { engine?: { GPOSProcessor?: object | null } } }
type ApplyAnchor = (this: unknown, markRecord: { markAnchor?: unknown } | undefined, baseAnchor: unknown, baseGlyphIndex: number) => void;
const patched = new WeakSet<object>();

/**
 * fontkit 2.0.4 throws "Cannot read properties of null (reading 'xCoordinate')" when a GPOS
 * mark-attachment subtable has a NULL anchor, which OpenType allows and some Noto fonts use
 * (Khmer, for one): foliojs/fontkit#367, fix proposed in #374. Until a release has it, skip such
 * an attachment as HarfBuzz does, by wrapping the GPOS processor's applyAnchor once.
 */
export function skipNullAnchors(font: unknown): void {
  const gpos = (font as FontkitInternals | undefined)?._layoutEngine?.engine?.GPOSProcessor;
  if (!gpos) return;
  const proto = Object.getPrototypeOf(gpos) as { applyAnchor?: ApplyAnchor };
  if (patched.has(proto) || typeof proto.applyAnchor !== 'function') return;
  const apply = proto.applyAnchor;
  proto.applyAnchor = function (markRecord, baseAnchor, baseGlyphIndex) {
    if (baseAnchor == null || markRecord?.markAnchor == null) return;
    apply.call(this, markRecord, baseAnchor, baseGlyphIndex);
  };
  patched.add(proto);
}

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
    if (this.current !== file) {
      this.doc.font(file);
      this.current = file;
      skipNullAnchors(this.fontkitFont());
    }
    this.doc.fontSize(size);
  }

  /** pdfkit keeps the fontkit font of an embedded TrueType font as `_font.font`. */
  private fontkitFont(): unknown {
    return (this.doc as unknown as { _font?: { font?: unknown } })._font?.font;
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
      const source = this.fontkitFont() as Partial<GlyphSource> | undefined;
      // without it, trust the face chosen by script
      has = typeof source?.hasGlyphForCodePoint === 'function' ? source.hasGlyphForCodePoint(codePoint) : true;
      cache.set(codePoint, has);
    }
    return has;
  }
}
