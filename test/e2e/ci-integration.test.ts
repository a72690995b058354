import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import Ajv4Module from 'ajv-draft-04';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir, SAMPLE_QUESTIONNAIRES } from '../helpers.js';
import { parseWorkflowCommand } from '../ci-consumers.js';

// The composite action (action.yml) run as GitHub would run its `run:` steps: each script through
// `bash --noprofile --norc -eo pipefail` with the env: the step declares (inputs substituted), in
// a workspace, with GITHUB_ACTION_PATH = this repository. `uses:` steps (setup-node) are skipped:
// the Node running this test stands in for it.

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const sarifSchema = JSON.parse(
  readFileSync(join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
const Ajv4 = ((Ajv4Module as unknown as { default?: typeof Ajv4Module }).default ?? Ajv4Module) as unknown as new (
  o: object,
) => { compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown } };
const validateSarif = new Ajv4({
  unicodeRegExp: false,
  strict: false,
  allErrors: true,
  validateFormats: false,
}).compile(sarifSchema);

const { good, bad, warn } = SAMPLE_QUESTIONNAIRES;

/** `${{ inputs.x }}` is the only expression the steps' env may use. */
function expand(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    const m = /^inputs\.([a-z-]+)$/.exec(expr);
    if (!m || !(m[1]! in inputs)) throw new Error(`unexpected expression in env: ${expr}`);
    return inputs[m[1]!]!;
  });
}

/** `stdout`: the Validate step's. */
interface ActionRun {
  code: number;
  steps: Array<{ name: string; code: number; stdout: string; stderr: string }>;
  outputs: string;
  path: string;
  stdout: string;
}

/** Runs the `run:` steps in order until one fails, as the runner does. */
function runAction(workspace: string, given: Record<string, string> = {}): ActionRun {
  const inputs = {
    ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])),
    ...given,
  };
  const tmp = tempDir();
  const files = { GITHUB_OUTPUT: join(tmp, 'output'), GITHUB_PATH: join(tmp, 'path') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const steps: ActionRun['steps'] = [];
  for (const step of action.runs.steps) {
    if (step.uses) continue;
    const script = join(tmp, `step-${steps.length}.sh`);
    writeFileSync(script, step.run!);
    const env: Record<string, string> = {
      PATH: process.env['PATH']!,
      HOME: process.env['HOME'] ?? tmp,
      NO_COLOR: '1',
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: workspace,
      ...files,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, inputs)])),
    };
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      env,
      encoding: 'utf8',
    });
    steps.push({ name: step.name ?? '', code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr });
    if (r.status !== 0) break;
  }
  return {
    code: steps.at(-1)!.code,
    steps,
    outputs: readFileSync(files.GITHUB_OUTPUT, 'utf8'),
    path: readFileSync(files.GITHUB_PATH, 'utf8'),
    stdout: steps.find((s) => s.name === 'Validate')?.stdout ?? '',
  };
}

