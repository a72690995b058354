import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidateCache } from '../../src/io/validate-cache.js';
import { tempDir } from '../helpers.js';

const parts = { version: '1.0.0', strict: false, cwd: '/x' };
const report = (file: string, n = 1) => ({
  file,
  diagnostics: Array.from({ length: n }, (_, i) => ({
    file,
    line: i + 1,
    col: 1,
    severity: 'error' as const,
    rule: 'schema-type',
    message: 'bad',
  })),
});

function primed() {
  const dir = tempDir({ 'a.yaml': 'a: 1\n', 'q.yaml': 'q: 1\n' });
  const cachePath = join(dir, 'cache.json');
  const c = ValidateCache.open(cachePath, parts);
  c.store(join(dir, 'a.yaml'), report('a.yaml'), [join(dir, 'q.yaml')]);
  c.save();
  return { dir, cachePath, a: join(dir, 'a.yaml') };
}

describe('the validate cache', () => {
  it('hits for an unchanged file and misses once it or a dependency changed', () => {
    const { dir, cachePath, a } = primed();
    expect(ValidateCache.open(cachePath, parts).lookup(a)).toEqual(report('a.yaml'));
    writeFileSync(join(dir, 'q.yaml'), 'q: 2\n');
    expect(ValidateCache.open(cachePath, parts).lookup(a)).toBeUndefined();
  });

  it('misses when the tool or the options differ', () => {
    const { cachePath, a } = primed();
    expect(ValidateCache.open(cachePath, { ...parts, version: '1.0.1' }).lookup(a)).toBeUndefined();
    expect(ValidateCache.open(cachePath, { ...parts, strict: true }).lookup(a)).toBeUndefined();
  });

  it('never trusts an edited entry: a report turned "valid" by hand is checked again', () => {
    const { cachePath, a } = primed();
    const data = JSON.parse(readFileSync(cachePath, 'utf8'));
    data.entries[a].report.diagnostics = [];
    writeFileSync(cachePath, JSON.stringify(data));
    expect(ValidateCache.open(cachePath, parts).lookup(a)).toBeUndefined();
  });

  it('treats any malformed cache as empty, without throwing', () => {
    const { cachePath, a } = primed();
    const good = JSON.parse(readFileSync(cachePath, 'utf8'));
    const variants = [
      '',
      'null',
      '[]',
      '{"key":1}',
      '{',
      JSON.stringify({ ...good, entries: null }),
      JSON.stringify({ ...good, entries: { [a]: null } }),
      JSON.stringify({ ...good, entries: { [a]: { ...good.entries[a], report: { file: 'a', diagnostics: [null] } } } }),
      JSON.stringify({ ...good, entries: { [a]: { ...good.entries[a], deps: { x: 5 } } } }),
      '\u0000'.repeat(100),
    ];
    for (const v of variants) {
      writeFileSync(cachePath, v);
      const c = ValidateCache.open(cachePath, parts);
      expect([v.slice(0, 30), c.lookup(a)]).toEqual([v.slice(0, 30), undefined]);
    }
  });

  it('reads files through the size limit: an endless special file as a dependency does not hang', () => {
    const { cachePath, a } = primed();
    const c = ValidateCache.open(cachePath, parts);
    c.store(a, report('a.yaml'), ['/dev/zero', '/proc/self/pagemap']);
    c.save();
    expect(ValidateCache.open(cachePath, parts).lookup(a)).toEqual(report('a.yaml'));
  });
});
