import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

describe('the build', () => {
  const copy = tempDir();
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('--if-stale skips a current build and rebuilds after an input changes (in a copy of the project)', () => {
    for (const p of ['src', 'schemas', 'scripts', 'dist', 'package.json', 'package-lock.json']) cpSync(join(ROOT, p), join(copy, p), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const build = () => spawnSync(process.execPath, [join(copy, 'scripts', 'build.mjs'), '--if-stale'], { cwd: copy, encoding: 'utf8' });
    const built = () => statSync(join(copy, 'dist', 'cli.js')).mtimeMs;
    const stamp = () => readFileSync(join(copy, 'dist', '.build-stamp'), 'utf8');

    const before = { mtime: built(), stamp: stamp() };
    const skipped = build();
    expect(skipped.stderr).toBe('');
    expect(skipped.stdout).toMatch(/up to date/);
    expect(skipped.status).toBe(0);
    expect(built()).toBe(before.mtime);

    appendFileSync(join(copy, 'src', 'cli.ts'), '\n// an edit\n');
    const rebuilt = build();
    expect(rebuilt.stdout).not.toMatch(/up to date/);
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    expect(stamp()).not.toBe(before.stamp);
    expect(readFileSync(join(copy, 'dist', 'help.txt'), 'utf8')).toMatch(/Usage: hrdd/);

    expect(build().stdout).toMatch(/up to date/);
  });
});
