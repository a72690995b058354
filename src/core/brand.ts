import { openSettings } from './settings.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import type { ParsedFile } from './parse.js';
import { closest } from './suggest.js';
import { showValue } from './show.js';

/**
 * Branding of a report: how it is titled and who it is for. Presentation only: it never changes a
 * score, and the report model (and its JSON) stays the same; the Markdown and PDF renderers take it
 * beside the model.
 */
export const BRAND_SCHEMA = 'hrdd/brand@1';
export const PAPERS = ['a4', 'letter'] as const;
export type Paper = (typeof PAPERS)[number];
const TEXT_KEYS = ['title', 'preparedBy', 'preparedFor', 'confidential'] as const;
const KEYS = ['schema', ...TEXT_KEYS, 'logo', 'paper'] as const;
/** The longest a branding text may be (a title, a name, a confidentiality line). */
export const BRAND_TEXT_MAX = 300;

/** The settings as given (a brand file, then the command line over it); `logo` is a path. */
export interface BrandSettings {
  title?: string;
  preparedBy?: string;
  preparedFor?: string;
  confidential?: string;
  /** a path: from a brand file, resolved against the brand file's folder */
  logo?: string;
  paper?: Paper;
}

/** A checked logo, as the renderers take it. */
export interface Logo {
  kind: 'png' | 'jpeg';
  width: number;
  height: number;
  bytes: Uint8Array;
}

/** What the renderers draw: the settings with the logo read and checked. */
export interface Brand extends Omit<BrandSettings, 'logo'> {
  logo?: Logo;
}

/** A branding text: one line, trimmed; undefined when empty. */
export function brandText(s: string | undefined): string | undefined {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
}

/** Checks a parsed brand file with positions: unknown keys (with "did you mean"), types, paper. Pure. */
export function checkBrand(parsed: ParsedFile): { brand?: BrandSettings; diagnostics: Diagnostic[] } {
  const opened = openSettings(parsed, {
    noun: 'a brand file',
    schema: BRAND_SCHEMA,
    keys: KEYS,
    unknownKey: 'brand-unknown-key',
    value: 'brand-value',
  });
  if (!('data' in opened)) return opened;
  const { data, r, diagnostics } = opened;
  const brand: BrandSettings = {};
  for (const key of [...TEXT_KEYS, 'logo'] as const) {
    const v = data[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') {
      r.error([key], 'brand-value', `\`${key}\` is text, found ${showValue(v)}`);
      continue;
    }
    const t = brandText(v);
    if (!t) {
      r.error([key], 'brand-value', `\`${key}\` is empty: give a text or leave the key out`);
      continue;
    }
    if (key !== 'logo' && [...t].length > BRAND_TEXT_MAX) {
      r.error([key], 'brand-value', `\`${key}\` is longer than ${BRAND_TEXT_MAX} characters`);
      continue;
    }
    brand[key] = key === 'logo' ? v : t;
  }
  const paper = data['paper'];
  if (paper !== undefined && paper !== null) {
    const p = typeof paper === 'string' ? paper.toLowerCase() : undefined;
    if (p && (PAPERS as readonly string[]).includes(p)) brand.paper = p as Paper;
    else {
      const near = typeof paper === 'string' ? closest(paper.toLowerCase(), PAPERS) : undefined;
      r.error(
        ['paper'],
        'brand-value',
        `${showValue(paper)} is not a paper size: use a4 or letter${near ? ` (did you mean ${near}?)` : ''}`,
      );
    }
  }
  const all = [...diagnostics, ...r.diagnostics];
  return hasErrors(all) ? { diagnostics: all } : { brand, diagnostics: all };
}

/** The largest logo file and side hrdd takes. */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;
export const LOGO_MAX_PX = 4000;

/**
 * Reads a logo's type and size from its bytes (PNG or JPEG, by their magic bytes). Returns a
 * one-line problem when it is neither, is cut short, or is too large. Pure.
 */
