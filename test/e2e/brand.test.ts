import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Ajv2020Module from 'ajv/dist/2020.js';
import { checkBrand, sniffLogo } from '../../src/core/brand.js';
import { parseYaml } from '../../src/core/parse.js';
import { githubAnchor } from '../../src/render/markdown.js';
import { ROOT, questionnaire, runMain, SCORED_Q1, tempDir } from '../helpers.js';

const EXAMPLE = join(ROOT, 'examples/kestrel-telecom.hrdd.yaml');

/** A valid PNG of w × h pixels: 8-bit RGB by default; `o` for other colour types, depths and chunks. */
function png(
  w: number,
  h: number,
  o: { depth?: number; colour?: number; bytesPerPixel?: number; chunks?: Array<[string, Buffer]> } = {},
): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const t = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(t));
    return Buffer.concat([len, t, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = o.depth ?? 8;
  ihdr[9] = o.colour ?? 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(Math.ceil(w * (o.bytesPerPixel ?? 3)), 0x40)]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(o.chunks ?? []).map(([t, d]) => chunk(t, d)),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: h }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** The head of a JPEG: SOI, an APP0 segment, then a baseline frame header of w × h. */
function jpegHead(w: number, h: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0, 11, 8, h >> 8, h & 255, w >> 8, w & 255, 1, 1, 0x11, 0, 0xff, 0xda]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
    Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'),
    sof,
    Buffer.from([0xff, 0xd9]),
  ]);
}

const tool = (cmd: string, ...args: string[]) =>
  spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', pdf).stdout)?.[1]);
/** The text of each page (pdftotext ends each with a form feed), read once per file and version. */
const pagesText = new Map<string, string[]>();
const pageText = (pdf: string, n: number) => {
  const key = `${pdf} ${statSync(pdf).mtimeMs} ${statSync(pdf).size}`;
  let all = pagesText.get(key);
  if (!all) pagesText.set(key, (all = tool('pdftotext', '-layout', pdf, '-').stdout.split('\f')));
  return all[n - 1]!;
};

/** A one-question assessment: a short report with the same cover as any, for the logo tests. */
const SMALL = {
  'q.yaml': questionnaire(SCORED_Q1),
  'a.yaml': 'schema: hrdd/answers@1\norganisation: Small Co\nquestionnaires: [./q.yaml]\nanswers: { Q1: yes }\n',
};

describe('sniffLogo and githubAnchor (pure)', () => {
  it('reads PNG and JPEG sizes by their bytes and refuses the rest in one line', () => {
    expect(sniffLogo(png(30, 20))).toMatchObject({ kind: 'png', width: 30, height: 20 });
    expect(sniffLogo(jpegHead(640, 480))).toMatchObject({ kind: 'jpeg', width: 640, height: 480 });
    const interlaced = png(30, 20);
    interlaced[28] = 1;
    expect(sniffLogo(interlaced)).toEqual({ problem: 'is an interlaced PNG: save it without interlacing' });
    expect(sniffLogo(Buffer.from('GIF89a....'))).toEqual({ problem: 'is not a PNG or JPEG image' });
    expect(sniffLogo(png(30, 20).subarray(0, 20))).toEqual({ problem: 'is not a valid PNG image (no IHDR header)' });
    expect(sniffLogo(Buffer.from([0xff, 0xd8, 0xff]))).toEqual({
      problem: 'is not a valid JPEG image (no frame header)',
    });
    expect(sniffLogo(Buffer.concat([jpegHead(10, 10), Buffer.from([0xff, 0xda])]))).toMatchObject({ kind: 'jpeg' });
    expect(sniffLogo(jpegHead(5000, 10))).toEqual({ problem: 'is 5000 × 10 px, over the 4000 px limit for a logo' });
    expect(sniffLogo(Buffer.alloc(2 * 1024 * 1024 + 1))).toEqual({
      problem: 'is 2.0 MB, over the 2 MB limit for a logo',
    });
  });

  it('property: any bytes give a logo or a one-line problem, never an exception', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom([], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff]),
        (tail, head) => {
          const r = sniffLogo(Buffer.from([...head, ...tail]));
          if ('problem' in r) expect(r.problem).toMatch(/^[^\n]+$/);
          else expect(r.width * r.height).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the anchors GitHub gives, repeated ones numbered', () => {
    const seen = new Map<string, number>();
    expect(githubAnchor('Appendix A: answers', seen)).toBe('appendix-a-answers');
    expect(githubAnchor('Scores by UNGP principle', seen)).toBe('scores-by-ungp-principle');
    expect(githubAnchor('Appendix A: answers', seen)).toBe('appendix-a-answers-1');
    expect(githubAnchor('Appendix A: answers', seen)).toBe('appendix-a-answers-2');
    expect(githubAnchor('1\\. **Q1** \\<b\\> Zażółć?', seen)).toBe('1-q1-b-zażółć');
  });
});

