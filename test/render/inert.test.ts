// Text from a file is made inert for each place it goes (src/render/inert.ts): the sink functions
// one by one, then every renderer fed hostile organisations, assessors, ids, labels, notes and
// maturity bands, its output read back as its consumer reads it.
import { bundledUngp } from '../helpers.js';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { markdownShape } from '../markdown-shape.js';
import { compareAssessments } from '../../src/core/compare.js';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { loadBytes } from '../../src/core/load.js';
import type { Answers, Questionnaire } from '../../src/core/model.js';
import { buildReportModel } from '../../src/core/report-model.js';
import { scoreAssessment } from '../../src/core/score.js';
import { renderCompareMarkdown, renderCompareText } from '../../src/render/compare.js';
import { formatDiagnostic, renderJunit, renderSarif, renderText } from '../../src/render/diagnostics.js';
import { plain } from '../../src/render/paint.js';
import type { FileReport } from '../../src/core/diagnostics.js';
import {
  csvCell,
  csvText,
  jsonText,
  mdCell,
  mdInline,
  pdfLine,
  pdfText,
  sarifText,
  termBlock,
  termLine,
  termProse,
  xmlText,
} from '../../src/render/inert.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderActionsCsv } from '../../src/render/csv.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { paintFor } from '../../src/render/paint.js';
import { renderComparePdf } from '../../src/render/pdf/compare.js';
import { openDocument } from '../../src/render/pdf/document.js';
import { renderPdf } from '../../src/render/pdf/index.js';
import { renderScoreText } from '../../src/render/terminal.js';
import { parseWorkflowCommand, runnerLines } from '../ci-consumers.js';
import { dublinCore, infoStrings, RAW, shownStrings, xmpOf } from '../inert-consumers.js';
import { answers as answersOf, question as Q, questionnaireOf as QN } from '../core/score-helpers.js';

