import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDocument } from '../../src/render/pdf/document.js';
import { FontBook } from '../../src/render/pdf/fonts.js';
import { layoutLines, type Face, type Measurer } from '../../src/render/pdf/text-runs.js';
import { ROOT, runMain, tempDir } from '../helpers.js';

// ---- text layout, without a PDF ------------------------------------------------------------------

const isCjk = (ch: string) => /[\u3000-\u9fff\uff00-\uffef]/u.test(ch);
const SCRIPT: Partial<Record<Face, RegExp>> = {
  arabic: /[\u0600-\u06ff]/u,
  cjk: /[\u3000-\u9fff\uff00-\uffef]/u,
  korean: /[\uac00-\ud7ff]/u,
  devanagari: /[\u0900-\u097f]/u,
  thai: /[\u0e00-\u0e7f]/u,
  khmer: /[\u1780-\u17ff]/u,
  ethiopic: /[\u1200-\u139f]/u,
};
/** Widths: CJK 1, space 0.25, anything else 0.5; each face covers its script and ASCII. */
const fake: Measurer = {
  width: (_face, _weight, text) => [...text].reduce((w, ch) => w + (isCjk(ch) ? 1 : ch === ' ' ? 0.25 : 0.5), 0),
  covers: (face: Face, _weight, cp) => {
    const ch = String.fromCodePoint(cp);
    if (face === 'latin') return Object.values(SCRIPT).every((re) => !re.test(ch));
    return cp < 0x80 || (SCRIPT[face]?.test(ch) ?? false);
  },
};
const lines = (text: string, width = 100) =>
  layoutLines(text, width, fake).map((l) => l.pieces.map((p) => p.text).join('|'));
const pieces = (text: string) =>
  layoutLines(text, 100, fake)[0]!.pieces.map((p) => `${p.face}${p.rtl ? ':rtl' : ''} ${p.text}`);

describe('text layout (script runs, line breaks, right to left)', () => {
  it.each([
    ['wraps at spaces', 'aaaa bbbb cccc', 5, ['aaaa bbbb', 'cccc']],
    ['collapses white space, keeps line breaks', '  one   two\n\nthree ', 100, ['one two', 'three']],
    [
      'cuts a token longer than the line, after a slash if it can',
      'docs/evidence/policy-2026.pdf',
      8,
      ['docs/evidence/', 'policy-2026.pdf'],
    ],
    ['breaks between CJK characters', '人权尽职调查', 3, ['人权尽', '职调查']],
    ['keeps CJK closing punctuation off the start of a line', '人权，尽职调查', 2, ['人', '权，', '尽职', '调查']],
  ] as const)('%s', (_name, text, width, expected) => {
    expect(lines(text, width)).toEqual(expected);
  });

  it('chooses a font per script; punctuation between scripts stays in the body font', () => {
    expect(pieces('Zażółć 人权，调查 Ελληνικά')).toEqual(['latin Zażółć ', 'cjk 人权，调查', 'latin  Ελληνικά']);
  });

  it('orders right-to-left runs for display, with numbers left to right inside them', () => {
    expect(pieces('Note: مرحبا بالعالم and more')).toEqual([
      'latin Note: ',
      'arabic:rtl مرحبا بالعالم',
      'latin  and more',
    ]);
    // logical: مرحبا 2024 عالم — displayed from the right: مرحبا, then 2024, then عالم
    const [first, second, third] = layoutLines('x مرحبا 2024 عالم', 100, fake)[0]!.pieces.slice(1);
    expect([first?.text.trim(), second?.text.trim(), third?.text.trim()]).toEqual(['عالم', '2024', 'مرحبا']);
  });

  it('gives Korean, Devanagari, Thai, Khmer and Ethiopic their own fonts', () => {
    expect(pieces('Report 인권 실사 मानव अधिकार สิทธิ')).toEqual([
      'latin Report ',
      'korean 인권 실사',
      'latin  ',
      'devanagari मानव अधिकार',
      'latin  ',
      'thai สิทธิ',
    ]);
    expect(pieces('សិទ្ធិ and የሰብአዊ')).toEqual(['khmer សិទ្ធិ', 'latin  and ', 'ethiopic የሰብአዊ']);
  });

  it('breaks Khmer, also written without spaces, between words', () => {
    const khmer = 'សិទ្ធិមនុស្សក្នុងវិស័យទូរគមនាគមន៍';
    const words = new Set(Array.from(new Intl.Segmenter('km', { granularity: 'word' }).segment(khmer), (x) => x.index));
    const wrapped = lines(khmer, 6);
    expect(wrapped.length).toBeGreaterThan(1);
    expect(wrapped.join('')).toBe(khmer);
    let at = 0;
    for (const line of wrapped) {
      expect(words.has(at)).toBe(true);
      at += line.length;
    }
  });

  it('breaks Thai, written without spaces, only between words', () => {
    const thai = 'สิทธิมนุษยชนในภาคโทรคมนาคม';
    const words = Array.from(new Intl.Segmenter('th', { granularity: 'word' }).segment(thai), (x) => x.segment);
    expect(words.length).toBeGreaterThan(3);
    const wrapped = lines(thai, 6);
    expect(wrapped.length).toBeGreaterThan(1);
    expect(wrapped.join('')).toBe(thai);
    // every line is a run of whole words
    let rest = thai;
    for (const line of wrapped) {
      let taken = '';
      while (taken.length < line.length) taken += words.find((w) => rest.slice(taken.length).startsWith(w))!;
      expect(taken).toBe(line);
      rest = rest.slice(line.length);
    }
  });

  it('cuts a too-long token between grapheme clusters, never inside one', () => {
    const word = 'परिश्रमपरिश्रमपरिश्रम'; // vowel signs and a conjunct: several code points per cluster
    const parts = lines(word, 2);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.join('')).toBe(word);
    const clusters = new Set(
      Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(word), (x) => x.index),
    );
    let at = 0;
    for (const part of parts) {
      expect(clusters.has(at)).toBe(true);
      at += part.length;
    }
  });

  it('mirrors brackets in right-to-left text', () => {
    expect(pieces('مرحبا (عالم) كبير')).toEqual(['arabic:rtl مرحبا )عالم( كبير']);
  });

  it('keeps spans (bold, colour) as separate pieces on one line', () => {
    const [line] = layoutLines([{ text: 'IMP-01', weight: 'bold' }, { text: ' Has the company a policy?' }], 100, fake);
    expect(line!.pieces.map((p) => [p.weight, p.text])).toEqual([
      ['bold', 'IMP-01'],
      ['regular', ' Has the company a policy?'],
    ]);
  });
});

