// Text the PDF draws must be seen, not only extracted: a tinted box filled after its text covers it
// (pdftotext still finds the words). Each check renders a page and looks for dark pixels where
// poppler says a word is.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runMain, tempDir } from '../helpers.js';

const tools = ['pdftotext', 'pdftoppm'].every((t) => spawnSync(t, ['-v']).status === 0);
if (!tools) console.warn('note: skipping the PDF visibility tests: pdftotext/pdftoppm missing (Debian: poppler-utils)');

/** Every page where WORD is, with the darkest pixel inside its box (0 black … 255 white). */
function darkestUnder(pdf: string, word: string): Array<{ page: number; darkest: number }> {
  const html = spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' }).stdout;
  const found: Array<{ page: number; darkest: number }> = [];
  html
    .split('<page ')
    .slice(1)
    .forEach((page, i) => {
      for (const m of page.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      )) {
        if (m[5] !== word) continue;
        const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
        // one page at 72 dpi, grey: a pixel per point
        const pgm = spawnSync('pdftoppm', ['-gray', '-r', '72', '-f', `${i + 1}`, '-l', `${i + 1}`, pdf], {
          maxBuffer: 64 << 20,
        }).stdout as Buffer;
        const header = pgm
          .subarray(0, 64)
          .toString('latin1')
          .match(/^P5\s+(\d+)\s+(\d+)\s+255\s/)!;
        const width = Number(header[1]);
        const pixels = pgm.subarray(header[0].length);
        let darkest = 255;
        for (let y = Math.floor(y0); y < Math.ceil(y1); y++)
          for (let x = Math.floor(x0); x < Math.ceil(x1); x++) darkest = Math.min(darkest, pixels[y * width + x]!);
        found.push({ page: i + 1, darkest });
      }
    });
  return found;
}

describe.skipIf(!tools)('text in tinted boxes is visible', () => {
  it('the comparison PDF: red flags still open are drawn over their tint, not under it', async () => {
    const dir = tempDir();
    const after = join(dir, 'after.hrdd.yaml');
    const example = readFileSync(join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'), 'utf8');
    writeFileSync(after, example.replace(/^date: .*$/m, 'date: 2027-11-30'));
    const r = await runMain([
      'compare',
      join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'),
      after,
      '--format',
      'pdf',
      '--out',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const seen = darkestUnder(join(dir, 'after.compare.pdf'), 'EMB-13');
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen.map((s) => s.darkest))).toBeLessThan(100);
  });

  it('the gap report: the red flags box shows its flags', async () => {
    const dir = tempDir();
    const r = await runMain([
      'report',
      join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'),
      '--format',
      'pdf',
      '--out',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const seen = darkestUnder(join(dir, 'kestrel-telecom.pdf'), 'EMB-13');
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen.map((s) => s.darkest))).toBeLessThan(100);
  });
});

describe('no text drawn over other text', () => {
  it.skipIf(!tools)('the contents page: a chapter title that wraps pushes the next entry down', () => {
    // Lumen's report has a CSDDD chapter whose title takes two lines in the contents
    const pdf = join(ROOT, 'examples/reports/lumen-social.pdf');
    const page = spawnSync('pdftotext', ['-bbox', '-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' }).stdout;
    const words = [
      ...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
    ].map((m) => ({ x0: +m[1]!, y0: +m[2]!, x1: +m[3]!, y1: +m[4]!, text: m[5]! }));
    expect(words.map((w) => w.text)).toContain('duties');
    const overlaps = words.flatMap((a, i) =>
      words
        .slice(i + 1)
        .filter((b) => a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5)
        .map((b) => `${a.text} / ${b.text}`),
    );
    expect(overlaps).toEqual([]);
  });
});

describe('headings and table headers stay with what follows them', () => {
  it.skipIf(!tools)('the outcome table: its heading, header row and first row are on one page', () => {
    // in Kestrel's board brief the red flags fill most of the page the outcome table would start on
    for (const file of ['kestrel-telecom.2.0.0.summary.pdf', 'kestrel-telecom.2.0.0.pdf', 'lumen-social.pdf']) {
      const pdf = join(ROOT, 'examples/reports', file);
      const pages = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.split('\f');
      const page = pages.find((p) => p.includes('What happened in the period'));
      expect(page, file).toBeDefined();
      expect(page, file).toMatch(/Question\s+Answer\s+Score/);
      expect(page, file).toMatch(/(IMP|EMB|LEV|GRV)-OUT\d/);
    }
  });
});
