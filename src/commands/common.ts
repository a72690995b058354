import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Context } from '../context.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { formatDiagnostic } from '../render/diagnostics.js';
import type { ScoreInputs } from '../core/score-json.js';
import type { ScoreResult } from '../core/score.js';
import { InputError, UsageError } from '../errors.js';
import { applyLevels, NO_CONFIG, type Config } from '../core/config.js';
import { findConfig, readConfig } from '../io/config.js';
import { Loader, type Assessment } from '../io/loader.js';
import { scoreAssessment } from '../core/score.js';
import { assessmentWarnings } from '../core/warnings.js';
import { diag } from '../core/diagnostics.js';
import { positionOf } from '../core/parse.js';
import { mergeRefs, type Framework } from '../core/framework.js';
import { showId } from '../core/show.js';

export interface ScoredAssessment {
  assessment: Assessment;
  result: ScoreResult;
  inputs: ScoreInputs;
  warnings: Diagnostic[];
  loader: Loader;
  abs: string;
  /** the frameworks the questionnaires and refs files use (their item scores are in `result.frameworks`) */
  frameworks: Framework[];
  /** the UN Guiding Principles as the report names and groups them */
  ungp?: Framework;
}

/**
 * The configuration in force (`--config FILE`, else the nearest `.hrddrc.yaml`; `--no-config`: none).
 * An invalid one is reported at file:line:col and ends the run with exit 2, before any work.
 */
export function configFor(option: string | boolean | undefined, ctx: Pick<Context, 'cwd' | 'stderr'>): Config {
  if (option === false) return NO_CONFIG;
  const path = typeof option === 'string' ? requireFile(option, ctx.cwd) : findConfig(ctx.cwd);
  if (!path) return NO_CONFIG;
  const { config, diagnostics } = readConfig(path, ctx.cwd);
  for (const d of sortDiagnostics(diagnostics)) ctx.stderr(formatDiagnostic(d) + '\n');
  if (!config) throw new UsageError(`invalid configuration: fix the file above (or run with --no-config)`);
  return config;
}

/**
 * A loader for the files the user named: questionnaires may be named by path inside their folders,
 * inside `--questionnaires DIR` folders, and in the bundled set — nowhere else.
 */
export function loaderFor(
  ctx: Pick<Context, 'cwd'>,
  files: readonly string[],
  questionnaireDirs: readonly string[] = [],
): Loader {
  return new Loader(ctx.cwd, [...files.map((f) => dirname(resolve(ctx.cwd, f))), ...questionnaireDirs]);
}

/**
 * Reads and checks refs files (`--refs`); those whose questionnaire the assessment uses give their
 * references, the others a warning. Every diagnostic goes to `out`.
 */
function refsFor(
  loader: Loader,
  files: readonly string[],
  cwd: string,
  assessment: Assessment | undefined,
  out: Diagnostic[],
) {
  const used = [];
  for (const f of files) {
    const loaded = loader.frameworks.loadRefs(requireFile(f, cwd));
    out.push(...loaded.diagnostics);
    const { file, questionnaire, lookup } = loaded;
    if (!file || !questionnaire || !lookup || !assessment) continue;
    if (assessment.questionnaires.includes(questionnaire)) used.push({ file, lookup });
    else
      out.push(
        diag(
          file.file,
          positionOf(file.parsed, ['questionnaire']),
          'warning',
          'refs-questionnaire-unused',
          `this assessment does not use questionnaire ${showId(file.questionnaire)}: its refs are left out`,
        ),
      );
  }
  return used;
}

/** The absolute path of a file named on the command line; exit 2 when it is missing or a folder. */
export function requireFile(file: string, cwd: string, hint = ''): string {
  const abs = resolve(cwd, file);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new UsageError(`${file}: no such file${hint}`);
  }
  if (st.isDirectory()) throw new UsageError(`${file} is a folder: name a file`);
  return abs;
}

/**
 * Loads, checks and scores an answers file; prints its diagnostics to stderr; throws on errors.
 * Commands that read several answers files pass one `loader`, so shared questionnaires are read once.
 */
export function loadScored(
  file: string,
  ctx: Pick<Context, 'cwd' | 'stderr'>,
  strict = false,
  loader = loaderFor(ctx, [file]),
  config: Config = NO_CONFIG,
  refsFiles: readonly string[] = [],
): ScoredAssessment {
  const abs = requireFile(file, ctx.cwd);
  const { assessment, diagnostics } = loader.loadAssessment(abs);
  let all = [...diagnostics];
  const refs = refsFor(loader, refsFiles, ctx.cwd, assessment, all);
  let result: ScoreResult | undefined;
  let frameworks: Framework[] = [];
  if (assessment && !hasErrors(all)) {
    frameworks = loader.frameworks.used(assessment.questionnaires, refs);
    result = scoreAssessment(assessment.questionnaires, assessment.answers.answers, {
      frameworks,
      refs: mergeRefs(...refs.map((x) => x.file.refs)),
    });
    all = [...all, ...assessmentWarnings(assessment.answers, result)];
  }
  // A configuration may silence or raise rules; an error that makes the file unusable still stops
  // scoring (`result` is computed only when the file had none).
  const sorted = sortDiagnostics(applyLevels(all, config, { strict }));
  for (const d of sorted) ctx.stderr(formatDiagnostic(d) + '\n');
  const errors = Math.max(
    sorted.filter((d) => d.severity === 'error').length,
    all.filter((d) => d.severity === 'error').length,
  );
  if (!assessment || !result || errors)
    throw new InputError(`${file}: ${errors} error${errors === 1 ? '' : 's'}: nothing scored`);
  const ungp = loader.frameworks.ungp(frameworks);
  return {
    assessment,
    result,
    warnings: sorted,
    loader,
    abs,
    frameworks,
    ...(ungp && { ungp }),
    inputs: {
      answers: { path: loader.display(abs), sha256: assessment.answers.sha256 },
      questionnaires: assessment.questionnaires.map((q) => ({ id: q.id, version: q.version, sha256: q.sha256 })),
    },
  };
}
