import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Comparison, Delta } from '../../src/core/compare.js';
import type { ReportModel } from '../../src/core/report-model.js';
import { roundToTenth } from '../../src/core/score.js';
import { renderCompareMarkdown, renderCompareText } from '../../src/render/compare.js';
import { fmtScore as shownScore, shownDelta } from '../../src/render/format.js';
import { paintFor } from '../../src/render/paint.js';
import { renderComparePdf } from '../../src/render/pdf/compare.js';
import { tempDir } from '../helpers.js';

// any score, and scores at and around the rounding boundaries of one decimal
const score = fc.oneof(
  fc.double({ min: 0, max: 100, noNaN: true }),
  fc
    .tuple(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(-0.05, 0.05, 0.049999, -0.049999, 0.050001, 0))
    .map(([t, e]) => t / 10 + e)
    .filter((x) => x >= 0 && x <= 100),
);
const delta = fc
  .record({ before: fc.option(score, { nil: null }), after: fc.option(score, { nil: null }) })
  .map(({ before, after }): Delta => ({
    before,
    after,
    delta: before === null || after === null ? null : after - before,
  }));

/** "+1.3" / "−0.2" / "n/a" as a number of tenths. */
const tenths = (s: string) => (s === 'n/a' ? null : Math.round(Number(s.replace('−', '-')) * 10));
const shownTenths = (x: number | null) => (x === null ? null : Math.round(roundToTenth(x) * 10));
const expectConsistent = (before: string, after: string, change: string) => {
  const b = before === 'n/a' ? null : Math.round(Number(before) * 10);
  const a = after === 'n/a' ? null : Math.round(Number(after) * 10);
  expect(tenths(change)).toBe(a === null || b === null ? null : a - b);
};

function comparison(overall: Delta, sections: Delta[]): Comparison {
  return {
    schema: 'hrdd/compare@1',
    before: { label: 'before', questionnaires: [] },
    after: { label: 'after', questionnaires: [] },
    versionChanges: [],
    overall: { ...overall, maturityBefore: null, maturityAfter: null },
    questionnaires: [
      {
        id: 'q',
        title: 'Q',
        versionBefore: '1',
        versionAfter: '1',
        ...overall,
        sections: sections.map((s, i) => ({ id: `s${i}`, title: `S${i}`, ...s })),
      },
    ],
    principles: Object.fromEntries(sections.map((s, i) => [String(i + 11), s])),
    closedGaps: [],
    newGaps: [],
    redFlags: { resolved: [], new: [], open: [] },
    salience: [],
    changedAnswers: [],
    addedQuestions: [],
    removedQuestions: [],
  };
}
const after = { meta: { organisation: 'Acme' }, actions: [] } as unknown as ReportModel;

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;

describe('compare: a change shown is the difference of the values shown', () => {
  it('the hand-picked case: 10.04 → 10.16 shows 10.0 → 10.2 and +0.2 (the rounded delta, 0.12, would show +0.1)', () => {
    expect(shownDelta({ before: 10.04, after: 10.16 })).toBe('+0.2');
    expect(shownDelta({ before: 10.16, after: 10.04 })).toBe('−0.2');
    expect(shownDelta({ before: 50, after: 50 })).toBe('+0.0');
    expect(shownDelta({ before: null, after: 50 })).toBe('n/a');
  });

  it('property: shownDelta = roundToTenth(after) − roundToTenth(before), one decimal', () => {
    fc.assert(
      fc.property(delta, (d) => {
        const b = shownTenths(d.before);
        const a = shownTenths(d.after);
        expect(tenths(shownDelta(d))).toBe(a === null || b === null ? null : a - b);
        expectConsistent(shownScore(d.before), shownScore(d.after), shownDelta(d));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: every row of the Markdown and the text shows a change equal to the difference of its shown values', () => {
    fc.assert(
      fc.property(delta, fc.array(delta, { minLength: 1, maxLength: 5 }), (overall, sections) => {
        const c = comparison(overall, sections);
        const md = renderCompareMarkdown(c, after);
        const rows = [...md.matchAll(/^\| [^|]+ \| (n\/a|\d+\.\d) \| (n\/a|\d+\.\d) \| (n\/a|[+−]\d+\.\d) \|/gm)];
        expect(rows).toHaveLength(1 + sections.length * 2); // the module, its sections, the principles
        for (const r of rows) expectConsistent(r[1]!, r[2]!, r[3]!);
        const head = /\*\*Overall: (n\/a|\d+\.\d) → (n\/a|\d+\.\d) \((n\/a|[+−]\d+\.\d)\)\*\*/.exec(md)!;
        expectConsistent(head[1]!, head[2]!, head[3]!);
        const text = renderCompareText(c, paintFor(false));
        const lines = [...text.matchAll(/(n\/a|\d+\.\d) → +(n\/a|\d+\.\d) +\(?(n\/a|[+−]\d+\.\d)/g)];
        expect(lines).toHaveLength(2 + sections.length); // overall, the module, its sections
        for (const l of lines) expectConsistent(l[1]!, l[2]!, l[3]!);
      }),
      { numRuns: 300 },
    );
  });

  it.skipIf(!hasPdftotext)('the PDF shows the same change as the text and the Markdown', async () => {
    const d: Delta = { before: 10.04, after: 10.16, delta: 10.16 - 10.04 };
    const model = {
      meta: { organisation: 'Acme', date: '2026-01-02', language: 'en', tool: { name: 'hrdd', version: '0' } },
      actions: [],
      summary: { redFlags: [] },
    } as unknown as ReportModel;
    const pdf = join(tempDir(), 'c.pdf');
    writeFileSync(pdf, await renderComparePdf(comparison(d, [d]), model));
    const text = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('10.0 → 10.2 (+0.2)'); // the cover's overall score
    expect(text).toContain('Q: 10.0 → 10.2 (+0.2)'); // the module's heading
    expect(text).toMatch(/Module: after\s+10\.2 \+0\.2/); // the chart's note
    expect(text).not.toContain('+0.1');
  });
});
