import { describe, expect, it } from 'vitest';
import { runMain, tempDir } from '../helpers.js';

const custom = `schema: hrdd/questionnaire@1
id: custom
version: 2.0.0
title: Custom
requires: [ict-profile]
sections:
  - id: s
    title: S
    questions:
      - id: C-01
        text: Is it so?
        type: single
        ungp: [17]
        help: h
        recommendation: r
        when: { question: PRO-USERS, equals: yes }
        options:
          - { value: 1, label: One, score: 1, evidenceRequired: true }
          - { value: 2, label: Two, score: 0.5 }
          - { value: na, label: N/A, na: true }
      - id: C-02
        text: And this?
        type: multiple
        ungp: [18]
        help: h
        recommendation: r
        options:
          - { value: a, label: A, score: 0.5 }
          - { value: b, label: B, score: 0.5 }
          - { value: none, label: None, na: true }
`;

const answers = (body: string, qs = '[./custom.yaml]') => `schema: hrdd/answers@1
organisation: Test Co
questionnaires: ${qs}
answers:${body ? '\n' + body : ' {}\n'}`;

describe('answers files', () => {
  const files = (body: string, qs?: string) => tempDir({ 'custom.yaml': custom, 'a.yaml': answers(body, qs) });

  it('resolves a path, includes the required profile first, and scores', async () => {
    const d = files('  PRO-USERS: yes\n  C-01: { value: 2, note: half }\n  C-02: [a]\n');
    const r = await runMain(['score', '--format', 'json', 'a.yaml'], { cwd: d });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.inputs.map((i: { id?: string; path?: string }) => i.id ?? i.path)).toEqual([
      'a.yaml',
      'ict-profile',
      'custom',
    ]);
    // C-01 = 0.5, C-02 = 0.5 → 50
    expect(j.overall).toMatchObject({ score: 50, maturity: 'Developing', maturityCapped: false, completion: 1 });
    expect(j.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [
      'a near miss by type',
      '  C-01: "2"\n',
      'a.yaml:5:9: error: "2" is not an option of C-01: did you mean 2? [answer-not-an-option]',
    ],
    [
      'a list for a single',
      '  C-01: [1]\n',
      'a.yaml:5:9: error: C-01 is a single-choice question: give one value (e.g. 1), not a list [answer-type]',
    ],
    [
      'a scalar for a multiple',
      '  C-02: a\n',
      'a.yaml:5:9: error: C-02 is a multiple-choice question: give a list (e.g. ["a"]), found the string "a" [answer-type]',
    ],
    [
      'a repeated value',
      '  C-02: [a, a]\n',
      'a.yaml:5:13: error: "a" is chosen twice in C-02 [answer-duplicate-value]',
    ],
    [
      'N/A mixed with others',
      '  C-02: [a, none]\n',
      'a.yaml:5:9: error: C-02: the N/A option cannot be chosen together with other options [answer-na-mixed]',
    ],
    [
      'skipped with a value',
      '  C-01: { skipped: true, value: 1 }\n',
      'a.yaml:5:33: error: C-01 is marked skipped and also has a value: remove one [answer-skipped-with-value]',
    ],
    [
      'an unknown answer key',
      '  C-01: { value: 1, notes: x }\n',
      'a.yaml:5:21: error: unknown key `notes`: did you mean `note`? [schema-unknown-key]',
    ],
  ])('%s is an error at its position', async (_name, body, line) => {
    const r = await runMain(['validate', 'a.yaml'], { cwd: files(body) });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toContain(line);
  });

  it('warns about unknown questions (an error under --strict), N/A without a note, missing evidence, incompleteness', async () => {
    const d = files('  PRO-USERS: yes\n  C-01: 1\n  C-02: [none]\n  C-99: x\n');
    const r = await runMain(['validate', 'a.yaml'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'a.yaml:8:3: warning: no questionnaire used here has a question C-99 (the answer is kept) [unknown-question]',
    );
    expect(r.stdout).toContain('a.yaml:7:9: warning: C-02 is answered N/A without a reason');
    expect(r.stdout).toContain('a.yaml:6:9: warning: claim without evidence: C-01 is answered "One"');
    expect((await runMain(['validate', '--strict', 'a.yaml'], { cwd: d })).code).toBe(1);
    const inc = await runMain(['validate', 'a.yaml'], { cwd: files('  C-02: [a]\n') });
    expect(inc.stdout).toContain(
      'warning: the assessment is 50% complete (0 unanswered, 1 waiting on an unanswered question): scores are provisional [incomplete]',
    );
  });

  it('bundled id@version resolves exactly; a missing version names those that exist', async () => {
    const ok = await runMain(['validate', 'a.yaml'], { cwd: files('  PRO-USERS: yes\n', '[ict-profile@1.0.0]') });
    expect(ok.code).toBe(0);
    const bad = await runMain(['validate', 'a.yaml'], { cwd: files('  PRO-USERS: yes\n', '[ict-profile@9.9.9]') });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      'a.yaml:3:18: error: questionnaire ict-profile has no version 9.9.9 (versions: 1.0.0, 2.0.0) [questionnaire-not-found]',
    );
    const none = await runMain(['validate', 'a.yaml'], { cwd: files('', '[nope]') });
    expect(none.stdout).toContain(
      'error: no bundled questionnaire nope (bundled: ict-embedding, ict-grievance, ict-impacts, ict-leverage, ict-profile)',
    );
  });

  it('a requires cycle is an error', async () => {
    const d = tempDir({
      'x.yaml':
        'schema: hrdd/questionnaire@1\nid: x\nversion: 1.0.0\ntitle: X\nrequires: [./y.yaml]\nsections: [{ id: s, title: S, questions: [{ id: X1, text: t, type: text }] }]\n',
      'y.yaml':
        'schema: hrdd/questionnaire@1\nid: y\nversion: 1.0.0\ntitle: Y\nrequires: [./x.yaml]\nsections: [{ id: s, title: S, questions: [{ id: Y1, text: t, type: text }] }]\n',
    });
    const r = await runMain(['validate', 'x.yaml'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('requires-cycle');
  });

  it('questionnaires used together may not share question ids', async () => {
    const d = tempDir({
      'custom.yaml': custom,
      'dup.yaml': custom.replace('id: custom', 'id: dup'),
      'a.yaml': answers('', '[./custom.yaml, ./dup.yaml]'),
    });
    const r = await runMain(['validate', 'a.yaml'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('dup.yaml:10:13: error: question id C-01 is already used by questionnaire custom');
  });
});

describe('hrdd score', () => {
  const d = tempDir({
    'custom.yaml': custom,
    'a.yaml': answers('  PRO-USERS: yes\n  C-01: { value: 2, note: half }\n  C-02: [a]\n'),
  });

  it('--fail-under gates CI on the shown score', async () => {
    expect((await runMain(['score', 'a.yaml', '--fail-under', '50'], { cwd: d })).code).toBe(0);
    const r = await runMain(['score', 'a.yaml', '--fail-under', '50.1'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('overall score 50.0 is under --fail-under 50.1');
    expect((await runMain(['score', 'a.yaml', '--fail-under', 'abc'], { cwd: d })).code).toBe(2);
  });

  it('prints a readable summary without colour codes when not a TTY', async () => {
    const r = await runMain(['score', 'a.yaml'], { cwd: d });
    expect(r.stdout).toContain('Overall score 50.0 / 100 · Developing');
    expect(r.stdout).toMatch(/custom +#{10,}-{10,} +50\.0 +Developing/);
    expect(r.stdout).toContain('Top priority gaps');
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('an invalid answers file exits 1 with diagnostics and no score; a missing one exits 2', async () => {
    const bad = tempDir({ 'custom.yaml': custom, 'a.yaml': answers('  C-01: "2"\n') });
    const r = await runMain(['score', 'a.yaml'], { cwd: bad });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('a.yaml:5:9: error: "2" is not an option of C-01: did you mean 2?');
    expect((await runMain(['score', 'missing.yaml'], { cwd: bad })).code).toBe(2);
  });
});
