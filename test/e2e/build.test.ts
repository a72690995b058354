import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

describe('the build', () => {
  const copy = tempDir();
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('--if-stale skips a current build and rebuilds after an input changes (in a copy of the project)', () => {
    for (const p of ['src', 'schemas', 'scripts', 'dist', 'package.json', 'package-lock.json'])
      cpSync(join(ROOT, p), join(copy, p), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const build = () =>
      spawnSync(process.execPath, [join(copy, 'scripts', 'build.mjs'), '--if-stale'], { cwd: copy, encoding: 'utf8' });
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

describe('bin/hrdd without dist/', () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  const hrdd = (...args: string[]) =>
    spawnSync(process.execPath, [join(dir, 'bin', 'hrdd'), ...args], { cwd: dir, encoding: 'utf8' });

  it('says in one line that the build is missing and where to run it, exit 3, no stack trace', () => {
    for (const args of [['validate', 'x.yaml'], ['--help'], []]) {
      const r = hrdd(...args);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `hrdd: the built program (dist/) is missing: run "npm run build" in ${realpathSync(dir)}\n`,
      );
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.status).toBe(3);
    }
    expect(hrdd('--version').stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('lets any other failure to load surface', () => {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'cli.js'), "import 'hrdd-no-such-package';\nexport const main = () => 0;\n");
    try {
      const r = hrdd('validate', 'x.yaml');
      expect(r.stderr).toMatch(/hrdd-no-such-package/);
      expect(r.stderr).not.toMatch(/built program/);
      expect(r.status).not.toBe(0);
      expect(r.status).not.toBe(3);
    } finally {
      rmSync(join(dir, 'dist'), { recursive: true, force: true });
    }
  });
});
