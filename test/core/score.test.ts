import { describe, expect, it } from 'vitest';
import { DEFAULT_BANDS } from '../../src/core/model.js';
import { maturityLabelOf, roundToTenth } from '../../src/core/score.js';
import { question as Q, questionnaireOf as QN, score } from './score-helpers.js';

const gate = Q('G', {
  weight: 0,
  options: [
    { value: 'yes', label: 'Y' },
    { value: 'no', label: 'N' },
  ],
});

describe('section, questionnaire and overall scores', () => {
  it('a section is the weighted mean of its included questions', () => {
    const r = score([QN('m', [{ id: 's', questions: [Q('Q1', { weight: 2 }), Q('Q2')] }])], { Q1: 'a', Q2: 'b' });
    // 100 × (2·1 + 1·0.5) / (2 + 1) = 83.333…
    expect(r.questionnaires[0]!.sections[0]!.score).toBeCloseTo(83.3333333, 6);
    expect(r.overall.score).toBeCloseTo(83.3333333, 6);
  });

  it('weighted sections and questionnaires', () => {
    const m1 = QN(
      'm1',
      [
        { id: 's1', weight: 3, questions: [Q('A1')] },
        { id: 's2', questions: [Q('A2')] },
      ],
      { weight: 2 },
    );
    const m2 = QN('m2', [{ id: 't', questions: [Q('B1')] }]);
    const r = score([m1, m2], { A1: 'a', A2: 'c', B1: 'b' });
    // m1 = (3·100 + 1·0) / 4 = 75; m2 = 50; overall = (2·75 + 1·50) / 3 = 66.666…
    expect(r.questionnaires[0]!.score).toBe(75);
    expect(r.questionnaires[1]!.score).toBe(50);
    expect(r.overall.score).toBeCloseTo(66.6666667, 6);
  });

  it('N/A is left out; a section with nothing included is null and drops out of the mean', () => {
    const r = score(
      [
        QN('m', [
          { id: 's1', questions: [Q('Q1'), Q('Q2')] },
          { id: 's2', questions: [Q('Q3')] },
        ]),
      ],
      { Q1: 'n', Q2: 'b', Q3: 'n' },
    );
    // s1 = 100 × 0.5 / 1 = 50 (Q1 excluded); s2 has no terms: null; questionnaire = 50
    expect(r.questionnaires[0]!.sections.map((s) => s.score)).toEqual([50, null]);
    expect(r.questionnaires[0]!.sections[1]!.maturityLabel).toBeNull();
    expect(r.overall.score).toBe(50);
  });

  it('weight 0 at question, section or questionnaire level means unscored', () => {
    const m = QN('m', [
      {
        id: 's1',
        questions: [
          Q('Q1'),
          Q('Q0', {
            weight: 0,
            options: [
              { value: 'a', label: 'A' },
              { value: 'c', label: 'C' },
            ],
          }),
        ],
      },
      { id: 's0', weight: 0, questions: [Q('S0')] },
    ]);
    const zero = QN('z', [{ id: 's', questions: [Q('Z1')] }], { weight: 0 });
    const r = score([m, zero], { Q1: 'a', Q0: 'c', S0: 'c', Z1: 'c' });
    // only Q1 counts: 100
    expect(r.overall.score).toBe(100);
    expect(r.questionnaires[1]!.score).toBeNull();
    expect(r.gaps).toEqual([]);
  });

  it('a mean with no terms is null, with a null maturity', () => {
    const r = score([QN('m', [{ id: 's', questions: [Q('Q1')] }])], { Q1: 'n' });
    expect(r.overall).toMatchObject({ score: null, maturityLabel: null, maturityCapped: false });
    expect(r.completion.ratio).toBeNull();
  });

  it('multiple: the sum of chosen scores, capped at 1; [] scores 0', () => {
    const opts = {
      type: 'multiple',
      options: [
        { value: 'x', label: 'X', score: 0.6 },
        { value: 'y', label: 'Y', score: 0.6 },
        { value: 'z', label: 'Z', score: 0.3 },
      ],
    };
    const m = QN('m', [{ id: 's', questions: [Q('M1', opts), Q('M2', opts), Q('M3', opts)] }]);
    const r = score([m], { M1: ['x', 'y'], M2: [], M3: ['z'] });
    // M1 = min(1, 1.2) = 1; M2 = 0 (answered); M3 = 0.3 → 100 × 1.3 / 3
    expect(r.questions.map((x) => x.score)).toEqual([1, 0, 0.3]);
    expect(r.completion).toMatchObject({ answered: 3, included: 3 });
    expect(r.overall.score).toBeCloseTo(43.3333333, 6);
  });

  it('unanswered and skipped questions score 0 and count as unanswered', () => {
    const r = score([QN('m', [{ id: 's', questions: [Q('Q1'), Q('Q2'), Q('Q3'), Q('Q4')] }])], {
      Q1: 'a',
      Q2: { skipped: true },
      Q3: { value: null },
    });
    // 100 × 1 / 4 = 25; completion 1 / 4
    expect(r.overall.score).toBe(25);
    expect(r.completion).toEqual({ answered: 1, included: 4, pending: 0, ratio: 0.25, carried: 0 });
    expect(r.gaps.map((g) => [g.question.id, g.answered])).toEqual([
      ['Q2', false],
      ['Q3', false],
      ['Q4', false],
    ]);
  });

  it('shown scores round halves up; 59.99999999999999 shows and bands as 60.0', () => {
    expect(roundToTenth(59.99999999999999)).toBe(60);
    expect(roundToTenth(62.25)).toBe(62.3);
    const opts = {
      options: [
        { value: 'p', label: 'P', score: 0.6 },
        { value: 'q', label: 'Q', score: 0 },
      ],
    };
    const r = score([QN('m', [{ id: 's', questions: [Q('Q1', opts), Q('Q2', opts), Q('Q3', opts)] }])], {
      Q1: 'p',
      Q2: 'p',
      Q3: 'p',
    });
    expect(r.overall.score).toBe(59.99999999999999); // 100 × 1.8 / 3 in floating point
    expect(r.overall.maturityLabel).toBe('Established'); // banded by the shown 60.0
  });

  it('custom bands apply to a questionnaire and its sections; the overall uses the defaults', () => {
    const m = QN('m', [{ id: 's', questions: [Q('Q1'), Q('Q2')] }], {
      maturity: [
        { min: 0, label: 'Low' },
        { min: 50, label: 'High' },
      ],
    });
    const r = score([m], { Q1: 'a', Q2: 'c' });
    expect(r.questionnaires[0]!.maturityLabel).toBe('High');
    expect(r.questionnaires[0]!.sections[0]!.maturityLabel).toBe('High');
    expect(r.overall.maturityLabel).toBe('Developing');
  });
});

