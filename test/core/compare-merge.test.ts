import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAssessments } from '../../src/core/compare.js';
import { mergeAnswers, type Respondent } from '../../src/core/merge.js';
import type { Answer, Questionnaire } from '../../src/core/model.js';
import { scoreAssessment } from '../../src/core/score.js';
import { answers, question as Q, questionnaireOf as QN } from './score-helpers.js';

const roles = Q('R', {
  type: 'multiple',
  weight: 0,
  options: [
    { value: 'op', label: 'Op' },
    { value: 'dev', label: 'Dev' },
  ],
});
const gate = Q('G', {
  weight: 0,
  options: [
    { value: 'yes', label: 'Y' },
    { value: 'no', label: 'N' },
  ],
});
const sal = Q('S', {
  weight: 0,
  salience: { issue: 'privacy', dimension: 'scale' },
  options: [1, 2, 3, 4].map((v) => ({ value: v, label: String(v) })),
});
const m = (): Questionnaire =>
  QN('m', [
    { id: 'p', questions: [roles, gate, sal] },
    {
      id: 'a',
      questions: [
        Q('A1', {
          critical: true,
          options: [
            { value: 'a', label: 'A', score: 1 },
            { value: 'b', label: 'B', score: 0.5 },
            { value: 'c', label: 'C', score: 0 },
          ],
        }),
        Q('A2'),
        Q('A3', { when: { question: 'G', equals: 'yes' } }),
      ],
    },
    { id: 'b', questions: [Q('B1', { tags: ['privacy'] })] },
  ]);

const side = (label: string, qs: Questionnaire[], a: Record<string, unknown>) => {
  const ans = answers(a);
  return { label, questionnaires: qs, answers: ans, result: scoreAssessment(qs, ans) };
};

describe('compare', () => {
  it('hand-computed deltas, closed and new gaps, red flags, changed answers', () => {
    const qs = [m()];
    const before = side('2025', qs, { G: 'no', A1: 'c', A2: 'a', B1: 'b', S: 2 });
    const after = side('2026', qs, { G: 'no', A1: 'a', A2: { value: 'b', note: 'Slipped.' }, B1: 'b', S: 4 });
    const c = compareAssessments(before, after);
    // before: a = 100 × (0 + 1) / 2 = 50, b = 50 → 50; after: a = (1 + 0.5) / 2 = 75, b = 50 → 62.5
    expect(c.overall).toMatchObject({ before: 50, after: 62.5, delta: 12.5 });
    expect(c.questionnaires[0]!.sections.map((s) => [s.id, s.delta])).toEqual([
      ['p', null],
      ['a', 25],
      ['b', 0],
    ]);
    // principle 17 (A1, A2, B1): before (0 + 1 + 0.5) / 3 = 50; after (1 + 0.5 + 0.5) / 3 = 66.7
    expect(c.principles['17']!.before).toBe(50);
    expect(c.principles['17']!.after).toBeCloseTo(66.6666667, 6);
    expect(c.principles['17']!.delta).toBeCloseTo(16.6666667, 6);
    expect(c.closedGaps).toEqual(['A1']);
    expect(c.newGaps).toEqual(['A2']);
    expect(c.redFlags).toEqual({ resolved: ['A1'], new: [], open: [] });
    expect(c.salience).toEqual([
      {
        issue: 'privacy',
        label: 'Privacy',
        severityBefore: 2,
        severityAfter: 4,
        likelihoodBefore: null,
        likelihoodAfter: null,
      },
    ]);
    expect(c.changedAnswers.map((x) => [x.question, x.before, x.after, x.noteAfter])).toEqual([
      ['S', 2, 4, undefined],
      ['A1', 'c', 'a', undefined],
      ['A2', 'a', 'b', 'Slipped.'],
    ]);
  });

  it('a null side gives a null delta; questions added or removed between versions are reported', () => {
    const v1 = QN('m', [{ id: 'a', questions: [Q('A1'), Q('OLD')] }]);
    const v2 = QN(
      'm',
      [
        { id: 'a', questions: [Q('A1'), Q('NEW')] },
        { id: 'z', questions: [Q('Z1')] },
      ],
      { version: '1.1.0' },
    );
    const c = compareAssessments(
      side('v1', [v1], { A1: 'a', OLD: 'c' }),
      side('v2', [v2], { A1: 'a', NEW: 'a', Z1: 'n' }),
    );
    expect(c.addedQuestions).toEqual(['NEW', 'Z1']);
    expect(c.removedQuestions).toEqual(['OLD']);
    expect(c.questionnaires[0]!.sections.find((s) => s.id === 'z')).toMatchObject({
      before: null,
      after: null,
      delta: null,
    });
    expect(c.questionnaires[0]).toMatchObject({ versionBefore: '1.0.0', versionAfter: '1.1.0' });
  });
});

const resp = (label: string, a: Record<string, unknown>): Respondent => ({
  label,
  file: `${label}.yaml`,
  sha256: label,
  answers: answers(a),
});

