import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ROOT, questionnaire, runMain, tempDir } from '../helpers.js';

// Text with every character RFC 4180 quotes, and cells a spreadsheet would take for formulas.
const q = questionnaire(`- id: Q1
  text: "Is it so, \\"really\\"?\\nOn two lines."
  type: single
  ungp: [16, 17]
  critical: true
  recommendation: "Do this, then \\"that\\";\\nthen more."
  options: [{ value: a, label: "=HYPERLINK(\\"http://evil\\"), yes", score: 0 }, { value: b, label: Fine, score: 1 }]
- id: Q2
  text: "-1 looks like a formula"
  type: single
  ungp: [18]
  recommendation: "@SUM(A1:A9)"
  options: [{ value: a, label: "Partly, \\"mostly\\"", score: 0.5 }, { value: b, label: Fine, score: 1 }]
- id: Q3
  text: Done?
  type: single
  ungp: [18]
  options: [{ value: a, label: No, score: 0 }, { value: b, label: Fine, score: 1 }]
`);
const answers = `schema: hrdd/answers@1
organisation: Acme, "Inc"
assessor: Jane Roe
questionnaires: [./q.yaml]
answers:
  Q1: { value: a, note: "secret note", evidence: [secret.pdf] }
  Q2: a
  Q3: b
`;

type Row = Record<string, string>;
const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

describe('hrdd report --format csv: the action plan as a tracker', () => {
  it('one row per gap, every field round-trips through csv-parse, formulas guarded, UTF-8 with a BOM', async () => {
    const dir = tempDir({ 'q.yaml': q, 'a.hrdd.yaml': answers });
    const r = await runMain(['report', 'a.hrdd.yaml', '--format', 'csv,json', '--out', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('a.actions.csv');
    const bytes = readFileSync(join(dir, 'out/a.actions.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    const rows = parse(text, { bom: true, columns: true }) as Row[];
    const model = JSON.parse(readFileSync(join(dir, 'out/a.report.json'), 'utf8'));
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'module',
      'section',
      'question',
      'current answer',
      'score',
      'impact',
      'priority',
      'critical',
      'UNGP',
      'recommendation',
      'owner',
      'due',
      'status',
    ]);
    expect(rows.map((x) => x.id)).toEqual(model.actions.map((a: { id: string }) => a.id));
    expect(rows.map((x) => x.id)).toEqual(['Q1', 'Q2']);
    model.actions.forEach(
      (
        a: {
          id: string;
          questionnaire: string;
          section: string;
          text: string;
          answer: string;
          score: number;
          impact: number;
          priority: number;
          critical: boolean;
          ungp: number[];
          recommendation: string;
        },
        i: number,
      ) => {
        const x = rows[i]!;
        expect(x).toEqual({
          id: a.id,
          module: a.questionnaire,
          section: a.section,
          question: guard(a.text),
          'current answer': guard(a.answer),
          score: String(a.score),
          impact: String(Math.round(a.impact * 100) / 100),
          priority: String(Math.round(a.priority * 100) / 100),
          critical: a.critical ? 'yes' : 'no',
          UNGP: a.ungp.join('; '),
          recommendation: guard(a.recommendation),
          owner: '',
          due: '',
          status: '',
        });
      },
    );
    // the awkward ones, read back exactly
    expect(rows[0]!.question).toBe('Is it so, "really"?\nOn two lines.');
    expect(rows[0]!.recommendation).toBe('Do this, then "that";\nthen more.');
    expect(rows[0]!['current answer']).toBe(`'=HYPERLINK("http://evil"), yes`);
    expect(rows[1]!.question).toBe("'-1 looks like a formula");
    expect(rows[1]!.recommendation).toBe("'@SUM(A1:A9)");
    expect(rows[1]!['current answer']).toBe('Partly, "mostly"');
    expect(rows[0]!.critical).toBe('yes');
    expect(rows[0]!.UNGP).toBe('16; 17');
    // no notes, evidence or names in a tracker
    expect(text).not.toMatch(/secret|Jane Roe/);
  });

  it('--redact writes <name>.redacted.actions.csv beside the full one', async () => {
    const dir = tempDir({ 'q.yaml': q, 'a.hrdd.yaml': answers });
    expect((await runMain(['report', 'a.hrdd.yaml', '--format', 'csv', '--out', 'out'], { cwd: dir })).code).toBe(0);
    expect(
      (await runMain(['report', 'a.hrdd.yaml', '--format', 'csv', '--out', 'out', '--redact'], { cwd: dir })).code,
    ).toBe(0);
    const full = readFileSync(join(dir, 'out/a.actions.csv'), 'utf8');
    const redacted = readFileSync(join(dir, 'out/a.redacted.actions.csv'), 'utf8');
    expect(parse(redacted, { bom: true, columns: true })).toHaveLength(2);
    expect(redacted).toBe(full); // a tracker holds no notes, evidence or names to leave out
    expect(
      (
        await runMain([
          'report',
          join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'),
          '--format',
          'csv',
          '--out',
          join(dir, 'k'),
        ])
      ).code,
    ).toBe(0);
  });
});
