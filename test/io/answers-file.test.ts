import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswersFile, ConflictError } from '../../src/io/answers-file.js';
import { freshPath, slug } from '../../src/commands/assess.js';
import { parseFast } from '../../src/core/fast-yaml.js';
import { tempDir } from '../helpers.js';

const original = `# my comment on top
schema: hrdd/answers@1
organisation: Acme   # inline comment
questionnaires: [ict-profile]
answers:
  # profile first
  PRO-GOV: no
  PRO-USERS:
    value: yes
    note: Consumers in two markets.
  ZZZ-UNKNOWN: kept
`;

describe('AnswersFile', () => {
  it('edits in place: comments, key order, unknown answers and permissions are kept', () => {
    const dir = tempDir({ 'a.yaml': original });
    const path = join(dir, 'a.yaml');
    chmodSync(path, 0o640);
    const f = AnswersFile.open(path);
    f.set('PRO-USERS', { value: 'no', skipped: false, note: 'Consumers in two markets.' });
    f.set('PRO-GOV', { value: null, skipped: true });
    f.set('PRO-ROLES', { value: ['network-operator'], skipped: false });
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(`# my comment on top
schema: hrdd/answers@1
organisation: Acme # inline comment
questionnaires: [ ict-profile ]
answers:
  # profile first
  PRO-GOV:
    skipped: true
  PRO-USERS:
    value: no
    note: Consumers in two markets.
  ZZZ-UNKNOWN: kept
  PRO-ROLES: [ network-operator ]
`);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['a.yaml']); // no temporary files left behind
  });

  it('keeps long notes on one line, so the file stays in the fast reader\'s subset', () => {
    const dir = tempDir({ 'a.yaml': original });
    const path = join(dir, 'a.yaml');
    const long = 'The 2025 rights map covers our own operations, network users and data-centre customers in all three markets: "tier 1" only.';
    const mine = 'A note I wrote on one line myself, longer than eighty characters, which a save must not refold.';
    writeFileSync(path, original.replace('ZZZ-UNKNOWN: kept', `ZZZ-UNKNOWN:\n    value: kept\n    note: ${mine}`));
    const f = AnswersFile.open(path);
    f.set('PRO-USERS', { value: 'no', skipped: false, note: long, evidence: ['docs/rights-map.pdf'] });
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(`    note: ${mine}\n`);
    expect(text.split('\n').find((l) => l.includes('rights map'))).toMatch(/only\./);
    const parsed = parseFast(text) as { answers: Record<string, { note?: string }> };
    expect(parsed.answers['PRO-USERS']!.note).toBe(long);
  });

  it('creates new files 0600 and never overwrites one', () => {
    const dir = tempDir({ 'acme-2026-01-01.hrdd.yaml': 'x' });
    const path = freshPath(dir, 'Acme', '2026-01-01');
    expect(path).toBe(join(dir, 'acme-2026-01-01-2.hrdd.yaml'));
    AnswersFile.create(path, { organisation: 'Acme', date: '2026-01-01', questionnaires: ['ict-impacts'] });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(() => AnswersFile.create(path, { organisation: 'Acme', date: '2026-01-01', questionnaires: ['x'] })).toThrow(/already exists/);
    expect(readFileSync(join(dir, 'acme-2026-01-01.hrdd.yaml'), 'utf8')).toBe('x');
  });

  it('does not overwrite a file changed on disk since it was read; keeps the answers in a recovery file', () => {
    const dir = tempDir({ 'a.yaml': original });
    const path = join(dir, 'a.yaml');
    const f = AnswersFile.open(path);
    writeFileSync(path, original + '  EDITED: elsewhere\n');
    expect(() => f.set('PRO-GOV', { value: 'yes', skipped: false })).toThrow(ConflictError);
    expect(readFileSync(path, 'utf8')).toContain('EDITED: elsewhere');
    const recovery = readdirSync(dir).find((n) => n.includes('.recovered-'))!;
    expect(readFileSync(join(dir, recovery), 'utf8')).toContain('PRO-GOV: yes');
  });

  it('slugs organisation names to ASCII', () => {
    expect(slug('Zażółć Gęślą Telecom S.A.')).toBe('zazolc-gesla-telecom-s-a');
    expect(slug('中国电信')).toBe('assessment');
  });
});
