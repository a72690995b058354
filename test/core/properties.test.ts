import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBytes } from '../../src/core/load.js';
import { checkQuestionnaire } from '../../src/core/questionnaire-rules.js';
import { scoreAssessment } from '../../src/core/score.js';
import type { Questionnaire } from '../../src/core/model.js';
import { answers as toAnswers, q as loadQ } from './score-helpers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

// ---------------------------------------------------------------- random assessments

const weight: fc.Arbitrary<number> = fc.constantFrom(0, 0.5, 1, 2, 3);
/** The schema's bounds: 0 to 1,000,000, with tiny weights too. */
const extremeWeight: fc.Arbitrary<number> = fc.constantFrom(0, 5e-324, 1e-9, 1, 999_999.5, 1_000_000);
const optScore: fc.Arbitrary<number> = fc.constantFrom(0, 0.1, 0.25, 0.5, 0.75, 1);

interface QSpec {
  type: 'single' | 'multiple';
  weight: number;
  critical: boolean;
  scores: number[];
  na: boolean;
}
const questionSpec = fc.record({
  type: fc.constantFrom('single', 'multiple') as fc.Arbitrary<'single' | 'multiple'>,
  weight,
  critical: fc.boolean(),
  scores: fc.array(optScore, { minLength: 2, maxLength: 4 }),
  na: fc.boolean(),
});
const sectionSpec = fc.record({ weight, questions: fc.array(questionSpec, { minLength: 1, maxLength: 5 }) });
const qnSpec = fc.record({ weight, sections: fc.array(sectionSpec, { minLength: 1, maxLength: 3 }) });
const assessmentSpec: fc.Arbitrary<Spec> = fc.array(qnSpec, { minLength: 1, maxLength: 3 });

type Spec = Array<{ weight: number; sections: Array<{ weight: number; questions: QSpec[] }> }>;

function build(spec: Spec): Questionnaire[] {
  return spec.map((qn, n) =>
    loadQ(
      JSON.stringify({
        schema: 'hrdd/questionnaire@1',
        id: `m${n}`,
        version: '1.0.0',
        title: 't',
        weight: qn.weight,
        sections: qn.sections.map((s, si) => ({
          id: `s${si}`,
          title: 's',
          weight: s.weight,
          questions: s.questions.map((x: QSpec, qi) => ({
            id: `Q${n}_${si}_${qi}`,
            text: 't',
            type: x.type,
            weight: x.weight,
            critical: x.critical && !x.na,
            options: [
              ...x.scores.map((sc, i) => ({ value: `o${i}`, label: 'o', score: sc })),
              ...(x.na ? [{ value: 'na', label: 'na', na: true }] : []),
            ],
          })),
        })),
      }),
    ),
  );
}

