import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownShape } from '../markdown-shape.js';
import { buildReportFramework, buildReportModel, type FrameworkInfo } from '../../src/core/report-model.js';
import { scoreAssessment } from '../../src/core/score.js';
import { loadBytes } from '../../src/core/load.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { buildCoverage } from '../../src/core/coverage.js';
import { renderCoverageMarkdown } from '../../src/render/coverage.js';
import { RAW } from '../inert-consumers.js';
import { answers, question as Q, questionnaireOf as QN } from '../core/score-helpers.js';
import { bundledUngp, tempDir } from '../helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const UNGP_FRAMEWORK = bundledUngp();

// Q1 (a: 1) and Q2 (b: 0.5) reference A1; Q3 (N/A) references B1; Q4 is scoped out and references
// B2; for the UNGP, Q1 and Q2 cite 16, Q2, Q3 and Q4 cite 17
const qs = [
  QN('m', [
    {
      id: 's',
      questions: [
        Q('GATE', {
          weight: 0,
          options: [
            { value: 'no', label: 'No' },
            { value: 'yes', label: 'Yes' },
          ],
        }),
        Q('Q1', { ungp: [16] }),
        Q('Q2', { ungp: [16, 17] }),
        Q('Q3'),
        Q('Q4', { when: { question: 'GATE', equals: 'yes' } }),
      ],
    },
  ]),
];
const REFS: Record<string, string[]> = { Q1: ['A1'], Q2: ['A1'], Q3: ['B1'], Q4: ['B2'] };

const framework = (over: Partial<FrameworkInfo> = {}): FrameworkInfo => ({
  id: 'tfw',
  version: '2024',
  title: 'Test Framework',
  publisher: 'Test Publisher',
  source: { url: 'https://example.org/tfw', edition: 'First edition' },
  groups: [
    { id: 'a', title: 'Group A' },
    { id: 'b', title: 'Group B' },
  ],
  items: [
    { id: 'A1', title: 'Policy commitment', group: 'a' },
    { id: 'A2', title: 'Never asked about', group: 'a' },
    { id: 'B1', title: 'Assessing impacts', group: 'b' },
    { id: 'B2', title: 'Scoped out here', group: 'b' },
  ],
  ...over,
});

function report(fw: FrameworkInfo = framework()) {
  const text = 'schema: hrdd/answers@1\norganisation: Acme\nquestionnaires: [m]\nanswers: {}\n';
  const ans = { ...loadBytes(Buffer.from(text), 'a.yaml', 'abc').answers! };
  const a = answers({ GATE: 'no', Q1: 'a', Q2: 'b', Q3: 'n' });
  const result = scoreAssessment(qs, a);
  const model = buildReportModel(
    qs,
    { ...ans, answers: a },
    result,
    { answers: { path: 'a.yaml', sha256: 'abc' }, questionnaires: [] },
    { redact: false, today: '2026-01-02', tool: { name: 'hrdd', version: '0.0.0' }, frameworks: [UNGP_FRAMEWORK] },
  );
  // the item scores by the principles rule: A1 = (1 + 0.5) / 2, B1 and B2 have no included question
  const scores = new Map<string, number | null>([
    ['A1', 75],
    ['A2', null],
    ['B1', null],
    ['B2', null],
  ]);
  model.frameworks.push(buildReportFramework(fw, scores, result.questions, (r) => REFS[r.question.id] ?? []));
  return model;
}

