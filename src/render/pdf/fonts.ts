import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { packageRoot } from '../../io/loader.js';
import type { Face, Measurer, Weight } from './text-runs.js';

/** Each face's font file by weight: names of files in dist/fonts. */
export type FontFiles = Record<Face, Record<Weight, string>>;

/** dist/fonts/fonts.json, written by the build (scripts/build-fonts.mjs). */
interface Manifest {
  faces: FontFiles;
  files: Record<string, { postscriptName: string; bytes: number }>;
}

let manifest: Manifest | undefined;
const fontsDir = () => join(packageRoot(), 'dist', 'fonts');

function readManifest(): Manifest {
  if (!manifest) {
    let text: string;
    try {
      text = readFileSync(join(fontsDir(), 'fonts.json'), 'utf8');
    } catch {
      throw new Error(`the PDF fonts are missing (${fontsDir()}): run "npm run build"`);
    }
    manifest = JSON.parse(text) as Manifest;
  }
  return manifest;
}

/**
 * The embedded fonts: DejaVu Sans and Noto Sans files that the build copies, brotli-compressed,
 * into dist/fonts (from the font packages, which are development dependencies only). Never the 14
 * standard fonts, never system fonts.
 */
export function fontFiles(): FontFiles {
  return readManifest().faces;
}

/** The PostScript name a font file is filed under in a pdfkit document. */
const postscriptName = (file: string): string => {
  const name = readManifest().files[file]?.postscriptName;
  if (!name) throw new Error(`no font ${file} in dist/fonts/fonts.json`);
  return name;
};

const decompressed = new Map<string, Buffer>();

/**
 * A font file's TrueType bytes, decompressed once per process, when first needed (into one buffer
 * of the size the manifest gives, rather than chunks joined at the end).
 */
export function fontData(file: string): Buffer {
  let data = decompressed.get(file);
  if (!data) {
    const bytes = readManifest().files[file]?.bytes;
    data = brotliDecompressSync(readFileSync(join(fontsDir(), file)), bytes ? { chunkSize: Math.max(bytes, 64) } : {});
    decompressed.set(file, data);
  }
  return data;
}

/** What this module needs of a pdfkit document's font handling. */
interface FontHost {
  font(src: string | Buffer): unknown;
  fontSize(size: number): unknown;
  widthOfString(text: string, options?: { features?: string[] }): number;
}

/** The parsed font behind pdfkit's current font (fontkit's), for glyph coverage. */
interface GlyphSource {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/** What `skipNullAnchors` reaches inside a fontkit font. */
interface FontkitInternals {
  _layoutEngine?: { engine?: { GPOSProcessor?: object | null } };
}
type ApplyAnchor = (
  this: unknown,
  markRecord: { markAnchor?: unknown } | undefined,
  baseAnchor: unknown,
  baseGlyphIndex: number,
) => void;
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
 * `file(face, weight)` names a font; `use` loads it into the document when first used.
 */
export class FontBook implements Measurer {
  readonly files = fontFiles();
  private current = '';
  private readonly loaded = new Set<string>();
  private readonly widths = new Map<string, Map<string, number>>();
  private readonly coverage = new Map<string, Map<number, boolean>>();

  /** `preloaded`: font files the document was opened with (so already filed under their names). */
  constructor(
    private readonly doc: FontHost,
    preloaded: readonly string[] = [],
  ) {
    for (const file of preloaded) this.loaded.add(file);
  }

  file(face: Face, weight: Weight): string {
    return this.files[face][weight];
  }

  /**
   * Makes `file` pdfkit's current font (at `size`). The first time, pdfkit parses the bytes and
   * files the font under its PostScript name; after that the font is chosen by that name, which
   * pdfkit finds in its cache. (Bytes given again would be parsed again; bytes with a family name
   * make fontkit look for a font of that name in a collection, which a TrueType file is not.)
   */
  use(file: string, size: number) {
    if (this.current !== file) {
      if (!this.loaded.has(file)) {
        this.doc.font(fontData(file));
        this.loaded.add(file);
      }
      this.doc.font(postscriptName(file));
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
    if (!cache) {
      cache = new Map();
      this.widths.set(file, cache);
    }
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
    if (!cache) {
      cache = new Map();
      this.coverage.set(file, cache);
    }
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
