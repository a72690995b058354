import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

// The workplace folder beside the checkout is not part of the product: a user who clones the
// repository does not have it, so no tracked file may read, link or cite it.
const NAME = ['sha', 'red'].join('');
const SIBLING = ['..', NAME];
const MENTION = new RegExp(`\\.\\./${SIBLING[1]}|\\.\\.['"],\\s*['"]${SIBLING[1]}['"]`);

describe('the repository is self-contained', () => {
  it('no tracked file mentions the workplace folder beside the checkout', () => {
    const ls = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
    if (ls.status !== 0) return expect.soft(ls.stderr, 'not a git checkout: nothing to check').toBe('');
    const files = ls.stdout.split('\0').filter(Boolean);
    expect(files.length).toBeGreaterThan(50);
    const hits = files.filter((f) => {
      try {
        return MENTION.test(readFileSync(join(ROOT, f), 'utf8'));
      } catch {
        return false;
      }
    });
    expect(hits).toEqual([]);
  });

  it('the pattern finds a mention when there is one', () => {
    expect(MENTION.test(`see ${SIBLING.join('/')}/spec`)).toBe(true);
    expect(MENTION.test(`join(ROOT, '..', '${SIBLING[1]}', 'corpus')`)).toBe(true);
    expect(MENTION.test('a shared profile')).toBe(false);
  });

  it('the YAML test suite is vendored with its licence', () => {
    const dir = join(ROOT, 'test', 'fixtures', 'yaml-test-suite');
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toMatch(/MIT|Permission is hereby granted/);
    expect(readFileSync(join(ROOT, 'docs', 'format.md'), 'utf8')).toMatch(/## 1\. Questionnaire file/);
  });
});
