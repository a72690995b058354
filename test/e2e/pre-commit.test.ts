import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ROOT, questionnaire, tempDir, SCORED_Q1 } from '../helpers.js';

// The hook of .pre-commit-hooks.yaml, installed and run by the real pre-commit as a user's
// .pre-commit-config.yaml would: `repo:` a clone of this checkout at its HEAD (commit first: the
// working tree's changes are not in it), `rev:` that commit, the rest of the hook's settings taken
// from the README's example. pre-commit's node install runs npm install, npm pack and a global npm
// install of the tarball from the registry (through the npm cache): this takes a minute or so.

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_'))) as NodeJS.ProcessEnv;
const sh = (cmd: string, args: string[], opts: SpawnSyncOptions = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, ...opts });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, missing: Boolean(r.error) };
};
const preCommit = sh('pre-commit', ['--version']);
const gitCheckout = sh('git', ['rev-parse', 'HEAD'], { cwd: ROOT });
// it installs the package as pre-commit does (npm install, build, pack): a third of the suite's
// CPU, so it runs in CI (.ci/run sets CI) or when asked, and a local npm test stays quick
const asked = Boolean(process.env['CI'] || process.env['HRDD_SLOW_TESTS']);
const why = !asked
  ? 'it runs when CI or HRDD_SLOW_TESTS is set (as in .ci/run)'
  : preCommit.missing
    ? 'pre-commit is not installed (Debian: apt-get install pre-commit; .ci/run installs it)'
    : gitCheckout.code !== 0
      ? 'not a git checkout'
      : undefined;
if (why) console.warn(`note: skipping the pre-commit hook test: ${why}`);

/** The hook as the README's "In CI" example configures it. */
function readmeHook(): Record<string, unknown> {
  const blocks = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map(
    (m) => m[1]!,
  );
  const config = parse(blocks.find((b) => /id: hrdd-validate/.test(b))!) as {
    repos: Array<{ repo: string; rev: string; hooks: Array<Record<string, unknown>> }>;
  };
  const repo = config.repos.find((r) => r.hooks.some((h) => h['id'] === 'hrdd-validate'))!;
  expect(repo.repo).toBe('https://github.com/hrdd-project/hrdd');
  return repo.hooks.find((h) => h['id'] === 'hrdd-validate')!;
}

const q1 = SCORED_Q1;

describe.skipIf(Boolean(why))('the pre-commit hook (the real pre-commit)', () => {
  it('checks only the hrdd files the README example names, fails on the invalid one at line:col, passes once it is fixed', () => {
    const hook = readmeHook();
    expect(hook['files']).toBeTruthy();
    const tmp = tempDir(); // the clone and pre-commit's environments: a quarter of a gigabyte, removed at the end
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    const clone = join(tmp, 'hrdd');
    expect(sh('git', ['clone', '--quiet', ROOT, clone]).code).toBe(0);
    const rev = sh('git', ['rev-parse', 'HEAD'], { cwd: clone }).out.trim();

    const user = tempDir({
      'questionnaires/good.yaml': questionnaire(q1),
      'questionnaires/bad.yaml': questionnaire(q1.replace('type: single', 'type: singel')),
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n', // YAML, but not hrdd's
      '.pre-commit-config.yaml': stringify({ repos: [{ repo: clone, rev, hooks: [hook] }] }),
    });
    expect(sh('git', ['init', '--quiet'], { cwd: user }).code).toBe(0);
    expect(sh('git', ['add', '-A'], { cwd: user }).code).toBe(0);
    const run = () =>
      sh('pre-commit', ['run', '--all-files', '--color', 'never'], {
        cwd: user,
        // the compressed fonts are content-addressed: the clone's build may reuse this checkout's
        env: {
          ...env,
          PRE_COMMIT_HOME: join(tmp, 'pre-commit-home'),
          HRDD_FONT_CACHE: join(ROOT, 'node_modules/.cache/hrdd/fonts'),
        },
      });

    const failed = run();
    expect(failed.code, failed.out).toBe(1);
    expect(failed.out).toMatch(/^hrdd validate\.+Failed$/m);
    expect(failed.out).toContain(
      'questionnaires/bad.yaml:11:15: error: `type` must be one of single, multiple, text, number, found the string "singel": did you mean single? [schema-value]',
    );
    expect(failed.out).toContain('in 2 files checked (1 invalid)'); // not docker-compose.yml, not .pre-commit-config.yaml
    expect(failed.out).not.toContain('docker-compose.yml');

    writeFileSync(join(user, 'questionnaires/bad.yaml'), questionnaire(q1));
    expect(sh('git', ['add', '-A'], { cwd: user }).code).toBe(0);
    const passed = run();
    expect(passed.code, passed.out).toBe(0);
    expect(passed.out).toMatch(/^hrdd validate\.+Passed$/m);
  }, 600_000);
});