/** Random answers: an option, several (multiple), N/A, skipped, or nothing. */
function answerFor(q: Questionnaire[], pick: number[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let k = 0;
  for (const qn of q)
    for (const s of qn.sections)
      for (const x of s.questions) {
        const r = pick[k++ % pick.length]!;
        const scored = x.options.filter((o) => !o.na);
        if (r % 5 === 0) continue;
        if (r % 5 === 1) {
          out[x.id] = { skipped: true };
          continue;
        }
        if (r % 5 === 2 && x.options.some((o) => o.na)) {
          out[x.id] = x.type === 'multiple' ? ['na'] : 'na';
          continue;
        }
        const o = scored[r % scored.length]!;
        out[x.id] = x.type === 'multiple' ? scored.filter((_, i) => (r >> i) & 1).map((y) => y.value) : o.value;
      }
  return out;
}

const world = fc.tuple(assessmentSpec, fc.array(fc.nat(1000), { minLength: 1, maxLength: 40 }));
const RUNS = { numRuns: 150 };

describe('scorer properties (no conditions)', () => {
  it("weights at the schema's bounds never make a score, impact or priority NaN or Infinity", () => {
    const extremeQ = fc.record({
      type: fc.constantFrom('single', 'multiple') as fc.Arbitrary<'single' | 'multiple'>,
      weight: extremeWeight,
      critical: fc.boolean(),
      scores: fc.array(optScore, { minLength: 2, maxLength: 4 }),
      na: fc.boolean(),
    });
    const spec: fc.Arbitrary<Spec> = fc.array(
      fc.record({
        weight: extremeWeight,
        sections: fc.array(
          fc.record({ weight: extremeWeight, questions: fc.array(extremeQ, { minLength: 1, maxLength: 5 }) }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    );
    fc.assert(
      fc.property(spec, fc.array(fc.nat(1000), { minLength: 1, maxLength: 40 }), (sp, pick) => {
        const qs = build(sp);
        const r = scoreAssessment(qs, toAnswers(answerFor(qs, pick)));
        const all = [
          r.overall.score,
          ...r.questionnaires.flatMap((q) => [q.score, ...q.sections.map((s) => s.score)]),
          ...r.principles.values(),
          ...r.gaps.flatMap((g) => [g.impact, g.priority]),
        ];
        for (const s of all)
          if (s !== null) {
            expect(Number.isFinite(s)).toBe(true);
            expect(s).toBeGreaterThanOrEqual(0);
          }
        for (const s of [r.overall.score, ...r.questionnaires.map((q) => q.score)])
          if (s !== null) expect(s).toBeLessThanOrEqual(100 + 1e-9);
      }),
      RUNS,
    );
  });

  it('every score is null or within [0, 100]; completion within [0, 1]', () => {
    fc.assert(
      fc.property(world, ([spec, pick]) => {
        const qs = build(spec);
        const r = scoreAssessment(qs, toAnswers(answerFor(qs, pick)));
        const all = [
          r.overall.score,
          ...r.questionnaires.flatMap((q) => [q.score, ...q.sections.map((s) => s.score)]),
          ...r.principles.values(),
        ];
        for (const s of all)
          if (s !== null) {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(100 + 1e-9);
          }
        if (r.completion.ratio !== null) expect(r.completion.ratio).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('adding a weight-0 question changes nothing', () => {
    fc.assert(
      fc.property(world, optScore, ([spec, pick], sc) => {
        const qs = build(spec);
        const a = answerFor(qs, pick);
        const before = scoreAssessment(qs, toAnswers(a));
        const spec2 = structuredClone(spec);
        spec2[0]!.sections[0]!.questions.push({
          type: 'single',
          weight: 0,
          critical: false,
          scores: [sc, 1 - sc],
          na: false,
        });
        const qs2 = build(spec2);
        const extraId = `Q0_0_${spec2[0]!.sections[0]!.questions.length - 1}`;
        const after = scoreAssessment(qs2, toAnswers({ ...a, [extraId]: 'o0' }));
        expect(after.overall).toEqual(before.overall);
        expect(after.gaps.map((g) => [g.question.id, g.priority])).toEqual(
          before.gaps.map((g) => [g.question.id, g.priority]),
        );
      }),
      RUNS,
    );
  });

  it("raising an answer's option score never lowers its section score", () => {
    fc.assert(
      fc.property(world, fc.nat(), ([spec, pick], which) => {
        const qs = build(spec);
        const a = answerFor(qs, pick);
        const singles = qs.flatMap((q, n) =>
          q.sections.flatMap((s, si) => s.questions.filter((x) => x.type === 'single').map((x) => ({ x, n, si }))),
        );
        if (!singles.length) return;
        const { x, n, si } = singles[which % singles.length]!;
        const scored = x.options.filter((o) => !o.na).sort((p, r) => p.score! - r.score!);
        const lo = scoreAssessment(qs, toAnswers({ ...a, [x.id]: scored[0]!.value }));
        const hi = scoreAssessment(qs, toAnswers({ ...a, [x.id]: scored.at(-1)!.value }));
        const sl = lo.questionnaires[n]!.sections[si]!.score;
        const sh = hi.questionnaires[n]!.sections[si]!.score;
        if (sl !== null && sh !== null) expect(sh).toBeGreaterThanOrEqual(sl - 1e-9);
      }),
      RUNS,
    );
  });

  it('answering N/A is the same as the question not being there', () => {
    fc.assert(
      fc.property(world, fc.nat(), ([spec, pick], which) => {
        const all = spec.flatMap((qn, n) =>
          qn.sections.flatMap((s, si) => s.questions.map((x, qi) => ({ x, n, si, qi }))),
        );
        const { n, si, qi } = all[which % all.length]!;
        const spec1 = structuredClone(spec);
        spec1[n]!.sections[si]!.questions[qi]!.na = true;
        spec1[n]!.sections[si]!.questions[qi]!.critical = false;
        const qs = build(spec1);
        const a = answerFor(qs, pick);
        const id = `Q${n}_${si}_${qi}`;
        const withNa = scoreAssessment(
          qs,
          toAnswers({ ...a, [id]: spec1[n]!.sections[si]!.questions[qi]!.type === 'multiple' ? ['na'] : 'na' }),
        );
        // the same assessment with that question made weight 0 (out of every score)
        const spec2 = structuredClone(spec1);
        spec2[n]!.sections[si]!.questions[qi]!.weight = 0;
        const without = scoreAssessment(build(spec2), toAnswers(a));
        expect(withNa.overall.score).toEqual(without.overall.score);
        expect(withNa.questionnaires.map((q) => q.sections.map((s) => s.score))).toEqual(
          without.questionnaires.map((q) => q.sections.map((s) => s.score)),
        );
      }),
      RUNS,
    );
  });

  it('the order of answers does not matter', () => {
    fc.assert(
      fc.property(world, ([spec, pick]) => {
        const qs = build(spec);
        const a = answerFor(qs, pick);
        const reversed = Object.fromEntries(Object.entries(a).reverse());
        const x = scoreAssessment(qs, toAnswers(a));
        const y = scoreAssessment(qs, toAnswers(reversed));
        expect(y.overall).toEqual(x.overall);
        expect(y.gaps.map((g) => g.question.id)).toEqual(x.gaps.map((g) => g.question.id));
      }),
      RUNS,
    );
  });

  it("the impacts of a section's gaps add up to the overall points that section is missing", () => {
    fc.assert(
      fc.property(world, ([spec, pick]) => {
        const qs = build(spec);
        const r = scoreAssessment(qs, toAnswers(answerFor(qs, pick)));
        const scoredQs = r.questionnaires.filter((q) => q.score !== null);
        const qTotal = scoredQs.reduce((s, q) => s + q.questionnaire.weight, 0);
        for (const q of scoredQs) {
          const secs = q.sections.filter((s) => s.score !== null);
          const secTotal = secs.reduce((s, x) => s + x.section.weight, 0);
          for (const s of secs) {
            const missing = (100 - s.score!) * (s.section.weight / secTotal) * (q.questionnaire.weight / qTotal);
            const sum = r.gaps.filter((g) => g.section === s.section).reduce((t, g) => t + g.impact, 0);
            expect(sum).toBeCloseTo(missing, 6);
          }
        }
        if (r.overall.score !== null)
          expect(r.overall.score + r.gaps.reduce((t, g) => t + g.impact, 0)).toBeCloseTo(100, 6);
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------- loader robustness

const VALID = [
  readFileSync(join(ROOT, 'questionnaires/ict-profile/1.0.0.yaml'), 'utf8'),
  'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [ict-profile]\nanswers:\n  PRO-USERS: yes\n  PRO-ROLES: [network-operator]\n',
];

function loadNeverThrows(bytes: Uint8Array) {
  const r = loadBytes(bytes, 'f.yaml', 'sha');
  expect(Array.isArray(r.diagnostics)).toBe(true);
  for (const d of r.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(typeof d.message).toBe('string');
  }
  if (r.questionnaire) expect(Array.isArray(checkQuestionnaire(r.questionnaire))).toBe(true);
  return r;
}

describe('loader properties', () => {
  it('random bytes never throw and always come back as data or diagnostics', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const r = loadNeverThrows(bytes);
        if (!r.questionnaire && !r.answers) expect(r.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('random mutations of valid files never throw', () => {
    const mutation = fc.record({
      file: fc.nat(VALID.length - 1),
      edits: fc.array(
        fc.record({
          at: fc.nat(),
          del: fc.nat(20),
          ins: fc.oneof(
            fc.string({ maxLength: 10 }),
            fc.constantFrom('[', '{', ': ', '- ', '&a ', '*a', '\n  ', '"', '#', '\t', '!!binary ', '? ', '|'),
          ),
        }),
        { maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ file, edits }) => {
        let text = VALID[file]!;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        }
        loadNeverThrows(Buffer.from(text));
      }),
      { numRuns: 300 },
    );
  });
});