// ---- every font through the real shaper ------------------------------------------------------------

describe('the embedded fonts', () => {
  const SAMPLES: Record<Exclude<Face, 'latin'>, string> = {
    arabic: 'حقوق الإنسان في قطاع الاتصالات',
    cjk: '人权尽职调查 人権デューデリジェンス',
    korean: '인권 실사 보고서',
    devanagari: 'मानवाधिकार उचित परिश्रम नीति',
    bengali: 'মানবাধিকার যথাযথ পরিশ্রম',
    gujarati: 'માનવ અધિકાર નીતિ',
    gurmukhi: 'ਮਨੁੱਖੀ ਅਧਿਕਾਰ ਨੀਤੀ',
    oriya: 'ମାନବ ଅଧିକାର ନୀତି',
    kannada: 'ಮಾನವ ಹಕ್ಕುಗಳ ನೀತಿ',
    malayalam: 'മനുഷ്യാവകാശ നയം പുസ്തകം മലയാളം',
    tamil: 'மனித உரிமைகள் கொள்கை',
    telugu: 'మానవ హక్కులు విధానం',
    sinhala: 'මානව හිමිකම් ප්‍රතිපත්තිය',
    thai: 'สิทธิมนุษยชนในภาคโทรคมนาคม ผู้ใหญ่',
    lao: 'ສິດທິມະນຸດໃນຂະແໜງໂທລະຄົມມະນາຄົມ',
    myanmar: 'လူ့အခွင့်အရေးနှင့်ဆက်သွယ်ရေးကဏ္ဍ ကုမ္ပဏီ',
    khmer: 'សិទ្ធិមនុស្សក្នុងវិស័យទូរគមនាគមន៍ ក្រុមហ៊ុនពិនិត្យសំណើរបស់រដ្ឋាភិបាល។',
    ethiopic: 'የሰብአዊ መብቶች ፖሊሲ',
  };

  it('shape a sentence of each script in regular and bold, covering every letter (Khmer and Malayalam crash fontkit 2.0.4 unpatched)', () => {
    const { doc } = openDocument({
      title: 't',
      subject: 's',
      date: '2026-01-01',
      language: 'en',
      tool: { name: 'hrdd', version: '0' },
    });
    const fonts = new FontBook(doc);
    for (const [face, sentence] of Object.entries(SAMPLES) as Array<[Exclude<Face, 'latin'>, string]>) {
      for (const weight of ['regular', 'bold'] as const) {
        for (const word of sentence.split(' '))
          expect(fonts.width(face, weight, `${word} `), `${face} ${weight} ${word}`).toBeGreaterThan(0);
        for (const ch of sentence.replace(/[\s\u200d।။។]/gu, '')) {
          if (/[\p{L}\p{M}]/u.test(ch))
            expect(
              fonts.covers(face, weight, ch.codePointAt(0)!),
              `${face} ${weight} U+${ch.codePointAt(0)!.toString(16)}`,
            ).toBe(true);
        }
      }
    }
  });
});

