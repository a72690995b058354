import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadBytes } from '../../src/core/load.js';
import { checkMigration, type Migration } from '../../src/core/migration.js';
import { carryAnswers, carryValue } from '../../src/core/carry.js';
import { findOption, type Answer, type Questionnaire } from '../../src/core/model.js';
import { brief } from '../helpers.js';
import { answers, question as Q, questionnaireOf as QN } from './score-helpers.js';

const old = (): Questionnaire =>
  QN('m', [
    {
      id: 's',
      questions: [
        Q('A1'), // same id, same values
        Q('A2'), // merged into A1
        Q('A3', {
          options: [
            { value: 'a', label: 'A', score: 1 },
            { value: 'p', label: 'Planned', score: 0.25 },
            { value: 'c', label: 'C', score: 0 },
          ],
        }),
        Q('A4'), // dropped
        Q('M1', {
          type: 'multiple',
          options: [
            { value: 'x', label: 'X', score: 0.5 },
            { value: 'y', label: 'Y', score: 0.5 },
            { value: 'none', label: 'None', score: 0, exclusive: true },
          ],
        }),
        Q('M2', {
          type: 'multiple',
          options: [
            { value: 'x', label: 'X', score: 0.5 },
            { value: 'y', label: 'Y', score: 0.5 },
            { value: 'z', label: 'Z', score: 0.5 },
            { value: 'none', label: 'None', score: 0, exclusive: true },
          ],
        }),
        Q('O1'),
      ],
    },
  ]);

const next = (): Questionnaire => {
  const q = QN('m', [
    {
      id: 's',
      questions: [
        Q('A1'),
        Q('A3', {
          options: [
            { value: 'a', label: 'A', score: 1 },
            { value: 'started', label: 'Started', score: 0.25 },
            { value: 'p', label: 'Planned', score: 0 },
            { value: 'c', label: 'C', score: 0 },
          ],
        }),
        Q('M1', {
          options: [
            { value: 'yes', label: 'Yes', score: 1 },
            { value: 'no', label: 'No', score: 0 },
          ],
        }),
        Q('M2', {
          options: [
            { value: 'all', label: 'All', score: 1 },
            { value: 'some', label: 'Some', score: 0.5 },
            { value: 'none', label: 'None', score: 0 },
          ],
        }),
        Q('O1', { tags: ['outcome'] }),
        Q('NEW'),
      ],
    },
  ]);
  return { ...q, version: '2.0.0' };
};

function migration(yaml: string): Migration {
  const loaded = loadBytes(
    Buffer.from(`schema: hrdd/migration@1\nfrom: [m@1.0.0]\nto: [m@2.0.0]\n${yaml}`),
    'mig.yaml',
    'sha',
  );
  if (!loaded.migration) throw new Error('bad fixture: ' + JSON.stringify(loaded.diagnostics));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.migration;
}

const GOOD = `questions:
  A2: { to: A1 }
  A3: { values: { a: a, p: p } }
  A4: { drop: "Folded into A1." }
  M1: { values: { x: yes, y: yes, none: no } }
  M2:
    count:
      - { atLeast: 2, value: all }
      - { atLeast: 1, value: some }
      - { atLeast: 0, value: none }
`;

const carry = (a: Record<string, unknown>, yaml = GOOD) => carryAnswers(migration(yaml), [old()], [next()], answers(a));

