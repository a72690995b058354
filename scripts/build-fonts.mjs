// The PDF's fonts, for the build: exactly the files the PDF uses (regular and bold of each face,
// DejaVu Sans Mono for code) are copied from the font packages (devDependencies) into dist/fonts/,
// brotli-compressed, with each family's licence and a manifest, fonts.json, that
// src/render/pdf/fonts.ts reads. 40 MB of TTF become ~19.6 MB, and a font is decompressed only when
// a character needs it (Noto Sans SC, the largest, in ~40 ms).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';

/**
 * Every face of src/render/pdf/text-runs.ts, where its files come from. DejaVu Sans for Latin,
 * Greek, Cyrillic, Armenian, Georgian and Hebrew; a Noto Sans family from Google Fonts, packaged by
 * Expo, for each other script (its regular weight also draws code).
 */
const NOTO = {
  arabic: 'Arabic',
  cjk: 'SC',
  korean: 'KR',
  devanagari: 'Devanagari',
  bengali: 'Bengali',
  gurmukhi: 'Gurmukhi',
  gujarati: 'Gujarati',
  oriya: 'Oriya',
  tamil: 'Tamil',
  telugu: 'Telugu',
  kannada: 'Kannada',
  malayalam: 'Malayalam',
  sinhala: 'Sinhala',
  thai: 'Thai',
  lao: 'Lao',
  myanmar: 'Myanmar',
  khmer: 'Khmer',
  ethiopic: 'Ethiopic',
};

export function fontSources() {
  const dejavu = { pkg: 'dejavu-fonts-ttf', licence: { from: 'LICENSE', to: 'DejaVu-LICENSE.txt' } };
  const faces = {
    latin: {
      regular: { ...dejavu, path: 'ttf/DejaVuSans.ttf' },
      bold: { ...dejavu, path: 'ttf/DejaVuSans-Bold.ttf' },
      mono: { ...dejavu, path: 'ttf/DejaVuSansMono.ttf' },
    },
  };
  for (const [face, name] of Object.entries(NOTO)) {
    const pkg = `@expo-google-fonts/noto-sans-${name.toLowerCase()}`;
    const licence = { from: 'LICENSE_FONT', to: `NotoSans${name}-OFL.txt` };
    const regular = { pkg, licence, path: `400Regular/NotoSans${name}_400Regular.ttf` };
    faces[face] = { regular, bold: { pkg, licence, path: `700Bold/NotoSans${name}_700Bold.ttf` }, mono: regular };
  }
  return faces;
}

/** The PostScript name (name ID 6) of a TrueType font: pdfkit files an embedded font under it. */
export function postscriptName(ttf) {
  const tables = ttf.readUInt16BE(4);
  for (let i = 0; i < tables; i++) {
    const rec = 12 + 16 * i;
    if (ttf.toString('latin1', rec, rec + 4) !== 'name') continue;
    const at = ttf.readUInt32BE(rec + 8);
    const count = ttf.readUInt16BE(at + 2);
    const strings = at + ttf.readUInt16BE(at + 4);
    let mac;
    for (let r = 0; r < count; r++) {
      const n = at + 6 + 12 * r;
      const [platform, encoding, , nameId, length, offset] = [0, 2, 4, 6, 8, 10].map((o) => ttf.readUInt16BE(n + o));
      if (nameId !== 6) continue;
      const bytes = ttf.subarray(strings + offset, strings + offset + length);
      if (platform === 3 && (encoding === 1 || encoding === 0)) return Buffer.from(bytes).swap16().toString('utf16le');
      if (platform === 1 && encoding === 0) mac ??= bytes.toString('latin1');
    }
    if (mac) return mac;
  }
  throw new Error('font without a PostScript name');
}

// Brotli quality 5 (window 2^24): 19.6 MB in ~1.5 s of CPU. Quality 9 makes 18.2 MB but takes ~8 s,
// quality 11 17.2 MB in ~72 s; decompression is as fast for all. Every fresh build pays this (a
// clone's first npm ci, an install from git, CI that builds each run), the installed size only 1.4 MB.
const QUALITY = 5;
const compress = promisify(brotliCompress);

/**
 * Writes dist/fonts: `<file>.ttf.br` for each font, the licences, and fonts.json (faces → files,
 * each file's PostScript name, size and SHA-256). Compressed files are cached under
 * node_modules/.cache/hrdd/fonts (or HRDD_FONT_CACHE, a folder builds of several checkouts may share)
 * by the SHA-256 of their source, so only a new font costs time.
 */
export async function buildFonts(root, out) {
  const require = createRequire(join(root, 'package.json'));
  const pkgDir = (pkg) => dirname(require.resolve(`${pkg}/package.json`));
  const cache = process.env.HRDD_FONT_CACHE || join(root, 'node_modules', '.cache', 'hrdd', 'fonts');
  mkdirSync(cache, { recursive: true });
  mkdirSync(out, { recursive: true });
  const sources = fontSources();
  const files = {};
  const byName = new Map();
  const jobs = [];
  const faces = {};
  for (const [face, weights] of Object.entries(sources)) {
    faces[face] = {};
    for (const [weight, src] of Object.entries(weights)) {
      const file = `${basename(src.path)}.br`;
      faces[face][weight] = file;
      if (files[file]) continue;
      const dir = pkgDir(src.pkg);
      const ttf = readFileSync(join(dir, src.path));
      const sha256 = createHash('sha256').update(ttf).digest('hex');
      const name = postscriptName(ttf);
      if (byName.has(name)) throw new Error(`two fonts named ${name}: ${byName.get(name)} and ${file}`);
      byName.set(name, file);
      const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
      files[file] = {
        postscriptName: name,
        bytes: ttf.length,
        sha256,
        source: `${src.pkg}@${version}/${src.path}`,
        licence: src.licence.to,
      };
      if (!existsSync(join(out, src.licence.to))) copyFileSync(join(dir, src.licence.from), join(out, src.licence.to));
      const cached = join(cache, `${sha256}.q${QUALITY}.br`);
      jobs.push(
        (async () => {
          if (!existsSync(cached)) {
            const br = await compress(ttf, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: QUALITY,
                [constants.BROTLI_PARAM_LGWIN]: 24,
                [constants.BROTLI_PARAM_SIZE_HINT]: ttf.length,
              },
            });
            writeFileSync(`${cached}.${process.pid}`, br);
            renameSync(`${cached}.${process.pid}`, cached);
          }
          copyFileSync(cached, join(out, file));
        })(),
      );
    }
  }
  await Promise.all(jobs);
  const manifest = {
    about:
      'The fonts the hrdd PDF embeds, brotli-compressed (decompress with any brotli tool to get the original TTF); each under its licence file.',
    faces,
    files,
  };
  writeFileSync(join(out, 'fonts.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
