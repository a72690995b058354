import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, runMain } from '../helpers.js';

describe('the bundled questionnaires', () => {
  it('pass validate --strict, and so does the example assessment', async () => {
    const r = await runMain(['validate', '--strict', 'questionnaires/', 'examples/']);
    expect(r.stdout).toMatch(/files checked: all valid/);
    expect(r.code).toBe(0);
  });

  it('hrdd list shows each with version, title and counts; every module has 20+ scored questions', async () => {
    const rows = JSON.parse((await runMain(['list', 'questionnaires', '--format', 'json'])).stdout) as Array<{
      id: string;
      version: string;
      scored: number;
      title: string;
    }>;
    expect(rows.map((r) => r.id).sort()).toEqual([
      'ict-embedding',
      'ict-grievance',
      'ict-impacts',
      'ict-leverage',
      'ict-profile',
    ]);
    for (const r of rows.filter((x) => x.id !== 'ict-profile')) expect([r.id, r.scored >= 20]).toEqual([r.id, true]);
    const text = (await runMain(['list'])).stdout;
    expect(text).toMatch(/ict-impacts\s+2\.0\.0\s+\d+\s+\d+\s+Assessing human rights impacts/);
    expect(text).toContain('Older versions, kept so that old assessments rescore exactly: ict-embedding@1.0.0,');
    expect(text).toContain('ict-profile@1.0.0.');
  });

  it('hrdd list shows the bundled frameworks too, each with its latest version and item count', async () => {
    const both = JSON.parse((await runMain(['list', '--format', 'json'])).stdout) as {
      questionnaires: Array<{ id: string }>;
      frameworks: Array<{ id: string; version: string; items: number }>;
    };
    expect(both.questionnaires).toHaveLength(5);
    expect(both.frameworks.map((f) => `${f.id}@${f.version}:${f.items}`)).toEqual([
      'csddd@2024:18',
      'oecd-dd@2018:14',
      'rdr@2020:58',
      'ungp@2011:31',
      'ungprf@2015:35',
    ]);
    const text = (await runMain(['list'])).stdout;
    expect(text).toMatch(/^questionnaire\s+version/m);
    expect(text).toMatch(/^rdr\s+2020\s+58\s+Ranking Digital Rights/m);
    expect((await runMain(['list', 'frameworks'])).stdout).not.toMatch(/ict-impacts/);
    expect((await runMain(['list', 'nonsense'])).code).toBe(2);
  });

  it('every scored question names rights in tags; critical questions offer no N/A; the grievance module asks each effectiveness criterion', async () => {
    expect(JSON.parse((await runMain(['schema', 'questionnaire'])).stdout).$id).toBe('urn:hrdd:schema:questionnaire:1');
    type Question = {
      id: string;
      weight?: number;
      critical?: boolean;
      tags?: string[];
      ungp?: number[];
      options: Array<{ na?: boolean; evidenceRequired?: boolean }>;
    };
    type Q = { sections: Array<{ questions: Question[] }> };
    const facts: Record<
      string,
      { untagged: string[]; criticalNa: string[]; critical: number; p31: number; evidence: number; total: number }
    > = {};
    for (const id of ['ict-impacts', 'ict-embedding', 'ict-leverage', 'ict-grievance']) {
      const q = parse(readFileSync(join(ROOT, 'questionnaires', id, '1.0.0.yaml'), 'utf8')) as Q;
      const qs = q.sections.flatMap((s) => s.questions).filter((x) => (x.weight ?? 1) > 0);
      facts[id] = {
        untagged: qs.filter((x) => !(x.tags ?? []).length).map((x) => x.id),
        criticalNa: qs.filter((x) => x.critical && x.options.some((o) => o.na)).map((x) => x.id),
        critical: qs.filter((x) => x.critical).length,
        p31: qs.filter((x) => (x.ungp ?? []).includes(31)).length,
        evidence: qs.filter((x) => x.options.some((o) => o.evidenceRequired)).length,
        total: qs.length,
      };
    }
    for (const [id, f] of Object.entries(facts)) {
      expect([id, f.untagged, f.criticalNa]).toEqual([id, [], []]);
      expect(f.critical).toBeGreaterThanOrEqual(1);
      expect(f.evidence).toBeGreaterThan(f.total / 2);
    }
    expect(facts['ict-grievance']!.p31).toBe(8);
  });

  it('docs/coverage.md is up to date', async () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/coverage.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
