import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBytes } from '../src/core/load.js';
import { checkQuestionnaire } from '../src/core/questionnaire-rules.js';
import type { Diagnostic } from '../src/core/diagnostics.js';
import type { Framework } from '../src/core/framework.js';
import { wantColor } from '../src/context.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'hrdd');

export function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hrdd-test-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Loads questionnaire text and runs its own rules (no `requires`). */
export function checkText(text: string, file = 'q.yaml'): Diagnostic[] {
  const loaded = loadBytes(Buffer.from(text), file, 'sha');
  if (!loaded.questionnaire) return loaded.diagnostics;
  return [...loaded.diagnostics, ...checkQuestionnaire(loaded.questionnaire)];
}

/** The bundled UN Guiding Principles framework (frameworks/ungp/2011.yaml), as the report reads it. */
export function bundledUngp(): Framework {
  const path = join(ROOT, 'frameworks', 'ungp', '2011.yaml');
  const loaded = loadBytes(readFileSync(path), path, 'sha');
  if (!loaded.framework) throw new Error('frameworks/ungp/2011.yaml did not load');
  return loaded.framework;
}

/** `line:col rule` of each diagnostic, for compact assertions. */
export const brief = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.line}:${d.col} ${d.rule}`);

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...opts.env } as NodeJS.ProcessEnv,
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A minimal valid questionnaire; `questions` is YAML for the one section's question list. */
export function questionnaire(questions: string, head = ''): string {
  return `schema: hrdd/questionnaire@1
id: test
version: 1.0.0
title: Test
${head}sections:
  - id: s1
    title: S1
    questions:
${questions.replace(/^/gm, '      ').trimEnd()}
`;
}

/**
 * Runs the CLI in-process through `main(argv, ctx)` with a fake context: fast, and no terminal.
 * Only `env` is the environment (not this process's), and colour follows it as in the real CLI
 * (`FORCE_COLOR`, `NO_COLOR`, `--no-color`). Spawn the real binary (`run`) only for what needs a
 * process: the bin script, signals, pipes, terminals and the worker threads of the build.
 */
export async function runMain(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<RunResult> {
  const { main } = await import('../src/cli.js');
  let stdout = '';
  let stderr = '';
  const env = { ...opts.env };
  const code = await main(args, (color) => ({
    cwd: opts.cwd ?? ROOT,
    env,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: false,
    stdinIsTTY: false,
    columns: 80,
    color: wantColor(env, false, color),
    now: () => new Date('2026-11-30T12:00:00Z'),
    onSignal: () => () => {},
  }));
  return { code, stdout, stderr };
}

/** One scored single question, as a questionnaire's question list (YAML). */
export const SCORED_Q1 = `- id: Q1
  text: Is it so?
  type: single
  ungp: [17]
  help: h
  recommendation: r
  options: [{ value: yes, label: Yes, score: 1 }, { value: no, label: No, score: 0 }]
`;

/** A valid questionnaire, one with two errors (`type: singel`, `wieght`), one with a warning (no help). */
export const SAMPLE_QUESTIONNAIRES = {
  good: questionnaire(SCORED_Q1),
  bad: questionnaire(SCORED_Q1.replace('type: single', 'type: singel'), 'wieght: 1\n'),
  warn: questionnaire(SCORED_Q1.replace('  help: h\n', '')),
};

/** A custom framework file (tfw: A1, A2 in group a, B1 in none), a questionnaire whose Q1 references A1, and answers. */
export const CUSTOM_FRAMEWORK = {
  'tfw.yaml': `schema: hrdd/framework@1
id: tfw
version: "1"
title: Test Framework
publisher: Test Publisher
source: { url: "https://example.org/tfw", edition: First }
licence: CC0
groups:
  - { id: a, title: Group A }
items:
  - { id: A1, title: Policy, group: a }
  - { id: A2, title: Never asked, group: a }
  - { id: B1, title: Ungrouped }
`,
  'q.yaml': `schema: hrdd/questionnaire@1
id: test
version: 1.0.0
title: Test
frameworks: [tfw.yaml]
sections:
  - id: s1
    title: S1
    questions:
      - id: Q1
        text: Is it so?
        type: single
        ungp: [17]
        refs: { tfw: [A1] }
        help: h
        recommendation: r
        options: [{ value: yes, label: Yes, score: 1 }, { value: no, label: No, score: 0 }]
      - id: Q2
        text: And this?
        type: single
        ungp: [16]
        help: h
        recommendation: r
        options: [{ value: yes, label: Yes, score: 1 }, { value: no, label: No, score: 0 }]
`,
  'a.hrdd.yaml': `schema: hrdd/answers@1
organisation: Acme
assessor: Jane Roe
questionnaires: [q.yaml]
answers:
  Q1: yes
  Q2: { value: no, note: "Jane's private note" }
`,
};
