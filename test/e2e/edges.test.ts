import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFsError, ensureDir } from '../../src/io/files.js';
import { BIN, ROOT, runMain, tempDir } from '../helpers.js';

const EXAMPLE = join(ROOT, 'examples', 'kestrel-telecom.hrdd.yaml');
const noStack = (s: string) => expect(s).not.toMatch(/^\s+at /m);

describe('edges that used to hang or leak internals', () => {
  it('--out under /proc ends at once with exit 3 and one line (recursive mkdir looped there)', async () => {
    if (!existsSync('/proc/self')) return;
    const r = await runMain(['report', EXAMPLE, '--format', 'md', '--out', '/proc/hrdd-no/such/dir']);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([
      'hrdd: cannot write to /proc/hrdd-no/such/dir/: the folder does not exist and cannot be created there',
    ]);
  });

  it('ensureDir creates missing parents one by one and refuses a file in the way', () => {
    const dir = tempDir({ 'file.txt': 'x' });
    ensureDir(join(dir, 'a', 'b', 'c'));
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['c']);
    ensureDir(join(dir, 'a')); // an existing folder is fine
    expect(() => ensureDir(join(dir, 'file.txt', 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => ensureDir(join(dir, 'file.txt'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('a file in the way of the output folder is said in words', async () => {
    const dir = tempDir({ reports: 'not a folder' });
    const r = await runMain(['report', EXAMPLE, '--format', 'md', '--out', join(dir, 'reports')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^hrdd: cannot write to .*reports\/: a part of the path is a file, not a folder\n$/);
  });

  it('errno codes read as words', () => {
    expect(describeFsError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('permission denied');
    expect(describeFsError(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe('no space left on the device');
    expect(describeFsError(Object.assign(new Error('x'), { code: 'EROFS' }))).toBe('the file system is read-only');
    expect(describeFsError(Object.assign(new Error('x'), { code: 'EWHATEVER' }))).toBe(
      'the system refused (EWHATEVER)',
    );
  });

  it('an unwritable folder: "cannot write to …: permission denied", exit 3', () => {
    const dir = tempDir();
    const out = join(dir, 'locked');
    mkdirSync(out);
    chmodSync(dir, 0o755);
    chmodSync(out, 0o555);
    // root may write anywhere: run as nobody then (setpriv), else as ourselves
    const asRoot = process.getuid?.() === 0;
    if (asRoot && spawnSync('setpriv', ['--version']).status !== 0) return;
    const cmd = asRoot ? 'setpriv' : process.execPath;
    const args = [
      ...(asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : []),
      BIN,
      'report',
      EXAMPLE,
      '--format',
      'md',
      '--out',
      join(out, 'sub'),
    ];
    const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    if (asRoot && /EACCES|permission/i.test(r.stderr) && !r.stderr.startsWith('hrdd:')) return; // nobody cannot read the checkout
    expect(r.stderr).toBe('hrdd: cannot write to locked/sub/: permission denied\n');
    expect(r.status).toBe(3);
  });

  it('a folder where a file is expected is exit 2 "… is a folder"', async () => {
    for (const args of [
      ['score', 'examples'],
      ['report', 'examples'],
      ['compare', 'examples', EXAMPLE],
    ]) {
      const r = await runMain(args);
      expect([args[0], r.code, r.stderr]).toEqual([args[0], 2, 'hrdd: examples is a folder: name a file\n']);
    }
    const r = await runMain(['merge', EXAMPLE, EXAMPLE, '--out', 'examples']);
    expect([r.code, r.stderr]).toEqual([2, 'hrdd: examples is a folder: --out names the merged file\n']);
  });

  it('a closed pipe ends quietly with 0 (hrdd list | head -1, hrdd schema … | head -2)', () => {
    for (const cmd of [
      `"${process.execPath}" "${BIN}" list | head -1`,
      `"${process.execPath}" "${BIN}" schema questionnaire | head -2`,
      `"${process.execPath}" "${BIN}" score "${EXAMPLE}" | head -2`,
    ]) {
      const r = spawnSync('bash', ['-c', `${cmd} > /dev/null; echo "exit=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
      expect([cmd, r.stdout.trim()]).toEqual([cmd, 'exit=0']);
      noStack(r.stderr);
      expect(r.stderr).not.toMatch(/EPIPE/);
    }
  });
});

describe('special files are refused, never read without end', () => {
  it('/proc/self/pagemap (size 0, reads forever), /dev/zero and a FIFO: one error each, quickly', () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe.yaml');
    const made = spawnSync('mkfifo', [fifo]).status === 0;
    const files = [
      ...(existsSync('/proc/self/pagemap') ? ['/proc/self/pagemap'] : []),
      '/dev/zero',
      ...(made ? [fifo] : []),
    ];
    const r = spawnSync(process.execPath, [BIN, 'validate', '--format', 'json', ...files], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.signal).toBeNull(); // not killed by the timeout
    expect(r.status).toBe(1);
    const byFile = Object.fromEntries(
      JSON.parse(r.stdout).files.map((f: { file: string; diagnostics: Array<{ rule: string; message: string }> }) => [
        f.file,
        f.diagnostics.map((d) => `${d.rule}: ${d.message}`),
      ]),
    );
    if (files.includes('/proc/self/pagemap'))
      expect(byFile['/proc/self/pagemap']).toEqual(['file-too-large: file is over the 5 MB limit']);
    expect(byFile['/dev/zero']).toEqual(['file-read: not a regular file (a pipe, device or socket)']);
    if (made)
      expect(Object.entries(byFile).find(([f]) => f.endsWith('pipe.yaml'))?.[1]).toEqual([
        'file-read: not a regular file (a pipe, device or socket)',
      ]);
    noStack(r.stderr);
  });
});

describe('unbounded structures', () => {
  it('a requires chain of 2,000 questionnaires is a clear error, not a stack overflow', async () => {
    const files: Record<string, string> = {
      'a.yaml': 'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [./q0.yaml]\nanswers: {}\n',
    };
    for (let i = 0; i < 2000; i++)
      files[`q${i}.yaml`] =
        `schema: hrdd/questionnaire@1\nid: q${i}\nversion: 1.0.0\ntitle: Q\n${i < 1999 ? `requires: [./q${i + 1}.yaml]\n` : ''}sections:\n  - id: s\n    title: S\n    questions:\n      - { id: Q${i}, text: t, type: text }\n`;
    const dir = tempDir(files);
    // q1967 → … → q1999 is 33 long: the error sits at q1967, whichever file is loaded first
    for (const order of [
      ['q1960.yaml', 'q1970.yaml', 'q1967.yaml'],
      ['q1970.yaml', 'q1967.yaml', 'q1960.yaml'],
    ]) {
      const r = await runMain(['validate', ...order], { cwd: dir });
      expect(r.stdout).toMatch(
        /^q1967\.yaml:5:12: error: requiring \.\/q1968\.yaml makes a chain of 33 questionnaires: hrdd follows at most 32 \[requires-too-deep\]$/m,
      );
      expect(r.stdout).toMatch(/^q1960\.yaml:5:12: error: required questionnaire \.\/q1961\.yaml has errors/m);
      expect(r.stdout).not.toMatch(/^q1970\.yaml/m); // within the limit: valid
    }
    const s = await runMain(['score', 'a.yaml'], { cwd: dir });
    expect(s.code).toBe(1);
    expect(s.stderr).not.toMatch(/internal error|Maximum call stack/);
  });
});

describe('merge keeps within what hrdd reads', () => {
  it('refuses, before writing, a merged file over the 5 MB limit', async () => {
    const note = 'n'.repeat(40_000);
    const files: Record<string, string> = {};
    const names: string[] = [];
    for (let i = 0; i < 140; i++) {
      names.push(`r${i}.yaml`);
      files[`r${i}.yaml`] =
        `schema: hrdd/answers@1\norganisation: X\nassessor: R${i}\nquestionnaires: [ict-profile, ict-grievance]\nanswers:\n  GRV-01: { value: yes, note: "${note}" }\n`;
    }
    const dir = tempDir(files);
    const r = await runMain(['merge', ...names, '--out', 'merged.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^hrdd: the merged file would be \d+\.\d MB, over the 5 MB that hrdd reads: nothing written/m,
    );
    expect(existsSync(join(dir, 'merged.yaml'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('merged'))).toEqual([]);
  });
});

describe('long text in reports', () => {
  it('a note that is one 100,000-letter word is laid out and written (it took 19 s before)', async () => {
    const dir = tempDir({
      'a.yaml': `schema: hrdd/answers@1\norganisation: X\nquestionnaires: [ict-profile, ict-grievance]\nanswers:\n  GRV-01: { value: partly, note: "${'x'.repeat(100_000)}" }\n`,
    });
    const r = await runMain(['report', 'a.yaml', '--format', 'pdf', '--out', 'out'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(
      readFileSync(join(dir, 'out', 'a.pdf'))
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  }, 60_000);

  it('an organisation name over 300 characters is a schema error, not a report of thousands of pages', async () => {
    const dir = tempDir({
      'a.yaml': `schema: hrdd/answers@1\norganisation: "${'O'.repeat(301)}"\nquestionnaires: [ict-profile]\nanswers: {}\n`,
    });
    const r = await runMain(['validate', 'a.yaml'], { cwd: dir });
    expect(r.stdout).toMatch(
      /^a\.yaml:2:15: error: `organisation` must NOT have more than 300 characters \[schema-value\]$/m,
    );
  });
});

describe('internal errors', () => {
  it('a bug is exit 70 (EX_SOFTWARE) with one line and no stack, apart from the exit 3 of an output that cannot be written', async () => {
    const { main } = await import('../../src/cli.js');
    let err = '';
    const ctx = (color: boolean) => ({
      cwd: ROOT,
      env: {},
      isTTY: false,
      stdinIsTTY: false,
      columns: 80,
      color: color && false,
      now: () => new Date(0),
      stdout: () => {
        throw new TypeError('boom');
      },
      stderr: (t: string) => {
        err += t;
      },
      onSignal: () => () => {},
    });
    expect(await main(['list'], ctx as never)).toBe(70);
    expect(err).toBe(
      'hrdd: internal error: boom\nThis is a bug in hrdd; run again with --debug for details and report it.\n',
    );
    err = '';
    expect(await main(['list', '--debug'], ctx as never)).toBe(70);
    expect(err).toMatch(/^hrdd: internal error: boom\nTypeError: boom\n\s+at /);
    const { InternalError } = await import('../../src/errors.js');
    expect(new InternalError('x').exitCode).toBe(70);
  });
});