describe('hrdd report: branding', () => {
  const dir = tempDir({
    'logo.png': png(120, 40),
    'brand/acme.yaml':
      'schema: hrdd/brand@1\ntitle: Human rights review 2026\npreparedBy: Acme Advisory\npreparedFor: The board of Kestrel Telecom\nlogo: ../logo.png\nconfidential: "CONFIDENTIAL: board only"\npaper: letter\n',
  });

  it('--brand FILE: title, prepared by/for, logo, confidentiality and paper in the PDF and the Markdown', async () => {
    const r = await runMain(
      ['report', EXAMPLE, '--brand', 'brand/acme.yaml', '--out', 'out', '--format', 'md,pdf,json'],
      { cwd: dir },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pdf = join(dir, 'out', 'kestrel-telecom.pdf');
    const info = tool('pdfinfo', pdf).stdout;
    expect(info).toMatch(/Title:\s+Human rights review 2026: Kestrel Telecom/);
    expect(info).toMatch(/Author:\s+Acme Advisory/);
    expect(info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    const cover = pageText(pdf, 1);
    expect(cover).toContain('Human rights review 2026');
    expect(cover).toMatch(/Prepared for\s+The board of Kestrel Telecom/);
    expect(cover).toMatch(/Prepared by\s+Acme Advisory/);
    expect(cover).not.toContain('Maria Kowalska'); // the assessor, overridden
    // the marking on the cover and in every page's footer
    const n = pages(pdf);
    for (let i = 1; i <= n; i++) expect(pageText(pdf, i)).toContain('CONFIDENTIAL: board only');
    expect(tool('pdfimages', '-list', pdf).stdout).toMatch(/^\s+1\s+0 image\s+120\s+40\s/m);
    expect(tool('pdftotext', pdf, '/dev/null').stderr).toBe('');
    const md = readFileSync(join(dir, 'out', 'kestrel-telecom.md'), 'utf8');
    expect(md.split('\n').slice(0, 5)).toEqual([
      '**CONFIDENTIAL: board only**',
      '',
      '![Logo](kestrel-telecom.logo.png)',
      '',
      '# Human rights review 2026: Kestrel Telecom',
    ]);
    expect(md).toContain('- **Prepared for:** The board of Kestrel Telecom\n- **Prepared by:** Acme Advisory\n');
    expect(readFileSync(join(dir, 'out', 'kestrel-telecom.logo.png')).equals(png(120, 40))).toBe(true);
    // the report model (JSON) is not branded: branding is presentation
    expect(JSON.parse(readFileSync(join(dir, 'out', 'kestrel-telecom.report.json'), 'utf8')).meta.title).toBe(
      'Human rights due diligence gap report',
    );
  });

  it('options on the command line override the brand file; the same inputs give the same bytes', async () => {
    const args = (out: string) => [
      'report',
      EXAMPLE,
      '--brand',
      'brand/acme.yaml',
      '--title',
      'Board pack',
      '--prepared-by',
      'B. Consultant',
      '--paper',
      'a4',
      '--out',
      out,
      '--format',
      'pdf,md',
    ];
    expect((await runMain(args('o1'), { cwd: dir })).code).toBe(0);
    expect((await runMain(args('o2'), { cwd: dir })).code).toBe(0);
    const pdf = join(dir, 'o1', 'kestrel-telecom.pdf');
    const info = tool('pdfinfo', pdf).stdout;
    expect(info).toMatch(/Title:\s+Board pack: Kestrel Telecom/);
    expect(info).toMatch(/Author:\s+B\. Consultant/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(pageText(pdf, 1)).toMatch(/Prepared for\s+The board of Kestrel Telecom/); // from the file
    for (const f of ['kestrel-telecom.pdf', 'kestrel-telecom.md', 'kestrel-telecom.logo.png'])
      expect(readFileSync(join(dir, 'o1', f)).equals(readFileSync(join(dir, 'o2', f)))).toBe(true);
  });

  it('a branding option given no value (its value would be the next option) is a usage error naming both', async () => {
    const out = tempDir();
    for (const opt of ['--confidential', '--title', '--prepared-by', '--prepared-for', '--logo', '--brand']) {
      const r = await runMain(['report', EXAMPLE, '--format', 'md', opt, '--summary', '--out', out]);
      expect([opt, r.code]).toEqual([opt, 2]);
      expect(r.stderr).toContain(`--summary is an option, not a value: give one, as in ${opt} `);
    }
    const ok = await runMain([
      'report',
      EXAMPLE,
      '--format',
      'md',
      '--confidential',
      'C: x',
      '--summary',
      '--out',
      out,
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('.summary.md');
  });

  it('a bad brand file: file:line:col diagnostics with rule ids and did-you-mean, exit 1', async () => {
    const d = tempDir({ 'b.yaml': 'schema: hrdd/brand@1\nprepardFor: X\npreparedBy: [a, b]\npaper: A5\nlogo: ""\n' });
    const r = await runMain(['report', EXAMPLE, '--brand', 'b.yaml', '--out', 'out'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('b.yaml:2:1: error: unknown key `prepardFor`: did you mean `preparedFor`?');
    expect(r.stderr).toMatch(/b\.yaml:2:1: error: .*\[brand-unknown-key\]/);
    expect(r.stderr).toMatch(/b\.yaml:3:13: error: `preparedBy` is text, found .*\[brand-value\]/);
    expect(r.stderr).toMatch(/b\.yaml:4:8: error: "A5" is not a paper size: use a4 or letter.*\[brand-value\]/);
    expect(r.stderr).toMatch(/b\.yaml:5:7: error: `logo` is empty/);
    expect(r.stderr).toMatch(/^hrdd: invalid brand file: fix b\.yaml \(see above\)$/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(d, 'out'))).toBe(false);
    const noSchema = tempDir({ 'b.yaml': 'title: X\n' });
    const r2 = await runMain(['report', EXAMPLE, '--brand', 'b.yaml', '--out', 'out'], { cwd: noSchema });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('b.yaml:1:1: error: missing `schema: hrdd/brand@1`');
  });

  it('a bad, unreadable or huge logo is one clear line, exit 1, and nothing is written', async () => {
    const d = tempDir({
      'not.png': 'hello',
      'cut.png': png(20, 20).subarray(0, 24),
      'wide.png': png(4001, 1),
      'big.jpg': Buffer.concat([jpegHead(10, 10), Buffer.alloc(2 * 1024 * 1024)]),
      'tall.jpg': jpegHead(10, 4500),
      'idat.png': (() => {
        const p = png(20, 20);
        p[45] = p[45]! ^ 0xff;
        return p;
      })(),
      'colour.png': (() => {
        const p = png(20, 20);
        p[25] = 7;
        return p;
      })(),
      'noscan.jpg': jpegHead(10, 10).subarray(0, -4),
      'long.png': png(16, 4, { depth: 1, colour: 0, bytesPerPixel: 1 }),
      'nopalette.png': png(4, 4, { colour: 3, bytesPerPixel: 1 }),
    });
    const cases: Array<[string, RegExp]> = [
      ['not.png', /^hrdd: logo not\.png: is not a PNG or JPEG image\n$/],
      ['cut.png', /^hrdd: logo cut\.png: is not a valid PNG image \(no IHDR header\)\n$/],
      ['wide.png', /^hrdd: logo wide\.png: is 4001 × 1 px, over the 4000 px limit for a logo\n$/],
      ['big.jpg', /^hrdd: logo big\.jpg: .*over the 2 MB limit.*\n$/],
      ['tall.jpg', /^hrdd: logo tall\.jpg: is 10 × 4500 px, over the 4000 px limit for a logo\n$/],
      ['missing.png', /^hrdd: logo missing\.png: .*\n$/],
      ['.', /^hrdd: logo .*: is a folder, not a file\n$/],
      ['idat.png', /^hrdd: logo idat\.png: is not a valid PNG image \(the IDAT chunk is damaged\)\n$/],
      ['colour.png', /^hrdd: logo colour\.png: is not a valid PNG image \(colour type 7, bit depth 8\)\n$/],
      ['long.png', /^hrdd: logo long\.png: is not a valid PNG image \(more image data than its size\)\n$/],
      [
        'nopalette.png',
        /^hrdd: logo nopalette\.png: is not a valid PNG image \(a palette image without a palette\)\n$/,
      ],
      ['noscan.jpg', /^hrdd: logo noscan\.jpg: is not a valid JPEG image \(no image data\)\n$/],
    ];
    for (const [logo, message] of cases) {
      const r = await runMain(['report', EXAMPLE, '--logo', logo, '--out', 'out'], { cwd: d });
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(1);
    }
    expect(existsSync(join(d, 'out'))).toBe(false);
  });

  it('PNGs with alpha, 16 bits, grey and palettes (with transparency) are drawn', async () => {
    const d = tempDir({
      ...SMALL,
      'rgba16.png': png(10, 6, { depth: 16, colour: 6, bytesPerPixel: 8 }),
      'greyalpha.png': png(10, 6, { colour: 4, bytesPerPixel: 2 }),
      'palette.png': png(10, 6, {
        colour: 3,
        bytesPerPixel: 1,
        chunks: [
          ['PLTE', Buffer.from([0, 0, 0, 255, 255, 255])],
          ['tRNS', Buffer.from([0])],
        ],
      }),
      'bits.png': png(16, 6, { depth: 1, colour: 0, bytesPerPixel: 1 / 8 }),
    });
    for (const logo of ['rgba16.png', 'greyalpha.png', 'palette.png', 'bits.png']) {
      const r = await runMain(['report', 'a.yaml', '--logo', logo, '--format', 'pdf', '--out', `out-${logo}`], {
        cwd: d,
      });
      expect(r.code, `${logo}: ${r.stderr}`).toBe(0);
      const pdf = join(d, `out-${logo}`, 'a.pdf');
      expect(tool('pdfimages', '-list', pdf).stdout).toMatch(/^\s+1\s+0 image\s/m);
      expect(tool('pdftotext', pdf, '/dev/null').stderr).toBe('');
    }
  });

  it('a JPEG logo is drawn on the cover', async () => {
    // a real baseline JPEG: 8 × 8 grey, one block whose DC and AC codes are both "0"
    const seg = (marker: number, body: number[]) => [
      0xff,
      marker,
      (body.length + 2) >> 8,
      (body.length + 2) & 255,
      ...body,
    ];
    const huffman = (cls: number) => seg(0xc4, [cls, 1, ...Array(15).fill(0), 0]);
    const jpeg = Buffer.from([
      0xff,
      0xd8,
      ...seg(0xdb, [0, ...Array(64).fill(1)]),
      ...seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
      ...huffman(0x00),
      ...huffman(0x10),
      ...seg(0xda, [1, 1, 0x00, 0, 63, 0]),
      0x3f,
      0xff,
      0xd9,
    ]);
    expect(sniffLogo(jpeg)).toMatchObject({ kind: 'jpeg', width: 8, height: 8 });
    const d = tempDir({ ...SMALL, 'logo.jpg': jpeg });
    const r = await runMain(['report', 'a.yaml', '--logo', 'logo.jpg', '--format', 'pdf,md', '--out', 'out'], {
      cwd: d,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(tool('pdfimages', '-list', join(d, 'out', 'a.pdf')).stdout).toMatch(
      /^\s+1\s+0 image\s+8\s+8\s+gray\s+1\s+8\s+jpeg/m,
    );
    expect(readFileSync(join(d, 'out', 'a.logo.jpg')).equals(jpeg)).toBe(true);
    expect(readFileSync(join(d, 'out', 'a.md'), 'utf8')).toContain('![Logo](a.logo.jpg)');
  });
});

describe('hrdd report: the table of contents', () => {
  const dir = tempDir();
  const out = join(dir, 'out');

  it('the PDF has a contents page after the cover: each chapter with its page, each a link to it', async () => {
    expect((await runMain(['report', EXAMPLE, '--format', 'pdf,md', '--out', out])).code).toBe(0);
    const pdf = join(out, 'kestrel-telecom.pdf');
    const toc = pageText(pdf, 2);
    expect(toc).toContain('Contents');
    const entries = [...toc.matchAll(/^\s*(\S.*?\S)\s{2,}(\d+)\s*$/gm)].map((x) => [x[1]!, Number(x[2])] as const);
    expect(entries.map(([t]) => t)).toEqual([
      'Executive summary',
      'Scores by module and section',
      'Scores by UNGP principle',
      'Salient human rights issues',
      'Action plan',
      'Appendix A: answers',
      'Appendix B: method',
      'Appendix C: inputs',
    ]);
    for (const [title, page] of entries) expect(pageText(pdf, page).trimStart().startsWith(title)).toBe(true);
    const raw = readFileSync(pdf).toString('latin1');
    expect(raw.match(/\/S \/GoTo/g)?.length).toBe(entries.length);
    // each link goes to a named destination on the page the entry gives, at the top of its text
    const dests = new Map(
      [
        ...tool('pdfinfo', '-dests', pdf).stdout.matchAll(
          /^\s*(\d+) \[ XYZ null\s+(\d+) null\s*\] "(hrdd-chapter-\d+)"$/gm,
        ),
      ].map((x) => [x[3]!, [Number(x[1]), Number(x[2])]]),
    );
    entries.forEach(([, page], i) => expect(dests.get(`hrdd-chapter-${i + 1}`)).toEqual([page, 792]));
    expect(raw.match(/\/Subtype \/Link[^>]*?\/StructParent \d+/g)?.length).toBe(entries.length);
    expect(tool('pdfinfo', '-struct', pdf).stdout).toMatch(/^\s+TOC\n\s+TOCI\n\s+Link/m);
    expect(tool('pdftotext', pdf, '/dev/null').stderr).toBe('');
  });

  it("the Markdown has a Contents list of links to the chapters' anchors", () => {
    const md = readFileSync(join(out, 'kestrel-telecom.md'), 'utf8');
    const links = [...md.matchAll(/^- \[(.+)\]\(#(.+)\)$/gm)].map((x) => [x[1], x[2]]);
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((x) => x[1]).filter((h) => h !== 'Contents');
    expect(links.map(([t]) => t)).toEqual(headings);
    expect(links).toContainEqual(['Appendix A: answers', 'appendix-a-answers']);
    expect(links).toContainEqual(['Scores by UNGP principle', 'scores-by-ungp-principle']);
  });
});

describe('hrdd report --summary', () => {
  it('writes a board-level brief of at most four pages beside the full report (A4 and Letter)', async () => {
    for (const paper of ['a4', 'letter']) {
      const d = tempDir();
      const r = await runMain(['report', EXAMPLE, '--summary', '--paper', paper, '--format', 'md,pdf', '--out', d]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('kestrel-telecom.summary.pdf');
      const pdf = join(d, 'kestrel-telecom.summary.pdf');
      expect(pages(pdf)).toBeLessThanOrEqual(4);
      expect(pages(join(d, 'kestrel-telecom.pdf'))).toBeGreaterThan(4);
      const t = tool('pdftotext', pdf, '-').stdout;
      for (const s of [
        'board-level brief',
        'Executive summary',
        'Red flags (1)',
        'Scores by module and section',
        'Top 10 actions',
        'IMP-01',
      ])
        expect(t).toContain(s);
      expect(t).not.toContain('Appendix A: answers');
      expect(tool('pdftotext', pdf, '/dev/null').stderr).toBe('');
      const md = readFileSync(join(d, 'kestrel-telecom.summary.md'), 'utf8');
      expect(md).toContain('## Executive summary');
      expect(md).toContain('## Top 10 actions');
      expect(md).toContain('> **Red flags (1).**');
      expect(md).not.toContain('## Appendix');
      expect([...md.matchAll(/^\| \d+ \| \*\*/gm)].length).toBe(10);
    }
  });
});

describe('the brand file schema', () => {
  it('schemas/brand.schema.json is what hrdd schema brand prints, and agrees with the checker on the documented example', async () => {
    const printed = (await runMain(['schema', 'brand'])).stdout;
    expect(readFileSync(join(ROOT, 'schemas', 'brand.schema.json'), 'utf8')).toBe(printed);
    const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module.default }).default;
    const validate = new Ajv2020({ strict: true }).compile(JSON.parse(printed));
    // the example in docs/format.md §8
    const doc = readFileSync(join(ROOT, 'docs', 'format.md'), 'utf8');
    const example = /## 8\. Brand file[^]*?```yaml\n([^]*?)```/.exec(doc)![1]!;
    const data = parseYaml(example, 'brand.yaml').data;
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(checkBrand(parseYaml(example, 'brand.yaml')).diagnostics).toEqual([]);
    expect(validate({ ...(data as object), titel: 'x' })).toBe(false);
    expect(validate({ ...(data as object), paper: 'a5' })).toBe(false);
  });
});

describe('hrdd validate checks brand files', () => {
  it('a valid one passes; an invalid one is reported at file:line:col, exit 1', async () => {
    const d = tempDir({
      'good.yaml': 'schema: hrdd/brand@1\ntitle: T\n',
      'bad.yaml': 'schema: hrdd/brand@1\npaper: legal\n',
    });
    expect(await runMain(['validate', 'good.yaml'], { cwd: d })).toMatchObject({ code: 0 });
    const r = await runMain(['validate', 'bad.yaml'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(
      /bad\.yaml:2:8: error: "legal" is not a paper size: use a4 or letter \[brand-value\]/,
    );
  });
});

describe('usage errors (exit 2)', () => {
  it('--summary with JSON only, a bad --paper, --logo with Markdown on standard output, a missing --brand file', async () => {
    const d = tempDir({ 'logo.png': png(4, 4) });
    const cases: Array<[string[], RegExp]> = [
      [
        ['report', EXAMPLE, '--summary', '--format', 'json', '--out', 'o'],
        /^hrdd: --summary writes a Markdown or PDF brief: add md or pdf to --format\n$/,
      ],
      [['report', EXAMPLE, '--paper', 'a5', '--out', 'o'], /--paper.*a5/],
      [
        ['compare', EXAMPLE, EXAMPLE, '--format', 'md', '--logo', 'logo.png'],
        /^hrdd: --logo with --format md needs --out DIR/,
      ],
      [['report', EXAMPLE, '--brand', 'nope.yaml', '--out', 'o'], /^hrdd: nope\.yaml: no such file\n$/],
      [['report', EXAMPLE, '--title', ' ', '--out', 'o'], /^hrdd: --title takes a text, found nothing\n$/],
      [
        ['report', EXAMPLE, '--prepared-for', 'x'.repeat(301), '--out', 'o'],
        /^hrdd: --prepared-for is longer than 300 characters\n$/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await runMain(args, { cwd: d });
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
    }
    expect(existsSync(join(d, 'o'))).toBe(false);
  });
});

describe('hrdd compare: branding', () => {
  it('title, prepared by/for, confidentiality and logo in the Markdown and PDF; paper size', async () => {
    const d = tempDir({ 'logo.png': png(60, 30) });
    const r = await runMain([
      'compare',
      EXAMPLE,
      EXAMPLE,
      '--format',
      'md,pdf',
      '--out',
      d,
      '--title',
      'Progress review',
      '--prepared-for',
      'Board',
      '--prepared-by',
      'Acme',
      '--confidential',
      'INTERNAL',
      '--logo',
      join(d, 'logo.png'),
      '--paper',
      'letter',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const md = readFileSync(join(d, 'kestrel-telecom.compare.md'), 'utf8');
    expect(md.split('\n').slice(0, 5)).toEqual([
      '**INTERNAL**',
      '',
      '![Logo](kestrel-telecom.compare.logo.png)',
      '',
      '# Progress review: Kestrel Telecom',
    ]);
    expect(existsSync(join(d, 'kestrel-telecom.compare.logo.png'))).toBe(true);
    const pdf = join(d, 'kestrel-telecom.compare.pdf');
    expect(tool('pdfinfo', pdf).stdout).toMatch(/Title:\s+Progress review: Kestrel Telecom[^]*Page size:\s+612 x 792/);
    const t = tool('pdftotext', pdf, '-').stdout;
    const cover = pageText(pdf, 1);
    for (const s of ['Progress review', 'Kestrel Telecom']) expect(cover).toContain(s);
    expect(cover).toMatch(/Prepared for\s+Board/);
    expect(cover).toMatch(/Prepared by\s+Acme/);
    const n = pages(pdf);
    for (let i = 1; i <= n; i++) expect(pageText(pdf, i)).toContain('INTERNAL');
    expect(t).toContain('Progress review');
    expect(tool('pdfimages', '-list', pdf).stdout).toMatch(/^\s+1\s+0 image\s+60\s+30\s/m);
  });

  it('the PDF trend report: a cover, red flags resolved, new and open with their texts, a before/after chart per module; tagged and reproducible', async () => {
    const example = readFileSync(EXAMPLE, 'utf8');
    // before: IMP-01 a red flag (no); after: IMP-01 partly, and EMB-13 still open
    const before = example.replace(/( {2}IMP-01:\n {4}value: )\S+/, '$1no');
    const d = tempDir({ 'before.yaml': before, 'after.yaml': example });
    expect(example).not.toBe(before);
    const args = (out: string) => ['compare', 'before.yaml', 'after.yaml', '--format', 'pdf', '--out', out];
    const r = await runMain(args('a'), { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect((await runMain(args('b'), { cwd: d })).code).toBe(0);
    const pdf = join(d, 'a', 'after.compare.pdf');
    expect(readFileSync(pdf).equals(readFileSync(join(d, 'b', 'after.compare.pdf')))).toBe(true);
    const cover = pageText(pdf, 1);
    expect(cover).toContain('Human rights due diligence progress report');
    expect(cover).toMatch(/Before\s+2026-11-16 \(before\.yaml\)/);
    const t = tool('pdftotext', pdf, '-').stdout.replace(/\s+/g, ' ');
    expect(t).toContain('Red flags resolved (1) IMP-01 Has the company identified');
    expect(t).toContain('New red flags (0)');
    expect(t).toContain('Red flags still open (1) EMB-13 Does the company have a written procedure');
    for (const m of [
      'Assessing human rights impacts',
      'Embedding respect in the company',
      'Business relationships and leverage',
    ])
      expect(t).toMatch(new RegExp(`${m}: \\d+\\.\\d → \\d+\\.\\d \\([+−]\\d+\\.\\d\\)`));
    expect(t).toMatch(/Page 1 of \d+/);
    const info = tool('pdfinfo', pdf).stdout;
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Human rights due diligence progress report: Kestrel Telecom/);
    const struct = tool('pdfinfo', '-struct', pdf).stdout;
    for (const tag of ['H1', 'H2', 'P', 'L', 'LI', 'Figure', 'Table'])
      expect(struct).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
    const levels = [...struct.matchAll(/^\s*H([1-6])\b/gm)].map((x) => Number(x[1]));
    levels.forEach((level, i) => expect(level).toBeLessThanOrEqual((levels[i - 1] ?? 1) + 1));
    expect(tool('pdftotext', pdf, '/dev/null').stderr).toBe('');
  });
});
