import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAnswers } from '../../src/core/answers-rules.js';
import { checkQuestionnaire } from '../../src/core/questionnaire-rules.js';
import { loadBytes } from '../../src/core/load.js';
import { brief, checkText, questionnaire, ROOT, SCORED_Q1 } from '../helpers.js';
import { closest, distance } from '../../src/core/suggest.js';

const Q = (extra = '', id = 'Q1') => `- id: ${id}
  text: Question?
  type: single
  ungp: [17]
  help: Help.
  recommendation: Do it.
  options:
    - { value: yes, label: Yes, score: 1 }
    - { value: no, label: No, score: 0 }
${extra}`;

describe('questionnaire rules: each at its exact line:col', () => {
  // The questionnaire() header has 8 lines, so the first question starts on line 9, indented by 6.
  it('a valid questionnaire has no diagnostics', () => {
    expect(checkText(questionnaire(Q()))).toEqual([]);
  });

  it.each([
    ['unknown key with a suggestion', Q('  wieght: 2\n'), ['18:9 schema-unknown-key'], 'did you mean `weight`?'],
    ['missing required key', `- id: Q1\n  type: text\n`, ['9:9 schema-required'], 'missing required key `text`'],
    [
      'bad question type (and nothing that depends on the type)',
      Q().replace('type: single', 'type: singel'),
      ['11:15 schema-value'],
      'did you mean single?',
    ],
    [
      'duplicate option value',
      Q('    - { value: yes, label: Again, score: 1 }\n'),
      ['18:22 duplicate-option-value'],
      'already used',
    ],
    [
      'option without score in a scored question',
      Q('    - { value: maybe, label: Maybe }\n'),
      ['18:13 option-score'],
      'needs `score`',
    ],
    [
      'option with both score and na',
      Q('    - { value: na, label: N/A, score: 0, na: true }\n'),
      ['18:13 option-score'],
      'both',
    ],
    ['score above 1', Q().replace('score: 1 }', 'score: 2 }'), ['16:46 schema-value'], '<= 1'],
    ['ungp out of range', Q().replace('ungp: [17]', 'ungp: [17, 32]'), ['12:20 schema-value'], '<= 31'],
    ['ungp listed twice', Q().replace('ungp: [17]', 'ungp: [17, 17]'), ['12:20 duplicate-ungp'], 'twice'],
    [
      'one option only',
      `- id: Q1\n  text: t\n  type: single\n  weight: 0\n  options: [{ value: a, label: A }]\n`,
      ['13:9 options-count'],
      'at least 2',
    ],
    [
      'exclusive on an option of a single question',
      Q().replace('score: 0 }', 'score: 0, exclusive: true }'),
      ['17:47 exclusive-not-multiple'],
      'only a multiple choice',
    ],
    [
      'options on a text question',
      `- id: Q1\n  text: t\n  type: text\n  options: [{ value: a, label: A }, { value: b, label: B }]\n`,
      ['12:9 options-not-allowed'],
      'free answer',
    ],
    [
      'critical question with N/A (warning)',
      Q('    - { value: na, label: N/A, na: true }\n  critical: true\n'),
      ['18:13 critical-na'],
      'scope the question',
    ],
    [
      'missing ungp, help, recommendation (warnings)',
      `- id: Q1\n  text: t\n  type: single\n  options: [{ value: a, label: A, score: 1 }, { value: b, label: B, score: 0 }]\n`,
      ['9:13 missing-help', '9:13 missing-recommendation', '9:13 missing-ungp'],
      'UNGP',
    ],
    [
      'when names a later question',
      Q('  when: { question: Q2, equals: yes }\n') + Q('', 'Q2'),
      ['18:27 when-forward-reference'],
      'comes after',
    ],
    ['when names itself', Q('  when: { question: Q1, equals: yes }\n'), ['18:27 when-forward-reference'], 'itself'],
    [
      'when names an unknown question',
      Q() + Q('  when: { question: Q3, equals: yes }\n', 'Q2'),
      ['27:27 when-unknown-question'],
      'no question Q3',
    ],
    [
      'when names a value the question lacks',
      Q() + Q('  when: { question: Q1, in: [yes, maybe] }\n', 'Q2'),
      ['27:41 when-unknown-value'],
      '"maybe" is not an option of Q1',
    ],
    [
      'when compares by kind: "1" is not 1',
      `- id: P\n  text: t\n  type: single\n  weight: 0\n  options: [{ value: 1, label: One }, { value: 2, label: Two }]\n` +
        Q('  when: { question: P, equals: "1" }\n'),
      ['23:38 when-unknown-value'],
      'did you mean 1?',
    ],
    [
      'condition with two forms',
      Q() + Q('  when: { question: Q1, equals: yes, answered: true }\n', 'Q2'),
      ['27:15 condition-form'],
      'exactly one',
    ],
    ['empty all', Q() + Q('  when: { all: [] }\n', 'Q2'), ['27:22 schema-value'], 'at least 1'],
    ['duplicate question id', Q() + Q('', 'Q1'), ['18:13 duplicate-question-id'], 'already used'],
    [
      'salience question with wrong options',
      `- id: S1\n  text: t\n  type: single\n  weight: 0\n  salience: { issue: privacy, dimension: scale }\n  options: [{ value: 1, label: a }, { value: 2, label: b }]\n`,
      ['13:19 salience-question'],
      '1, 2, 3 and 4',
    ],
    [
      'two salience questions for one issue and dimension',
      [1, 2]
        .map(
          (i) =>
            `- id: S${i}\n  text: t\n  type: single\n  weight: 0\n  salience: { issue: privacy, dimension: scale }\n  options: [{ value: 1, label: a }, { value: 2, label: b }, { value: 3, label: c }, { value: 4, label: d }]\n`,
        )
        .join(''),
      ['19:19 duplicate-salience'],
      'already rates',
    ],
    [
      'a salience name on a single question',
      `- id: S1\n  text: t\n  type: single\n  weight: 0\n  salience: { issue: other, dimension: name }\n  options: [{ value: 1, label: a }, { value: 2, label: b }, { value: 3, label: c }, { value: 4, label: d }]\n`,
      ['13:19 salience-question'],
      'must be `type: text`',
    ],
    [
      'two names for one issue',
      [1, 2]
        .map(
          (i) => `- id: S${i}\n  text: t\n  type: text\n  weight: 0\n  salience: { issue: other, dimension: name }\n`,
        )
        .join(''),
      ['18:19 duplicate-salience'],
      'already names',
    ],
  ])('%s', (_name, questions, expected, message) => {
    const ds = checkText(questionnaire(questions));
    expect(brief(ds).sort()).toEqual([...expected].sort());
    expect(ds.map((d) => d.message).join('\n')).toContain(message);
  });

  it('maturity bands start at 0 and strictly increase', () => {
    const ds = checkText(questionnaire(Q(), 'maturity:\n  - { min: 10, label: A }\n  - { min: 10, label: B }\n'));
    expect(brief(ds)).toEqual(['6:12 maturity-bands', '7:12 maturity-bands']);
  });

  it('reports schema and semantic problems together, all at once', () => {
    const ds = checkText(
      questionnaire(Q('  wieght: 2\n') + Q('', 'Q1'), 'version: 1.0\n').replace('version: 1.0.0\n', ''),
    );
    expect(ds.map((d) => d.rule).sort()).toEqual(['duplicate-question-id', 'schema-type', 'schema-unknown-key']);
  });

  it('a duplicate key hides nothing: the unknown key and the bad condition beside it are reported too', () => {
    const ds = checkText(
      questionnaire(Q() + Q('  tags: [a]\n  tags: [b]\n  wieght: 2\n  when: { question: Q3, equals: yes }\n', 'Q2')),
    );
    expect(brief(ds)).toEqual(['28:9 duplicate-key', '29:9 schema-unknown-key', '30:27 when-unknown-question']);
    expect(ds[0]!.message).toBe(
      'duplicate key `tags` (first on line 27): a key may appear once in a mapping; this later value is ignored',
    );
  });

  it('the first of two duplicate keys is the one checked', () => {
    const ds = checkText(questionnaire(Q().replace('  type: single\n', '  type: single\n  type: sngle\n')));
    expect(brief(ds)).toEqual(['12:9 duplicate-key']);
    const later = checkText(questionnaire(Q().replace('  ungp: [17]\n', '  ungp: [17, 17]\n  ungp: [17]\n')));
    expect(brief(later).sort()).toEqual(['12:20 duplicate-ungp', '13:9 duplicate-key']);
  });

  it('type: mutliple gives exactly one diagnostic, with "did you mean"', () => {
    const ds = checkText(questionnaire(Q().replace('type: single', 'type: mutliple')));
    expect(ds.map((d) => `${d.line}:${d.col} ${d.rule}: ${d.message}`)).toEqual([
      '11:15 schema-value: `type` must be one of single, multiple, text, number, found the string "mutliple": did you mean multiple?',
    ]);
  });

  // One mistake, one diagnostic: a rule that reads a value the schema rejected (or that the schema
  // found missing) is skipped for that node, instead of judging the default that stood in for it.
  const S = (id: string, salience: string, extra = '') =>
    `- id: ${id}\n  text: t\n  type: single\n  weight: 0\n  salience: ${salience}\n  options: [{ value: 1, label: a }, { value: 2, label: b }, { value: 3, label: c }, { value: 4, label: d }]\n${extra}`;
  it.each([
    ['a missing type', Q().replace('  type: single\n', ''), ['9:9 schema-required']],
    [
      'an invalid type named by a later condition',
      Q().replace('type: single', 'type: txet') + Q('  when: { question: Q1, equals: yes }\n', 'Q2'),
      ['11:15 schema-value'],
    ],
    [
      'an invalid type on a question offering no options',
      `- id: Q1\n  text: t\n  type: singel\n  weight: 0\n`,
      ['11:15 schema-value'],
    ],
    [
      'a salience dimension outside the enum, twice',
      S('S1', '{ issue: privacy, dimension: scael }') + S('S2', '{ issue: privacy, dimension: scael }'),
      ['13:48 schema-value', '19:48 schema-value'],
    ],
    [
      'a salience without its dimension, on a question without weight: 0',
      S('S1', '{ issue: privacy }').replace('  weight: 0\n', ''),
      ['12:19 schema-required'],
    ],
    [
      'an option value of the wrong type',
      Q().replace('{ value: no,', '{ value: [no],') + Q('  when: { question: Q1, in: [yes, no] }\n', 'Q2'),
      ['17:22 schema-type'],
    ],
    ['an option without a value', Q().replace('{ value: no, label: No', '{ label: No'), ['17:13 schema-required']],
    ['an option with a score of the wrong type', Q().replace('score: 0 }', 'score: none }'), ['17:44 schema-type']],
    ['an option with na: false', Q().replace('score: 0 }', 'na: false }'), ['17:41 schema-value']],
    [
      'a weight of the wrong type',
      Q()
        .replace('  ungp: [17]\n', '  ungp: [17]\n  weight: "0"\n')
        .replace(', score: 1 }', ' }')
        .replace(', score: 0 }', ' }'),
      ['13:17 schema-type'],
    ],
    [
      'a misspelt weight',
      Q()
        .replace('  ungp: [17]\n', '  ungp: [17]\n  wieght: 0\n')
        .replace(', score: 1 }', ' }')
        .replace(', score: 0 }', ' }'),
      ['13:9 schema-unknown-key'],
    ],
    [
      'help and recommendation of the wrong type',
      Q().replace('help: Help.', 'help: [Help.]').replace('recommendation: Do it.', 'recommendation: 5'),
      ['13:15 schema-type', '14:25 schema-type'],
    ],
    ['ungp of the wrong type', Q().replace('ungp: [17]', 'ungp: 17'), ['12:15 schema-type']],
    [
      'a question id of the wrong type, named by a later condition',
      Q().replace('- id: Q1', '- id: [Q1]') + Q('  when: { question: Q1, equals: yes }\n', 'Q2'),
      ['9:13 schema-type'],
    ],
    [
      'a misspelt condition form',
      Q() + Q('  when: { question: Q1, equls: yes }\n', 'Q2'),
      ['27:31 schema-unknown-key'],
    ],
    [
      'an option left out of the model, before a duplicate value (which is still found, at its own line)',
      Q().replace('  options:\n', '  options:\n    - { value: [x], label: X, score: 1 }\n') +
        '    - { value: yes, label: Again, score: 1 }\n',
      ['16:22 schema-type', '19:22 duplicate-option-value'],
    ],
    [
      'a maturity band with a min of the wrong type',
      Q(),
      ['6:12 schema-type'],
      'maturity:\n  - { min: "0", label: A }\n  - { min: 50, label: B }\n',
    ],
  ])('one diagnostic for %s', (_name, questions, expected, head = '') => {
    expect(brief(checkText(questionnaire(questions, head))).sort()).toEqual([...expected].sort());
  });

  describe('after a YAML syntax error, what can soundly be checked still is', () => {
    it.each([
      [
        "a bad escape in one question's text, and an unknown key elsewhere",
        questionnaire(Q().replace('text: Question?', 'text: "Is it \\q so?"') + Q('  wieght: 2\n', 'Q2')),
        ['10:22 yaml-syntax', '27:9 schema-unknown-key'],
      ],
      [
        "a colon in one question's text (the question is left out), and an unknown key elsewhere",
        questionnaire(Q().replace('text: Question?', 'text: Is it: so?') + Q('  wieght: 2\n', 'Q2')),
        ['10:15 yaml-syntax', '27:9 schema-unknown-key'],
      ],
      [
        'two errors, and a problem in the header',
        questionnaire(
          Q().replace('text: Question?', 'text: "a\\q"').replace('help: Help.', 'help: `x`'),
          'language: english\n',
        ),
        ['5:11 schema-value', '11:17 yaml-syntax', '14:15 yaml-syntax'],
      ],
      // never a false error: not "missing required key", nor one of the follow-ups of a lost value
      [
        'a broken type (no options-not-allowed, no missing type)',
        questionnaire(Q().replace('type: single', 'type: "sin\\gle"')),
        ['11:19 yaml-syntax'],
      ],
      [
        'a broken help (no missing-help warning)',
        questionnaire(Q().replace('help: Help.', 'help: @Help.')),
        ['13:15 yaml-syntax'],
      ],
      [
        'a broken id, named by a later condition (no when-unknown-question)',
        questionnaire(Q().replace('- id: Q1', '- id: "Q\\1"') + Q('  when: { question: Q1, equals: yes }\n', 'Q2')),
        ['9:15 yaml-syntax'],
      ],
      [
        'a broken option, named by a later condition (no options-count, no when-unknown-value)',
        questionnaire(
          Q().replace('{ value: no, label: No, score: 0 }', '{ value: no, label: No, score: 0 } x') +
            Q('  when: { question: Q1, equals: no }\n', 'Q2'),
        ),
        ['17:48 yaml-syntax'],
      ],
      [
        'a broken question among others, whose condition names an unknown question (not reported: it may be the lost one)',
        questionnaire(
          Q().replace('text: Question?', 'text: Is it: so?') + Q('  when: { question: Q9, equals: yes }\n', 'Q2'),
        ),
        ['10:15 yaml-syntax'],
      ],
      // the broken line may have held more than its own value
      [
        'a deleted brace (the keys after it are in the broken value: not "missing label")',
        questionnaire(Q().replace('- { value: no, label: No, score: 0 }', '-   value: no, label: No, score: 0 }')),
        ['17:22 yaml-syntax', '17:33 yaml-syntax'],
      ],
      [
        'a deleted line break (the next key is in the broken value: not "missing type")',
        questionnaire(Q().replace('text: Question?\n  type: single', 'text: "Question?"  type: single')),
        ['10:15 yaml-syntax', '10:28 yaml-syntax'],
      ],
      [
        "a deleted line break before the next question (whose keys would repeat this one's): only the YAML errors",
        questionnaire(Q().replace('score: 0 }\n', 'score: 0 }') + Q('', 'Q2')),
        ['17:13 yaml-syntax', '17:47 yaml-syntax', '17:49 yaml-syntax'],
      ],
      [
        'a deleted line break before the last key (not "needs at least 2 options", nor the condition on its options)',
        questionnaire(
          Q().replace('recommendation: Do it.\n  options:', 'recommendation: Do it.  options:') +
            Q('  when: { question: Q1, equals: yes }\n', 'Q2'),
        ),
        ['14:25 yaml-syntax'],
      ],
      [
        'a tag on a broken line (no warning about it)',
        questionnaire(Q().replace('  recommendation: Do it.', ' !recommendation: Do it.')),
        ['14:1 yaml-syntax', '14:8 yaml-syntax', '14:25 yaml-syntax'],
      ],
      [
        'a broken `schema:` line (no not-hrdd-file)',
        questionnaire(Q()).replace('schema: hrdd/questionnaire@1', 'schema: "hrdd/questionnaire@1\\x"'),
        ['1:30 yaml-syntax'],
      ],
      [
        'an unterminated quote: only the YAML error',
        questionnaire(Q().replace('text: Question?', 'text: "Is it so?') + Q('  wieght: 2\n', 'Q2')),
        ['28:1 yaml-syntax'],
      ],
      [
        'bad indentation: only the YAML errors',
        questionnaire(Q('  wieght: 2\n').replace('  help: Help.', ' help: Help.')),
        [
          '13:1 yaml-syntax',
          '13:14 yaml-syntax',
          '13:14 yaml-syntax',
          '14:25 yaml-syntax',
          '14:25 yaml-syntax',
          '18:1 yaml-syntax',
        ],
      ],
    ])('%s', (_name, text, expected) => {
      expect(brief(checkText(text)).sort()).toEqual([...expected].sort());
    });
  });

  it('a file that is not an hrdd file says so once', () => {
    expect(brief(checkText('just: a mapping\n'))).toEqual(['1:1 not-hrdd-file']);
    expect(brief(checkText('- a list\n'))).toEqual(['1:1 not-hrdd-file']);
    expect(brief(checkText('schema: hrdd/other@1\n'))).toEqual(['1:9 not-hrdd-file']);
  });
});

