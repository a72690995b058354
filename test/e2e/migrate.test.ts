import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run, runMain, tempDir } from '../helpers.js';
import type { MigrationReport } from '../../src/core/migration-report.js';

const example = readFileSync(join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'), 'utf8');

/** Kestrel's 1.0.0 answers in a fresh folder, migrated with ARGS. */
async function migrated(args: string[] = []) {
  const dir = tempDir({ 'kestrel.hrdd.yaml': example });
  const r = await runMain(['migrate', 'kestrel.hrdd.yaml', ...args], { cwd: dir });
  return { dir, r, out: join(dir, 'kestrel.2.0.0.hrdd.yaml') };
}

describe('the bundled migration', () => {
  it('validates against the bundled 2.0.0 questionnaires under --strict (an id or option that moves is an error here)', async () => {
    const r = await runMain(['validate', '--strict', 'migrations/']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('1 file checked: all valid');
    expect(r.code).toBe(0);
  });
});

describe('hrdd migrate', () => {
  it('moves Kestrel to 2.0.0: counts, and what carried where', async () => {
    const { r, out } = await migrated(['--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as MigrationReport;
    expect(report.schema).toBe('hrdd/migration-report@1');
    expect(report.to).toContain('ict-impacts@2.0.0');
    const s = report.summary;
    expect(s.carried).toBe(s.same + s.mapped + s.merged);
    expect(s).toMatchObject({ carried: 113, mapped: 7, merged: 2, notCarried: 46, plannedNowZero: 4 });
    const carried = new Map(report.carried.map((c) => [c.question, c]));
    expect(carried.get('IMP-01')).toMatchObject({ from: 'IMP-01', how: 'same' }); // same id, same value
    expect(carried.get('IMP-10')).toMatchObject({ how: 'mapped', was: 'surveys', value: 'started' });
    expect(carried.get('LEV-15')).toMatchObject({ from: 'EMB-24', how: 'merged', value: 'export-only' });
    const not = new Map(report.notCarried.map((n) => [n.question, n]));
    expect(not.get('GRV-06')).toMatchObject({ reason: 'dropped', detail: expect.stringContaining('GRV-07') });
    expect(not.get('IMP-17')).toMatchObject({ reason: 'answered', to: 'IMP-16' }); // the survivor's own answer wins
    expect(not.get('IMP-32')).toMatchObject({ reason: 'value', value: 'partly' });
    expect(report.added).toEqual(expect.arrayContaining(['IMP-OUT1', 'GRV-41', 'PRO-WORK']));

    const text = readFileSync(out, 'utf8');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(text).toContain('date: 2026-11-30'); // the context's clock
    expect(text).toContain('organisation: Kestrel Telecom');
    expect(text).toMatch(
      /questionnaires: \[ ict-impacts@2\.0\.0, ict-embedding@2\.0\.0, ict-leverage@2\.0\.0, ict-grievance@2\.0\.0 \]/,
    );
    expect(text).toContain('carried: ict-impacts@1.0.0 IMP-01');
    expect(text).toMatch(
      /IMP-16:\n {4}value: yes\n {4}note: "[^\n]*From ict-impacts@1\.0\.0 IMP-17 \(not carried: IMP-16 has its own answer\)/,
    );
    expect(text).not.toMatch(/^ {2}IMP-OUT1:/m);
  });

  it('the result validates with the unconfirmed warning (an error under --strict) and scores', async () => {
    const { dir } = await migrated();
    const v = await runMain(['validate', 'kestrel.2.0.0.hrdd.yaml'], { cwd: dir });
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(
      /kestrel\.2\.0\.0\.hrdd\.yaml:\d+:\d+: warning: 112 answers carried from an earlier questionnaire version are not yet confirmed \(the first: PRO-ROLES\).*\[answer-unconfirmed\]/,
    );
    expect((await runMain(['validate', '--strict', 'kestrel.2.0.0.hrdd.yaml'], { cwd: dir })).code).toBe(1);
    const s = await runMain(['score', 'kestrel.2.0.0.hrdd.yaml', '--format', 'json'], { cwd: dir });
    expect(s.code).toBe(0);
    const json = JSON.parse(s.stdout);
    expect(json.completion.carried).toBe(112);
    expect(json.overall.score).toBeGreaterThan(0);
    const text = await runMain(['score', 'kestrel.2.0.0.hrdd.yaml'], { cwd: dir });
    expect(text.stdout).toContain('112 carried from an earlier questionnaire version, not yet confirmed');
    const md = await runMain(['report', 'kestrel.2.0.0.hrdd.yaml', '--format', 'md,pdf', '--out', 'r'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(readFileSync(join(dir, 'r', 'kestrel.2.0.0.md'), 'utf8')).toContain(
      '112 answers were carried from an earlier questionnaire version and are not yet confirmed.',
    );
    if (spawnSync('pdftotext', ['-v']).error === undefined) {
      const pdf = spawnSync('pdftotext', [join(dir, 'r', 'kestrel.2.0.0.pdf'), '-'], { encoding: 'utf8' }).stdout;
      expect(pdf.replace(/\s+/g, ' ')).toContain(
        'Not yet confirmed. 112 answers were carried from an earlier questionnaire version and are not yet confirmed',
      );
    }
  });

  it('the text report: counts, the planned line, and the lists', async () => {
    const { r } = await migrated();
    expect(r.stdout).toContain(
      'Carried 113 answers: 104 as is, 7 with mapped values, 2 merged into another question; not carried: 46;',
    );
    expect(r.stdout).toContain('4 carried answers "planned" scored 0.25 and now score 0.');
    expect(r.stdout).toMatch(/Not carried \(46\)\n(.*\n)*? {2}GRV-06 {2}"partly" {2}dropped: Split into GRV-07/);
    expect(r.stdout).toContain('EMB-24 → LEV-15  "legal-only" → "export-only"');
  });

  it('refuses to overwrite without --force (exit 2), and replaces with it', async () => {
    const { dir } = await migrated();
    const again = await runMain(['migrate', 'kestrel.hrdd.yaml'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('kestrel.2.0.0.hrdd.yaml already exists: choose another -o, or add --force');
    expect(
      (await runMain(['migrate', 'kestrel.hrdd.yaml', '--force', '-o', 'kestrel.2.0.0.hrdd.yaml'], { cwd: dir })).code,
    ).toBe(0);
  });

  it('errors: not an answers file, already on 2.0.0, no migration to that version, a custom questionnaire', async () => {
    const { dir } = await migrated();
    const q = await runMain([
      'migrate',
      join(ROOT, 'questionnaires/ict-impacts/1.0.0.yaml'),
      '-o',
      join(dir, 'x.yaml'),
    ]);
    expect(q.code).toBe(1);
    expect(q.stderr).toContain('is not an answers file (schema: hrdd/answers@1): it is a questionnaire file');
    const twice = await runMain(['migrate', 'kestrel.2.0.0.hrdd.yaml', '-o', 'y.yaml'], { cwd: dir });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('is already on');
    const to = await runMain(['migrate', 'kestrel.hrdd.yaml', '--to', '3.0.0', '-o', 'z.yaml'], { cwd: dir });
    expect(to.code).toBe(1);
    expect(to.stderr).toContain('no migration known from ict-profile@1.0.0, ict-impacts@1.0.0');
    expect(to.stderr).toContain('to 3.0.0. Bundled migrations: ict-profile@1.0.0');
    writeFileSync(
      join(dir, 'custom.yaml'),
      'schema: hrdd/questionnaire@1\nid: custom\nversion: 1.0.0\ntitle: C\nsections:\n  - id: s\n    title: S\n    questions:\n      - { id: C-1, text: "?", type: text }\n',
    );
    writeFileSync(join(dir, 'c.hrdd.yaml'), example.replace('questionnaires: [', 'questionnaires: [./custom.yaml, '));
    const custom = await runMain(['migrate', 'c.hrdd.yaml'], { cwd: dir });
    expect(custom.code).toBe(1);
    expect(custom.stderr).toContain('uses ./custom.yaml, which is not bundled');
  });

  it('compare across versions says the questionnaire versions differ, and lists added and removed questions', async () => {
    const { dir } = await migrated();
    const c = await runMain(['compare', 'kestrel.hrdd.yaml', 'kestrel.2.0.0.hrdd.yaml'], { cwd: dir });
    expect(c.code).toBe(0);
    expect(c.stdout).toContain(
      'The questionnaire versions differ (ict-profile 1.0.0 → 2.0.0, ict-impacts 1.0.0 → 2.0.0',
    );
    expect(c.stdout).toContain('Questions added by the newer questionnaire versions: 54; removed: 46');
    const j = JSON.parse(
      (await runMain(['compare', 'kestrel.hrdd.yaml', 'kestrel.2.0.0.hrdd.yaml', '--format', 'json'], { cwd: dir }))
        .stdout,
    );
    expect(j.versionChanges).toContain('ict-grievance 1.0.0 → 2.0.0');
    expect(j.removedQuestions).toContain('GRV-06');
    expect(j.addedQuestions).toContain('IMP-OUT1');
    const same = await runMain(['compare', 'kestrel.hrdd.yaml', 'kestrel.hrdd.yaml'], { cwd: dir });
    expect(same.stdout).not.toContain('versions differ');
    // the Markdown and the PDF say it too, on their first page of results
    expect(
      (
        await runMain(['compare', 'kestrel.hrdd.yaml', 'kestrel.2.0.0.hrdd.yaml', '--format', 'md,pdf', '--out', 'c'], {
          cwd: dir,
        })
      ).code,
    ).toBe(0);
    expect(readFileSync(join(dir, 'c', 'kestrel.2.0.0.compare.md'), 'utf8')).toContain(
      'The questionnaire versions differ',
    );
    if (spawnSync('pdftotext', ['-v']).error === undefined) {
      const pdf = spawnSync('pdftotext', ['-f', '2', '-l', '2', join(dir, 'c', 'kestrel.2.0.0.compare.pdf'), '-'], {
        encoding: 'utf8',
      }).stdout.replace(/\s+/g, ' ');
      expect(pdf).toContain('The questionnaire versions differ (ict-profile 1.0.0 → 2.0.0');
    }
  });

  it('the real binary migrates too (default name beside the file)', () => {
    const dir = tempDir({ 'a/kestrel-telecom.hrdd.yaml': example });
    const r = run(['migrate', 'a/kestrel-telecom.hrdd.yaml'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote a/kestrel-telecom.2.0.0.hrdd.yaml');
    expect(statSync(join(dir, 'a/kestrel-telecom.2.0.0.hrdd.yaml')).mode & 0o777).toBe(0o600);
  });
});
