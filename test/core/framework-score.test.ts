import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreAssessment } from '../../src/core/score.js';
import type { FrameworkShape } from '../../src/core/framework.js';
import { answers, question as Q, questionnaireOf as QN } from './score-helpers.js';
import { bundledUngp } from '../helpers.js';

const shape = (id: string, items: string[], version = '1'): FrameworkShape => ({
  id,
  version,
  items: items.map((i) => ({ id: i })),
});
const RDR = shape('rdr', ['G1', 'G4a', 'G4b', 'P1'], '2020');
const UNGP31 = shape(
  'ungp',
  Array.from({ length: 31 }, (_, i) => String(i + 1)),
  '2011',
);
const gate = Q('G', {
  weight: 0,
  options: [
    { value: 'yes', label: 'Y' },
    { value: 'no', label: 'N' },
  ],
});

describe('framework item scores (format.md §4: the principles rule, per item)', () => {
  it('shared questions, weights, N/A, hidden and pending questions, unreferenced items', () => {
    const m2 = QN('m2', [
      {
        id: 't',
        questions: [
          Q('P0', {
            weight: 0,
            options: [
              { value: 'a', label: 'A' },
              { value: 'b', label: 'B' },
            ],
          }),
          Q('F', { refs: { rdr: ['P1'] }, when: { question: 'P0', equals: 'a' } }), // pending
          Q('H', { weight: 4, refs: { rdr: ['G1'] } }), // unanswered: s = 0
        ],
      },
    ]);
    const base = QN('m', [
      {
        id: 's',
        questions: [
          gate,
          Q('A', { weight: 2, refs: { rdr: ['G1', 'G4a'] } }),
          Q('B', { refs: { rdr: ['G4a'] } }),
          Q('C', { weight: 3, refs: { rdr: ['G4a', 'P1'] } }),
          Q('D', { refs: { rdr: ['G4b'] }, when: { question: 'G', equals: 'yes' } }),
        ],
      },
    ]);
    const r = scoreAssessment([base, m2], answers({ G: 'no', A: 'b', B: 'a', C: 'n', D: 'a', F: 'a' }), {
      frameworks: [RDR],
    });
    const items = Object.fromEntries(r.frameworks.get('rdr')!.items);
    // G1: A (w2, 0.5) and H (w4, unanswered 0): 100 × (2·0.5 + 4·0) / 6 = 16.666…
    // G4a: A (w2, 0.5), B (w1, 1), C is N/A: 100 × (1 + 1) / 3 = 66.666…
    // G4b: only D, hidden: null.  P1: C is N/A, F is pending: null
    expect(items).toEqual({ G1: (100 * 1) / 6, G4a: (100 * 2) / 3, G4b: null, P1: null });
    expect([...r.frameworks.get('rdr')!.items.keys()]).toEqual(['G1', 'G4a', 'G4b', 'P1']);
    expect(r.frameworks.get('rdr')!.version).toBe('2020');
  });

  it('a framework no question references has every item null; refs from a refs file are merged (union)', () => {
    const m = QN('m', [{ id: 's', questions: [Q('A', { refs: { rdr: ['G1'] } }), Q('B')] }]);
    const a = answers({ A: 'a', B: 'c' });
    const alone = scoreAssessment([m], a, { frameworks: [RDR, shape('csddd', ['A7', 'A8'])] });
    expect(Object.fromEntries(alone.frameworks.get('csddd')!.items)).toEqual({ A7: null, A8: null });
    expect(alone.frameworks.get('rdr')!.items.get('G1')).toBe(100);
    const merged = scoreAssessment([m], a, {
      frameworks: [RDR, shape('csddd', ['A7', 'A8'])],
      refs: new Map([
        [
          'B',
          new Map([
            ['rdr', ['G1']],
            ['csddd', ['A7']],
          ]),
        ],
        ['A', new Map([['rdr', ['G1']]])], // already there: counted once
      ]),
    });
    // G1: A (1) and B (0): 50
    expect(merged.frameworks.get('rdr')!.items.get('G1')).toBe(50);
    expect(merged.frameworks.get('csddd')!.items.get('A7')).toBe(0);
    expect(merged.overall.score).toBe(alone.overall.score);
    expect(merged.questions.find((x) => x.question.id === 'B')!.refs.get('csddd')).toEqual(['A7']);
  });

  it('ungp shorthand and refs.ungp are one list: principles are the ungp framework keyed by number', () => {
    const m = QN('m', [
      {
        id: 's',
        questions: [
          Q('A', { ungp: [16, 17] }),
          Q('B', { ungp: [], refs: { ungp: ['17', 22] } }),
          Q('C', { ungp: [17], refs: { ungp: [17] } }),
        ],
      },
    ]);
    const r = scoreAssessment([m], answers({ A: 'a', B: 'c', C: 'b' }), { frameworks: [UNGP31] });
    expect(Object.fromEntries(r.principles)).toEqual({ 16: 100, 17: 50, 22: 0 });
    expect(r.frameworks.get('ungp')!.items.get('17')).toBe(50);
    expect(r.frameworks.get('ungp')!.items.get('1')).toBeNull();
  });
});