describe('answers rules: one mistake, one diagnostic', () => {
  const QS = questionnaire(`${SCORED_Q1}- id: Q2
  text: How many?
  type: number
`);
  /** Loads an answers file whose `answers:` mapping holds `lines`, and checks it against `questionnaireText`. */
  const check = (lines: string, questionnaireText = QS, list = 'questionnaires: [./q.yaml]') => {
    const q = loadBytes(Buffer.from(questionnaireText), 'q.yaml', 'sha');
    const a = loadBytes(
      Buffer.from(`schema: hrdd/answers@1\norganisation: Acme\n${list}\nanswers:\n${lines}`),
      'a.yaml',
      'sha',
    );
    return [...a.diagnostics, ...(a.answers && q.questionnaire ? checkAnswers(a.answers, [q.questionnaire]) : [])];
  };

  it.each([
    [
      'a note of the wrong type (not also "an answer is a value, a list...")',
      '  Q1: { value: yes, note: 5 }\n',
      ['5:27 schema-type'],
    ],
    ['evidence of the wrong type', '  Q1: { value: yes, evidence: doc.pdf }\n', ['5:31 schema-type']],
    ['skipped of the wrong type', '  Q1: { value: yes, skipped: "no" }\n', ['5:30 schema-type']],
    ['a list inside a list', '  Q1: { value: [yes, [no]] }\n', ['5:22 schema-type']],
    ['a mapping as the value', '  Q2: { value: { n: 5 } }\n', ['5:16 schema-type']],
    [
      "a respondent's value of the wrong form",
      '  Q1: { value: yes, respondents: [{ respondent: A, value: { x: 1 } }] }\n',
      ['5:59 schema-type'],
    ],
    ['a misspelt skipped beside a value', '  Q1: { value: maybe, skiped: true }\n', ['5:23 schema-unknown-key']],
    [
      'a YAML syntax error in one answer, beside a wrong answer',
      '  Q2: five\n  Q1: "ye\\s"\n',
      ['5:7 answer-type', '6:10 yaml-syntax'],
    ],
    [
      'a YAML syntax error in the first answer (whose line makes `answers` a mapping): only that',
      '  Q1: "ye\\s"\n  Q2: five\n',
      ['5:10 yaml-syntax'],
    ],
    [
      'a YAML syntax error in the questionnaires list: only that',
      '  Q1: yes\n',
      ['3:28 yaml-syntax'],
      'questionnaires: [./q.yaml] x',
    ],
    [
      'a value that is not an option (still reported beside a bad note)',
      '  Q1: { value: maybe, note: 5 }\n',
      ['5:16 answer-not-an-option', '5:29 schema-type'],
    ],
  ])('%s', (_name, lines, expected, list?: string) => {
    expect(brief(check(lines, QS, list)).sort()).toEqual([...expected].sort());
  });

  it('the message for a value of the wrong form names `value`', () => {
    expect(check('  Q2: { value: { n: 5 } }\n')[0]!.message).toBe(
      '`value` must be a value or a list of values, found a mapping',
    );
  });

  it('an exclusive option ("None of these") chosen with others is an error at the answer; alone it is fine', () => {
    const multi = questionnaire(`- id: M
  text: Which?
  type: multiple
  ungp: [17]
  help: h
  recommendation: r
  options:
    - { value: a, label: A, score: 0.5 }
    - { value: b, label: B, score: 0.5 }
    - { value: none, label: None of these, score: 0, exclusive: true }
`);
    expect(checkText(multi)).toEqual([]);
    expect(brief(check('  M: [a, none]\n', multi))).toEqual(['5:6 answer-exclusive']);
    expect(check('  M: [a, none]\n', multi)[0]!.message).toBe(
      'M: "none" (None of these) cannot be chosen together with other options',
    );
    expect(brief(check('  M: [none]\n', multi))).toEqual([]);
    expect(brief(check('  M: [a, b]\n', multi))).toEqual([]);
  });

  it('an answer to a question whose type is invalid is not judged by a default type', () => {
    const broken = QS.replace('type: number', 'type: nubmer');
    expect(brief(check('  Q2: 5\n', broken))).toEqual([]);
    expect(brief(check('  Q2: 5\n'))).toEqual([]);
    expect(brief(check('  Q2: five\n'))).toEqual(['5:7 answer-type']);
    expect(brief(check('  Q2: five\n', broken))).toEqual([]);
  });
});