describe('action.yml: the composite GitHub Action', () => {
  beforeAll(() => {
    // The install step would otherwise run npm ci in this very checkout.
    expect(existsSync(join(ROOT, 'dist', 'cli.js')), 'dist/ is not built: run npm run build (npm test does)').toBe(
      true,
    );
  });

  it('declares the inputs, the exit-code output and a composite of setup-node (pinned, Node 20), install and validate', () => {
    expect(action.name).toBeTruthy();
    expect(action.description).toBeTruthy();
    expect(Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]))).toEqual({
      paths: '.',
      format: 'sarif',
      strict: 'false',
      'sarif-file': 'hrdd.sarif',
    });
    for (const input of Object.values(action.inputs)) expect(input.description).toBeTruthy();
    expect(action.outputs['exit-code']!.value).toBe('${{ steps.validate.outputs.exit-code }}');
    expect(action.runs.using).toBe('composite');
    const [setup, ...rest] = action.runs.steps;
    expect(setup!.uses).toMatch(/^actions\/setup-node@v\d+\.\d+\.\d+$/);
    expect(String(setup!.with!['node-version'])).toBe('20');
    expect(rest.map((s) => [s.name, s.shell])).toEqual([
      ['Install hrdd', 'bash'],
      ['Validate', 'bash'],
    ]);
    expect(rest.at(-1)!.id).toBe('validate');
  });

  it('passes inputs to scripts only through env: (no expression inside a run: script)', () => {
    for (const step of action.runs.steps.filter((s) => s.run)) {
      expect(step.run, step.name).not.toMatch(/\$\{\{/);
      for (const v of Object.values(step.env ?? {})) expect(v).toMatch(/^\$\{\{ inputs\.[a-z-]+ \}\}$/);
    }
    const used = action.runs.steps
      .flatMap((s) => Object.values(s.env ?? {}))
      .map((v) => /inputs\.([a-z-]+)/.exec(v)![1]);
    expect(used.sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('with the defaults: writes hrdd.sarif, annotates, sets exit-code=1 and fails the step', () => {
    const ws = tempDir({ 'questionnaires/good.yaml': good, 'questionnaires/bad.yaml': bad });
    const r = runAction(ws);
    expect(r.steps.map((s) => [s.name, s.code])).toEqual([
      ['Install hrdd', 0],
      ['Validate', 1],
    ]);
    expect(r.steps[0]!.stdout).toContain('already built'); // no npm ci in the test
    expect(r.path.trim()).toBe(join(ROOT, 'bin'));
    expect(r.outputs).toBe('exit-code=1\n');
    const log = JSON.parse(readFileSync(join(ws, 'hrdd.sarif'), 'utf8'));
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(
      log.runs[0].results.map(
        (x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
          x.locations[0]!.physicalLocation.artifactLocation.uri,
      ),
    ).toEqual(expect.arrayContaining(['questionnaires/bad.yaml']));
    const commands = r.stdout.split('\n').map(parseWorkflowCommand).filter(Boolean);
    expect(commands).toContainEqual({
      command: 'error',
      properties: { file: 'questionnaires/bad.yaml', line: '5', col: '1', title: 'hrdd [schema-unknown-key]' },
      data: 'unknown key `wieght`: did you mean `weight`?',
    });
    expect(r.stdout).toMatch(/in 2 files checked \(1 invalid\)\n$/);
  });

  it('valid files: exit-code=0 with warnings in the SARIF, none without; strict turns a warning into a failure', () => {
    const ws = tempDir({ 'good.yaml': good, 'warn.yml': warn });
    const ok = runAction(ws, { paths: 'good.yaml warn.yml' });
    expect([ok.code, ok.outputs]).toEqual([0, 'exit-code=0\n']);
    expect(
      JSON.parse(readFileSync(join(ws, 'hrdd.sarif'), 'utf8')).runs[0].results.map((x: { level: string }) => x.level),
    ).toEqual(['warning']);
    expect(r0(ok.stdout)).toMatch(/^::warning file=warn.yml,line=9,col=13,/);
    const strict = runAction(ws, { paths: 'good.yaml warn.yml', strict: 'true' });
    expect([strict.code, strict.outputs]).toEqual([1, 'exit-code=1\n']);
    expect(r0(strict.stdout)).toMatch(/^::error file=warn.yml,line=9,col=13,/);
    const clean = runAction(ws, { paths: 'good.yaml' });
    expect([clean.code, clean.outputs]).toEqual([0, 'exit-code=0\n']);
    expect(JSON.parse(readFileSync(join(ws, 'hrdd.sarif'), 'utf8')).runs[0].results).toEqual([]);
  });

  it('paths one a line (with spaces), another format and a report file in a new folder', () => {
    const ws = tempDir({ 'my questionnaires/bad.yaml': bad, 'other.yaml': good });
    const r = runAction(ws, {
      paths: '  my questionnaires/bad.yaml\n\nother.yaml  \n',
      format: 'gitlab',
      'sarif-file': 'reports/code-quality.json',
    });
    expect([r.code, r.outputs]).toEqual([1, 'exit-code=1\n']);
    const report = JSON.parse(readFileSync(join(ws, 'reports/code-quality.json'), 'utf8'));
    expect(report.map((x: { location: { path: string } }) => x.location.path)).toContain('my questionnaires/bad.yaml');
    expect(r.stdout).toMatch(/in 2 files checked/);
  });

  it('inputs are data, never code: no shell expansion, no option injection; a bad input fails with exit code 2', () => {
    const ws = tempDir({ 'good.yaml': good });
    const hostile = runAction(ws, { paths: '$(touch pwned1) `touch pwned2` ;touch${IFS}pwned3 --help' });
    expect([hostile.code, hostile.outputs]).toEqual([2, 'exit-code=2\n']);
    expect(hostile.steps.at(-1)!.stderr).toMatch(/^hrdd: \$\(touch: no such file or folder/);
    for (const f of ['pwned1', 'pwned2', 'pwned3']) expect(existsSync(join(ws, f))).toBe(false);
    const report = runAction(ws, { paths: 'good.yaml', 'sarif-file': '$(touch pwned4).sarif' });
    expect(report.code).toBe(0);
    expect(existsSync(join(ws, '$(touch pwned4).sarif'))).toBe(true);
    expect(existsSync(join(ws, 'pwned4'))).toBe(false);
    const strict = runAction(ws, { paths: 'good.yaml', strict: 'yes' });
    expect([strict.code, strict.outputs, strict.steps.at(-1)!.stderr]).toEqual([
      2,
      'exit-code=2\n',
      'hrdd: the strict input is true or false\n',
    ]);
    const missing = runAction(ws, { paths: 'nope/' });
    expect([missing.code, missing.outputs]).toEqual([2, 'exit-code=2\n']);
    expect(missing.stdout).toBe(''); // no annotations after a usage error
  });
});

const r0 = (stdout: string) => stdout.split('\n')[0]!;

describe("the README's CI examples", () => {
  const section = /### In CI\n([\s\S]*?)\n### /.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'))![1]!;
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as Record<string, any>);
  const uses = (steps: Array<{ uses?: string }>) => steps.map((s) => s.uses).filter(Boolean) as string[];

  it('the workflow: read-only but for code scanning, actions pinned to full versions, only inputs the action has, the SARIF it writes uploaded always', () => {
    const wf = blocks.find((b) => b['jobs'])!;
    expect(wf['permissions']).toEqual({ contents: 'read', 'security-events': 'write' });
    expect(wf['on']).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const steps = Object.values(wf['jobs'] as Record<string, { steps: Step[] }>)[0]!.steps;
    for (const u of uses(steps)) expect(u).toMatch(u.startsWith('hrdd-project/hrdd@') ? /@v1$/ : /@v\d+\.\d+\.\d+$/);
    const hrdd = steps.find((s) => s.uses === 'hrdd-project/hrdd@v1')!;
    for (const k of Object.keys(hrdd.with ?? {})) expect(Object.keys(action.inputs)).toContain(k);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))! as Step & {
      if?: string;
    };
    expect(upload.if).toBe('always()');
    expect(upload.with!['sarif_file']).toBe(hrdd.with!['sarif-file'] ?? action.inputs['sarif-file']!.default);
  });

  it('without the action: setup-node, hrdd from its git repository, --format github', () => {
    const steps = blocks.find((b) => Array.isArray(b['steps']))!['steps'] as Step[];
    expect(uses(steps)).toEqual([
      'actions/checkout@v6.0.2',
      expect.stringMatching(/^actions\/setup-node@v\d+\.\d+\.\d+$/),
    ]);
    const runs = steps
      .map((s) => s.run)
      .filter(Boolean)
      .join('\n');
    expect(runs).toContain('npm pack git+https://github.com/hrdd-project/hrdd.git#v1 && npm install -g ./hrdd-*.tgz');
    expect(runs).toMatch(/hrdd validate --format github /);
    expect(section).not.toMatch(/npx hrdd/);
  });

  it('GitLab: the Code Quality and JUnit reports the job writes are the ones it declares', () => {
    const job = Object.values(blocks.find((b) => Object.values(b).some((j) => j?.artifacts))!)[0] as {
      script: string[];
      artifacts: { when: string; reports: { codequality: string; junit: string } };
    };
    const script = job.script.join('\n');
    expect(job.artifacts.when).toBe('always');
    expect(script).toContain(`--format gitlab $HRDD_PATHS > ${job.artifacts.reports.codequality}`);
    expect(script).toContain(`--format junit $HRDD_PATHS > ${job.artifacts.reports.junit}`);
    expect(job.script.at(-1)).toMatch(/^hrdd validate \$HRDD_PATHS/); // the last line fails the job on invalid files
  });
});
