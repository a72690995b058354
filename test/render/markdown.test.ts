import { bundledUngp } from '../helpers.js';
import { describe, expect, it } from 'vitest';
import { buildReportModel } from '../../src/core/report-model.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { mdInline } from '../../src/render/inert.js';
import { answers, question as Q, questionnaireOf as QN } from '../core/score-helpers.js';
import { scoreAssessment } from '../../src/core/score.js';
import { loadBytes } from '../../src/core/load.js';
import type { Questionnaire } from '../../src/core/model.js';

const gate = Q('G', {
  weight: 0,
  text: 'Do you sell spyware?',
  options: [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ],
});

function reportOf(qs: Questionnaire[], a: Record<string, unknown>, redact = false, extra = '') {
  const answersText = `schema: hrdd/answers@1\norganisation: "Acme | <Telecom>"\nassessor: Jane Roe\n${extra}questionnaires: [x]\nanswers: {}\n`;
  const loaded = loadBytes(Buffer.from(answersText), 'a.yaml', 'abc');
  const ans = { ...loaded.answers!, answers: answers(a) };
  const result = scoreAssessment(qs, ans.answers);
  const inputs = {
    answers: { path: '/home/jane.roe/assessments/a.yaml', sha256: 'abc' },
    questionnaires: qs.map((q) => ({ id: q.id, version: q.version, sha256: q.sha256 })),
  };
  const model = buildReportModel(qs, ans, result, inputs, {
    redact,
    today: '2026-01-02',
    tool: { name: 'hrdd', version: '0.0.0' },
    frameworks: [bundledUngp()],
  });
  return { model, md: renderMarkdown(model) };
}

const crit = {
  critical: true,
  recommendation: 'Adopt a policy. Then publish it.',
  options: [
    { value: 'a', label: 'Adopted', score: 1 },
    { value: 'c', label: 'None', score: 0 },
  ],
};
const m = () =>
  QN('m', [
    {
      id: 'core',
      questions: [gate, Q('C1', crit), Q('Q2', { when: { question: 'G', equals: 'yes' } }), Q('Q3'), Q('Q4'), Q('Q5')],
    },
  ]);

describe('report model and Markdown', () => {
  it('puts red flags first, the action plan by priority, and unanswered questions apart', () => {
    const { model, md } = reportOf([m()], {
      G: 'no',
      C1: 'c',
      Q3: 'b',
      Q4: { value: 'n', note: 'We sell no hardware.' },
      Q5: { skipped: true },
    });
    // C1 = 0 (critical, red flag), Q3 = 0.5, Q4 N/A, Q5 skipped → 100 × 0.5 / 3 = 16.7
    expect(model.summary.overall.shown).toBe('16.7');
    expect(model.summary.redFlags.map((f) => f.id)).toEqual(['C1']);
    expect(model.actions.map((a) => [a.rank, a.id])).toEqual([
      [1, 'C1'],
      [2, 'Q3'],
    ]);
    expect(model.notYetAssessed.map((p) => [p.id, p.state])).toEqual([['Q5', 'skipped']]);
    expect(model.appendix.method.scopedOut).toEqual([{ id: 'Q2', text: 'Q2?', because: 'asked only when G is "yes"' }]);
    expect(model.appendix.method.notApplicable).toEqual([{ id: 'Q4', text: 'Q4?', reason: 'We sell no hardware.' }]);
    expect(model.appendix.method.profile).toEqual([{ id: 'G', text: 'Do you sell spyware?', answer: 'No' }]);
    expect(model.summary.topGaps[0]!.sentence).toBe('Adopt a policy (C1, critical): +33.3 points.');
    expect(md.indexOf('Red flags (1)')).toBeLessThan(md.indexOf('## Action plan'));
    expect(md).toContain('### 1. C1 (critical): C1?');
    expect(md).toContain('- **Current answer:** None (score 0)');
    expect(md).toContain('| **Q5** Q5? | m › core | Skipped | +33.3 points |');
    expect(md).toContain('- **Status:** Provisional (66% complete)');
    expect(md).toContain('Acme \\| \\<Telecom\\>');
  });

  it('--redact leaves out notes, evidence and people, but keeps N/A reasons', () => {
    const a = {
      G: 'no',
      C1: { value: 'c', note: 'SECRET-NOTE', evidence: ['secret.pdf'] },
      Q3: 'a',
      Q4: { value: 'n', note: 'Out of scope: no hardware.' },
      Q5: 'a',
    };
    const open = reportOf([m()], a).md;
    expect(open).toContain('SECRET-NOTE');
    expect(open).toContain('Jane Roe');
    const { md, model } = reportOf([m()], a, true);
    expect(md).not.toContain('SECRET-NOTE');
    expect(md).not.toContain('secret.pdf');
    expect(md).not.toContain('Jane Roe');
    expect(md).not.toContain('jane.roe');
    expect(open).toContain('/home/jane.roe/assessments/a.yaml');
    expect(model.meta.assessor).toBeUndefined();
    expect(md).toContain('Out of scope: no hardware.');
  });

  it('a complete assessment says so and uses the answers file date', () => {
    const { md } = reportOf([m()], { G: 'no', C1: 'a', Q3: 'a', Q4: 'a', Q5: 'a' }, false, 'date: 2026-03-04\n');
    expect(md).toContain('- **Status:** Complete');
    expect(md).toContain('- **Date:** 2026-03-04');
    expect(md).toContain('No gaps among the answered questions.');
  });

  it('escapes Markdown in user text', () => {
    expect(mdInline('a|b *c* [d](e) <script>\nnext')).toBe('a\\|b \\*c\\* \\[d\\](e) \\<script\\> next');
  });
});
