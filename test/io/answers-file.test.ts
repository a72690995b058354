import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeWriteFs } from '../../src/io/files.js';
import { describe, expect, it } from 'vitest';
import { AnswersFile, ConflictError } from '../../src/io/answers-file.js';
import { freshPath, slug } from '../../src/commands/common.js';
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

  it("keeps long notes on one line, so the file stays in the fast reader's subset", () => {
    const dir = tempDir({ 'a.yaml': original });
    const path = join(dir, 'a.yaml');
    const long =
      'The 2025 rights map covers our own operations, network users and data-centre customers in all three markets: "tier 1" only.';
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
    expect(() => AnswersFile.create(path, { organisation: 'Acme', date: '2026-01-01', questionnaires: ['x'] })).toThrow(
      /already exists/,
    );
    expect(readFileSync(join(dir, 'acme-2026-01-01.hrdd.yaml'), 'utf8')).toBe('x');
  });

  it('a file changed on disk since it was read: merged three ways, their other answers and edits kept', () => {
    const dir = tempDir({ 'a.yaml': original });
    const path = join(dir, 'a.yaml');
    const f = AnswersFile.open(path);
    writeFileSync(path, original.replace('Acme', 'Acme Ltd') + '  EDITED: elsewhere\n');
    expect(f.set('PRO-GOV', { value: 'yes', skipped: false })).toEqual({ theirs: ['EDITED'] });
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('PRO-GOV: yes');
    expect(text).toContain('EDITED: elsewhere');
    expect(text).toContain('organisation: Acme Ltd');
    expect(f.answers().get('EDITED')).toEqual({ value: 'elsewhere', skipped: false });
    f.set('PRO-ROLES', { value: ['x'], skipped: false }); // no longer changed: a plain save
    expect(readFileSync(path, 'utf8')).toContain('EDITED: elsewhere');
  });

  it('the same question changed on disk and here: a conflict, the file keeps theirs until set again', () => {
    const dir = tempDir({ 'a.yaml': original });
    const path = join(dir, 'a.yaml');
    const f = AnswersFile.open(path);
    writeFileSync(path, original.replace('PRO-GOV: no', 'PRO-GOV: maybe'));
    expect(f.set('PRO-GOV', { value: 'yes', skipped: false })).toEqual({
      theirs: [],
      conflict: { id: 'PRO-GOV', theirs: { value: 'maybe', skipped: false } },
    });
    expect(readFileSync(path, 'utf8')).toContain('PRO-GOV: maybe');
    expect(f.set('PRO-GOV', { value: 'yes', skipped: false })).toBeUndefined(); // keep yours
    expect(readFileSync(path, 'utf8')).toContain('PRO-GOV: yes');
    // the same change on both sides is no conflict
    writeFileSync(path, readFileSync(path, 'utf8').replace('PRO-GOV: yes', 'PRO-GOV: no'));
    expect(f.set('PRO-GOV', { value: 'no', skipped: false })).toEqual({ theirs: [] });
  });

  it('does not overwrite a file that is no longer YAML; keeps the answers in a recovery file', () => {
    const dir = tempDir({ 'a.yaml': original });
    const path = join(dir, 'a.yaml');
    const f = AnswersFile.open(path);
    writeFileSync(path, original + '  EDITED: [elsewhere\n');
    expect(() => f.set('PRO-GOV', { value: 'yes', skipped: false })).toThrow(ConflictError);
    expect(readFileSync(path, 'utf8')).toContain('EDITED: [elsewhere');
    const recovery = readdirSync(dir).find((n) => n.includes('.recovered-'))!;
    expect(readFileSync(join(dir, recovery), 'utf8')).toContain('PRO-GOV: yes');
  });

  it('a symlinked answers file: saves go through to the target, the link stays a link', () => {
    const dir = tempDir({ 'shared/a.yaml': original });
    chmodSync(join(dir, 'shared/a.yaml'), 0o640);
    symlinkSync('shared/a.yaml', join(dir, 'mine.yaml'));
    const f = AnswersFile.open(join(dir, 'mine.yaml'));
    f.set('PRO-GOV', { value: 'yes', skipped: false });
    f.set('PRO-ROLES', { value: ['network-operator'], skipped: false });
    expect(lstatSync(join(dir, 'mine.yaml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'mine.yaml'))).toBe('shared/a.yaml');
    expect(readFileSync(join(dir, 'shared/a.yaml'), 'utf8')).toContain('PRO-ROLES: [ network-operator ]');
    expect(statSync(join(dir, 'shared/a.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['mine.yaml', 'shared']);
    expect(readdirSync(join(dir, 'shared'))).toEqual(['a.yaml']);
  });

  it('the recovery file of a symlinked file goes beside its target, named by the injected clock, and never through a link', () => {
    const dir = tempDir({ 'shared/a.yaml': original });
    mkdirSync(join(dir, 'elsewhere'));
    symlinkSync('shared/a.yaml', join(dir, 'mine.yaml'));
    // a link already sits at the first recovery name: it must not be written through
    symlinkSync('../elsewhere/victim.yaml', join(dir, 'shared/a.recovered-1764504000000.yaml'));
    const f = AnswersFile.open(join(dir, 'mine.yaml'), { now: () => 1764504000000 });
    writeFileSync(join(dir, 'shared/a.yaml'), original + '  EDITED: [elsewhere\n');
    expect(() => f.set('PRO-GOV', { value: 'yes', skipped: false })).toThrow(ConflictError);
    expect(readdirSync(join(dir, 'elsewhere'))).toEqual([]);
    const recovery = join(dir, 'shared/a.recovered-1764504000000-2.yaml');
    expect(readFileSync(recovery, 'utf8')).toContain('PRO-GOV: yes');
    expect(lstatSync(recovery).isFile()).toBe(true);
    expect(statSync(recovery).mode & 0o777).toBe(0o600);
  });

  it("a recovery file goes to the temporary folder when the answers file's folder refuses it (a full disk)", () => {
    const dir = tempDir({ 'a.yaml': original });
    const full = {
      ...nodeWriteFs,
      openSync: ((p: string, ...rest: never[]) => {
        if (String(p).startsWith(dir)) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
        return (nodeWriteFs.openSync as (...a: unknown[]) => number)(p, ...rest);
      }) as typeof nodeWriteFs.openSync,
    };
    const f = AnswersFile.open(join(dir, 'a.yaml'), { now: () => 42, fs: full });
    expect(() => f.set('PRO-GOV', { value: 'yes', skipped: false })).toThrow(/ENOSPC/);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(original); // untouched
    const recovery = f.writeRecovery();
    expect(recovery.startsWith(tmpdir())).toBe(true);
    expect(recovery).toMatch(/a\.recovered-42(-\d+)?\.yaml$/);
    expect(readFileSync(recovery, 'utf8')).toContain('PRO-GOV: yes'); // the unsaved answer is in it
    rmSync(recovery);
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  it('slugs organisation names to ASCII', () => {
    expect(slug('Zażółć Gęślą Telecom S.A.')).toBe('zazolc-gesla-telecom-s-a');
    expect(slug('中国电信')).toBe('assessment');
  });
});

describe('a carried answer in the file', () => {
  it('confirming it removes the `carried` mark and keeps comments, key order, note and evidence; the fast reader reads it', () => {
    const dir = tempDir({
      'm.yaml': `schema: hrdd/answers@1
organisation: Acme
questionnaires: [ict-impacts@2.0.0]
answers:
  # carried by hrdd migrate
  IMP-01:
    value: partly
    note: "Line one\\nFrom ict-impacts@1.0.0 IMP-02"
    evidence: [a.pdf]
    carried: ict-impacts@1.0.0 IMP-01
  IMP-02: { value: yes, carried: ict-impacts@1.0.0 IMP-02 }
`,
    });
    const path = join(dir, 'm.yaml');
    const f = AnswersFile.open(path);
    expect(f.answers().get('IMP-02')).toEqual({ value: 'yes', skipped: false, carried: 'ict-impacts@1.0.0 IMP-02' });
    const a = f.answers().get('IMP-01')!;
    f.set('IMP-01', { value: a.value, skipped: false, note: a.note!, evidence: a.evidence! }); // confirmed
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(
      / {2}# carried by hrdd migrate\n {2}IMP-01:\n {4}value: partly\n {4}note: [^]*evidence: \[ a\.pdf \]\n {2}IMP-02/,
    );
    expect(text).not.toContain('carried: ict-impacts@1.0.0 IMP-01');
    expect(text).toContain('IMP-02: { value: yes, carried: ict-impacts@1.0.0 IMP-02 }');
    expect(AnswersFile.open(path).answers().get('IMP-01')).toEqual({ ...a, carried: undefined });
    expect(parseFast(text)).toMatchObject({ answers: { 'IMP-01': { value: 'partly' } } });
  });
});