/** Our own colour codes (chalk, level 1). */
const SGR = /\x1b\[\d+(?:;\d+)*m/g;
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

// What breaks a terminal, a CI log, Markdown, XML or a reader, mixed with ordinary text.
const piece = fc.constantFrom(
  '\x1b]0;pwned\x07',
  '\x1b[2J',
  '\x1b[1A\x1b[2K',
  '\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\',
  '\x9b2J',
  '\x9d0;t\x9c',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\v',
  '\f',
  '\u0000',
  '\x7f',
  '\u0085',
  '\u202e',
  '\u202a',
  '\u2066',
  '\u2069',
  '\u2028',
  '\u2029',
  '\ud800',
  '\udfff',
  '::',
  ':',
  '::error file=README.md::forged',
  '##[error]forged',
  '##vso[task.complete]',
  '|',
  '<',
  '>',
  '&',
  '<script>alert(1)</script>',
  '[x](javascript:alert(1))',
  'javascript:alert(1)',
  '`',
  '*',
  '_',
  '#',
  '~~',
  '\\',
  'https://evil.example',
  'www.evil.example',
  'a@evil.example',
  '&#x202e;',
  '&lt;',
  '-',
  '1.',
  '=',
  '>',
  ']]>',
  '<!--',
  '"',
  "'",
  ' ',
  'é',
  '🙂',
  '人权',
  'مرحبا',
  'Acme',
  '\ufffe',
);
const hostile = fc.oneof(
  fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((xs) => xs.join('')),
  fc.string({ unit: 'binary', maxLength: 16 }),
);

// ------------------------------------------------------------------ the sink functions

describe('the sink functions', () => {
  it('terminal: one line, controls, bidi controls and lone surrogates visible; no CI command can start', () => {
    expect(termLine('Acme\x1b]0;pwned\x07\x1b[2J\r\nEvil\u202eA\ud800')).toBe(
      'Acme\\x1b]0;pwned\\x07\\x1b[2J\\r\\nEvil\\u202eA\ufffd',
    );
    expect(termLine('::error file=a::b')).toBe('\\x3a:error file=a::b');
    expect(termLine('  ::error::b')).toBe('  \\x3a:error::b');
    expect(termLine('x ##[error]y ##vso[task]z ## [ok]')).toBe('x \\x23#[error]y \\x23#vso[task]z ## [ok]');
    expect(termProse('a\n  b\r\nc\u2028d\te')).toBe('a b c d e');
    expect(termBlock('para one\r\n\r\n::error::x\rline\x1b[2J')).toBe('para one\n\n\\x3a:error::x\\rline\\x1b[2J');
  });

  it('Markdown: inline and cells one line, markup escaped, no links, controls visible', () => {
    expect(mdInline('a|b *c* [d](e) <script>\nnext')).toBe('a\\|b \\*c\\* \\[d\\](e) \\<script\\> next');
    expect(mdInline('see https://x.example, www.y.example or a@z.example &#x202e;')).toBe(
      'see https:\\/\\/x.example, www\\.y.example or a\\@z.example \\&\\#x202e;',
    );
    expect(mdInline('- item\r1. two\u2028==\n+\n1.0.0 -x')).toBe('\\- item 1\\. two \\== \\+ 1.0.0 -x');
    expect(mdInline('nul\u0000esc\x1b[2J c1\u0085 rlo\u202e')).toBe('nul\\\\x00esc\\\\x1b\\[2J c1\\\\x85 rlo\\\\u202e');
    expect(mdCell('line one\r\nline two\rthree | four')).toBe('line one<br>line two<br>three \\| four');
  });

  it('PDF: line breaks kept in body text, one line in strings, controls visible', () => {
    expect(pdfText('a\r\nb\rc\u2029d\te\x1b[2J\u202e')).toBe('a\nb\nc\nd e\\x1b[2J\\u202e');
    expect(pdfLine('  Acme \r\n  Corp\x07 ')).toBe('Acme Corp\\x07');
  });

  it('XML: one line, markup escaped, what XML 1.0 forbids gone', () => {
    expect(xmlText('a<b>&"c\'\n\x1b\ufffe\ud800🙂')).toBe('a&lt;b&gt;&amp;&quot;c&apos;\\n\\x1b\\ufffe\ufffd🙂');
    expect(XMLValidator.validate(`<a t="${xmlText('"\'<&>\u0000')}">${xmlText(']]><![CDATA[')}</a>`)).toBe(true);
  });

  it('JSON: the same value, with no raw C1, bidi control or separator', () => {
    const value = { s: 'a\u0085b\u202ec\u2028d\x7fe\u0000\ud800' };
    const text = jsonText(value);
    expect(text).not.toMatch(RAW);
    expect(JSON.parse(text)).toEqual(value);
    expect(sarifText('m\nn\u202e')).toBe('m\\nn\\u202e');
  });

  it('CSV: formula cells prefixed, line breaks kept, RFC 4180 quoting by csvText', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('\'=HYPERLINK("http://evil")');
    expect(['+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'+1", "'-1", "'@SUM(A1)", "'\\tx", "'\\rx"]);
    expect(csvCell('a\r\nb\nc\x1b')).toBe('a\nb\nc\\x1b');
    expect(csvCell('plain')).toBe('plain');
    expect(csvText([['a,b', 'say "hi"', 'two\nlines', '=1+1', 'plain']])).toBe(
      '\ufeff"a,b","say ""hi""","two\nlines",\'=1+1,plain\r\n',
    );
  });

  it('is linear: a megabyte of hostile text in well under a second per sink', () => {
    const big =
      ' '.repeat(300_000) + '\x1b\n'.repeat(100_000) + '1'.repeat(200_000) + '#'.repeat(100_000) + ':'.repeat(100_000);
    const t0 = performance.now();
    for (const f of [termLine, termProse, termBlock, mdInline, mdCell, pdfText, pdfLine, xmlText, sarifText, csvCell])
      f(big);
    jsonText({ big });
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

// ------------------------------------------------------------------ every renderer

interface Texts {
  org: string;
  assessor: string;
  qid: string;
  sid: string;
  stitle: string;
  qtitle: string;
  text: string;
  label: string;
  help: string;
  rec: string;
  note: string;
  evidence: string;
  band: string;
  band2: string;
  file: string;
  respondent: string;
}
const texts: fc.Arbitrary<Texts> = fc.record({
  org: hostile,
  assessor: hostile,
  qid: hostile,
  sid: hostile,
  stitle: hostile,
  qtitle: hostile,
  text: hostile,
  label: hostile,
  help: hostile,
  rec: hostile,
  note: hostile,
  evidence: hostile,
  band: hostile,
  band2: hostile,
  file: hostile,
  respondent: hostile,
});
const benign: Texts = {
  org: 'Org',
  assessor: 'Ann',
  qid: 'Q',
  sid: 's',
  stitle: 'S',
  qtitle: 'T',
  text: 'Text?',
  label: 'L',
  help: 'h',
  rec: 'r',
  note: 'n',
  evidence: 'e',
  band: 'b',
  band2: 'c',
  file: 'f',
  respondent: 'R',
};

/**
 * A questionnaire and answers whose every string is `h`: loaded valid, then given hostile ids,
 * titles, texts, labels and bands (as a file that passes no check could never be scored, the
 * renderers are fed the model directly). Q0 is a red flag, Q1 a gap, Q2 N/A, Q3 unanswered.
 */
function fixture(h: Texts) {
  const qn: Questionnaire = QN('m', [
    {
      id: 's',
      questions: [
        Q('A0', {
          critical: true,
          options: [
            { value: 'a', label: 'Yes', score: 1 },
            { value: 'c', label: 'No', score: 0 },
          ],
        }),
        Q('A1'),
        Q('A2'),
        Q('A3'),
        // an issue the list lacks, named by the respondent, and one rating of it (unscored)
        Q('A4', { type: 'text', weight: 0, options: [], salience: { issue: 'other', dimension: 'name' } }),
        Q('A5', {
          weight: 0,
          salience: { issue: 'other', dimension: 'scale' },
          options: [1, 2, 3, 4].map((v) => ({ value: v, label: String(v) })),
        }),
      ],
    },
  ]);
  qn.id = h.qid || 'q';
  qn.title = h.qtitle;
  qn.maturityBands = [
    { min: 0, label: h.band },
    { min: 50, label: h.band2 },
  ];
  const section = qn.sections[0]!;
  section.id = h.sid;
  section.title = h.stitle;
  const ids = section.questions.map((q, i) => (q.id = `${h.qid}${i}`));
  for (const q of section.questions) {
    q.text = h.text;
    q.help = h.help;
    q.recommendation = h.rec;
    for (const o of q.options) o.label = h.label;
  }
  section.questions[0]!.tags = ['outcome']; // listed in the executive summary, with its answer
  const loaded = loadBytes(
    Buffer.from('schema: hrdd/answers@1\norganisation: x\nquestionnaires: [m]\nanswers: {}\n'),
    'a.yaml',
    'sha',
  );
  const answers: Answers = {
    ...loaded.answers!,
    organisation: h.org,
    assessor: h.assessor,
    answers: answersOf({
      [ids[0]!]: { value: 'c', note: h.note, evidence: [h.evidence] },
      [ids[1]!]: { value: 'b', note: h.note },
      [ids[2]!]: { value: 'n', note: h.note },
      [ids[4]!]: { value: h.note || 'x' },
      [ids[5]!]: 3,
    }),
    merged: {
      policy: 'lowest',
      respondents: [{ respondent: h.respondent, file: h.file }],
      disagreements: [{ question: ids[0]!, scores: { [h.respondent]: 0, [`${h.respondent}2`]: 1 } }],
    },
  };
  const result = scoreAssessment([qn], answers.answers);
  const inputs = {
    answers: { path: h.file, sha256: 'abc' },
    questionnaires: [{ id: qn.id, version: qn.version, sha256: 'def' }],
  };
  const model = buildReportModel([qn], answers, result, inputs, {
    redact: false,
    today: '2026-01-02',
    tool: { name: 'hrdd', version: '0.0.0' },
    frameworks: [bundledUngp()],
  });
  const beforeAnswers = answersOf({ [ids[0]!]: 'a', [ids[1]!]: 'a' });
  const comparison = compareAssessments(
    {
      label: `${h.file} (before)`,
      questionnaires: [qn],
      answers: beforeAnswers,
      result: scoreAssessment([qn], beforeAnswers),
    },
    { label: h.file, questionnaires: [qn], answers: answers.answers, result },
  );
  return { qn, answers, result, model, comparison };
}

/** Checks terminal output: only our colour codes, only LF, no line a CI log reads as a command. */
function checkTerminal(out: string) {
  const bare = out.replace(SGR, '');
  expect(bare).not.toMatch(RAW);
  for (const line of runnerLines(bare)) expect(parseWorkflowCommand(line)).toBeUndefined();
  expect(bare).not.toMatch(/##(\[|vso\[)/);
}

describe('every renderer, fed hostile text', () => {
  it('the fixture reaches the outcome table and a named salience issue, so the properties below test them', () => {
    const md = renderMarkdown(fixture({ ...benign, note: 'Right to health' }).model);
    expect(md).toContain('**What happened in the period**');
    expect(md).toMatch(/\| 1 \| Right to health \| 3 \|/);
  });

  it('property: terminal text (score, compare, validate) holds only our colour codes, and no line is a CI command', () => {
    fc.assert(
      fc.property(texts, fc.boolean(), (h, colour) => {
        const { result, comparison } = fixture(h);
        const paint = colour ? paintFor(true) : plain;
        checkTerminal(
          renderScoreText(result, {
            paint,
            fancy: colour,
            columns: 80,
            organisation: h.org,
            assessor: h.assessor,
            date: h.note,
            answersFile: h.file,
            top: 5,
          }),
        );
        checkTerminal(renderCompareText(comparison, paint));
        const ds: Diagnostic[] = [
          {
            file: h.file || 'f',
            line: 3,
            col: 7,
            severity: 'error',
            rule: 'schema-unknown-key',
            message: `unknown key ${h.qid}`,
          },
          { file: h.sid || 's', line: 1, col: 1, severity: 'warning', rule: h.text || 'r', message: h.note },
        ];
        const text = renderText(
          [
            { file: ds[0]!.file, diagnostics: [ds[0]!] },
            { file: ds[1]!.file, diagnostics: [ds[1]!] },
          ],
          paint,
        );
        checkTerminal(text);
        // one line a diagnostic, then the summary
        const lines = text.replace(SGR, '').trimEnd().split('\n');
        expect(lines).toHaveLength(3);
        expect(lines[0]).toMatch(/^.*:3:7: error: .* \[schema-unknown-key\]$/);
        expect(lines[1]).toMatch(/^.*:1:1: warning: .* \[.*\]$/);
      }),
      { numRuns: RUNS },
    );
  });

  it('ids are quoted and escaped unless plain, in the terminal text and the Markdown', () => {
    const { result, model, comparison } = fixture({ ...benign, qid: 'Q\n::error::x ' });
    const text = renderScoreText(result, {
      paint: plain,
      fancy: false,
      columns: 80,
      organisation: 'O',
      answersFile: 'a.yaml',
    });
    expect(text).toContain('x "Q\\n::error::x 0" Text?');
    expect(renderCompareText(comparison, plain)).toContain('  "Q\\n::error::x 0": L → L');
    expect(renderMarkdown(model)).toContain('> - **"Q\\\\n::error::x 0"** Text?');
    const plainIds = fixture(benign);
    expect(
      renderScoreText(plainIds.result, {
        paint: plain,
        fancy: false,
        columns: 80,
        organisation: 'O',
        answersFile: 'a.yaml',
      }),
    ).toContain('x Q0 Text?');
  });

  it('property: Markdown reports keep their shape (blocks, headings, table columns and rows), with no links or HTML from the files', () => {
    const expected = (() => {
      const f = fixture(benign);
      return {
        report: markdownShape(renderMarkdown(f.model)),
        compare: markdownShape(renderCompareMarkdown(f.comparison, f.model)),
      };
    })();
    expect(expected.report.tables.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(texts, (h) => {
        const { model, comparison } = fixture(h);
        for (const [md, want] of [
          [renderMarkdown(model), expected.report],
          [renderCompareMarkdown(comparison, model), expected.compare],
        ] as const) {
          expect(md).not.toMatch(RAW);
          const got = markdownShape(md);
          // the only links are hrdd's own: the table of contents, to the chapters' anchors
          expect(got.links).toEqual(want.links);
          for (const l of got.links) expect(l).toMatch(/^\[[A-Z][A-Za-z :]+\]\(#[a-z-]+\)$/);
          expect(got.html).toEqual([]);
          expect(got.blocks).toEqual(want.blocks);
          expect(got.headings).toEqual(want.headings);
          expect(got.tables).toEqual(want.tables);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('property: the action plan CSV parses back to one row per gap of 14 cells, no formula and no raw control but line breaks', () => {
    fc.assert(
      fc.property(texts, (h) => {
        const { model } = fixture(h);
        const csv = renderActionsCsv(model);
        expect(csv.startsWith('\ufeff')).toBe(true);
        expect(csv.replace(/[\r\n]/g, '')).not.toMatch(RAW);
        const rows = parseCsv(csv, { bom: true }) as string[][];
        expect(rows).toHaveLength(1 + model.actions.length);
        for (const row of rows) {
          expect(row).toHaveLength(14);
          for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        }
        rows.slice(1).forEach((row, i) => expect(row[0]).toBe(csvCell(model.actions[i]!.id)));
      }),
      { numRuns: RUNS },
    );
  });

  it('property: the PDF metadata (Info dictionary and XMP) is well-formed and says exactly the text, inert; body text draws no control', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (org, assessor) => {
        const title = `Human rights due diligence gap report: ${org}`;
        const { L, close } = openDocument({
          title,
          ...(assessor && { author: assessor }),
          subject: 'S',
          keywords: 'k',
          date: '2026-01-01',
          language: 'en',
          tool: { name: 'hrdd', version: '0' },
        });
        for (const line of L.lay(org + assessor, 200).lines)
          for (const p of line.pieces) expect(p.text).not.toMatch(RAW);
        const pdf = Buffer.from(await close());
        const info = infoStrings(pdf);
        expect(info['Title']).toBe(pdfLine(title));
        if (pdfLine(assessor)) expect(info['Author']).toBe(pdfLine(assessor));
        for (const v of Object.values(info)) expect(v).not.toMatch(RAW);
        const xmp = xmpOf(pdf);
        expect(xmp).not.toMatch(RAW);
        expect(XMLValidator.validate(xmp)).toBe(true);
        const dc = dublinCore(xmp);
        expect(Object.keys(dc).sort()).toEqual(
          ['dc:creator', 'dc:description', 'dc:title'].filter((k) => k !== 'dc:creator' || pdfLine(assessor)).sort(),
        );
        expect(dc['dc:title']['rdf:Alt']['rdf:li']['#text']).toBe(pdfLine(title));
        if (pdfLine(assessor)) expect(String(dc['dc:creator']['rdf:Seq']['rdf:li'])).toBe(pdfLine(assessor));
      }),
      { numRuns: Math.min(RUNS, 30) },
    );
  });

  it('property: the PDF gap and trend reports render any text; their metadata, bookmarks and alt text are inert', async () => {
    await fc.assert(
      fc.asyncProperty(texts, async (h) => {
        const { model, comparison } = fixture(h);
        const report = Buffer.from(await renderPdf(model));
        expect(infoStrings(report)['Title']).toBe(pdfLine(`${model.meta.title}: ${h.org}`));
        for (const pdf of [report, Buffer.from(await renderComparePdf(comparison, model))]) {
          const xmp = xmpOf(pdf);
          expect(XMLValidator.validate(xmp)).toBe(true);
          expect(xmp).not.toMatch(RAW);
          expect(Object.values(infoStrings(pdf)).join('')).not.toMatch(RAW);
          const shown = shownStrings(pdf);
          expect(shown.length).toBeGreaterThan(0);
          for (const t of shown) expect(t).not.toMatch(RAW);
        }
      }),
      { numRuns: Math.min(RUNS, 5) },
    ); // a few: each run lays out two PDFs
  });

  it('property: SARIF and JUnit parse, and say each name and message on one inert line', () => {
    const diagnostic: fc.Arbitrary<Diagnostic> = fc.record({
      file: hostile.map((s) => s || 'f'),
      line: fc.integer({ min: 1, max: 1e6 }),
      col: fc.integer({ min: 1, max: 1e4 }),
      severity: fc.constantFrom('error', 'warning') as fc.Arbitrary<'error' | 'warning'>,
      rule: hostile.map((s) => s || 'r'),
      message: hostile,
    });
    fc.assert(
      fc.property(fc.array(diagnostic, { minLength: 1, maxLength: 4 }), (ds) => {
        const files: FileReport[] = ds.map((d, i) => ({
          file: d.file,
          kind: i % 2 ? 'answers' : 'questionnaire',
          diagnostics: [d],
        }));
        const sarif = renderSarif(files, { name: 'hrdd', version: '0' });
        expect(sarif).not.toMatch(RAW);
        const log = JSON.parse(sarif);
        expect(log.runs[0].results.map((r: { message: { text: string } }) => r.message.text)).toEqual(
          ds.map((d) => sarifText(d.message)),
        );
        for (const r of log.runs[0].results) expect(r.message.text).not.toMatch(/[\n\r]/);
        const junit = renderJunit(files);
        expect(junit).not.toMatch(RAW);
        expect(XMLValidator.validate(junit)).toBe(true);
        const suite = new XMLParser({
          ignoreAttributes: false,
          parseAttributeValue: false,
          parseTagValue: false,
          trimValues: false,
          isArray: (n) => n === 'testcase',
        }).parse(junit).testsuites.testsuite;
        expect(suite.testcase.map((t: Record<string, string>) => t['@_name'])).toEqual(
          ds.map((d) => xmlDecoded(d.file)),
        );
        const bodies = suite.testcase.map(
          (t: { failure?: { '#text'?: string }; 'system-out'?: string }) =>
            t.failure?.['#text'] ?? t['system-out'] ?? '',
        );
        expect(bodies).toEqual(ds.map((d) => xmlDecoded(formatDiagnostic(d))));
      }),
      { numRuns: RUNS },
    );
  });
});

/** What an XML parser reads back from xmlText(s). */
const xmlDecoded = (s: string) =>
  xmlText(s)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