describe('recovery after a syntax error never reports a false error', () => {
  const dir = join(ROOT, 'questionnaires');
  const bundled = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  // each bundled module requires the profile of its own version (ict-profile@1.0.0 or @2.0.0)
  const profiles = new Map(
    ['1.0.0', '2.0.0'].map((v) => [
      v,
      loadBytes(Buffer.from(readFileSync(join(dir, 'ict-profile', `${v}.yaml`))), 'p.yaml', 'sha').questionnaire!,
    ]),
  );
  const profileFor = (requires: readonly string[]) =>
    [...profiles].find(([v]) => requires.some((r) => r.endsWith(`@${v}`)))?.[1];

  it('property: one edit that breaks a valid bundled questionnaire adds nothing but YAML errors', () => {
    // the bundled questionnaires pass --strict: any other diagnostic would come from the recovery
    const pieces = [
      ' ',
      '\n',
      '- ',
      ': ',
      '#',
      '"',
      "'",
      '|',
      '>-',
      '[',
      ']',
      '{',
      '}',
      ',',
      '\\q',
      '@',
      '`',
      '&a ',
      '*a',
      '!',
      '?',
      '\t',
      ' x',
      '\n  ',
      '\n- ',
    ];
    const edit = fc.record({ at: fc.nat(), len: fc.nat({ max: 3 }), insert: fc.constantFrom(...pieces) });
    fc.assert(
      fc.property(fc.constantFrom(...bundled), edit, (src, e) => {
        const at = e.at % (src.length + 1);
        const text = src.slice(0, at) + e.insert + src.slice(at + e.len);
        const loaded = loadBytes(Buffer.from(text), 'q.yaml', 'sha');
        if (!loaded.diagnostics.some((d) => d.rule === 'yaml-syntax')) return;
        const q = loaded.questionnaire;
        const ds = [
          ...loaded.diagnostics,
          ...(q ? checkQuestionnaire(q, q.requires.length ? [profileFor(q.requires)!] : []) : []),
        ];
        expect(
          ds.filter((d) => d.rule !== 'yaml-syntax').map((d) => `${d.line}:${d.col} ${d.rule}: ${d.message}`),
        ).toEqual([]);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 100) },
    );
  });
});

