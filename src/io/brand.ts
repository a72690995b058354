import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import {
  BRAND_TEXT_MAX,
  brandText,
  checkBrand,
  LOGO_MAX_BYTES,
  PAPERS,
  sniffLogo,
  type Brand,
  type BrandSettings,
  type Logo,
  type Paper,
} from '../core/brand.js';
import { diag, sortDiagnostics, START, type Diagnostic } from '../core/diagnostics.js';
import { decodeUtf8, parseYaml } from '../core/parse.js';
import { InputError, UsageError } from '../errors.js';
import { formatDiagnostic } from '../render/diagnostics.js';
import { displayPath, readLimited } from './files.js';

/** A brand file, checked; its logo path resolved against the file's folder. */
export function readBrand(path: string, cwd: string): { brand?: BrandSettings; diagnostics: Diagnostic[] } {
  const file = displayPath(path, cwd);
  if (existsSync(path) && statSync(path).isDirectory())
    return { diagnostics: [diag(file, START, 'error', 'file-read', 'is a folder, not a brand file')] };
  const read = readLimited(path, 1024 * 1024);
  if ('error' in read) return { diagnostics: [diag(file, START, 'error', read.rule, read.error)] };
  const decoded = decodeUtf8(read.bytes, file);
  if ('diagnostic' in decoded) return { diagnostics: [decoded.diagnostic] };
  const checked = checkBrand(parseYaml(decoded.text, file));
  if (checked.brand?.logo) checked.brand.logo = resolve(dirname(path), checked.brand.logo);
  return checked;
}

/** Reads and checks a logo file: one clear line (exit 1) when it is unreadable, not PNG or JPEG, or too large. */
export function readLogo(path: string, cwd: string): Logo {
  const shown = displayPath(path, cwd);
  const read = readLimited(path, LOGO_MAX_BYTES);
  if ('error' in read)
    throw new InputError(
      `logo ${shown}: ${read.rule === 'file-too-large' ? 'the file is over the 2 MB limit for a logo' : read.error}`,
    );
  const logo = sniffLogo(read.bytes);
  if ('problem' in logo) throw new InputError(`logo ${shown}: ${logo.problem}`);
  const problem = logo.kind === 'png' ? pngProblem(read.bytes, logo) : undefined;
  if (problem) throw new InputError(`logo ${shown}: ${problem}`);
  return logo;
}

/**
 * What the header alone cannot tell of a PNG: every chunk whole with its CRC, a colour type and
 * bit depth PNG allows, and image data that inflates to the size the header gives. (A broken
 * logo is refused here, in one line, rather than drawn as a broken image.)
 */
function pngProblem(bytes: Buffer, logo: Logo): string | undefined {
  const depth = bytes[24]!;
  const colour = bytes[25]!;
  const depths: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
  if (!depths[colour]?.includes(depth)) return `is not a valid PNG image (colour type ${colour}, bit depth ${depth})`;
  const idat: Buffer[] = [];
  let palette = false;
  let at = 8;
  let end = false;
  while (at + 12 <= bytes.length) {
    const len = bytes.readUInt32BE(at);
    if (at + 12 + len > bytes.length) break;
    const type = bytes.subarray(at + 4, at + 8);
    if (crc32(bytes.subarray(at + 4, at + 8 + len)) !== bytes.readUInt32BE(at + 8 + len))
      return `is not a valid PNG image (the ${type.toString('latin1').replace(/[^A-Za-z]/g, '?')} chunk is damaged)`;
    if (type.toString('latin1') === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + len));
    if (type.toString('latin1') === 'PLTE') palette = true;
    if (type.toString('latin1') === 'IEND') {
      end = true;
      break;
    }
    at += 12 + len;
  }
  if (!end) return 'is not a valid PNG image (cut short: no IEND chunk)';
  if (!idat.length) return 'is not a valid PNG image (no image data)';
  if (colour === 3 && !palette) return 'is not a valid PNG image (a palette image without a palette)';
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colour as 0 | 2 | 3 | 4 | 6];
  const expected = logo.height * (1 + Math.ceil((logo.width * channels * depth) / 8));
  try {
    const raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
    if (raw.length < expected) return 'is not a valid PNG image (the image data is cut short)';
  } catch (e) {
    return (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
      ? 'is not a valid PNG image (more image data than its size)'
      : 'is not a valid PNG image (the image data does not decompress)';
  }
  return undefined;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface BrandOptions {
  brand?: string;
  title?: string;
  preparedBy?: string;
  preparedFor?: string;
  confidential?: string;
  logo?: string;
  paper?: string;
}

/**
 * The branding in force: `--brand FILE` (diagnostics at file:line:col on stderr, exit 1 when
 * invalid), then the command-line options over it; the logo read and checked.
 */
export function brandFor(opts: BrandOptions, ctx: { cwd: string; stderr: (s: string) => void }): Brand {
  let settings: BrandSettings = {};
  if (opts.brand !== undefined) {
    const abs = resolve(ctx.cwd, opts.brand);
    if (!existsSync(abs)) throw new UsageError(`${opts.brand}: no such file`);
    const { brand, diagnostics } = readBrand(abs, ctx.cwd);
    for (const d of sortDiagnostics(diagnostics)) ctx.stderr(formatDiagnostic(d) + '\n');
    if (!brand) throw new InputError(`invalid brand file: fix ${displayPath(abs, ctx.cwd)} (see above)`);
    settings = brand;
  }
  for (const key of ['title', 'preparedBy', 'preparedFor', 'confidential'] as const) {
    if (opts[key] === undefined) continue;
    const t = brandText(opts[key]);
    const option = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (!t) throw new UsageError(`${option} takes a text, found nothing`);
    if ([...t].length > BRAND_TEXT_MAX) throw new UsageError(`${option} is longer than ${BRAND_TEXT_MAX} characters`);
    settings[key] = t;
  }
  if (opts.logo !== undefined) settings.logo = resolve(ctx.cwd, opts.logo);
  if (opts.paper !== undefined) {
    const p = opts.paper.toLowerCase();
    if (!(PAPERS as readonly string[]).includes(p))
      throw new UsageError(`--paper takes a4 or letter, found "${opts.paper}"`);
    settings.paper = p as Paper;
  }
  const { logo, ...rest } = settings;
  return { ...rest, ...(logo !== undefined && { logo: readLogo(logo, ctx.cwd) }) };
}
