import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

const COMMITTED = join(ROOT, 'examples', 'reports');
const has = (tool: string) => spawnSync(tool, ['-v'], { encoding: 'utf8' }).error === undefined;
const pdf = (tool: string, file: string) => spawnSync(tool, [file, '-'], { encoding: 'utf8' }).stdout;
const pages = (file: string) => /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1];

describe('the example deliverables committed under examples/reports/', () => {
  it('are what the build makes today (npm run examples): Markdown and CSV byte for byte, PDFs by text and page count', () => {
    const dir = tempDir();
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'examples.mjs'), dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const made = readdirSync(dir).sort();
    expect(made).toEqual(readdirSync(COMMITTED).sort());
    expect(made).toEqual(
      expect.arrayContaining([
        'kestrel-telecom.md',
        'kestrel-telecom.pdf',
        'kestrel-telecom.2.0.0.summary.pdf',
        'kestrel-telecom.actions.csv',
        'kestrel-telecom.2.0.0.redacted.md',
        'kestrel-telecom.2.0.0.redacted.pdf',
        'lumen-social.md',
        'lumen-social.pdf',
        'lumen-social.actions.csv',
        'corvid-networks.md',
        'corvid-networks.pdf',
        'corvid-networks.actions.csv',
        'kestrel-telecom.2.0.0.md',
        'kestrel-telecom.2.0.0.pdf',
        'kestrel-telecom.2.0.0.actions.csv',
        'kestrel-telecom.2.0.0.compare.md',
        'kestrel-telecom.2.0.0.compare.pdf',
      ]),
    );
    for (const f of made.filter((x) => !x.endsWith('.pdf'))) {
      expect([f, readFileSync(join(dir, f)).equals(readFileSync(join(COMMITTED, f)))]).toEqual([f, true]);
    }
    if (!has('pdftotext') || !has('pdfinfo')) return; // poppler-utils absent: the PDFs are checked where it is
    for (const f of made.filter((x) => x.endsWith('.pdf'))) {
      expect([f, pages(join(dir, f))]).toEqual([f, pages(join(COMMITTED, f))]);
      expect([f, pdf('pdftotext', join(dir, f))]).toEqual([f, pdf('pdftotext', join(COMMITTED, f))]);
    }
  }, 120_000);
});