describe('closest (did you mean)', () => {
  it('agrees with the plain edit distance on random words', () => {
    const slow = (word: string, cs: string[]) => {
      let best: string | undefined;
      let bestD = Infinity;
      for (const c of cs) {
        const d = distance(word.toLowerCase(), c.toLowerCase());
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
    };
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '-', '1'), maxLength: 9 });
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 12 }), (w, cs) => {
        expect(closest(w, cs)).toBe(slow(w, cs));
      }),
      { numRuns: 500 },
    );
  });
});

describe('many unknown answer ids', () => {
  it('lists the first 1,000 with "did you mean", then one warning counts the rest; every answer is kept', () => {
    const ids = Array.from({ length: 1500 }, (_, i) => `  U${i}: x`).join('\n');
    const text = `schema: hrdd/answers@1\norganisation: X\nquestionnaires: [q]\nanswers:\n  Q1X: a\n${ids}\n`;
    const loaded = loadBytes(Buffer.from(text), 'a.yaml', 'sha');
    const q = loadBytes(
      Buffer.from(
        questionnaire(
          '- { id: Q1, text: t, type: single, weight: 0, options: [{ value: a, label: A }, { value: b, label: B }] }',
        ),
      ),
      'q.yaml',
      'sha',
    ).questionnaire!;
    const ds = checkAnswers(loaded.answers!, [q]).filter((d) => d.rule === 'unknown-question');
    expect(ds).toHaveLength(1001);
    expect(ds[0]!.message).toBe('no questionnaire used here has a question Q1X: did you mean Q1? (the answer is kept)');
    expect(ds.at(-1)).toMatchObject({
      line: 4,
      col: 1,
      message:
        'and 501 more answers name questions that no questionnaire used here has (the first 1000 are listed; every answer is kept)',
    });
    expect(loaded.answers!.answers.size).toBe(1501);
  });
});