export function sniffLogo(bytes: Uint8Array): Logo | { problem: string } {
  if (bytes.length > LOGO_MAX_BYTES)
    return { problem: `is ${(bytes.length / 1048576).toFixed(1)} MB, over the 2 MB limit for a logo` };
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let sized: LogoSize | { problem: string };
  let kind: Logo['kind'];
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    kind = 'png';
    sized = readPngSize(b);
  } else if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    kind = 'jpeg';
    sized = readJpegSize(b);
  } else return { problem: 'is not a PNG or JPEG image' };
  if ('problem' in sized) return sized;
  const size = sized;
  if (!size.width || !size.height) return { problem: `has no size (${size.width} × ${size.height} px)` };
  if (size.width > LOGO_MAX_PX || size.height > LOGO_MAX_PX)
    return { problem: `is ${size.width} × ${size.height} px, over the ${LOGO_MAX_PX} px limit for a logo` };
  return { kind, ...size, bytes };
}

/** An image's size in pixels. */
interface LogoSize {
  width: number;
  height: number;
}

/** A PNG's size from its IHDR header, or why hrdd cannot use it (cut short, or interlaced). */
function readPngSize(b: Buffer): LogoSize | { problem: string } {
  if (b.length < 33 || b.toString('latin1', 12, 16) !== 'IHDR')
    return { problem: 'is not a valid PNG image (no IHDR header)' };
  const size = { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.readUInt8(28) !== 0) return { problem: 'is an interlaced PNG: save it without interlacing' };
  return size;
}

/**
 * A JPEG's size from its first start-of-frame header, found by walking the segments (SOF0–SOF15
 * but DHT, JPG, DAC), or why hrdd cannot embed it.
 */
function readJpegSize(b: Buffer): LogoSize | { problem: string } {
  let size: LogoSize | undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return { problem: 'is not a valid JPEG image (a broken segment)' };
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    if (len < 2) return { problem: 'is not a valid JPEG image (a broken segment)' };
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      size = { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
      if (b[i + 4] !== 8 || ![1, 3, 4].includes(b[i + 9]!))
        return {
          problem: `is a JPEG hrdd cannot embed (precision ${b[i + 4]}, ${b[i + 9]} components): save it as an 8-bit RGB, greyscale or CMYK JPEG`,
        };
      if (marker !== 0xc0 && marker !== 0xc1 && marker !== 0xc2)
        return {
          problem:
            'is a JPEG hrdd cannot embed (lossless or arithmetic coding): save it as a baseline or progressive JPEG',
        };
      break;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    i += 2 + len;
  }
  if (!size) return { problem: 'is not a valid JPEG image (no frame header)' };
  if (b.indexOf(Buffer.from([0xff, 0xda]), i) < 0) return { problem: 'is not a valid JPEG image (no image data)' };
  return size;
}

/** The JSON Schema of a brand file. */
export function brandSchema(): Record<string, unknown> {
  const text = (description: string) => ({ type: 'string', minLength: 1, maxLength: BRAND_TEXT_MAX, description });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:hrdd:schema:brand:1',
    title: 'hrdd brand file (--brand)',
    description: `How hrdd report and hrdd compare title and mark their Markdown and PDF reports (format ${BRAND_SCHEMA}). Options on the command line override it.`,
    type: 'object',
    additionalProperties: false,
    required: ['schema'],
    properties: {
      schema: { type: 'string', const: BRAND_SCHEMA, description: `The file format: exactly \`${BRAND_SCHEMA}\`.` },
      title: text(
        'The report\'s title, on the cover and in the PDF metadata (default: "Human rights due diligence gap report").',
      ),
      preparedBy: text('The "Prepared by" line (default: the assessor of the answers file).'),
      preparedFor: text('A "Prepared for" line on the cover.'),
      confidential: text(
        'A confidentiality marking: on the cover and every page footer of the PDF, at the top of the Markdown.',
      ),
      logo: {
        type: 'string',
        minLength: 1,
        description:
          'A PNG or JPEG file (at most 2 MB and 4000 px a side), relative to the brand file: drawn on the PDF cover, copied beside the Markdown report.',
      },
      paper: { type: 'string', enum: [...PAPERS], description: 'The PDF page size (default a4).' },
    },
  };
}
