import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relabelPrefixes, respondentAliases } from '../../src/core/report-model.js';
import { ROOT, runMain, tempDir } from '../helpers.js';

// A unique marker in every person field and every note and evidence field an answers file or a
// merged file can hold: a redacted report must show it nowhere.
const MARK = 'QZXMARK';
const NA_WORDS = 'it sells no DPI, location-analytics or monitoring products';
const NA_WORDS_2 = 'Kestrel has made no acquisitions';
const example = readFileSync(join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'), 'utf8');

/** The example with the marker in the assessor, every note (but the N/A reason) and every evidence list. */
function planted(assessor: string): string {
  return (
    example
      .replace(/^assessor: .*$/m, `assessor: ${assessor}`)
      // the notes of N/A answers are their reasons: their own words stay
      .replace(/^( {4}value: (?!na\n).*\n {4}note: ")/gm, `$1${MARK} note, `)
      .replace(/^( {4}evidence: \[)/gm, `$1"${MARK}-evidence.pdf", `)
      // a note and evidence on a plain answer too
      .replace(
        /^( {2})PRO-USERS: yes$/m,
        `$1PRO-USERS:\n$1  value: yes\n$1  note: "${MARK} said so"\n$1  evidence: ["/home/${MARK}/evidence.pdf"]`,
      )
  );
}

const hasPoppler = ['pdftotext', 'pdfinfo'].every((t) => spawnSync(t, ['-v']).status === 0);
const tool = (...args: string[]) =>
  spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout;

/** Every place the marker could hide in the redacted outputs of `base` in `dir`. */
function redactedOutputs(dir: string, base: string): Record<string, string> {
  const out: Record<string, string> = {
    md: readFileSync(join(dir, `${base}.redacted.md`), 'utf8'),
    json: readFileSync(join(dir, `${base}.redacted.report.json`), 'utf8'),
    csv: readFileSync(join(dir, `${base}.redacted.actions.csv`), 'utf8'),
  };
  const pdf = join(dir, `${base}.redacted.pdf`);
  // the raw file: the Info dictionary, the XMP packet and the outline are uncompressed there
  out['pdf raw'] = readFileSync(pdf).toString('latin1');
  if (hasPoppler) {
    out['pdf text'] = tool('pdftotext', '-enc', 'UTF-8', pdf, '-');
    out['pdfinfo'] = tool('pdfinfo', pdf);
    out['xmp'] = tool('pdfinfo', '-meta', pdf);
  }
  return out;
}

function expectNoMarker(outs: Record<string, string>) {
  for (const [where, text] of Object.entries(outs)) {
    expect(text.includes(MARK), `${MARK} in the ${where}`).toBe(false);
    // a word broken over lines in a table cell
    expect(text.replace(/\s+/g, '').includes(MARK), `${MARK} (broken) in the ${where}`).toBe(false);
  }
}

const outlineTitles = (raw: string) => [...raw.matchAll(/\/Title (\([^)]*\)|<[0-9A-Fa-f]+>)/g)].map((m) => m[1]!);

describe('hrdd report --redact', () => {
  it('a plain file: no name, note, evidence or folder anywhere; N/A reasons stay; the full report is not overwritten', async () => {
    const dir = tempDir({ [`${MARK}-folder/kestrel.hrdd.yaml`]: planted(`Maria ${MARK} (Head of Compliance)`) });
    const file = join(dir, `${MARK}-folder/kestrel.hrdd.yaml`);
    const full = await runMain(['report', file, '--format', 'md,pdf,json', '--out', 'out'], { cwd: dir });
    expect(full.code, full.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out/kestrel.md'), 'utf8')).toContain(MARK); // the full report has them
    const r = await runMain(['report', file, '--format', 'md,pdf,json,csv', '--out', 'out', '--redact'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'out/kestrel.md'))).toBe(true);
    expect(readFileSync(join(dir, 'out/kestrel.md'), 'utf8')).toContain(MARK); // still the full one
    const outs = redactedOutputs(join(dir, 'out'), 'kestrel');
    expectNoMarker(outs);
    expect(outs['md']).toContain(NA_WORDS);
    expect(outs['md']).toContain(NA_WORDS_2);
    expect(JSON.parse(outs['json']!).inputs.answers.path).toBe('kestrel.hrdd.yaml');
    expect(outs['pdf raw']).toContain('/Outlines');
    expect(outlineTitles(outs['pdf raw']!).length).toBeGreaterThan(5);
    if (hasPoppler) {
      expect(outs['pdf text']!.replace(/\s+/g, ' ')).toContain(NA_WORDS);
      expect(outs['pdfinfo']).not.toMatch(/^Author:/m);
    }
  });

  it('a merged file: respondents become "Respondent 1…n" in the list, the disagreements and the prefixes in notes and N/A reasons', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, `${MARK}-people`));
    const legal = planted(`Legal ${MARK}`);
    const workers = planted(`"Workers\\n${MARK}"`).replace(/( {2}GRV-06:\n {4}value: )\w+/, '$1no'); // a name on two lines
    // no assessor: merge names this respondent by its file name
    const third = planted('x').replace(/^assessor: .*\n/m, '');
    writeFileSync(join(dir, `${MARK}-people/legal.yaml`), legal);
    writeFileSync(join(dir, `${MARK}-people/workers.yaml`), workers);
    writeFileSync(join(dir, `${MARK}-people/${MARK}-third.yaml`), third);
    const m = await runMain(
      [
        'merge',
        `${MARK}-people/legal.yaml`,
        `${MARK}-people/workers.yaml`,
        `${MARK}-people/${MARK}-third.yaml`,
        '--out',
        'merged.yaml',
      ],
      { cwd: dir },
    );
    expect(m.code, m.stderr).toBe(0);
    const merged = readFileSync(join(dir, 'merged.yaml'), 'utf8');
    expect(merged).toContain(`[Legal ${MARK}] Kestrel sells`); // the prefixes merge writes
    expect(merged).toContain(`${MARK}-third.yaml`);
    expect((await runMain(['report', 'merged.yaml', '--format', 'md', '--out', 'out'], { cwd: dir })).code).toBe(0);
    const open = readFileSync(join(dir, 'out/merged.md'), 'utf8');
    for (const text of [`Legal ${MARK}`, `${MARK}-third`, `${MARK} note`, `${MARK}-evidence.pdf`, `${MARK} said so`])
      expect(open).toContain(text.replace(/_/g, '\\_'));
    const r = await runMain(['report', 'merged.yaml', '--format', 'md,pdf,json,csv', '--out', 'out', '--redact'], {
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    const outs = redactedOutputs(join(dir, 'out'), 'merged');
    expectNoMarker(outs);
    const model = JSON.parse(outs['json']!);
    expect(model.merged.respondents).toEqual(['Respondent 1', 'Respondent 2', 'Respondent 3']);
    const grv = model.merged.needsDiscussion.find((d: { id: string }) => d.id === 'GRV-06');
    expect(grv.scores.map((s: { respondent: string }) => s.respondent).sort()).toEqual([
      'Respondent 1',
      'Respondent 2',
      'Respondent 3',
    ]);
    const na = model.appendix.method.notApplicable.find((x: { id: string }) => x.id === 'IMP-20');
    expect(na.reason).toMatch(/^\[Respondent \d\] Kestrel sells/);
    expect(na.reason.split('\n')).toHaveLength(3);
    expect(outs['md']).toContain(NA_WORDS);
    expect(outs['md']).toContain('Respondent 3');
    if (hasPoppler) expect(outs['pdf text']).toContain('Respondent 2');
  });

  it('relabels the prefixes at line starts only, the longest label first, labels that span lines whole', () => {
    const alias = respondentAliases({
      merged: {
        policy: 'lowest',
        respondents: [
          { respondent: 'Ann', file: 'a' },
          { respondent: 'Ann Lee\nHR', file: 'b' },
        ],
        disagreements: [{ question: 'Q', scores: { Bob: 0 } }],
      },
    });
    expect([...alias.values()]).toEqual(['Respondent 1', 'Respondent 2', 'Respondent 3']);
    expect(relabelPrefixes('[Ann Lee\nHR] Not ours.\n[Ann] Agreed, [Bob] said so.\n[Bob] Yes', alias)).toBe(
      '[Respondent 2] Not ours.\n[Respondent 1] Agreed, [Bob] said so.\n[Respondent 3] Yes',
    );
    expect(relabelPrefixes('[see policy] kept', alias)).toBe('[see policy] kept');
  });
});