describe('line height', () => {
  it('is taller for Burmese, whose marks stack far above and below, with the baseline dropped by half the extra', () => {
    const { L } = openDocument({
      title: 't',
      subject: 's',
      date: '2026-01-01',
      language: 'en',
      tool: { name: 'hrdd', version: '0' },
    });
    const latin = L.lay('Human rights', 300, { size: 10 });
    const burmese = L.lay('Human rights လူ့အခွင့်အရေး', 300, { size: 10 });
    expect(latin.lh).toBeCloseTo(13.2);
    expect(latin.drop).toBe(0);
    expect(burmese.lh).toBeCloseTo(18);
    expect(burmese.drop).toBeCloseTo((18 - 13.2) / 2);
  });
});

describe('the PDF layout on any text', () => {
  it('property: lays out and writes any Unicode text without throwing', async () => {
    const samples = fc.constantFrom(
      '',
      ' ',
      '\n',
      'a',
      'Zażółć',
      '人权',
      '인권',
      'मानवाधिकार',
      'สิทธิ',
      'សិទ្ធិ',
      'حقوق',
      'שלום',
      '😀',
      '\u200d',
      '\u0301',
      '\u{10ffff}',
      '\ufffd',
      '\u0000',
      '\t',
      '(',
      'docs/very/long/path/name/without/spaces/at/all.pdf',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.array(samples, { maxLength: 12 }).map((xs) => xs.join('')),
    );
    await fc.assert(
      // fewer, larger documents (opening and writing one is most of the cost): 10 of up to 20
      // texts lay out as much text as the 40 of up to 4 this used to write
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 20 }), async (texts) => {
        const { L, close } = openDocument({
          title: 't',
          subject: 's',
          date: '2026-01-01',
          language: 'en',
          tool: { name: 'hrdd', version: '0' },
        });
        for (const t of texts) L.paragraph(t);
        L.paragraph(texts.map((t, i) => ({ text: t, weight: i % 2 ? ('bold' as const) : ('regular' as const) })));
        const bytes = await close();
        expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 10) },
    );
  });
});

// ---- the rendered PDF, read back with poppler ----------------------------------------------------

const hasPoppler = ['pdftotext', 'pdfinfo', 'pdffonts'].every((t) => spawnSync(t, ['-v']).status === 0);
if (!hasPoppler)
  console.warn(
    'SKIPPED: the PDF content tests need poppler-utils (pdftotext, pdfinfo, pdffonts): apt-get install -y poppler-utils',
  );
const tool = (cmd: string, ...args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { out: r.stdout, err: r.stderr };
};
const text = (pdf: string) => tool('pdftotext', '-enc', 'UTF-8', pdf, '-').out;

const questionnaire = `schema: hrdd/questionnaire@1
id: uq
version: 1.0.0
title: Unicode test
sections:
  - id: s
    title: Section
    questions:
      - { id: Q1, text: "Is there a policy?", type: single, ungp: [16], critical: true, help: h, recommendation: "Adopt a policy at board level.", tags: [privacy], options: [{ value: a, label: Yes, score: 1 }, { value: b, label: Partly, score: 0.4 }] }
      - { id: Q2, text: "Is it public?", type: single, ungp: [21], help: h, recommendation: "Publish it.", tags: [privacy], options: [{ value: a, label: Yes, score: 1 }, { value: b, label: No, score: 0 }] }
`;
const answers = `schema: hrdd/answers@1
organisation: "Zażółć gęślą jaźń Telecom Ελληνικά Кириллица"
assessor: "Иван Петров"
date: 2026-05-01
questionnaires: [./q.yaml]
answers:
  Q1:
    value: b
    note: "مرحبا بالعالم and 人权尽职调查 SECRET-NOTE 인권 실사 보고서. मानवाधिकार उचित परिश्रम। สิทธิมนุษยชนในภาคโทรคมนาคม মানবাধিকার নীতি மனித உரிமைகள் ក្រុមហ៊ុនពិនិត្យសំណើរបស់រដ្ឋាភិបាល។ የሰብአዊ መብቶች"
    evidence: ["docs/证据-SECRET.pdf"]
`;

