import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { XMLParser } from 'fast-xml-parser';
import Ajv4Module from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { defaultJobs, threadsFor } from '../../src/commands/validate.js';
import { ROOT, run, runMain, tempDir, questionnaire, SAMPLE_QUESTIONNAIRES, SCORED_Q1 } from '../helpers.js';
import { parseWorkflowCommand, runnerLines, validateGitlabReport } from '../ci-consumers.js';

const corpusFiles = () =>
  readdirSync(join(ROOT, 'test', 'fixtures', 'yaml-test-suite'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(ROOT, 'test', 'fixtures', 'yaml-test-suite', f));

const CORPUS = join(ROOT, 'test', 'fixtures', 'yaml-test-suite');
const Ajv4 = ((Ajv4Module as unknown as { default?: typeof Ajv4Module }).default ?? Ajv4Module) as unknown as new (
  o: object,
) => { compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown } };
const sarifSchema = JSON.parse(
  readFileSync(join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);

const { good, bad, warn } = SAMPLE_QUESTIONNAIRES;
const q1 = SCORED_Q1;

describe('hrdd validate', () => {
  const dir = tempDir({
    'good.yaml': good,
    'sub/bad.yaml': bad,
    'warn.yml': warn,
    '.hidden/x.yaml': 'junk: [',
    'node_modules/y.yaml': 'junk: [',
    'notes.txt': 'x',
  });

  it('exits 0 on valid files, 1 on errors, and prints file:line:col diagnostics with a summary', async () => {
    const ok = await runMain(['validate', 'good.yaml'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('1 file checked: all valid\n');
    const r = await runMain(['validate', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain(
      'sub/bad.yaml:5:1: error: unknown key `wieght`: did you mean `weight`? [schema-unknown-key]',
    );
    expect(lines).toContain(
      'warn.yml:9:13: warning: scored question Q1 has no `help`: say what good practice looks like and what evidence shows it [missing-help]',
    );
    expect(lines.at(-1)).toMatch(/errors?, 1 warning in 3 files checked \(1 invalid\)$/); // dot-folders and node_modules skipped
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('--strict turns warnings into errors', async () => {
    expect((await runMain(['validate', 'warn.yml'], { cwd: dir })).code).toBe(0);
    const s = await runMain(['validate', '--strict', 'warn.yml'], { cwd: dir });
    expect(s.code).toBe(1);
    expect(s.stdout).toContain('warn.yml:9:13: error: scored question Q1 has no `help`');
  });

  it('exit 2 for a path that does not exist, an empty folder, or an unknown option', async () => {
    const missing = await runMain(['validate', 'nope.yaml'], { cwd: dir });
    expect([missing.code, missing.stderr]).toEqual([2, 'hrdd: nope.yaml: no such file or folder\n']);
    const empty = await runMain(['validate', 'nothing'], { cwd: tempDir({ 'nothing/notes.txt': 'x' }) });
    expect([empty.code, empty.stderr]).toEqual([2, 'hrdd: nothing: no *.yaml or *.yml files in this folder\n']);
    expect((await runMain(['validate', '--bogus', 'good.yaml'], { cwd: dir })).code).toBe(2);
    expect((await runMain(['frobnicate'], { cwd: dir })).code).toBe(2);
  });

  it('colours only when asked and never with NO_COLOR', async () => {
    expect((await runMain(['validate', '.'], { cwd: dir, env: { FORCE_COLOR: '1' } })).stdout).toMatch(/\x1b\[/);
    expect(
      (await runMain(['validate', '.'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout,
    ).not.toMatch(/\x1b\[/);
    expect(
      (await runMain(['validate', '--no-color', '.'], { cwd: dir, env: { FORCE_COLOR: '1' } })).stdout,
    ).not.toMatch(/\x1b\[/);
  });

  it('--format json', async () => {
    const r = await runMain(['validate', '--format', 'json', '.'], { cwd: dir });
    const j = JSON.parse(r.stdout);
    expect(j.summary).toMatchObject({ files: 3, warnings: 1 });
    expect(j.files.map((f: { file: string; valid: boolean }) => [f.file, f.valid])).toEqual([
      ['good.yaml', true],
      ['sub/bad.yaml', false],
      ['warn.yml', true],
    ]);
    expect(j.files[1].diagnostics[0]).toMatchObject({
      file: 'sub/bad.yaml',
      line: expect.any(Number),
      col: expect.any(Number),
      severity: 'error',
      rule: expect.any(String),
    });
  });

  it('--format sarif validates against the official SARIF 2.1.0 schema', async () => {
    const r = await runMain(['validate', '--format', 'sarif', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const ajv = new Ajv4({ unicodeRegExp: false, strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(sarifSchema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0].results;
    const unknownKey = results.find((x: { ruleId: string }) => x.ruleId === 'schema-unknown-key');
    expect(unknownKey.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'sub/bad.yaml' },
      region: { startLine: 5, startColumn: 1 },
    });
    expect(log.runs[0].tool.driver.rules[unknownKey.ruleIndex].id).toBe('schema-unknown-key');
  });

  it('--format junit has one testcase per file', async () => {
    const r = await runMain(['validate', '--format', 'junit', '.'], { cwd: dir });
    const x = new XMLParser({ ignoreAttributes: false }).parse(r.stdout);
    const suite = x.testsuites.testsuite;
    expect(suite['@_tests']).toBe('3');
    expect(suite['@_failures']).toBe('1');
    const cases = suite.testcase;
    expect(cases.map((c: Record<string, string>) => c['@_name'])).toEqual(['good.yaml', 'sub/bad.yaml', 'warn.yml']);
    expect(cases[1].failure['#text']).toContain('sub/bad.yaml:5:1: error: unknown key');
  });

  it('--format github writes GitHub Actions workflow commands, one per diagnostic, then the summary', async () => {
    const r = await runMain(['validate', '--format', 'github', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain(
      '::error file=sub/bad.yaml,line=5,col=1,title=hrdd [schema-unknown-key]::unknown key `wieght`: did you mean `weight`?',
    );
    expect(lines).toContain(
      '::warning file=warn.yml,line=9,col=13,title=hrdd [missing-help]::scored question Q1 has no `help`: say what good practice looks like and what evidence shows it',
    );
    expect(
      lines
        .slice(0, -1)
        .every((l) => /^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=hrdd \[[a-z0-9-]+\]::./.test(l)),
    ).toBe(true);
    expect(lines.at(-1)).toMatch(/errors?, 1 warning in 3 files checked \(1 invalid\)$/);
    expect((await runMain(['validate', '--format', 'github', 'good.yaml'], { cwd: dir })).stdout).toBe(
      '1 file checked: all valid\n',
    );
  });

  it('--format github: a hostile file name or YAML key cannot start a workflow command of its own', async () => {
    const evil = 'evil\n::error file=README.md::forged,%0A:x.yaml';
    const d = tempDir({
      [evil]: 'schema: hrdd/questionnaire@1\n"k\\n::stop-commands::tok\\r\\n::error file=README.md::forged": 1\n',
    });
    const r = await runMain(['validate', '--format', 'github', '.'], { cwd: d });
    expect(r.code).toBe(1);
    const lines = runnerLines(r.stdout);
    expect(lines.pop()).toBe('');
    const commands = lines.map(parseWorkflowCommand);
    expect(commands.at(-1)).toBeUndefined();
    const found = commands.slice(0, -1);
    expect(found.length).toBeGreaterThan(1);
    for (const c of found) {
      expect(c).toMatchObject({ command: 'error', properties: { file: evil } });
      expect(Object.keys(c!.properties)).toEqual(['file', 'line', 'col', 'title']);
    }
    // the key is quoted and escaped in the message itself: one line in every output format
    expect(found.map((c) => c!.data)).toContain(
      `unknown key ${JSON.stringify('k\n::stop-commands::tok\r\n::error file=README.md::forged')} (allowed: schema, id, version, title, description, language, weight, frameworks, requires, maturity, sections)`,
    );
  });

  it('--format gitlab writes a Code Quality report with the fields GitLab requires', async () => {
    const r = await runMain(['validate', '--format', 'gitlab', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(validateGitlabReport(report), JSON.stringify(validateGitlabReport.errors)).toBe(true);
    expect(report.find((x: { check_name: string }) => x.check_name === 'schema-unknown-key')).toEqual({
      description: 'unknown key `wieght`: did you mean `weight`? (column 1)',
      check_name: 'schema-unknown-key',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      severity: 'major',
      location: { path: 'sub/bad.yaml', lines: { begin: 5 } },
    });
    expect(report.find((x: { check_name: string }) => x.check_name === 'missing-help')).toMatchObject({
      severity: 'minor',
      location: { path: 'warn.yml', lines: { begin: 9 } },
    });
    for (const x of report) expect(x.location.path).not.toMatch(/^(\.\/|\/)/); // relative to the repository, no ./
    expect(new Set(report.map((x: { fingerprint: string }) => x.fingerprint)).size).toBe(report.length);
    expect((await runMain(['validate', '--format', 'gitlab', '.'], { cwd: dir })).stdout).toBe(r.stdout); // stable fingerprints
    expect((await runMain(['validate', '--strict', '--format', 'gitlab', 'warn.yml'], { cwd: dir })).stdout).toContain(
      '"severity": "major"',
    );
    expect((await runMain(['validate', '--format', 'gitlab', 'good.yaml'], { cwd: dir })).stdout).toBe('[]\n');
  });

  it('runs the whole YAML test suite in one call, each file named: every YAML error, or that it is not an hrdd file, exit 1, no crash', async () => {
    const r = await runMain(['validate', '--format', 'json', ...corpusFiles()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.files.length).toBeGreaterThanOrEqual(400);
    type F = { file: string; diagnostics: Array<{ rule: string; line: number; col: number; message: string }> };
    const files = j.files as F[];
    const rules = (f: F) => f.diagnostics.map((d) => d.rule);
    for (const f of files) {
      const rs = rules(f);
      // A file with syntax errors gets those and nothing else (none of these documents is an hrdd
      // file, and data recovered around the errors is never called "not an hrdd file"), each once.
      if (rs.includes('yaml-syntax')) {
        expect([f.file, [...new Set(rs)]]).toEqual([f.file, ['yaml-syntax']]);
        const seen = f.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`);
        expect([f.file, new Set(seen).size]).toEqual([f.file, seen.length]);
      } else expect([f.file, rs.filter((x) => x !== 'duplicate-key')]).toEqual([f.file, ['not-hrdd-file']]);
    }
    // all the errors, not just the first
    expect(files.some((f) => rules(f).length > 2 && rules(f).every((x) => x === 'yaml-syntax'))).toBe(true);
    // the one with a duplicate key (two empty keys) says so, and goes on to say it is not an hrdd file
    expect(
      files.filter((f) => rules(f).includes('duplicate-key')).map((f) => [f.file.split('/').pop(), rules(f).sort()]),
    ).toEqual([['2JQS.yaml', ['duplicate-key', 'not-hrdd-file']]]);
  });

  it('a folder scan of the YAML test suite skips every document as not an hrdd file', async () => {
    const r = await runMain(['validate', '--format', 'json', CORPUS]);
    const j = JSON.parse(r.stdout);
    expect(j.files).toEqual([]);
    expect(j.skipped.length).toBe(corpusFiles().length);
    expect(r.code).toBe(0);
  });

  it('survives hostile input: deep nesting, alias bombs, invalid UTF-8, huge files, binary', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill('*' + String.fromCharCode(97 + i))
            .join(',')}]`,
      ),
    ].join('\n');
    const d = tempDir({
      'deep.yaml': '['.repeat(100_000),
      'deepmap.yaml': Array.from({ length: 1000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n'),
      'bomb.yaml': bomb,
      'cycle.yaml': 'schema: hrdd/answers@1\na: &x [1, *x]\n',
      'utf8.yaml': Buffer.concat([
        Buffer.from('schema: hrdd/answers@1\norganisation: '),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('\n'),
      ]),
      'big.yaml': 'a: "' + 'x'.repeat(6 * 1024 * 1024) + '"\n',
      'bin.yaml': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      'proto.yaml': 'schema: hrdd/questionnaire@1\n__proto__: { polluted: true }\n',
    });
    const r = await runMain(['validate', '--format', 'json', ...readdirSync(d)], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const rules = Object.fromEntries(
      JSON.parse(r.stdout).files.map((f: { file: string; diagnostics: Array<{ rule: string }> }) => [
        f.file,
        f.diagnostics.map((x) => x.rule),
      ]),
    );
    expect(rules['deep.yaml']).toEqual(['nesting-too-deep']);
    expect(rules['deepmap.yaml']).toEqual(['nesting-too-deep']);
    expect(rules['bomb.yaml']).toEqual(['alias-bomb']);
    expect(rules['cycle.yaml']).toEqual(['alias-cycle']);
    expect(rules['utf8.yaml']).toEqual(['invalid-utf8']);
    expect(rules['big.yaml']).toEqual(['file-too-large']);
    expect(rules['bin.yaml']).toHaveLength(1);
    expect(rules['proto.yaml']).toContain('schema-unknown-key');
  });
});

describe('hrdd validate reports every problem at once', () => {
  it('a duplicate key, a YAML syntax error and an invalid enum value each hide nothing else and add nothing false', async () => {
    const q2 = q1.replace(/Q1/g, 'Q2');
    const dir = tempDir({
      // a duplicate key, an unknown key and a condition naming an unknown question
      'dup.yaml': questionnaire(
        q1 +
          q2.replace('  help: h\n', '  help: h\n  help: again\n  wieght: 1\n  when: { question: Q3, equals: yes }\n'),
      ),
      // a syntax error in one question's text, and a schema error in another question
      'syntax.yaml': questionnaire(
        q1.replace('text: Is it so?', 'text: "Is it \\q so?"') + q2.replace('ungp: [17]', 'ungp: [17, 32]'),
      ),
      // type: mutliple, and a later condition on that question
      'enum.yaml': questionnaire(
        q1.replace('type: single', 'type: mutliple') + q2 + '  when: { question: Q1, equals: yes }\n',
      ),
    });
    const r = await runMain(['validate', '--format', 'json', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    const got = Object.fromEntries(
      j.files.map(
        (f: { file: string; diagnostics: Array<{ line: number; col: number; rule: string; message: string }> }) => [
          f.file,
          f.diagnostics.map((d) => `${d.line}:${d.col} ${d.rule}: ${d.message}`),
        ],
      ),
    );
    expect(got).toEqual({
      'dup.yaml': [
        '21:9 duplicate-key: duplicate key `help` (first on line 20): a key may appear once in a mapping; this later value is ignored',
        '22:9 schema-unknown-key: unknown key `wieght`: did you mean `weight`?',
        '23:27 when-unknown-question: no question Q3 before Q2 or in a required questionnaire: did you mean Q1?',
      ],
      'enum.yaml': [
        '11:15 schema-value: `type` must be one of single, multiple, text, number, found the string "mutliple": did you mean multiple?',
      ],
      'syntax.yaml': [
        '10:22 yaml-syntax: Invalid escape sequence \\q',
        '19:20 schema-value: this value must be <= 31, found the number 32',
      ],
    });
  });
});

describe('hrdd validate in worker threads', () => {
  it('gives exactly the same output with -j 1 and -j 2, in file order', async () => {
    // 404 files: enough for two workers (200 files each at least)
    const files = corpusFiles();
    const one = run(['validate', '-j', '1', '--format', 'json', ...files]);
    const two = run(['validate', '-j', '2', '--format', 'json', ...files]);
    expect(two.code).toBe(one.code);
    // the workers really ran (the test used to pass with them silently disabled), and changed nothing
    const [a, b] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
    expect([a.summary.threads, b.summary.threads]).toEqual([1, Math.min(2, availableParallelism())]);
    delete a.summary.threads;
    delete b.summary.threads;
    expect(b).toEqual(a);
    expect(JSON.parse(one.stdout).files.length).toBe(files.length);
    expect(run(['validate', '-j', '0', ...files]).code).toBe(2);
    expect(two.stderr).toBe('');
  });

  it('run from the sources (no worker file), -j 2 checks on one thread and says so rather than silently', async () => {
    const files = corpusFiles();
    const r = await runMain(['validate', '-j', '2', '--format', 'json', ...files]);
    expect(JSON.parse(r.stdout).summary.threads).toBe(1);
    // (on one core, one thread is all -j 2 would get anyway: nothing to say)
    expect(r.stderr).toBe(
      availableParallelism() < 2
        ? ''
        : 'note: --jobs 2: worker threads need the built CLI (dist/); checked on one thread\n',
    );
    expect((await runMain(['validate', '--format', 'json', ...files.slice(0, 3)])).stderr).toBe('');
  });
});

describe('threadsFor', () => {
  it('never starts more threads than cores, nor one for fewer than 200 files', async () => {
    expect(threadsFor(10_000, 64, 2)).toBe(2);
    expect(threadsFor(10_000, 3, 8)).toBe(3);
    expect(threadsFor(300, 8, 8)).toBe(1);
    expect(threadsFor(0, 8, 8)).toBe(1);
  });
});

describe('defaultJobs', () => {
  it('uses one thread per core above two cores, and one on two or fewer', async () => {
    expect([1, 2, 3, 8].map((n) => defaultJobs(n))).toEqual([1, 1, 3, 8]);
  });
});

describe('hrdd validate --cache', () => {
  it('re-checks only what changed, including files whose questionnaire changed, with the same output', async () => {
    const q = (extra = '') =>
      `schema: hrdd/questionnaire@1\nid: cq\nversion: 1.0.0\ntitle: C\nsections:\n  - id: s\n    title: S\n    questions:\n      - { id: C1, text: t, type: single, ungp: [16], help: h, recommendation: r, options: [{ value: a, label: A, score: 1 }, { value: b, label: B, score: 0 }${extra}] }\n`;
    const d = tempDir({
      'q.yaml': q(),
      'a.yaml': 'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [./q.yaml]\nanswers: { C1: c }\n',
      'ok.yaml': good,
    });
    const json = async (...args: string[]) => {
      const r = await runMain(['validate', '--format', 'json', ...args, '.'], { cwd: d });
      const { cached, ...summary } = JSON.parse(r.stdout).summary;
      return { code: r.code, cached, rest: { ...JSON.parse(r.stdout), summary } };
    };
    const cold = await json('--cache');
    expect([cold.code, cold.cached]).toEqual([1, 0]);
    expect(existsSync(join(d, '.hrdd-cache/validate.json'))).toBe(true);
    // every result from the cache (summary.cached counts them), and the same output
    const warm = await json('--cache');
    expect([warm.code, warm.cached]).toEqual([1, 3]);
    expect(warm.rest).toEqual(cold.rest);
    // the answers file did not change, but its questionnaire now offers "c": both are checked
    // again, and only ok.yaml comes from the cache
    writeFileSync(join(d, 'q.yaml'), q(', { value: c, label: C, score: 0.5 }'));
    const after = await json('--cache');
    expect([after.code, after.cached]).toEqual([0, 1]);
    const uncached = await json();
    expect([uncached.code, uncached.cached]).toEqual([0, 0]);
    expect(after.rest).toEqual(uncached.rest);
    // the text output too
    expect((await runMain(['validate', '--cache', '.'], { cwd: d })).stdout).toBe(
      (await runMain(['validate', '.'], { cwd: d })).stdout,
    );
  });
});
