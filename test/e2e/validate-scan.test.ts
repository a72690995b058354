import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeHrdd } from '../../src/core/recognise.js';
import { parseYaml } from '../../src/core/parse.js';
import { ROOT, runMain, tempDir } from '../helpers.js';
import { readFileSync } from 'node:fs';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'kestrel-telecom.hrdd.yaml'), 'utf8');
const looks = (text: string) => looksLikeHrdd(parseYaml(text, 'x.yaml').data, text);

/** A repository with hrdd files beside other tools' YAML. */
function repo(extra: Record<string, string> = {}) {
  return tempDir({
    'assessments/kestrel.hrdd.yaml': EXAMPLE.replace(/^questionnaires:/m, 'questionnaires:'),
    'docker-compose.yml': 'services:\n  web:\n    image: nginx\n',
    '.pre-commit-config.yaml': 'repos:\n  - repo: https://example.invalid/x\n    rev: v1\n    hooks: [{ id: x }]\n',
    'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\n---\napiVersion: v1\nkind: Service\n',
    'openapi.yaml': 'openapi: 3.1.0\ninfo: { title: x, version: "1" }\npaths: {}\n',
    ...extra,
  });
}

describe('folder scans fit real repositories', () => {
  it("recognises hrdd files, near misses and other tools' YAML", () => {
    expect(looks('services:\n  web: { image: nginx }\n')).toBe(false);
    expect(looks('schema: https://json.schemastore.org/github-workflow\non: push\n')).toBe(false);
    expect(looks('- a\n- b\n')).toBe(false);
    expect(looks('apiVersion: v1\nkind: Service\n---\nkind: Pod\n')).toBe(false); // multi-document: unparsed, text decides
    expect(looks('schema: hrdd/answer@1\n')).toBe(true);
    expect(looks('schema: hrd/questionnaire@1\n')).toBe(true);
    expect(looks('schema: HRDD/answers@2\n')).toBe(true);
    expect(looks('organisation: X\nanswers: {}\n')).toBe(true); // no schema, shaped like answers
    expect(looks('id: q\nversion: 1.0.0\nsections: []\n')).toBe(true);
    expect(looks('organisation: X\nquestionnaires: [a\nanswers: {}\n')).toBe(true); // broken, but hrdd-shaped lines
    expect(looks('schema: "hrdd/questionnaire@1"\nsections: [\n')).toBe(true);
  });

  it('validate . checks hrdd files and skips and counts the others (listed in JSON)', async () => {
    const dir = repo();
    const r = await runMain(['validate', '.'], { cwd: dir });
    expect(r.stdout.trim().split('\n').at(-1)).toBe(
      '1 file checked: all valid; 4 other YAML files skipped (not hrdd files)',
    );
    expect(r.code).toBe(0);
    const json = JSON.parse((await runMain(['validate', '.', '--format', 'json'], { cwd: dir })).stdout);
    expect(json.summary).toMatchObject({ files: 1, skipped: 4 });
    expect(json.skipped).toEqual(['.pre-commit-config.yaml', 'docker-compose.yml', 'k8s/deploy.yaml', 'openapi.yaml']);
    const sarif = JSON.parse((await runMain(['validate', '.', '--format', 'sarif'], { cwd: dir })).stdout);
    expect(sarif.runs[0].results).toEqual([]);
  });

  it('a mistyped hrdd file found by a scan is still an error; a file named explicitly is always checked', async () => {
    const dir = repo({
      'assessments/typo.yaml': 'schema: hrdd/answer@1\norganisation: X\nquestionnaires: [ict-profile]\nanswers: {}\n',
    });
    const r = await runMain(['validate', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^assessments\/typo\.yaml:1:9: error: unknown schema "hrdd\/answer@1".*\[not-hrdd-file\]$/m,
    );
    const named = await runMain(['validate', 'docker-compose.yml'], { cwd: dir });
    expect(named.code).toBe(1);
    expect(named.stdout).toMatch(/^docker-compose\.yml:1:1: error: not an hrdd file/m);
  });

  it('--exclude (repeatable) drops matching files and folders, named or found', async () => {
    const dir = repo({
      'drafts/bad.yaml': 'schema: hrdd/answers@1\norganisation: X\n',
      'assessments/old.hrdd.yaml': 'schema: hrdd/answers@1\n',
    });
    expect((await runMain(['validate', '.'], { cwd: dir })).code).toBe(1);
    const r = await runMain(['validate', '.', '--exclude', 'drafts/**', '--exclude', 'old.hrdd.yaml'], { cwd: dir });
    expect([r.code, r.stdout.trim().split('\n').at(-1)]).toEqual([
      0,
      '1 file checked: all valid; 4 other YAML files skipped (not hrdd files)',
    ]);
    const named = await runMain(
      ['validate', 'drafts/bad.yaml', 'assessments/kestrel.hrdd.yaml', '--exclude', 'drafts'],
      { cwd: dir },
    );
    expect(named.stdout).toMatch(/^1 file checked: all valid$/m);
  });

  it('--quiet reports errors only', async () => {
    const dir = tempDir({
      'a.yaml': 'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [ict-profile]\nanswers:\n  NOPE: 1\n',
    });
    const loud = await runMain(['validate', 'a.yaml'], { cwd: dir });
    expect(loud.stdout).toMatch(/warning: .*\[unknown-question\]/);
    const quiet = await runMain(['validate', '-q', 'a.yaml'], { cwd: dir });
    expect(quiet.stdout).not.toMatch(/warning/);
    expect(quiet.code).toBe(0);
    expect((await runMain(['validate', '-q', '--strict', 'a.yaml'], { cwd: dir })).stdout).toMatch(
      /error: .*\[unknown-question\]/,
    );
  });
});

describe('.hrddrc.yaml sets rule levels and excludes', () => {
  const ANSWERS = 'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [ict-profile]\nanswers:\n  NOPE: 1\n';

  it('is found in the working folder or above it, and turns rules off, into warnings or into errors', async () => {
    const dir = tempDir({
      'sub/a.yaml': ANSWERS,
      '.hrddrc.yaml': 'schema: hrdd/config@1\nrules:\n  unknown-question: error\n  incomplete: off\n',
    });
    mkdirSync(join(dir, '.git'));
    const r = await runMain(['validate', 'a.yaml'], { cwd: join(dir, 'sub') });
    expect(r.stdout).toMatch(/^a\.yaml:\d+:\d+: error: .*\[unknown-question\]$/m);
    expect(r.stdout).not.toMatch(/\[incomplete\]/);
    expect(r.code).toBe(1);
    expect((await runMain(['validate', '--no-config', 'a.yaml'], { cwd: join(dir, 'sub') })).code).toBe(0);
    // score reads the same levels for its warnings
    const score = await runMain(['score', 'a.yaml'], { cwd: join(dir, 'sub') });
    expect(score.stderr).not.toMatch(/\[incomplete\]/);
  });

  it('can lower an error rule for validate, but a file with errors is still not scored', async () => {
    const dir = tempDir({
      'a.yaml':
        'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [ict-profile]\nanswers:\n  PRO-ROLES: not-a-role\n',
      'c.yaml': 'schema: hrdd/config@1\nrules:\n  answer-type: warning\n  answer-not-an-option: warning\n',
    });
    const v = await runMain(['validate', '--config', 'c.yaml', 'a.yaml'], { cwd: dir });
    expect(v.stdout).toMatch(/warning: .*\[answer-(type|not-an-option)\]/);
    expect(v.code).toBe(0);
    const s = await runMain(['score', '--config', 'c.yaml', 'a.yaml'], { cwd: dir });
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/nothing scored/);
  });

  it('an invalid configuration is reported at file:line:col with did-you-mean, exit 2, before any work', async () => {
    const dir = tempDir({
      'a.yaml': ANSWERS,
      '.hrddrc.yaml': 'schema: hrdd/config@1\nrules:\n  unknown-questoin: off\n  incomplete: warn\nexlude: [x]\n',
    });
    const r = await runMain(['validate', 'a.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      '.hrddrc.yaml:3:3: error: unknown rule `unknown-questoin`: did you mean `unknown-question`? [config-unknown-rule]',
      '.hrddrc.yaml:4:15: error: "warn" is not a level: use off, warning or error (did you mean warning?) [config-value]',
      '.hrddrc.yaml:5:1: error: unknown key `exlude`: did you mean `exclude`? (a configuration has `schema`, `rules`, `exclude`) [config-unknown-key]',
      'hrdd: invalid configuration: fix the file above (or run with --no-config)',
    ]);
    expect(r.stdout).toBe('');
    expect((await runMain(['validate', '--config', 'missing.yaml', 'a.yaml'], { cwd: dir })).code).toBe(2);
  });

  it('exclude globs in the configuration apply to folder scans', async () => {
    const dir = tempDir({
      'ok/a.yaml': ANSWERS.replace('  NOPE: 1\n', '  {}\n').replace('answers:\n  {}', 'answers: {}'),
      'drafts/b.yaml': 'schema: hrdd/answers@1\n',
      '.hrddrc.yaml': 'schema: hrdd/config@1\nexclude: [drafts/**]\n',
    });
    writeFileSync(
      join(dir, 'ok', 'a.yaml'),
      'schema: hrdd/answers@1\norganisation: X\nquestionnaires: [ict-profile]\nanswers: {}\n',
    );
    const r = await runMain(['validate', '.', '-q'], { cwd: dir });
    expect([r.code, r.stdout]).toEqual([0, '2 files checked: all valid\n']); // a.yaml and the configuration itself
  });
});

describe('the configuration schema', () => {
  it('schemas/config.schema.json is what hrdd schema config prints (regenerate with that command)', async () => {
    const printed = (await runMain(['schema', 'config'])).stdout;
    expect(readFileSync(join(ROOT, 'schemas', 'config.schema.json'), 'utf8')).toBe(printed);
    const schema = JSON.parse(printed);
    expect(Object.keys(schema.properties.rules.properties)).toContain('unknown-question');
  });
});