describe('conditions', () => {
  it('a hidden question is not asked, scored or a gap', () => {
    const m = QN('m', [{ id: 's', questions: [gate, Q('Q1', { when: { question: 'G', equals: 'yes' } }), Q('Q2')] }]);
    const r = score([m], { G: 'no', Q1: 'a', Q2: 'b' });
    expect(r.questions[1]!.visibility).toBe('hidden');
    expect(r.overall.score).toBe(50); // only Q2
    expect(r.gaps.map((g) => g.question.id)).toEqual(['Q2']);
  });

  it('a question waiting on an unanswered gate is pending and counts against completion', () => {
    const m = QN('m', [{ id: 's', questions: [gate, Q('Q1', { when: { question: 'G', equals: 'yes' } }), Q('Q2')] }]);
    const r = score([m], { Q2: 'a' });
    expect(r.questions[1]!.visibility).toBe('pending');
    expect(r.overall.score).toBe(100); // pending is not scored
    expect(r.completion).toEqual({ answered: 1, included: 1, pending: 1, ratio: 0.5, carried: 0 });
  });

  it('answered: false is true while the gate is unanswered, and never unknown', () => {
    const m = QN('m', [{ id: 's', questions: [gate, Q('Q1', { when: { question: 'G', answered: false } })] }]);
    expect(score([m], {}).questions[1]!.visibility).toBe('visible');
    expect(score([m], { G: 'yes' }).questions[1]!.visibility).toBe('hidden');
  });

  it('not over an unanswered question is unknown (pending); all/any follow Kleene logic', () => {
    const cases: Array<[unknown, Record<string, unknown>, string]> = [
      [{ not: { question: 'G', equals: 'yes' } }, {}, 'pending'],
      [{ not: { question: 'G', equals: 'yes' } }, { G: 'no' }, 'visible'],
      [
        {
          all: [
            { question: 'G', equals: 'yes' },
            { question: 'H', equals: 'yes' },
          ],
        },
        { H: 'no' },
        'hidden',
      ],
      [
        {
          all: [
            { question: 'G', equals: 'yes' },
            { question: 'H', equals: 'yes' },
          ],
        },
        { H: 'yes' },
        'pending',
      ],
      [
        {
          any: [
            { question: 'G', equals: 'yes' },
            { question: 'H', equals: 'yes' },
          ],
        },
        { H: 'yes' },
        'visible',
      ],
      [
        {
          any: [
            { question: 'G', equals: 'yes' },
            { question: 'H', equals: 'yes' },
          ],
        },
        { H: 'no' },
        'pending',
      ],
      [{ question: 'G', in: ['yes', 'no'] }, { G: 'no' }, 'visible'],
    ];
    const h = Q('H', {
      weight: 0,
      options: [
        { value: 'yes', label: 'Y' },
        { value: 'no', label: 'N' },
      ],
    });
    for (const [when, a, expected] of cases) {
      const m = QN('m', [{ id: 's', questions: [gate, h, Q('Q1', { when })] }]);
      expect([when, a, score([m], a).questions[2]!.visibility]).toEqual([when, a, expected]);
    }
  });

  it('a condition on a hidden question is false; on a pending one unknown', () => {
    const m = QN('m', [
      {
        id: 's',
        questions: [
          gate,
          Q('H', {
            weight: 0,
            when: { question: 'G', equals: 'yes' },
            options: [
              { value: 'yes', label: 'Y' },
              { value: 'no', label: 'N' },
            ],
          }),
          Q('Q1', { when: { question: 'H', equals: 'yes' } }),
        ],
      },
    ]);
    expect(score([m], { G: 'no', H: 'yes' }).questions[2]!.visibility).toBe('hidden'); // H hidden: its stored answer is ignored
    expect(score([m], { H: 'yes' }).questions[2]!.visibility).toBe('pending');
  });

  it('equals on a multiple tests membership', () => {
    const roles = Q('R', {
      type: 'multiple',
      weight: 0,
      options: [
        { value: 'op', label: 'Op' },
        { value: 'dev', label: 'Dev' },
      ],
    });
    const m = QN('m', [{ id: 's', questions: [roles, Q('Q1', { when: { question: 'R', equals: 'dev' } })] }]);
    expect(score([m], { R: ['op', 'dev'] }).questions[1]!.visibility).toBe('visible');
    expect(score([m], { R: ['op'] }).questions[1]!.visibility).toBe('hidden');
    expect(score([m], { R: [] }).questions[1]!.visibility).toBe('hidden');
  });
});