describe('the framework chapter', () => {
  it('model: covered items by group with the included questions behind each; items no scored question references are not covered', () => {
    const f = report().frameworks[1]!;
    expect(f.groups).toEqual([
      {
        id: 'a',
        title: 'Group A',
        items: [{ id: 'A1', title: 'Policy commitment', score: 75, shown: '75.0', questions: ['Q1', 'Q2'] }],
      },
      {
        id: 'b',
        title: 'Group B',
        items: [
          { id: 'B1', title: 'Assessing impacts', score: null, shown: 'n/a', questions: [] },
          { id: 'B2', title: 'Scoped out here', score: null, shown: 'n/a', questions: [] },
        ],
      },
    ]);
    expect(f.notCovered).toEqual([{ id: 'A2', title: 'Never asked about' }]);
    // the UNGP is always the first chapter, its principles from the questions' own numbers
    const u = report().frameworks[0]!;
    expect(u.id).toBe('ungp');
    expect(u.groups.flatMap((g) => g.items.map((i) => [i.id, i.shown, i.questions]))).toEqual([
      ['16', '75.0', ['Q1', 'Q2']],
      ['17', '50.0', ['Q2']],
    ]);
    expect(u.notCovered.map((i) => i.id)).toContain('1');
  });

  it('Markdown: a chapter per framework with items, scores, bars, the questions behind each, and the items not assessed', () => {
    const md = renderMarkdown(report());
    expect(md).toContain('- [Scores by UNGP principle](#scores-by-ungp-principle)');
    expect(md).toContain('- [Scores against Test Framework](#scores-against-test-framework)');
    const chapter = md.slice(md.indexOf('## Scores against Test Framework'), md.indexOf('## Salient'));
    expect(chapter).toContain(
      '**Test Framework** (tfw 2024; Test Publisher, First edition). Source: https:\\/\\/example.org/tfw',
    );
    expect(chapter).toContain('### Group A');
    expect(chapter).toContain('| Item | Score |  | Questions |');
    expect(chapter).toContain('| A1 Policy commitment | 75.0 | `████████░░` | Q1, Q2 |');
    expect(chapter).toContain('| B1 Assessing impacts | n/a |  | — |');
    expect(chapter).toContain('### Not assessed by these questionnaires');
    expect(chapter).toContain(
      'No question of these questionnaires references this item: the scores above say nothing about it.',
    );
    expect(chapter).toContain('- A2 Never asked about');
    // the UNGP chapter comes first and keeps its words
    expect(md.indexOf('## Scores by UNGP principle')).toBeLessThan(md.indexOf('## Scores against Test Framework'));
    expect(md).toContain('| 16. Policy commitment | 75.0 | `████████░░` | Q1, Q2 |');
    expect(md).toMatch(/^- 1\\\. State duty to protect$/m);
  });

  it('PDF: the chapter with its chart, its table and the items not assessed, tagged', async () => {
    const has = spawnSync('pdftotext', ['-v']).error === undefined;
    if (!has) return; // poppler-utils absent
    const { renderPdf } = await import('../../src/render/pdf/index.js');
    const dir = tempDir();
    const file = join(dir, 'r.pdf');
    writeFileSync(file, await renderPdf(report()));
    const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Scores against Test Framework');
    expect(text).toContain('Items and the questions behind them');
    expect(text).toMatch(/A1 Policy commitment 75\.0 Q1, Q2/);
    expect(text).toContain('Not assessed by these questionnaires');
    expect(text).toContain('A2 Never asked about');
    expect(text).toContain('Principles and the questions behind them');
    const struct = spawnSync('pdfinfo', ['-struct', file], { encoding: 'utf8' }).stdout;
    expect(struct).toMatch(/Figure/);
    expect(struct).toMatch(/Table/);
    expect(struct).toMatch(/^\s+L \(block\)\n\s+LI/m);
  }, 30_000);
});

// ------------------------------------------------------------------ hostile titles

