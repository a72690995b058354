import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Loader } from '../../src/io/loader.js';
import { scoreAssessment } from '../../src/core/score.js';
import { scoreToJson } from '../../src/core/score-json.js';
import { ROOT, run, runMain, tempDir } from '../helpers.js';

const EXAMPLE = join(ROOT, 'examples', 'kestrel-telecom.hrdd.yaml');

/** The bundled questionnaires as they were before the framework mappings were inlined. */
function withoutRefs(): string {
  const files: Record<string, string> = {};
  for (const id of readdirSync(join(ROOT, 'questionnaires')))
    for (const f of readdirSync(join(ROOT, 'questionnaires', id))) {
      const q = parse(readFileSync(join(ROOT, 'questionnaires', id, f), 'utf8'));
      delete q.frameworks;
      for (const s of q.sections) for (const x of s.questions) delete x.refs;
      files[`${id}/${f}`] = stringify(q);
    }
  return tempDir(files);
}

function scoreWith(bundled: string | undefined, answers: string) {
  const loader = bundled ? new Loader(ROOT, [], bundled) : new Loader(ROOT);
  const { assessment, diagnostics } = loader.loadAssessment(answers);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const result = scoreAssessment(assessment!.questionnaires, assessment!.answers.answers, {
    frameworks: loader.frameworks.used(assessment!.questionnaires),
  });
  const json = scoreToJson(
    result,
    { answers: { path: 'a', sha256: '' }, questionnaires: [] },
    { name: 'hrdd', version: '0' },
  );
  return { result, json };
}

describe('the framework mappings inlined into the bundled questionnaires (scripts/apply-refs.mjs)', () => {
  it('are all inlined: running the script again would change nothing', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'apply-refs.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('each bundled framework file says the id and version its path does (frameworks/<id>/<version>.yaml)', () => {
    const dir = join(ROOT, 'frameworks');
    const found = readdirSync(dir)
      .filter((d) => d !== 'mappings')
      .flatMap((id) =>
        readdirSync(join(dir, id)).map((f) => {
          const fw = parse(readFileSync(join(dir, id, f), 'utf8'));
          return [`${id}/${f}`, `${fw.id}/${fw.version}.yaml`];
        }),
      );
    expect(found.length).toBeGreaterThanOrEqual(5);
    for (const [path, says] of found) expect(says).toBe(path);
  });

  it('the bundled questionnaires and frameworks pass validate --strict', () => {
    const r = run(['validate', '--strict', 'questionnaires/', 'frameworks/']);
    expect(r.stdout).toMatch(/files checked: all valid/);
    expect(r.code).toBe(0);
  });

  it('score identically to before, principles and totals, for the example and for an empty assessment', () => {
    const before = withoutRefs();
    const empty = join(
      tempDir({
        'empty.yaml':
          'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [ict-impacts, ict-embedding, ict-leverage, ict-grievance]\nanswers: {}\n',
      }),
      'empty.yaml',
    );
    for (const answers of [EXAMPLE, empty]) {
      const a = scoreWith(before, answers).json;
      const b = scoreWith(undefined, answers).json;
      expect(b.principles).toEqual(a.principles);
      expect(b.overall).toEqual(a.overall);
      expect(b.questionnaires).toEqual(a.questionnaires);
      expect(b.gaps).toEqual(a.gaps);
      // before: only the principles; now every mapped framework, and the ungp items agree with principles
      expect(Object.keys(a.frameworks)).toEqual(['ungp']);
      expect(Object.keys(b.frameworks).sort()).toEqual(['csddd', 'oecd-dd', 'rdr', 'ungp', 'ungprf']);
      for (const [n, v] of Object.entries(b.principles)) expect(b.frameworks['ungp']!.items[n]).toBe(v);
    }
  });

  it('hrdd score --format json gives every framework item a score or null, with the version used', async () => {
    const r = await runMain(['score', EXAMPLE, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      frameworks: Record<string, { version: string; items: Record<string, unknown> }>;
    };
    expect(j.frameworks['rdr']!.version).toBe('2020');
    expect(j.frameworks['ungp']!.version).toBe('2011');
    expect(Object.keys(j.frameworks['ungp']!.items)).toHaveLength(31);
    for (const f of Object.values(j.frameworks))
      for (const v of Object.values(f.items))
        expect(v === null || (typeof v === 'number' && v >= 0 && v <= 100)).toBe(true);
  });
});