describe('red flags and the maturity cap', () => {
  it('an open red flag caps the label at the middle band, the score unchanged', () => {
    const qs = Array.from({ length: 9 }, (_, i) => Q(`Q${i}`));
    const m = QN('m', [
      {
        id: 's1',
        questions: [
          Q('C', {
            critical: true,
            options: [
              { value: 'a', label: 'A', score: 1 },
              { value: 'w', label: 'W', score: 0.4 },
            ],
          }),
          ...qs,
        ],
      },
      { id: 's2', questions: [Q('X')] },
    ]);
    const a: Record<string, unknown> = { C: 'w', X: 'a' };
    qs.forEach((_, i) => (a[`Q${i}`] = 'a'));
    const r = score([m], a);
    // s1 = 100 × (0.4 + 9) / 10 = 94 → Leading, capped to Developing; s2 = 100, not capped
    expect(r.redFlags).toEqual(['C']);
    expect(r.questionnaires[0]!.sections[0]).toMatchObject({
      score: 94,
      maturityLabel: 'Developing',
      maturityCapped: true,
    });
    expect(r.questionnaires[0]!.sections[1]).toMatchObject({
      score: 100,
      maturityLabel: 'Leading',
      maturityCapped: false,
    });
    expect(r.questionnaires[0]).toMatchObject({ score: 97, maturityLabel: 'Developing', maturityCapped: true });
    expect(r.overall).toMatchObject({ score: 97, maturityLabel: 'Developing', maturityCapped: true });
  });

  it('the cap does not apply below the middle band, and 0.5 is not a red flag', () => {
    expect(maturityLabelOf(30, DEFAULT_BANDS, true)).toEqual({ maturityLabel: 'Initial', maturityCapped: false });
    expect(maturityLabelOf(45, DEFAULT_BANDS, true)).toEqual({ maturityLabel: 'Developing', maturityCapped: false });
    const m = QN('m', [
      {
        id: 's',
        questions: [
          Q('C', {
            critical: true,
            options: [
              { value: 'a', label: 'A', score: 1 },
              { value: 'b', label: 'B', score: 0.5 },
            ],
          }),
        ],
      },
    ]);
    expect(score([m], { C: 'b' }).redFlags).toEqual([]);
    expect(score([m], {}).redFlags).toEqual(['C']); // unanswered counts
  });
});

