import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runMain, tempDir } from '../helpers.js';

const EXAMPLE = join(ROOT, 'examples', 'kestrel-telecom.hrdd.yaml');

describe('score gates for CI', () => {
  it('--fail-on-red-flags fails while a red flag is open and names them', async () => {
    const json = JSON.parse((await runMain(['score', EXAMPLE, '--format', 'json'])).stdout);
    const flags: string[] = json.redFlags.map((f: { id?: string; question?: string } | string) =>
      typeof f === 'string' ? f : (f.id ?? f.question),
    );
    expect(flags.length).toBeGreaterThan(0); // the example has open red flags
    const r = await runMain(['score', EXAMPLE, '--format', 'json', '--fail-on-red-flags']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${flags.length} red flag${flags.length === 1 ? '' : 's'} open (--fail-on-red-flags): ${flags.join(', ')}`,
    );
    expect((await runMain(['score', EXAMPLE, '--format', 'json'])).code).toBe(0);
  });

  const PARTIAL =
    'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [ict-profile, ict-grievance]\nanswers:\n  GRV-01: yes\n  GRV-02: no\n';

  it('--min-completion compares the shown completion percentage', async () => {
    const partial = join(tempDir({ 'p.yaml': PARTIAL }), 'p.yaml');
    const json = JSON.parse((await runMain(['score', partial, '--format', 'json'])).stdout);
    expect(json.completion.ratio).toBeLessThan(1);
    const pct = Math.round(json.completion.ratio * 1000) / 10;
    expect((await runMain(['score', partial, '--min-completion', String(pct)])).code).toBe(0);
    const r = await runMain(['score', partial, '--min-completion', String(Math.min(100, pct + 0.1))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`completion ${pct.toFixed(1)}% is under --min-completion`);
    expect((await runMain(['score', partial, '--min-completion', '101'])).code).toBe(2);
    expect((await runMain(['score', partial, '--min-completion', 'abc'])).stderr).toMatch(
      /--min-completion takes a number from 0 to 100/,
    );
  });

  it('gates fail closed when nothing can be scored', async () => {
    // only the unscored profile: no overall score, but completion exists
    const dir = tempDir({
      'a.yaml': 'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [ict-profile]\nanswers: {}\n',
    });
    const r = await runMain(['score', join(dir, 'a.yaml'), '--fail-under', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the overall score is missing \(nothing scored\): --fail-under 0 fails closed/);
  });

  it('all gates together report every failure', async () => {
    const r = await runMain([
      'score',
      join(tempDir({ 'p.yaml': PARTIAL }), 'p.yaml'),
      '--fail-under',
      '99',
      '--min-completion',
      '100',
      '--fail-on-red-flags',
    ]);
    expect(r.code).toBe(1);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('hrdd: ')),
    ).toHaveLength(3);
  });
});

describe('weights cannot break the gate', () => {
  it('weights of 1e308 are a schema error, so the file is never scored and --fail-under fails', async () => {
    const q =
      'schema: hrdd/questionnaire@1\nid: w\nversion: 1.0.0\ntitle: W\nweight: 1e308\nsections:\n  - id: s\n    title: S\n    weight: 1e308\n    questions:\n      - { id: W1, text: t, type: single, weight: 1e308, ungp: [16], help: h, recommendation: r, options: [{ value: a, label: A, score: 1 }, { value: b, label: B, score: 0 }] }\n';
    const dir = tempDir({
      'w.yaml': q,
      'a.yaml': 'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [./w.yaml]\nanswers: { W1: a }\n',
    });
    const v = await runMain(['validate', 'w.yaml'], { cwd: dir });
    expect(v.stdout).toMatch(
      /^w\.yaml:5:9: error: `weight` must be <= 1000000, found the number 1e\+308 \[schema-value\]$/m,
    );
    const r = await runMain(['score', 'a.yaml', '--fail-under', '99'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });
});