const piece = fc.constantFrom(
  '\x1b[2J',
  '\r\n',
  '\n',
  '\u202e',
  '\u2028',
  '\ud800',
  '|',
  '<script>alert(1)</script>',
  '[x](javascript:alert(1))',
  '![i](https://evil.example/i.png)',
  '`',
  '*',
  '_',
  '#',
  '## ',
  '\n# H\n',
  '\n---\n',
  '\n| a | b |\n| --- | --- |\n',
  '~~',
  '\\',
  'https://evil.example',
  'www.evil.example',
  'a@evil.example',
  '&#x202e;',
  '-',
  '1.',
  '=',
  '>',
  '<!--',
  ' ',
  'Acme',
);
const hostile = fc.oneof(
  fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 6 }).map((xs) => xs.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

describe('the framework chapter, fed hostile titles', () => {
  it('property: framework, group and item titles and ids from a file stay text in the Markdown (no heading, table, list, link or HTML of their own)', () => {
    const want = markdownShape(renderMarkdown(report()));
    fc.assert(
      fc.property(
        fc.record({ title: hostile, publisher: hostile, url: hostile, edition: hostile, group: hostile }),
        fc.array(fc.record({ id: hostile, title: hostile }), { minLength: 4, maxLength: 4 }),
        (h, its) => {
          // distinct ids: the questions' references name the hostile ids of A1 and B1, B2
          const ids = its.map((x, i) => `${x.id}${'\u00a0'.repeat(i + 1)}`);
          const ref = { A1: ids[0]!, A2: ids[1]!, B1: ids[2]!, B2: ids[3]! };
          const fw = framework({
            title: h.title,
            publisher: h.publisher,
            source: { url: h.url, edition: h.edition },
            groups: [
              { id: 'a', title: h.group },
              { id: 'b', title: `${h.group}\u00a0` },
            ],
            items: [
              { id: ref.A1, title: its[0]!.title, group: 'a' },
              { id: ref.A2, title: its[1]!.title, group: 'a' },
              { id: ref.B1, title: its[2]!.title, group: 'b' },
              { id: ref.B2, title: its[3]!.title, group: 'b' },
            ],
          });
          const saved = { ...REFS };
          Object.assign(REFS, { Q1: [ref.A1], Q2: [ref.A1], Q3: [ref.B1], Q4: [ref.B2] });
          try {
            const md = renderMarkdown(report(fw));
            expect(md).not.toMatch(RAW);
            const got = markdownShape(md);
            expect(got.html).toEqual([]);
            // the only links are the table of contents' own, to anchors
            expect(got.hrefs.length).toBe(want.hrefs.length);
            for (const l of got.hrefs) expect(l).toMatch(/^#[\p{L}\p{M}\p{N}_-]*$/u);
            expect(got.blocks).toEqual(want.blocks);
            expect(got.headings).toEqual(want.headings);
            expect(got.tables).toEqual(want.tables);
            expect(got.lists).toEqual(want.lists);
          } finally {
            Object.assign(REFS, saved);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('hrdd coverage Markdown, fed hostile titles', () => {
  it('property: framework, group and item titles, ids, edition and source stay text (no heading, table, list, link or HTML of their own)', () => {
    const coverageOf = (fw: FrameworkInfo, refs: Record<string, string[]>) =>
      renderCoverageMarkdown(
        buildCoverage(
          fw,
          qs,
          new Map([[qs[0]!, new Map(Object.entries(refs).map(([q, items]) => [q, new Map([[fw.id, items]])]))]]),
        ),
      );
    const want = markdownShape(coverageOf(framework(), REFS));
    // A1 (Q1, Q2) in group a; B1 (Q3) and B2 (Q4) in group b; A2 not covered
    expect(want.tables).toEqual([
      [2, 1],
      [2, 2],
    ]);
    expect(want.lists).toEqual([1]);
    fc.assert(
      fc.property(
        fc.record({ title: hostile, publisher: hostile, url: hostile, edition: hostile, group: hostile }),
        fc.array(fc.record({ id: hostile, title: hostile }), { minLength: 4, maxLength: 4 }),
        (h, its) => {
          const ids = its.map((x, i) => `${x.id}${'\u00a0'.repeat(i + 1)}`);
          const fw = framework({
            title: h.title,
            publisher: h.publisher,
            source: { url: h.url, edition: h.edition },
            groups: [
              { id: 'a', title: h.group },
              { id: 'b', title: `${h.group}\u00a0` },
            ],
            items: its.map((x, i) => ({ id: ids[i]!, title: x.title, group: i < 2 ? 'a' : 'b' })),
          });
          const md = coverageOf(fw, { Q1: [ids[0]!], Q2: [ids[0]!], Q3: [ids[2]!], Q4: [ids[3]!] });
          expect(md).not.toMatch(RAW);
          const got = markdownShape(md);
          expect(got.html).toEqual([]);
          expect(got.links).toEqual([]);
          expect(got.blocks).toEqual(want.blocks);
          expect(got.headings).toEqual(want.headings);
          expect(got.tables).toEqual(want.tables);
          expect(got.lists).toEqual(want.lists);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