describe('gaps: impact, priority, ties', () => {
  it('impact is the overall points recovered; priority doubles for critical questions', () => {
    const m1 = QN('m1', [
      { id: 's1', questions: [Q('A', { weight: 3 }), Q('B')] },
      {
        id: 's2',
        questions: [
          Q('C', {
            critical: true,
            options: [
              { value: 'a', label: 'A', score: 1 },
              { value: 'c', label: 'C', score: 0 },
            ],
          }),
        ],
      },
    ]);
    const m2 = QN('m2', [{ id: 't', questions: [Q('D')] }]);
    const r = score([m1, m2], { A: 'b', B: 'a', C: 'c', D: 'a' });
    // A: 100 × 0.5 × 3/4 × 1/2 × 1/2 = 9.375; C: 100 × 1 × 1/1 × 1/2 × 1/2 = 25, priority 50
    const byId = Object.fromEntries(r.gaps.map((g) => [g.question.id, g]));
    expect(byId['A']!.impact).toBeCloseTo(9.375, 9);
    expect(byId['C']!.impact).toBeCloseTo(25, 9);
    expect(byId['C']!.priority).toBeCloseTo(50, 9);
    expect(r.gaps.map((g) => g.question.id)).toEqual(['C', 'A']);
    // recovering every gap gives 100: overall + Σ impact = 100
    expect(r.overall.score! + r.gaps.reduce((s, g) => s + g.impact, 0)).toBeCloseTo(100, 9);
  });

  it('salience severity of a tagged issue raises priority by (1 + severity/4)', () => {
    const sal = (dim: string, id: string) =>
      Q(id, {
        weight: 0,
        salience: { issue: 'privacy', dimension: dim },
        options: [1, 2, 3, 4].map((v) => ({ value: v, label: String(v) })),
      });
    const m = QN('m', [
      {
        id: 's',
        questions: [
          Q('P', { tags: ['privacy'] }),
          Q('O', { tags: ['other'] }),
          sal('scale', 'S1'),
          sal('scope', 'S2'),
          sal('likelihood', 'S3'),
        ],
      },
    ]);
    const r = score([m], { P: 'c', O: 'c', S1: 2, S2: 3, S3: 4 });
    // impact of each = 100 × 1 × 1/2 = 50; severity of privacy = max(2, 3) = 3 → P priority 50 × 1.75
    expect(r.salience).toEqual([
      { issue: 'privacy', severity: 3, likelihood: 4, scale: 2, scope: 3, remediability: null },
    ]);
    const byId = Object.fromEntries(r.gaps.map((g) => [g.question.id, g]));
    expect(byId['P']!.priority).toBeCloseTo(87.5, 9);
    expect(byId['O']!.priority).toBeCloseTo(50, 9);
    expect(r.gaps[0]!.question.id).toBe('P');
  });

  it('salience is ranked by severity, then likelihood, then first appearance; hidden ratings do not count', () => {
    const sal = (issue: string, dim: string, extra: Record<string, unknown> = {}) =>
      Q(`${issue}-${dim}`, {
        weight: 0,
        salience: { issue, dimension: dim },
        options: [1, 2, 3, 4].map((v) => ({ value: v, label: String(v) })),
        ...extra,
      });
    const m = QN('m', [
      {
        id: 's',
        questions: [
          gate,
          sal('a', 'scale'),
          sal('b', 'scale'),
          sal('b', 'likelihood'),
          sal('c', 'likelihood'),
          sal('d', 'scale', { when: { question: 'G', equals: 'yes' } }),
          sal('e', 'scale'),
        ],
      },
    ]);
    const r = score([m], {
      G: 'no',
      'a-scale': 2,
      'b-scale': 2,
      'b-likelihood': 3,
      'c-likelihood': 4,
      'd-scale': 4,
      'e-scale': 4,
    });
    expect(r.salience.map((i) => [i.issue, i.severity, i.likelihood])).toEqual([
      ['e', 4, null],
      ['b', 2, 3],
      ['a', 2, null],
      ['c', null, 4],
    ]);
  });

  it('a `name` question labels its issue with the trimmed answer; an issue named but not rated is not listed', () => {
    const rate = (issue: string, dim: string) =>
      Q(`${issue}-${dim}`, {
        weight: 0,
        salience: { issue, dimension: dim },
        options: [1, 2, 3, 4].map((v) => ({ value: v, label: String(v) })),
      });
    const name = (issue: string) =>
      Q(`${issue}-name`, { type: 'text', weight: 0, options: [], salience: { issue, dimension: 'name' } });
    const m = QN('m', [
      { id: 's', questions: [name('other'), rate('other', 'scale'), name('spare'), rate('privacy', 'scale')] },
    ]);
    const r = score([m], {
      'other-name': '  Right to health  ',
      'other-scale': 3,
      'spare-name': 'Unrated',
      'privacy-scale': 2,
    });
    expect(r.salience.map((i) => [i.issue, i.name, i.severity])).toEqual([
      ['other', 'Right to health', 3],
      ['privacy', undefined, 2],
    ]);
    const long = score([m], { 'other-name': 'x'.repeat(500), 'other-scale': 1 });
    expect(long.salience[0]!.name).toHaveLength(80);
    const blank = score([m], { 'other-name': '   ', 'other-scale': 1 });
    expect(blank.salience[0]).not.toHaveProperty('name');
  });

  it('equal priorities keep questionnaire, section and question order', () => {
    const m = QN('m', [
      { id: 's1', questions: [Q('Z'), Q('Y')] },
      { id: 's2', questions: [Q('X'), Q('W')] },
    ]);
    const r = score([m], { Z: 'c', Y: 'c', X: 'c', W: 'c' });
    expect(r.gaps.map((g) => g.question.id)).toEqual(['Z', 'Y', 'X', 'W']);
  });

  it('principle scores are weighted means over the included questions that list the number', () => {
    const m = QN('m', [
      { id: 's', questions: [Q('A', { ungp: [16, 17], weight: 2 }), Q('B', { ungp: [17] }), Q('C', { ungp: [22] })] },
    ]);
    const r = score([m], { A: 'a', B: 'c', C: 'n' });
    // 16: A only → 100; 17: (2·1 + 0) / 3 = 66.67; 22: C is N/A → null
    expect(Object.fromEntries(r.principles)).toEqual({ 16: 100, 17: (100 * 2) / 3, 22: null });
  });
});

