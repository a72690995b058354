import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runMain, tempDir } from '../helpers.js';

const example = readFileSync(join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'), 'utf8');
// last year: no rights map (IMP-01) and no procedure at all (EMB-13)
const lastYear = example
  .replace('date: 2026-11-16', 'date: 2025-11-10')
  .replace(/( {2}IMP-01:\n {4}value: )\w+/, '$1no')
  .replace(/( {2}EMB-13:\n {4}value: )\w+/, '$1no');

describe('hrdd compare', () => {
  const dir = tempDir({ 'before.yaml': lastYear, 'after.yaml': example });

  it('JSON with deltas (after − before), resolved red flags and changed answers', async () => {
    const r = await runMain(['compare', 'before.yaml', 'after.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    const before = JSON.parse((await runMain(['score', '--format', 'json', 'before.yaml'], { cwd: dir })).stdout);
    const after = JSON.parse((await runMain(['score', '--format', 'json', 'after.yaml'], { cwd: dir })).stdout);
    expect(c.overall).toMatchObject({ before: before.overall.score, after: after.overall.score });
    expect(c.overall.delta).toBeCloseTo(after.overall.score - before.overall.score, 9);
    expect(c.principles['16'].delta).toBeCloseTo(after.principles['16'] - before.principles['16'], 9);
    expect(c.redFlags.resolved).toEqual(['IMP-01']);
    expect(c.redFlags.open).toEqual(['EMB-13']);
    expect(c.changedAnswers.map((x: { question: string }) => x.question)).toEqual(['IMP-01', 'EMB-13']);
    expect(c.changedAnswers[0]).toMatchObject({ before: 'no', after: 'partly' });
  });

  it('text on the terminal and a Markdown trend report to a folder', async () => {
    const t = await runMain(['compare', 'before.yaml', 'after.yaml'], { cwd: dir });
    expect(t.stdout).toContain('Red flags resolved: IMP-01');
    const m = await runMain(['compare', 'before.yaml', 'after.yaml', '--format', 'md', '--out', 'out'], { cwd: dir });
    expect(m.code).toBe(0);
    const md = readFileSync(join(dir, 'out', 'after.compare.md'), 'utf8');
    expect(md).toContain('## Remaining action plan');
    expect(md).toMatch(/\| \*\*IMP-01\*\* .* \| Not identified \| Documented for some stages/);
    expect((await runMain(['compare', 'before.yaml', 'after.yaml', '--format', 'pptx'], { cwd: dir })).code).toBe(2);
    expect((await runMain(['compare', 'before.yaml', 'after.yaml', '--format', 'pdf'], { cwd: dir })).code).toBe(2); // a PDF needs --out
  });

  it.skipIf(spawnSync('pdftotext', ['-v']).status !== 0)('a PDF trend report', async () => {
    const r = await runMain(['compare', 'before.yaml', 'after.yaml', '--format', 'pdf', '--out', 'pdf'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = spawnSync('pdftotext', [join(dir, 'pdf', 'after.compare.pdf'), '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('Progress: Kestrel Telecom');
    expect(text).toContain('Red flags resolved: IMP-01');
    expect(text).toContain('Remaining action plan');
  });
});

describe('hrdd merge', () => {
  const workers = example
    .replace('assessor: Maria Kowalska (Head of Compliance)', 'assessor: Works council')
    .replace(/( {2}GRV-06:\n {4}value: )\w+/, '$1no');
  const dir = tempDir({ 'legal.yaml': example, 'workers.yaml': workers });

  it('writes a valid merged file (0600) attributing every answer, and lists disagreements', async () => {
    const r = await runMain(['merge', 'legal.yaml', 'workers.yaml', '--out', 'merged.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Needs discussion (1)');
    expect(r.stdout).toMatch(/GRV-06 {2}Maria Kowalska \(Head of Compliance\): 0\.5 · Works council: 0/);
    expect(statSync(join(dir, 'merged.yaml')).mode & 0o777).toBe(0o600);
    expect((await runMain(['validate', '--strict', 'merged.yaml'], { cwd: dir })).code).toBe(0);
    const score = JSON.parse((await runMain(['score', '--format', 'json', 'merged.yaml'], { cwd: dir })).stdout);
    expect(score.redFlags).toContain('GRV-06'); // lowest: the workers' "no" wins
    const text = readFileSync(join(dir, 'merged.yaml'), 'utf8');
    expect(text).toContain('respondent: Works council');
    expect(text).toContain('policy: lowest');
    await runMain(['report', 'merged.yaml', '--format', 'md', '--out', 'r'], { cwd: dir });
    expect(readFileSync(join(dir, 'r', 'merged.md'), 'utf8')).toContain('## Needs discussion');
  });

  it('refuses files for different questionnaire versions or sets, and will not overwrite', async () => {
    const d = tempDir({ 'a.yaml': example, 'b.yaml': example.replace(', ict-grievance@1.0.0]', ']') });
    const r = await runMain(['merge', 'a.yaml', 'b.yaml', '--out', 'm.yaml'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'b.yaml uses ict-embedding@1.0.0, ict-impacts@1.0.0, ict-leverage@1.0.0, ict-profile@1.0.0, but a.yaml uses',
    );
    expect(r.stderr).toContain('only a.yaml has ict-grievance@1.0.0');
    expect((await runMain(['merge', 'a.yaml', '--out', 'a.yaml'], { cwd: d })).code).toBe(2);
    expect((await runMain(['merge', 'a.yaml', '--out', 'x.yaml', '--policy', 'mean'], { cwd: d })).code).toBe(2);
  });

  it('--out through a symbolic link: the link stays, the target is the merged file, always 0600', async () => {
    const d = tempDir({ 'a.yaml': example });
    mkdirSync(join(d, 'shared'));
    // a dangling link: its target is created, 0600
    symlinkSync('shared/merged.yaml', join(d, 'dangling.yaml'));
    expect((await runMain(['merge', 'a.yaml', '--out', 'dangling.yaml'], { cwd: d })).code).toBe(0);
    expect(lstatSync(join(d, 'dangling.yaml')).isSymbolicLink()).toBe(true);
    expect(statSync(join(d, 'shared/merged.yaml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(d, 'shared/merged.yaml'), 'utf8')).toContain('policy: lowest');
    // --force over a link to a world-readable file: replaced, and 0600 like any merged file
    writeFileSync(join(d, 'shared/old.yaml'), 'old\n');
    chmodSync(join(d, 'shared/old.yaml'), 0o644);
    symlinkSync('shared/old.yaml', join(d, 'link.yaml'));
    expect((await runMain(['merge', 'a.yaml', '--out', 'link.yaml'], { cwd: d })).code).toBe(2); // exists: needs --force
    expect((await runMain(['merge', 'a.yaml', '--out', 'link.yaml', '--force'], { cwd: d })).code).toBe(0);
    expect(readlinkSync(join(d, 'link.yaml'))).toBe('shared/old.yaml');
    expect(statSync(join(d, 'shared/old.yaml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(d, 'shared/old.yaml'), 'utf8')).toContain('policy: lowest');
    expect(readdirSync(join(d, 'shared')).sort()).toEqual(['merged.yaml', 'old.yaml']); // no temporary files
  });
});

describe('hrdd merge: the same questionnaires as a set, one organisation', () => {
  // the same questionnaires in another order, one named with its (latest) version
  const reordered = example
    .replace(
      'questionnaires: [ict-impacts@1.0.0, ict-embedding@1.0.0, ict-leverage@1.0.0, ict-grievance@1.0.0]',
      'questionnaires: [ict-grievance@1.0.0, ict-leverage@1.0.0, ict-impacts@1.0.0, ict-embedding@1.0.0]',
    )
    .replace(/^assessor: .*$/m, 'assessor: Works council')
    .replace(/( {2}GRV-06:\n {4}value: )\w+/, '$1no');

  it('files listing the same questionnaires in another order merge, and the result does not depend on the order of the files', async () => {
    expect(reordered).toContain('ict-grievance@1.0.0, ict-leverage');
    const d = tempDir({ 'legal.yaml': example, 'workers.yaml': reordered });
    const ab = await runMain(['merge', 'legal.yaml', 'workers.yaml', '--out', 'ab.yaml'], { cwd: d });
    expect(ab.code, ab.stderr).toBe(0);
    const ba = await runMain(['merge', 'workers.yaml', 'legal.yaml', '--out', 'ba.yaml'], { cwd: d });
    expect(ba.code, ba.stderr).toBe(0);
    const strip = (t: string) => t.replace(/^ {6}file: .*$/gm, ''); // the paths as given
    expect(strip(readFileSync(join(d, 'ba.yaml'), 'utf8'))).toBe(strip(readFileSync(join(d, 'ab.yaml'), 'utf8')));
    expect(ab.stdout).toContain('Needs discussion (1)');
    expect((await runMain(['validate', '--strict', 'ab.yaml'], { cwd: d })).code).toBe(0);
  });

  it('refuses files for different organisations, naming both, unless --organisation says which to write', async () => {
    const d = tempDir({
      'a.yaml': example,
      'b.yaml': example.replace('organisation: Kestrel Telecom', 'organisation: Kestrel Telecom B.V.'),
    });
    const r = await runMain(['merge', 'a.yaml', 'b.yaml', '--out', 'm.yaml'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a.yaml is for "Kestrel Telecom", but b.yaml is for "Kestrel Telecom B.V."');
    expect(r.stderr).toContain('--organisation NAME');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const ok = await runMain(
      ['merge', 'a.yaml', 'b.yaml', '--out', 'm.yaml', '--organisation', 'Kestrel Telecom Group'],
      { cwd: d },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(d, 'm.yaml'), 'utf8')).toMatch(/^organisation: Kestrel Telecom Group$/m);
    expect(
      (await runMain(['merge', 'a.yaml', 'b.yaml', '--out', 'n.yaml', '--organisation', ' '], { cwd: d })).code,
    ).toBe(2);
  });
});