describe('checking a migration file', () => {
  it('a complete migration is clean', () => {
    const clean = GOOD + '  O1: { drop: "An outcome question: about the period." }\n';
    expect(checkMigration(migration(clean), [old()], [next()])).toEqual([]);
    // carried by its id into an outcome question: named, or an error
    expect(brief(checkMigration(migration(GOOD), [old()], [next()]))).toEqual(['4:1 migration-outcome-target']);
  });

  it('every id and value named must exist, at file:line:col', () => {
    const m = migration(`questions:
  A2: { to: A9 }
  A3: { values: { a: a, q: p, c: zz } }
  A4: { drop: "x" }
  B7: { to: A1 }
  M1: { values: { x: yes } }
  M2: { values: { x: all } }
  O1: { to: O1 }
`);
    expect(brief(checkMigration(m, [old()], [next()]))).toEqual([
      '5:13 migration-unknown-question', // A9
      '6:25 migration-unknown-value', // q is not an option of A3
      '6:34 migration-unknown-value', // c: zz is not an option of the target
      '8:3 migration-unknown-question', // B7
      '11:9 migration-outcome-target', // O1 goes into an outcome question
    ]);
  });

  it('a question of `from` not in `to` needs an entry; a kind change needs values or count; lost values warn', () => {
    const m = migration('questions:\n  A3: { to: A3 }\n');
    const ds = checkMigration(m, [old()], [next()]);
    expect(ds.map((d) => `${d.severity} ${d.rule}`).sort()).toEqual([
      'error migration-outcome-target', // O1, carried by id into an outcome question
      'error migration-type', // M1 multiple → single, unmapped
      'error migration-type', // M2
      'error migration-unmapped-question', // A2
      'error migration-unmapped-question', // A4
    ]);
    const lost = checkMigration(migration('questions:\n  A2: { to: A3 }\n'), [old()], [next()]);
    expect(lost.filter((d) => d.rule === 'migration-value-unmapped').map((d) => d.message)).toEqual([
      expect.stringContaining('"b", "n" are not options of A3'),
    ]);
  });

  it('drop goes alone', () => {
    const m = migration(`questions:\n  A4: { drop: "x", to: A1 }\n`);
    expect(checkMigration(m, [old()], [next()]).map((d) => d.rule)).toContain('migration-entry-form');
  });
});

describe('carrying answers', () => {
  it('carries same-id answers as is, maps values, and marks each carried answer', () => {
    const r = carry({ A1: 'b', A3: 'p', NEWX: 'a' });
    expect(r.answers.get('A1')).toEqual({ value: 'b', skipped: false, carried: 'm@1.0.0 A1' });
    expect(r.answers.get('A3')).toEqual({ value: 'p', skipped: false, carried: 'm@1.0.0 A3' });
    expect(r.carried.map((c) => `${c.question} ${c.how}`)).toEqual(['A1 same', 'A3 same']);
    expect(r.lowered).toEqual([{ question: 'A3', value: 'p', before: 0.25, after: 0 }]);
    expect(r.notCarried).toEqual([expect.objectContaining({ question: 'NEWX', reason: 'unknown' })]);
    expect(r.added).toEqual(['NEW']); // O1 was there before: not new, though outcome answers are not carried
  });

  it('a value not listed in `values` is not carried; notes and evidence travel; skipped answers do not', () => {
    const r = carry({
      A3: { value: 'c', note: 'n' },
      A1: { value: 'a', note: 'kept', evidence: ['e.pdf'] },
      A4: { skipped: true },
    });
    expect(r.answers.has('A3')).toBe(false);
    expect(r.notCarried).toEqual([expect.objectContaining({ question: 'A3', reason: 'value', value: 'c' })]);
    expect(r.answers.get('A1')).toEqual({
      value: 'a',
      skipped: false,
      note: 'kept',
      evidence: ['e.pdf'],
      carried: 'm@1.0.0 A1',
    });
  });

  it('a merged answer carries only into an unanswered target; else its value and note go into the survivor’s note', () => {
    const into = carry({ A2: { value: 'b', note: 'from A2' } });
    expect(into.answers.get('A1')).toEqual({ value: 'b', skipped: false, note: 'from A2', carried: 'm@1.0.0 A2' });
    expect(into.carried).toEqual([expect.objectContaining({ question: 'A1', from: 'A2', how: 'merged' })]);
    const hostile = 'line\nbreak \u001b[31m‮ <script>';
    const both = carry({ A1: { value: 'a', note: 'own' }, A2: { value: 'c', note: hostile, evidence: ['x.pdf'] } });
    const a1 = both.answers.get('A1')!;
    expect(a1.value).toBe('a'); // the survivor's own answer wins
    expect(a1.carried).toBe('m@1.0.0 A1');
    expect(a1.note).toBe(
      `own\nFrom m@1.0.0 A2 (not carried: A1 has its own answer): C; note: ${hostile}; evidence: x.pdf`,
    );
    expect(both.notCarried).toEqual([expect.objectContaining({ question: 'A2', reason: 'answered', to: 'A1' })]);
  });

  it('dropped questions are listed with their reason; outcome questions are never carried', () => {
    const r = carry({ A4: 'a', O1: 'a' }, GOOD.replace('questions:\n', 'questions:\n  O1: { to: A1 }\n'));
    expect(r.notCarried.map((n) => `${n.question} ${n.reason} ${n.detail}`)).toEqual(['A4 dropped Folded into A1.']);
    const plain = carry({ O1: 'a' });
    expect(plain.answers.has('O1')).toBe(false);
    expect(plain.notCarried).toEqual([expect.objectContaining({ question: 'O1', reason: 'outcome' })]);
  });

  it('a multiple choice goes to a single one only when every chosen value maps to the same value; or by count', () => {
    expect(carry({ M1: ['x', 'y'] }).answers.get('M1')?.value).toBe('yes');
    expect(carry({ M1: ['none'] }).answers.get('M1')?.value).toBe('no');
    expect(carry({ M1: [] }).answers.has('M1')).toBe(false);
    expect(carry({ M2: ['x', 'z'] }).answers.get('M2')?.value).toBe('all');
    expect(carry({ M2: ['y'] }).answers.get('M2')?.value).toBe('some');
    expect(carry({ M2: ['none'] }).answers.get('M2')?.value).toBe('none');
    expect(carry({ M2: [] }).answers.get('M2')?.value).toBe('none');
    const mixed = migration(GOOD.replace('x: yes, y: yes', 'x: yes, y: no'));
    expect(carryAnswers(mixed, [old()], [next()], answers({ M1: ['x', 'y'] })).answers.has('M1')).toBe(false);
  });
});

