import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

// The package as a user gets it: packed (dist/ is built by pretest, so no scripts need to run),
// installed from the tarball without devDependencies (from npm's cache, warm after `npm ci`), and
// run from node_modules/.bin.

/** npm's own settings for the running script (its local prefix, the package's fields) stay out. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));
const npm = (args: string[], cwd: string) =>
  spawnSync('npm', args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const hasPdffonts = spawnSync('pdffonts', ['-v']).status === 0;
if (!hasPdffonts)
  console.warn('SKIPPED: the check that the installed hrdd embeds fonts needs pdffonts (poppler-utils)');

describe('the packed package', () => {
  const work = tempDir();
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs from its tarball with --omit=dev, and the installed hrdd validates and writes a PDF', () => {
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = info!.files.map((f) => f.path);
    for (const f of [
      'bin/hrdd',
      'dist/cli.js',
      'dist/help.txt',
      'dist/fonts/fonts.json',
      'dist/fonts/NotoSansSC_400Regular.ttf.br',
      'dist/fonts/NotoSansSC-OFL.txt',
      'dist/fonts/DejaVu-LICENSE.txt',
      'docs/format.md',
      'examples/kestrel-telecom.hrdd.yaml',
      'LICENSE',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|scripts|node_modules|reports)\/|\.map$|\.build-stamp$/.test(f))).toEqual([]);

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
    const install = npm(
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', join(work, info!.filename)],
      app,
    );
    expect(install.status, install.stderr).toBe(0);
    const pkg = join(app, 'node_modules', 'hrdd');
    // the font packages are for the build only
    expect(existsSync(join(app, 'node_modules', '@expo-google-fonts'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'dejavu-fonts-ttf'))).toBe(false);
    // bundled libraries are not installed: pdfkit is the only runtime dependency
    for (const lib of ['csv-stringify', 'commander', 'yaml'])
      expect(existsSync(join(app, 'node_modules', lib)), lib).toBe(false);

    const hrdd = (...args: string[]) =>
      spawnSync(join(app, 'node_modules', '.bin', 'hrdd'), args, {
        cwd: app,
        env: { ...env, NO_COLOR: '1' },
        encoding: 'utf8',
      });
    const version = hrdd('--version');
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const validate = hrdd('validate', '--strict', join(pkg, 'questionnaires'), join(pkg, 'examples'));
    expect(validate.stdout).toMatch(/files checked: all valid/);
    expect(validate.status, validate.stderr).toBe(0);

    const report = hrdd(
      'report',
      join(pkg, 'examples', 'kestrel-telecom.hrdd.yaml'),
      '--format',
      'pdf,csv',
      '--out',
      'out',
    );
    expect(report.status, report.stderr).toBe(0);
    expect(readFileSync(join(app, 'out', 'kestrel-telecom.actions.csv'), 'utf8')).toMatch(/^\ufeffid,module,section,/);
    const pdf = join(app, 'out', 'kestrel-telecom.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (hasPdffonts) {
      const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout;
      expect(fonts).toMatch(/\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    }
  }, 180_000);
});