describe('property: for the ungp framework, item scores equal principles exactly', () => {
  const qSpec = fc.record({
    weight: fc.constantFrom(0, 0.5, 1, 3, 1_000_000),
    ungp: fc.uniqueArray(fc.integer({ min: 1, max: 31 }), { maxLength: 4 }),
    answer: fc.constantFrom('a', 'b', 'c', 'n', null),
    hidden: fc.boolean(),
  });
  it('holds for random assessments', () => {
    fc.assert(
      fc.property(fc.array(fc.array(qSpec, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }), (spec) => {
        const qs = spec.map((questions, n) =>
          QN(`m${n}`, [
            {
              id: 's',
              questions: [
                Q(`G${n}`, {
                  weight: 0,
                  options: [
                    { value: 'yes', label: 'Y' },
                    { value: 'no', label: 'N' },
                  ],
                }),
                ...questions.map((x, i) =>
                  Q(`Q${n}_${i}`, {
                    weight: x.weight,
                    ungp: x.ungp,
                    ...(x.hidden && { when: { question: `G${n}`, equals: 'yes' } }),
                  }),
                ),
              ],
            },
          ]),
        );
        const a: Record<string, unknown> = {};
        spec.forEach((questions, n) => {
          a[`G${n}`] = 'no';
          questions.forEach((x, i) => {
            if (x.answer !== null) a[`Q${n}_${i}`] = x.answer;
          });
        });
        const r = scoreAssessment(qs, answers(a), { frameworks: [UNGP31] });
        const items = r.frameworks.get('ungp')!.items;
        for (const [n, v] of r.principles) expect(Object.is(items.get(String(n)), v)).toBe(true);
        for (const [id, v] of items) if (!r.principles.has(Number(id))) expect(v).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('the bundled UN Guiding Principles (frameworks/ungp/2011.yaml)', () => {
  it('31 principles "1"…"31" with short titles; the report groups as before', () => {
    const ungp = bundledUngp();
    expect(ungp.id).toBe('ungp');
    expect(ungp.version).toBe('2011');
    expect(ungp.items.map((i) => i.id)).toEqual(Array.from({ length: 31 }, (_, i) => String(i + 1)));
    expect(ungp.items.every((i) => i.title.length > 3 && i.title.length <= 60)).toBe(true);
    expect(ungp.items.find((i) => i.id === '16')!.title).toBe('Policy commitment');
    const groups = ungp.groups.map((g) => [
      g.id,
      g.title,
      ungp.items.filter((i) => i.group === g.id).map((i) => Number(i.id)),
    ]);
    expect(groups).toEqual([
      ['foundational', 'Foundational principles (11–15)', [11, 12, 13, 14, 15]],
      ['policy', 'Policy commitment (16)', [16]],
      ['due-diligence', 'Human rights due diligence (17–21)', [17, 18, 19, 20, 21]],
      ['remedy', 'Remediation and grievance mechanisms (22, 29–31)', [22, 29, 30, 31]],
      ['context', 'Context and prioritisation (23, 24)', [23, 24]],
    ]);
  });

  it('a question reads `ungp` and `refs` as one set of references, numbers as decimal strings', () => {
    const m = QN('m', [
      { id: 's', questions: [Q('A', { ungp: [16, 17], refs: { ungp: [17, '21'], rdr: ['G1', 4] } })] },
    ]);
    const q = m.sections[0]!.questions[0]!;
    expect(q.ungp).toEqual([16, 17]);
    expect([...q.refs]).toEqual([
      ['ungp', ['16', '17', '21']],
      ['rdr', ['G1', '4']],
    ]);
  });
});