describe('the README worked example', () => {
  it('computes exactly what the README says', () => {
    const m = QN('m', [
      { id: 'A', questions: [Q('Q1', { weight: 2 }), Q('Q2'), Q('Q3')] },
      {
        id: 'B',
        questions: [
          Q('Q4', {
            critical: true,
            options: [
              { value: 'a', label: 'Yes', score: 1 },
              { value: 'c', label: 'No', score: 0 },
            ],
          }),
        ],
      },
    ]);
    const r = score([m], { Q1: 'b', Q2: 'a', Q3: 'n', Q4: 'c' });
    expect(r.questionnaires[0]!.sections.map((s) => [roundToTenth(s.score!), s.maturityLabel])).toEqual([
      [66.7, 'Established'],
      [0, 'Not started'],
    ]);
    expect([
      roundToTenth(r.questionnaires[0]!.score!),
      r.questionnaires[0]!.maturityLabel,
      r.questionnaires[0]!.maturityCapped,
    ]).toEqual([33.3, 'Initial', false]);
    expect(r.gaps.map((g) => [g.question.id, roundToTenth(g.impact), roundToTenth(g.priority)])).toEqual([
      ['Q4', 50, 100],
      ['Q1', 16.7, 16.7],
    ]);
    expect(r.redFlags).toEqual(['Q4']);
  });
});