describe('properties', () => {
  const oldQ = old();
  const newQ = next();
  const values = (id: string) => oldQ.sections[0]!.questions.find((q) => q.id === id)!.options.map((o) => o.value);
  const answerArb = fc.record({
    A1: fc.option(fc.constantFrom(...values('A1'), 'bogus'), { nil: undefined }),
    A2: fc.option(fc.constantFrom(...values('A2')), { nil: undefined }),
    A3: fc.option(fc.constantFrom(...values('A3')), { nil: undefined }),
    M1: fc.option(fc.subarray(values('M1') as string[]), { nil: undefined }),
    M2: fc.option(fc.subarray(values('M2') as string[]), { nil: undefined }),
    O1: fc.option(fc.constantFrom(...values('O1')), { nil: undefined }),
    note: fc.string(),
  });

  it('never invents a value that is not an option of its new question, and never carries an outcome question', () => {
    const m = migration(GOOD);
    fc.assert(
      fc.property(answerArb, ({ note, ...a }) => {
        const given = new Map<string, Answer>();
        for (const [k, v] of Object.entries(a)) if (v !== undefined) given.set(k, { value: v, skipped: false, note });
        const r = carryAnswers(m, [oldQ], [newQ], given);
        for (const [id, ans] of r.answers) {
          const q = newQ.sections[0]!.questions.find((x) => x.id === id)!;
          expect(q.tags).not.toContain('outcome');
          for (const v of Array.isArray(ans.value) ? ans.value : [ans.value]) expect(findOption(q, v)).toBeDefined();
          expect(ans.carried).toMatch(/^m@1\.0\.0 [A-Z0-9]+$/);
        }
      }),
    );
  });

  it('carryValue gives only options of the target', () => {
    const source = oldQ.sections[0]!.questions.find((q) => q.id === 'M2')!;
    const target = newQ.sections[0]!.questions.find((q) => q.id === 'A1')!;
    fc.assert(
      fc.property(fc.subarray(values('M2') as string[]), (v) => {
        expect(carryValue(source, target, v)).toBeUndefined(); // a multiple to a single needs values or count
      }),
    );
  });
});