describe.skipIf(!hasPoppler)('the PDF report', () => {
  const dir = tempDir({ 'q.yaml': questionnaire, 'u.yaml': answers });
  const pdf = async (out: string, ...extra: string[]) => {
    const r = await runMain(['report', 'u.yaml', '--format', 'pdf', '--out', out, ...extra], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    return join(dir, out, extra.includes('--redact') ? 'u.redacted.pdf' : 'u.pdf');
  };
  const kestrelDir = tempDir();
  const kestrel = join(kestrelDir, 'kestrel-telecom.pdf');
  let a = '';
  let kestrelModel: ReturnType<typeof JSON.parse>;
  beforeAll(async () => {
    a = await pdf('a');
    const r = await runMain([
      'report',
      join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'),
      '--format',
      'pdf,json',
      '--out',
      kestrelDir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    kestrelModel = JSON.parse(readFileSync(join(kestrelDir, 'kestrel-telecom.report.json'), 'utf8'));
  });

  it('renders Polish, Greek, Cyrillic, Arabic, Chinese, Korean, Hindi, Thai, Bengali, Tamil and Amharic text', () => {
    const t = text(a);
    expect(t).toContain('인권 실사 보고서.');
    expect(t).toContain('मानवाधिकार उचित परिश्रम।'); // in logical order, though the vowel sign ि is drawn first
    expect(t.replace(/\n/g, '')).toContain('สิทธิมนุษยชนในภาคโทรคมนาคม'); // wrapped between two words
    expect(t).toContain('মানবাধিকার নীতি');
    expect(t).toContain('மனித உரிமைகள்');
    expect(t).toContain('የሰብአዊ መብቶች');
    expect(t).toContain('Zażółć gęślą jaźń Telecom Ελληνικά Кириллица');
    expect(t).toContain('Иван Петров');
    expect(t).toContain('مرحبا بالعالم');
    expect(t).toContain('人权尽职调查');
  });

  it('embeds and subsets every font, and uses none of the 14 standard fonts', () => {
    const fonts = tool('pdffonts', a).out.trim().split('\n').slice(2);
    expect(fonts.join('\n')).toMatch(/NotoSansArabic/);
    expect(fonts.join('\n')).toMatch(/NotoSansSC/);
    expect(fonts.join('\n')).toMatch(/NotoSansKR/);
    expect(fonts.join('\n')).toMatch(/NotoSansDevanagari/);
    expect(fonts.join('\n')).toMatch(/NotoSansThai/);
    for (const name of ['Bengali', 'Tamil', 'Khmer', 'Ethiopic'])
      expect(fonts.join('\n')).toMatch(new RegExp(`NotoSans${name}`));
    expect(fonts.join('\n')).toMatch(/DejaVuSans/);
    for (const f of fonts) {
      expect(f).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      expect(f).not.toMatch(/Type 1|Helvetica|Times|Courier/);
    }
  });

  it('shows the score, the red flag, the action plan and page numbers', () => {
    const t = text(a);
    // Q1 scores 0.4 (a red flag: critical, below 0.5), Q2 is unanswered: 100 × (0.4 + 0) / 2 = 20.0
    expect(t).toMatch(/Overall score[^]{0,80}20\.0[^]{0,80}out of 100/);
    expect(t).toContain('Red flags (1)');
    expect(t).toContain('Provisional (50% complete)');
    expect(t).toContain('Adopt a policy at board level.');
    expect(t).toContain('+30.0 points');
    expect(t).toContain('Not yet assessed');
    expect(t).toMatch(/Q2 Is it public\?/);
    expect(t).toContain('No salience assessment was answered.');
    const pages = Number(tool('pdfinfo', a).out.match(/Pages:\s+(\d+)/)?.[1]);
    expect(pages).toBeGreaterThan(4);
    expect(t).toContain(`Page 1 of ${pages}`);
    expect(t).toContain(`Page ${pages} of ${pages}`);
  });

  it('is a tagged PDF/UA document with metadata, headings, tables, figures and bookmarks', () => {
    const info = tool('pdfinfo', a).out;
    expect(info).toMatch(/Title:\s+Human rights due diligence gap report: Zażółć/);
    expect(info).toMatch(/Author:\s+Иван Петров/);
    expect(info).toMatch(/Subject:\s+Human rights due diligence/);
    expect(info).toMatch(/Keywords:\s+human rights/);
    expect(info).toMatch(/Creator:\s+hrdd \d/);
    expect(info).toMatch(/Producer:\s+hrdd \d/);
    expect(info).toMatch(/CreationDate:\s+Fri May\s+1 00:00:00 2026 UTC/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(info).toMatch(/PDF version:\s+1\.7/);
    expect(tool('pdfinfo', '-meta', a).out).toContain('<pdfuaid:part>1</pdfuaid:part>');
    const raw = readFileSync(a).toString('latin1');
    expect(raw).toMatch(/\/Lang \(en\)/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    expect(raw).toContain('/Outlines');
    const struct = tool('pdfinfo', '-struct', kestrel).out;
    for (const tag of ['Document', 'H1', 'H2', 'P', 'L', 'LI', 'Table', 'THead', 'TBody', 'TR', 'TH', 'TD', 'Figure'])
      expect(struct).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
    expect(readFileSync(kestrel).toString('latin1')).toMatch(/\/S \/Figure[^]*?\/Alt \(Bar chart of scores/);
    // headings never skip a level (PDF/UA)
    const levels = [...struct.matchAll(/^\s*H([1-6])\b/gm)].map((x) => Number(x[1]));
    levels.forEach((level, i) => expect(level).toBeLessThanOrEqual((levels[i - 1] ?? 1) + 1));
  });

  it('writes well-formed marked content (no poppler warnings)', () => {
    for (const f of [a, kestrel]) expect(tool('pdftotext', f, '/dev/null').err).toBe('');
  });

  it('is reproducible: the same model gives the same bytes', async () => {
    expect(readFileSync(await pdf('b')).equals(readFileSync(a))).toBe(true);
  });

  it('--redact leaves no notes, evidence or names in the text or metadata', async () => {
    const r = await pdf('r', '--redact');
    const all = text(r) + tool('pdfinfo', r).out + tool('pdfinfo', '-meta', r).out;
    for (const secret of ['SECRET', 'مرحبا', '人权尽职调查', 'Иван', 'Петров', '证据'])
      expect(all).not.toContain(secret);
    expect(all).toContain('Redacted copy');
    expect(tool('pdfinfo', r).out).not.toMatch(/^Author:/m);
  });

  it('--redact keeps the reasons given for N/A: they justify the scope', async () => {
    const out = tempDir();
    const r = await runMain([
      'report',
      join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'),
      '--format',
      'pdf',
      '--redact',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const t = text(join(out, 'kestrel-telecom.redacted.pdf')).replace(/\s+/g, ' ');
    expect(t).toContain('it sells no DPI, location-analytics or monitoring products');
    expect(t).not.toContain('Maria Kowalska');
  });

  it('renders the bundled example: heat map, charts, actions, appendices', () => {
    const t = text(kestrel);
    const m = kestrelModel;
    expect(t).toContain('Kestrel Telecom');
    expect(t).toContain(m.summary.overall.shown);
    expect(t).toContain(`Red flags (${m.summary.redFlags.length})`);
    for (const f of m.summary.redFlags) expect(t).toContain(f.id);
    // the heat map: axis titles, and every placed issue in its cell
    expect(t).toContain('Severity (1 low – 4 high)');
    expect(t).toContain('Likelihood (1 low – 4 high)');
    for (const row of m.salience.grid)
      for (const cell of row) for (const label of cell) expect(t.replace(/\s+/g, ' ')).toContain(label);
    // every action by rank, with its recommendation
    const flat = t.replace(/\s+/g, ' ');
    for (const x of m.actions) {
      expect(flat).toContain(`${x.rank}. ${x.id}`);
      expect(flat).toContain(x.recommendation.replace(/\s+/g, ' '));
    }
    for (const heading of [
      'Executive summary',
      'Scores by module and section',
      'Scores by UNGP principle',
      'Salient human rights issues',
      'Action plan',
      'Not yet assessed',
      'Appendix A: answers',
      'Appendix B: method',
      'Effective weights',
      'Appendix C: inputs',
    ])
      expect(t).toContain(heading);
    for (const q of m.inputs.questionnaires) expect(t).toContain(q.sha256);
    expect(t).toContain(m.inputs.answers.sha256);
    expect(t).toMatch(/Page 1 of \d+/);
  });
});
