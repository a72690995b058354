// Branding texts (title, prepared by/for, confidentiality) come from the command line or a brand
// file: hostile like any text from a file, they reach the reports only through the sinks.
import fc from 'fast-check';
import { marked, type Token } from 'marked';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScored } from '../../src/commands/common.js';
import { reportModelOf } from '../../src/commands/common.js';
import { mdInline, pdfLine } from '../../src/render/inert.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderPdf } from '../../src/render/pdf/index.js';
import { infoStrings, RAW, shownStrings, xmpOf } from '../inert-consumers.js';
import { XMLValidator } from 'fast-xml-parser';
import { ROOT } from '../helpers.js';

const scored = loadScored(join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'), { cwd: ROOT, stderr: () => {} });
const model = reportModelOf(scored, { now: () => new Date('2026-11-30T00:00:00Z') }, false);

const piece = fc.constantFrom(
  '\n',
  '\r',
  '\t',
  '\x1b[31m',
  '\u202e',
  '\ud800',
  '<script>',
  '</a>',
  '<br>',
  '![x](http://evil.example/x.png)',
  '[x](javascript:alert(1))',
  'https://evil.example',
  '`',
  '*',
  '_',
  '#',
  '|',
  '\\',
  '-',
  '1.',
  '=',
  '>',
  '"',
  ' ',
  'é',
  '人权',
  'مرحبا',
  'Acme',
  '](#executive-summary)',
);
const hostile = fc
  .array(fc.oneof(piece, fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 8 })
  .map((xs) => xs.join(''));
// a marking that escapes to nothing is left out (tested below): the shape then has one block less
const brand = fc.record({
  title: hostile,
  preparedBy: hostile,
  preparedFor: hostile,
  confidential: hostile.filter((x) => mdInline(x) !== ''),
});

function shape(md: string) {
  const tokens = marked.lexer(md);
  const inline: Token[] = [];
  marked.walkTokens(tokens, (t) => {
    inline.push(t);
  });
  return {
    blocks: tokens.filter((t) => t.type !== 'space').map((t) => t.type),
    links: inline.filter((t) => t.type === 'link' || t.type === 'image').map((t) => t.raw),
    html: inline.filter((t) => t.type === 'html' && t.raw !== '<br>').map((t) => t.raw),
  };
}

describe('branding texts, hostile', () => {
  const benign = { title: 'T', preparedBy: 'B', preparedFor: 'F', confidential: 'C' };
  const want = {
    report: shape(renderMarkdown(model, { brand: benign, logoFile: 'k.logo.png' })),
    summary: shape(renderMarkdown(model, { brand: benign, summary: true })),
  };

  it('property: the Markdown keeps its shape; its only links are the logo and the contents', () => {
    expect(want.report.links.filter((l) => !l.includes('](#'))).toEqual(['![Logo](k.logo.png)']);
    fc.assert(
      fc.property(brand, (b) => {
        for (const [md, w] of [
          [renderMarkdown(model, { brand: b, logoFile: 'k.logo.png' }), want.report],
          [renderMarkdown(model, { brand: b, summary: true }), want.summary],
        ] as const) {
          expect(md).not.toMatch(RAW);
          const got = shape(md);
          expect(got.blocks).toEqual(w.blocks);
          expect(got.links).toEqual(w.links);
          expect(got.html).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a marking that is only white space is left out (not `****`, a thematic break)', () => {
    const md = renderMarkdown(model, { brand: { confidential: '\n\t' } });
    expect(md.startsWith('# Human rights due diligence gap report: Kestrel Telecom\n')).toBe(true);
  });

  it('property: the PDF metadata and drawn text are inert', async () => {
    await fc.assert(
      fc.asyncProperty(brand, async (b) => {
        const pdf = Buffer.from(await renderPdf(model, { brand: b, summary: true }));
        const info = infoStrings(pdf);
        expect(info['Title']).toBe(pdfLine(`${b.title}: ${model.meta.organisation}`));
        if (b.preparedBy) expect(info['Author']).toBe(pdfLine(b.preparedBy));
        for (const v of Object.values(info)) expect(v).not.toMatch(RAW);
        expect(XMLValidator.validate(xmpOf(pdf))).toBe(true);
        for (const t of shownStrings(pdf)) expect(t).not.toMatch(RAW);
      }),
      { numRuns: 3 },
    );
  });
});