describe('merge', () => {
  const three = [
    resp('Legal', {
      R: ['op'],
      G: 'no',
      S: 2,
      A1: 'a',
      A2: { value: 'a', note: 'Policy adopted.', evidence: ['p.pdf'] },
      B1: 'n',
    }),
    resp('Workers', { R: ['dev'], G: 'yes', S: 3, A1: 'c', A2: 'b', B1: 'b', A3: 'b' }),
    resp('Procurement', {
      R: ['op'],
      G: 'no',
      S: 1,
      A1: 'b',
      A2: { value: 'a', note: 'Seen in audits.', evidence: ['p.pdf', 'audit.xlsx'] },
      B1: 'a',
    }),
  ];
  const qs = [m()];
  const val = (r: ReturnType<typeof mergeAnswers>, id: string) => r.answers.get(id)?.value ?? null;

  it('lowest keeps the lowest-scoring applicable answer; median the lower median; consensus only agreement', () => {
    const lowest = mergeAnswers(qs, three, 'lowest');
    // A1 scores 1, 0, 0.5 → lowest c, median b; A2: a, b, a → lowest b, median a; B1: N/A, 0.5, 1 → N/A is not the lowest
    expect([val(lowest, 'A1'), val(lowest, 'A2'), val(lowest, 'B1')]).toEqual(['c', 'b', 'b']);
    const median = mergeAnswers(qs, three, 'median');
    expect([val(median, 'A1'), val(median, 'A2'), val(median, 'B1')]).toEqual(['b', 'a', 'b']);
    const consensus = mergeAnswers(qs, three, 'consensus');
    expect([val(consensus, 'A1'), val(consensus, 'A2')]).toEqual([null, null]);
    expect(val(mergeAnswers(qs, [three[0]!, three[2]!], 'consensus'), 'A2')).toBe('a');
  });

  it('profile answers take the widest scope, salience the highest rating', () => {
    const r = mergeAnswers(qs, three, 'lowest');
    expect(val(r, 'R')).toEqual(['op', 'dev']); // the union of the roles named
    expect(val(r, 'G')).toBe('yes'); // shows A3: the wider scope
    expect(val(r, 'S')).toBe(3);
  });

  it('keeps every note and piece of evidence, attributed; lists disagreements of 0.5 or more', () => {
    const r = mergeAnswers(qs, three, 'lowest');
    expect(r.answers.get('A2')).toMatchObject({
      note: '[Legal] Policy adopted.\n[Procurement] Seen in audits.',
      evidence: ['p.pdf', 'audit.xlsx'],
    });
    expect(r.answers.get('A2')!.respondents.map((x) => [x.respondent, x.value])).toEqual([
      ['Legal', 'a'],
      ['Procurement', 'a'],
      ['Workers', 'b'],
    ]);
    expect(r.disagreements.map((d) => [d.question, d.scores])).toEqual([
      ['A1', { Legal: 1, Procurement: 0.5, Workers: 0 }],
      ['A2', { Legal: 1, Procurement: 1, Workers: 0.5 }],
      ['B1', { Procurement: 1, Workers: 0.5 }],
    ]);
  });

  const answerArb = fc.record(
    {
      R: fc.subarray(['op', 'dev']),
      G: fc.constantFrom('yes', 'no'),
      S: fc.constantFrom(1, 2, 3, 4),
      A1: fc.constantFrom('a', 'b', 'c'),
      A2: fc.constantFrom('a', 'b', 'c', 'n', undefined),
      B1: fc.constantFrom('a', 'b', 'n'),
      note: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    },
    { requiredKeys: ['R', 'G', 'A1'] },
  );
  const toAnswers = (x: Record<string, unknown>, i: number) => {
    const { note, ...rest } = x;
    const a = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    if (note) a['A1'] = { value: a['A1'], note };
    return resp(`r${i}`, a);
  };
  const plain = (a: Answer | undefined) =>
    a && { value: a.value, skipped: a.skipped, note: a.note, evidence: a.evidence };

  it('property: merging one file gives that file', () => {
    fc.assert(
      fc.property(answerArb, (x) => {
        const r = toAnswers(x, 0);
        const merged = mergeAnswers(qs, [r], 'lowest');
        for (const [id, a] of r.answers) expect(plain(merged.answers.get(id))).toEqual(plain(a));
        expect(merged.disagreements).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('property: the merge does not depend on the order of the files', () => {
    fc.assert(
      fc.property(
        fc.array(answerArb, { minLength: 2, maxLength: 4 }),
        fc.constantFrom('lowest', 'median', 'consensus'),
        (xs, policy) => {
          const rs = xs.map(toAnswers);
          const a = mergeAnswers(qs, rs, policy as 'lowest');
          const b = mergeAnswers(qs, [...rs].reverse(), policy as 'lowest');
          expect([...b.answers]).toEqual([...a.answers]);
          expect(b.disagreements).toEqual(a.disagreements);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('property: comparing an assessment with itself changes nothing', () => {
    fc.assert(
      fc.property(answerArb, (x) => {
        const r = toAnswers(x, 0);
        const s = { label: 'x', questionnaires: qs, answers: r.answers, result: scoreAssessment(qs, r.answers) };
        const c = compareAssessments(s, s);
        const deltas = [
          c.overall.delta,
          ...c.questionnaires.flatMap((q) => [q.delta, ...q.sections.map((y) => y.delta)]),
          ...Object.values(c.principles).map((p) => p.delta),
        ];
        for (const d of deltas) expect(d === null || d === 0).toBe(true);
        expect([c.closedGaps, c.newGaps, c.changedAnswers, c.salience, c.redFlags.new, c.redFlags.resolved]).toEqual([
          [],
          [],
          [],
          [],
          [],
          [],
        ]);
      }),
      { numRuns: 100 },
    );
  });
});
