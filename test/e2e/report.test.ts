import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runMain, tempDir } from '../helpers.js';

const EXAMPLE = join(ROOT, 'examples/kestrel-telecom.hrdd.yaml');

describe('hrdd report', () => {
  it('writes Markdown and JSON from one model, traceable to its inputs', async () => {
    const out = tempDir();
    const r = await runMain(['report', EXAMPLE, '--format', 'md,json', '--out', out]);
    expect(r.code).toBe(0);
    const md = readFileSync(join(out, 'kestrel-telecom.md'), 'utf8');
    const model = JSON.parse(readFileSync(join(out, 'kestrel-telecom.report.json'), 'utf8'));
    const score = JSON.parse((await runMain(['score', '--format', 'json', EXAMPLE])).stdout);
    // the report and the score agree: one scoring module feeds both
    expect(model.summary.overall.score).toBe(score.overall.score);
    expect(md).toContain(`**Overall score: ${model.summary.overall.shown} / 100 · ${score.overall.maturity}`);
    expect(model.actions.map((a: { id: string }) => a.id)).toEqual(
      score.gaps.filter((g: { answered: boolean }) => g.answered).map((g: { question: string }) => g.question),
    );
    for (const q of score.inputs.slice(1)) expect(md).toContain(q.sha256);
    expect(md).toContain('## Action plan');
    expect(md).toContain('## Appendix B: method');
  });

  it('is reproducible: the same inputs give the same bytes', async () => {
    const a = tempDir();
    const b = tempDir();
    await runMain(['report', EXAMPLE, '--format', 'md,json', '--out', a]);
    await runMain(['report', EXAMPLE, '--format', 'md,json', '--out', b]);
    for (const f of ['kestrel-telecom.md', 'kestrel-telecom.report.json'])
      expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
  });

  it('exit 2 for an unknown format, 3 when the output cannot be written, 1 for invalid answers', async () => {
    expect((await runMain(['report', EXAMPLE, '--format', 'docx'])).code).toBe(2);
    const d = tempDir();
    writeFileSync(join(d, 'file'), 'x');
    const r = await runMain(['report', EXAMPLE, '--format', 'md', '--out', join(d, 'file', 'sub')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^hrdd: cannot write to .*file\/sub\/: a part of the path is a file, not a folder$/m);
    if (process.getuid?.() !== 0) {
      mkdirSync(join(d, 'ro'));
      chmodSync(join(d, 'ro'), 0o500);
      expect((await runMain(['report', EXAMPLE, '--format', 'md', '--out', join(d, 'ro')])).code).toBe(3);
    }
    writeFileSync(
      join(d, 'bad.yaml'),
      'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [ict-profile]\nanswers: { PRO-USERS: maybe }\n',
    );
    expect((await runMain(['report', join(d, 'bad.yaml'), '--format', 'md', '--out', d])).code).toBe(1);
  });
});

describe('the method names the maturity bands in use', () => {
  it('a questionnaire with its own bands is named with them; the default bands otherwise', async () => {
    const q = `schema: hrdd/questionnaire@1\nid: mine\nversion: 1.0.0\ntitle: Mine\nmaturity:\n  - { min: 0, label: Absent }\n  - { min: 50, label: Partial }\n  - { min: 90, label: Full }\nsections:\n  - id: s\n    title: S\n    questions:\n      - { id: M1, text: t, type: single, ungp: [16], help: h, recommendation: r, options: [{ value: a, label: A, score: 1 }, { value: b, label: B, score: 0 }] }\n`;
    const dir = tempDir({
      'q.yaml': q,
      'a.yaml':
        'schema: hrdd/answers@1\norganisation: X\ndate: 2026-01-01\nquestionnaires: [./q.yaml]\nanswers: { M1: a }\n',
    });
    const r = await runMain(['report', 'a.yaml', '--format', 'md', '--out', 'out'], { cwd: dir });
    expect(r.code).toBe(0);
    const md = (await import('node:fs')).readFileSync(`${dir}/out/a.md`, 'utf8');
    expect(md).toContain(
      'Mine (mine) sets its own bands for its module and sections: 0 Absent, 50 Partial, 90 Full; a red flag caps them at Partial.',
    );
    expect(md).toContain(
      '0 Not started, 20 Initial, 40 Developing, 60 Established, 80 Leading (the overall score, and every module that does not set its own bands)',
    );
  });
});
