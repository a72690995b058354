import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run, tempDir } from '../helpers.js';

const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0;
if (!hasPoppler) console.warn('poppler-utils (pdftotext, pdfinfo, pdffonts) is not installed: the PDF content tests are skipped');
const tool = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout;

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
    note: "مرحبا بالعالم and 人权尽职调查 SECRET-NOTE"
    evidence: ["docs/证据-SECRET.pdf"]
`;

describe.skipIf(!hasPoppler)('the PDF report', () => {
  const dir = tempDir({ 'q.yaml': questionnaire, 'u.yaml': answers });
  const pdf = (out: string, ...extra: string[]) => {
    const r = run(['report', 'u.yaml', '--format', 'pdf', '--out', out, ...extra], { cwd: dir });
    expect(r.code).toBe(0);
    return join(dir, out, 'u.pdf');
  };
  const a = pdf('a');

  it('renders Polish, Greek, Cyrillic, Arabic and CJK text with embedded, subsetted fonts', () => {
    const text = tool('pdftotext', a, '-');
    expect(text).toContain('Zażółć gęślą jaźń Telecom Ελληνικά Кириллица');
    expect(text).toContain('Иван Петров');
    expect(text).toContain('مرحبا بالعالم');
    expect(text).toContain('人权尽职调查');
    const fonts = tool('pdffonts', a).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('has the report content: score, red flag, action plan, heat map, page numbers', () => {
    const text = tool('pdftotext', a, '-');
    // Q1 scores 0.4 (a red flag: critical, below 0.5), Q2 is unanswered: 100 × (0.4 + 0) / 2 = 20.0
    expect(text).toContain('Overall score 20.0 / 100 — Initial.');
    expect(text).toContain('Red flags (1)');
    expect(text).toContain('Adopt a policy at board level.');
    expect(text).toContain('Not yet assessed');
    expect(text).toMatch(/Q2 Is it public\?/);
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text).toContain('No salience assessment was answered.');
  });

  it('is tagged, titled and has bookmarks', () => {
    const info = tool('pdfinfo', a);
    expect(info).toMatch(/Title:\s+Human rights due diligence gap report: Zażółć/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Author:\s+Иван Петров/);
    expect(readFileSync(a).includes(Buffer.from('/Outlines'))).toBe(true);
  });

  it('is reproducible: the same inputs give the same bytes', () => {
    expect(readFileSync(pdf('b'))).toEqual(readFileSync(a));
  });

  it('--redact leaves no notes, evidence or names in the text or metadata', () => {
    const r = pdf('r', '--redact');
    const text = tool('pdftotext', r, '-') + tool('pdfinfo', r);
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('Иван');
    expect(text).toContain('redacted');
  });

  it('renders the bundled example end to end', () => {
    const out = tempDir();
    expect(run(['report', join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'), '--format', 'pdf', '--out', out]).code).toBe(0);
    const text = tool('pdftotext', join(out, 'kestrel-telecom.pdf'), '-');
    expect(text).toContain('Red flags (1)');
    expect(text).toContain('EMB-13');
    expect(text).toContain('Appendix C: inputs');
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text).toContain('Likelihood 4');
  });
});
