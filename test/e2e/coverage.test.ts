import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTOM_FRAMEWORK, runMain, tempDir } from '../helpers.js';

const REFS = `schema: hrdd/refs@1
questionnaire: q.yaml
frameworks: [tfw.yaml]
refs:
  Q2: { tfw: [B1] }
`;

describe('hrdd coverage', () => {
  it('text: the bundled questionnaires by default; each covered item with its questions, then every item not covered', async () => {
    const r = await runMain(['coverage', '--framework', 'ungp']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('UN Guiding Principles on Business and Human Rights (ungp 2011)');
    expect(lines[1]).toMatch(/^Questionnaires: ict-profile 2\.0\.0, .*ict-impacts 2\.0\.0/);
    expect(lines[2]).toMatch(/^17 of 31 principles covered, by \d+ questions\.$/);
    expect(r.stdout).toContain('\nPolicy commitment (16)\n  16. Policy commitment (');
    expect(r.stdout).toMatch(
      /\n {2}14\. Means proportionate to size and severity \(\d+\)\n {6}PRO-ROLES \(not scored\), .*IMP-32.*\n/,
    );
    const notCovered = r.stdout.slice(r.stdout.indexOf('Not assessed by these questionnaires (14)'));
    expect(notCovered).toContain('\n  1. State duty to protect\n');
    expect(notCovered).toContain('\n  28. Non-State mechanisms\n');
  });

  it('Markdown and JSON; a custom framework file by path, --refs adding a reference, --out', async () => {
    const d = tempDir({ ...CUSTOM_FRAMEWORK, 'refs.yaml': REFS });
    const md = await runMain(['coverage', 'q.yaml', '--framework', 'tfw.yaml', '--format', 'md'], { cwd: d });
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toBe(`# Test Framework

tfw 1 (Test Publisher, First). Source: https:\\/\\/example.org/tfw

Questionnaires: Test (test 1.0.0).

1 of 3 items covered, by 1 question.

## Group A

| Item | Questions |
| --- | --- |
| A1 Policy | Q1 |

## Not assessed by these questionnaires

No scored question of these questionnaires references these 2 items: an assessment with them says nothing about them.

- A2 Never asked
- B1 Ungrouped
`);
    const json = await runMain(
      ['coverage', 'q.yaml', '--framework', 'tfw.yaml', '--refs', 'refs.yaml', '--format', 'json', '--out', 'c.json'],
      { cwd: d },
    );
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).toBe('wrote c.json\n');
    const c = JSON.parse(readFileSync(join(d, 'c.json'), 'utf8'));
    expect(c.schema).toBe('hrdd/coverage@1');
    expect(c.framework).toMatchObject({ id: 'tfw', version: '1', title: 'Test Framework' });
    expect(c.items).toEqual([
      {
        id: 'A1',
        title: 'Policy',
        group: 'a',
        questions: [{ id: 'Q1', questionnaire: 'test', scored: true }],
        covered: true,
      },
      { id: 'A2', title: 'Never asked', group: 'a', questions: [], covered: false },
      { id: 'B1', title: 'Ungrouped', questions: [{ id: 'Q2', questionnaire: 'test', scored: true }], covered: true },
    ]);
    expect(c.notCovered).toEqual([{ id: 'A2', title: 'Never asked' }]);
    expect(c.summary).toEqual({ items: 3, covered: 2, questions: 2 });
  });

  it('a bundled framework through the questionnaires’ own refs: RDR items covered and not', async () => {
    const r = await runMain(['coverage', 'ict-embedding', '--framework', 'rdr', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.questionnaires.map((q: { id: string }) => q.id)).toEqual(['ict-profile', 'ict-embedding']);
    expect(c.items.find((i: { id: string }) => i.id === 'G1').questions).toContainEqual({
      id: 'EMB-01',
      questionnaire: 'ict-embedding',
      scored: true,
    });
    expect(c.notCovered.length).toBeGreaterThan(0);
    expect(c.notCovered.length + c.summary.covered).toBe(c.items.length);
  });

  it('exit codes: 2 for an unknown framework, a missing questionnaire or refs file, or no --framework; 1 for an invalid refs file; 3 when --out cannot be written', async () => {
    const d = tempDir({ ...CUSTOM_FRAMEWORK, 'bad-refs.yaml': REFS.replace('Q2:', 'NOPE:'), file: 'x' });
    const code = async (...args: string[]) => (await runMain(['coverage', ...args], { cwd: d })).code;
    expect(await code('--framework', 'rdrr')).toBe(2);
    expect(await code('--framework', 'missing.yaml')).toBe(2);
    expect(await code('missing.yaml', '--framework', 'ungp')).toBe(2);
    expect(await code('q.yaml', '--framework', 'ungp', '--refs', 'missing.yaml')).toBe(2);
    expect(await code('q.yaml')).toBe(2);
    expect(await code('q.yaml', '--framework', 'ungp,rdr')).toBe(2);
    expect(await code('q.yaml', '--framework', 'ungp', '--format', 'pdf')).toBe(2);
    const bad = await runMain(['coverage', 'q.yaml', '--framework', 'tfw.yaml', '--refs', 'bad-refs.yaml'], { cwd: d });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad-refs\.yaml:\d+:\d+: error: .*NOPE/);
    expect(await code('q.yaml', '--framework', 'ungp', '--out', 'file/c.txt')).toBe(3);
  });

  it('text output is inert: a framework title with terminal controls and a forged CI command is shown, not obeyed', async () => {
    const d = tempDir({
      ...CUSTOM_FRAMEWORK,
      'tfw.yaml': CUSTOM_FRAMEWORK['tfw.yaml']
        .replace('title: Test Framework', 'title: "Evil\\e]0;pwned\\a\\e[2J"')
        .replace('title: Policy,', 'title: "x\\n::error file=a::forged",'),
    });
    const r = await runMain(['coverage', 'q.yaml', '--framework', 'tfw.yaml'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(r.stdout).toContain('Evil\\x1b]0;pwned\\x07\\x1b[2J (tfw 1)');
    expect(r.stdout).toContain('A1 x\\n::error file=a::forged (1)');
    for (const line of r.stdout.split('\n')) expect(line).not.toMatch(/^\s*::/);
  });
});
