import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, tempDir } from '../helpers.js';

// The typical operator of docs/questionnaires-2.md §9, on the bundled 2.0.0 questionnaires.
const profile = `  PRO-ROLES: [network-operator, data-centre-cloud, device-maker]
  PRO-USERS: yes
  PRO-GOV: yes
  PRO-HIGH-RISK: yes
  PRO-SUPPLY: yes
  PRO-CHILDREN: yes
  PRO-CONTENT: no
  PRO-DATA: no
  PRO-STATE-CUSTOMERS: no
  PRO-INFRA: yes
  PRO-WORK: [field-and-contact]
`;
const answers = (extra: string) =>
  `schema: hrdd/answers@1\norganisation: T\nquestionnaires: [ict-impacts@2.0.0, ict-embedding@2.0.0, ict-leverage@2.0.0, ict-grievance@2.0.0]\nanswers:\n${profile}${extra}`;
const clean =
  '  IMP-OUT1: { value: none-checked, evidence: [review-2026.pdf] }\n  EMB-01: { value: yes, evidence: [policy.pdf] }\n';
const severe = '  IMP-OUT1: not-addressed\n  EMB-01: { value: yes, evidence: [policy.pdf] }\n';

const score = async (d: string) =>
  JSON.parse((await runMain(['score', 'a.yaml', '--format', 'json'], { cwd: d })).stdout) as {
    overall: { score: number };
    redFlags: string[];
    gaps: Array<{ question: string; critical: boolean; priority: number }>;
    salience: Array<{ issue: string; name?: string; severity: number | null }>;
  };

describe('outcome questions (issue 18)', () => {
  it('an unmanaged severe impact lowers the score, raises a red flag and a critical gap; a clean period does not', async () => {
    const a = await score(tempDir({ 'a.yaml': answers(clean) }));
    const b = await score(tempDir({ 'a.yaml': answers(severe) }));
    expect(a.redFlags).not.toContain('IMP-OUT1');
    expect(b.redFlags).toContain('IMP-OUT1');
    expect(b.overall.score).toBeLessThan(a.overall.score);
    expect(b.gaps.find((g) => g.question === 'IMP-OUT1')).toMatchObject({ critical: true });
    expect(a.gaps.find((g) => g.question === 'IMP-OUT1')).toBeUndefined();
  });

  it('a case handled properly scores as well as a clean period: disclosure is never penalised', async () => {
    const handled =
      '  IMP-OUT1: { value: addressed, evidence: [case-file.pdf] }\n  EMB-01: { value: yes, evidence: [policy.pdf] }\n';
    const a = await score(tempDir({ 'a.yaml': answers(clean) }));
    const b = await score(tempDir({ 'a.yaml': answers(handled) }));
    expect(b.overall.score).toBe(a.overall.score);
  });

  it('the report lists every outcome question the profile reaches in its executive summary, red flags marked', async () => {
    const d = tempDir({
      'a.yaml': answers(severe + '  GRV-OUT2: { value: none-checked, evidence: [union-survey.pdf] }\n'),
    });
    expect((await runMain(['report', 'a.yaml', '--format', 'md,pdf,json', '--out', 'out'], { cwd: d })).code).toBe(0);
    const md = readFileSync(join(d, 'out', 'a.md'), 'utf8');
    const summary = md.slice(
      md.indexOf('## Executive summary'),
      md.indexOf('\n## ', md.indexOf('## Executive summary') + 5),
    );
    expect(summary).toContain('**What happened in the period**');
    expect(summary).toMatch(
      /\| \*\*IMP-OUT1\*\* .* \| Yes, and at least one was not investigated or answered \*\*\(red flag\)\*\* \| 0 \|/,
    );
    expect(summary).toMatch(/\| \*\*GRV-OUT2\*\* .* \| None: .* \| 1 \|/);
    const json = JSON.parse(readFileSync(join(d, 'out', 'a.report.json'), 'utf8')) as {
      summary: { outcomes: Array<{ id: string; answered: boolean; redFlag: boolean }> };
    };
    const ids = json.summary.outcomes.map((o) => o.id);
    // the operator reaches these outcome questions; LEV-OUT2 (end use of technology sold) is not for it
    expect(ids).toEqual(
      expect.arrayContaining(['IMP-OUT1', 'EMB-OUT1', 'EMB-OUT2', 'LEV-OUT1', 'GRV-OUT1', 'GRV-OUT2']),
    );
    expect(ids).not.toContain('LEV-OUT2');
    expect(json.summary.outcomes.find((o) => o.id === 'EMB-OUT1')).toMatchObject({ answered: false, redFlag: true }); // unanswered critical: a red flag too;
    expect(md).toContain('Outcome questions ask what happened in the period');
    // the `outcome` tag marks the kind of question, not a right: the action plan does not list it
    expect(md).toMatch(/rights concerned: All human rights/);
    expect(md).not.toMatch(/rights concerned: [^\n]*Outcome/);
    if (spawnSync('pdftotext', ['-v']).error === undefined) {
      const pdf = spawnSync('pdftotext', [join(d, 'out', 'a.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(
        /\s+/g,
        ' ',
      );
      expect(pdf).toContain('What happened in the period');
      expect(pdf).toMatch(/IMP-OUT1 .*\(red flag\)/);
    }
  });

  it('a salient issue the list lacks is named by the SAL-OTHER-NAME answer in the heat map and table, made inert', async () => {
    const named =
      '  SAL-OTHER-NAME: "Right to health | <b>**x**</b>"\n  SAL-OTHER-SCALE: 4\n  SAL-OTHER-SCOPE: 2\n  SAL-OTHER-REMED: 3\n  SAL-OTHER-LIKELY: 2\n';
    const d = tempDir({ 'a.yaml': answers(clean + named) });
    const s = await score(d);
    expect(s.salience.find((i) => i.issue === 'other')).toMatchObject({
      name: 'Right to health | <b>**x**</b>',
      severity: 4,
    });
    expect((await runMain(['report', 'a.yaml', '--format', 'md', '--out', 'out'], { cwd: d })).code).toBe(0);
    const md = readFileSync(join(d, 'out', 'a.md'), 'utf8');
    expect(md).toContain('| 1 | Right to health \\| \\<b\\>\\*\\*x\\*\\*\\</b\\> | 4 |');
    expect(md).not.toMatch(/[^\\]<b>/);
    expect(md).not.toMatch(/\| Other \|/);
  });
});
