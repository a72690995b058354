import { describe, expect, it } from 'vitest';
import { brief, checkText, questionnaire } from '../helpers.js';

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
    ['bad question type', Q().replace('type: single', 'type: singel'), ['11:15 schema-value', '15:9 options-not-allowed'], 'did you mean single?'],
    ['duplicate option value', Q('    - { value: yes, label: Again, score: 1 }\n'), ['18:22 duplicate-option-value'], 'already used'],
    ['option without score in a scored question', Q('    - { value: maybe, label: Maybe }\n'), ['18:13 option-score'], 'needs `score`'],
    ['option with both score and na', Q('    - { value: na, label: N/A, score: 0, na: true }\n'), ['18:13 option-score'], 'both'],
    ['score above 1', Q().replace('score: 1 }', 'score: 2 }'), ['16:46 schema-value'], '<= 1'],
    ['ungp out of range', Q().replace('ungp: [17]', 'ungp: [17, 32]'), ['12:20 schema-value'], '<= 31'],
    ['ungp listed twice', Q().replace('ungp: [17]', 'ungp: [17, 17]'), ['12:20 duplicate-ungp'], 'twice'],
    ['one option only', `- id: Q1\n  text: t\n  type: single\n  weight: 0\n  options: [{ value: a, label: A }]\n`, ['13:9 options-count'], 'at least 2'],
    ['options on a text question', `- id: Q1\n  text: t\n  type: text\n  options: [{ value: a, label: A }, { value: b, label: B }]\n`, ['12:9 options-not-allowed'], 'free answer'],
    ['critical question with N/A (warning)', Q('    - { value: na, label: N/A, na: true }\n  critical: true\n'), ['18:13 critical-na'], 'scope the question'],
    ['missing ungp, help, recommendation (warnings)', `- id: Q1\n  text: t\n  type: single\n  options: [{ value: a, label: A, score: 1 }, { value: b, label: B, score: 0 }]\n`,
      ['9:13 missing-help', '9:13 missing-recommendation', '9:13 missing-ungp'], 'UNGP'],
    ['when names a later question', Q('  when: { question: Q2, equals: yes }\n') + Q('', 'Q2'), ['18:27 when-forward-reference'], 'comes after'],
    ['when names itself', Q('  when: { question: Q1, equals: yes }\n'), ['18:27 when-forward-reference'], 'itself'],
    ['when names an unknown question', Q() + Q('  when: { question: Q3, equals: yes }\n', 'Q2'), ['27:27 when-unknown-question'], 'no question Q3'],
    ['when names a value the question lacks', Q() + Q('  when: { question: Q1, in: [yes, maybe] }\n', 'Q2'), ['27:41 when-unknown-value'], '"maybe" is not an option of Q1'],
    ['when compares by kind: "1" is not 1', `- id: P\n  text: t\n  type: single\n  weight: 0\n  options: [{ value: 1, label: One }, { value: 2, label: Two }]\n` + Q('  when: { question: P, equals: "1" }\n'), ['23:38 when-unknown-value'], 'did you mean 1?'],
    ['condition with two forms', Q() + Q('  when: { question: Q1, equals: yes, answered: true }\n', 'Q2'), ['27:15 condition-form'], 'exactly one'],
    ['empty all', Q() + Q('  when: { all: [] }\n', 'Q2'), ['27:22 schema-value'], 'at least 1'],
    ['duplicate question id', Q() + Q('', 'Q1'), ['18:13 duplicate-question-id'], 'already used'],
    ['salience question with wrong options', `- id: S1\n  text: t\n  type: single\n  weight: 0\n  salience: { issue: privacy, dimension: scale }\n  options: [{ value: 1, label: a }, { value: 2, label: b }]\n`, ['13:19 salience-question'], '1, 2, 3 and 4'],
    ['two salience questions for one issue and dimension', [1, 2].map((i) => `- id: S${i}\n  text: t\n  type: single\n  weight: 0\n  salience: { issue: privacy, dimension: scale }\n  options: [{ value: 1, label: a }, { value: 2, label: b }, { value: 3, label: c }, { value: 4, label: d }]\n`).join(''), ['19:19 duplicate-salience'], 'already rates'],
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
    const ds = checkText(questionnaire(Q('  wieght: 2\n') + Q('', 'Q1'), 'version: 1.0\n').replace('version: 1.0.0\n', ''));
    expect(ds.map((d) => d.rule).sort()).toEqual(['duplicate-question-id', 'schema-type', 'schema-unknown-key']);
  });

  it('a duplicate key hides nothing: the unknown key and the bad condition beside it are reported too', () => {
    const ds = checkText(questionnaire(Q() + Q('  tags: [a]\n  tags: [b]\n  wieght: 2\n  when: { question: Q3, equals: yes }\n', 'Q2')));
    expect(brief(ds)).toEqual(['28:9 duplicate-key', '29:9 schema-unknown-key', '30:27 when-unknown-question']);
    expect(ds[0]!.message).toBe('duplicate key `tags` (first on line 27): a key may appear once in a mapping; this later value is ignored');
  });

  it('the first of two duplicate keys is the one checked', () => {
    const ds = checkText(questionnaire(Q().replace('  type: single\n', '  type: single\n  type: sngle\n')));
    expect(brief(ds)).toEqual(['12:9 duplicate-key']);
    const later = checkText(questionnaire(Q().replace('  ungp: [17]\n', '  ungp: [17, 17]\n  ungp: [17]\n')));
    expect(brief(later).sort()).toEqual(['12:20 duplicate-ungp', '13:9 duplicate-key']);
  });

  it('a file that is not an hrdd file says so once', () => {
    expect(brief(checkText('just: a mapping\n'))).toEqual(['1:1 not-hrdd-file']);
    expect(brief(checkText('- a list\n'))).toEqual(['1:1 not-hrdd-file']);
    expect(brief(checkText('schema: hrdd/other@1\n'))).toEqual(['1:9 not-hrdd-file']);
  });
});
