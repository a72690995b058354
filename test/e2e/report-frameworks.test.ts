import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTOM_FRAMEWORK as CUSTOM, ROOT, runMain, tempDir } from '../helpers.js';

const EXAMPLE = join(ROOT, 'examples', 'kestrel-telecom.hrdd.yaml');

const chapter = (md: string, title: string) => {
  const start = md.indexOf(`## ${title}`);
  expect(start, title).toBeGreaterThan(-1);
  return md.slice(start, md.indexOf('\n## ', start + 3));
};

describe('hrdd report --framework', () => {
  it('adds a chapter per framework after the UNGP one, scored through the bundled mappings, in Markdown and JSON', async () => {
    const d = tempDir();
    const r = await runMain(['report', EXAMPLE, '--framework', 'rdr,oecd-dd', '--format', 'md,json', '--out', d]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(d, 'kestrel-telecom.md'), 'utf8');
    const titles = [...md.matchAll(/^## (Scores .*)$/gm)].map((m) => m[1]);
    expect(titles).toEqual([
      'Scores by module and section',
      'Scores by UNGP principle',
      'Scores against Ranking Digital Rights Corporate Accountability indicators',
      'Scores against OECD Due Diligence Guidance for Responsible Business Conduct',
    ]);
    const rdr = chapter(md, 'Scores against Ranking Digital Rights');
    expect(rdr).toMatch(
      /^\| G1 Public commitment to human rights covering expression and privacy \| \d+\.\d \| `[█░]+` \| EMB-01 \|$/m,
    );
    expect(rdr).toContain('### Not assessed by these questionnaires');
    expect(rdr).toContain('- P6 How long user information is retained');
    const json = JSON.parse(readFileSync(join(d, 'kestrel-telecom.report.json'), 'utf8'));
    expect(json.frameworks.map((f: { id: string }) => f.id)).toEqual(['ungp', 'rdr', 'oecd-dd']);
    const g1 = json.frameworks[1].groups[0].items[0];
    expect(g1).toMatchObject({ id: 'G1', questions: ['EMB-01'] });
    expect(typeof g1.score).toBe('number');
    expect(json.frameworks[1].notCovered).toContainEqual({ id: 'P6', title: 'How long user information is retained' });
    // the UNGP chapter is the same with or without other frameworks
    const plain = tempDir();
    expect((await runMain(['report', EXAMPLE, '--format', 'md', '--out', plain])).code).toBe(0);
    const without = readFileSync(join(plain, 'kestrel-telecom.md'), 'utf8');
    expect(chapter(md, 'Scores by UNGP principle')).toBe(chapter(without, 'Scores by UNGP principle'));
    expect(without).not.toContain('Scores against');
  });

  it('takes a custom framework file by path; works with --redact and --summary (the brief has no framework chapters)', async () => {
    const d = tempDir(CUSTOM);
    const r = await runMain(
      [
        'report',
        'a.hrdd.yaml',
        '--framework',
        'tfw.yaml',
        '--format',
        'md,pdf',
        '--out',
        'out',
        '--summary',
        '--redact',
        '--confidential',
        'Internal',
      ],
      { cwd: d },
    );
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(d, 'out', 'a.redacted.md'), 'utf8');
    const tfw = chapter(md, 'Scores against Test Framework');
    expect(tfw).toContain('**Test Framework** (tfw 1; Test Publisher, First).');
    expect(tfw).toContain('| A1 Policy | 100.0 | `██████████` | Q1 |');
    expect(tfw).toContain('- A2 Never asked\n- B1 Ungrouped');
    expect(md).toContain('**Internal**');
    expect(md).not.toContain('private note');
    expect(md).not.toContain('Jane Roe');
    if (spawnSync('pdftotext', ['-v']).error === undefined) {
      const text = (f: string) =>
        spawnSync('pdftotext', [join(d, 'out', f), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
      const pdf = text('a.redacted.pdf');
      expect(pdf).toContain('Scores against Test Framework');
      expect(pdf).toContain('A1 Policy 100.0 Q1');
      expect(pdf).toContain('Not assessed by these questionnaires');
      expect(pdf).toContain('B1 Ungrouped');
      expect(text('a.redacted.summary.pdf')).not.toContain('Scores against');
    }
    const brief = readFileSync(join(d, 'out', 'a.redacted.summary.md'), 'utf8');
    expect(brief).not.toContain('Scores against');
    expect(brief).not.toContain('Scores by UNGP principle');
  });

  it('exit 2 for a framework that cannot be found or an empty list; exit 1 for a framework file with errors', async () => {
    const d = tempDir({ ...CUSTOM, 'bad.yaml': CUSTOM['tfw.yaml'].replace('title: Test Framework\n', '') });
    const unknown = await runMain(['report', 'a.hrdd.yaml', '--framework', 'rdrr', '--out', 'out'], { cwd: d });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean rdr?');
    expect(
      (await runMain(['report', 'a.hrdd.yaml', '--framework', 'missing.yaml', '--out', 'out'], { cwd: d })).code,
    ).toBe(2);
    expect((await runMain(['report', 'a.hrdd.yaml', '--framework', ',', '--out', 'out'], { cwd: d })).code).toBe(2);
    const bad = await runMain(['report', 'a.hrdd.yaml', '--framework', 'bad.yaml', '--out', 'out'], { cwd: d });
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toContain('has errors');
  });
});
