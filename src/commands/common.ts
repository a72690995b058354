import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { formatDiagnostic, hasErrors, sortDiagnostics, strictify, type Diagnostic } from '../core/diagnostics.js';
import type { ScoreInputs } from '../core/score-json.js';
import type { ScoreResult } from '../core/score.js';
import { InputError, UsageError } from '../errors.js';
import { Loader, type Assessment } from '../io/loader.js';
import { scoreAssessment } from '../core/score.js';
import { assessmentWarnings } from '../core/warnings.js';

export interface ScoredAssessment {
  assessment: Assessment;
  result: ScoreResult;
  inputs: ScoreInputs;
  warnings: Diagnostic[];
  loader: Loader;
  abs: string;
}

/** The absolute path of a file named on the command line; exit 2 when it is missing or a folder. */
export function requireFile(file: string, cwd: string, hint = ''): string {
  const abs = resolve(cwd, file);
  let st;
  try { st = statSync(abs); } catch { throw new UsageError(`${file}: no such file${hint}`); }
  if (st.isDirectory()) throw new UsageError(`${file} is a folder: name a file`);
  return abs;
}

/**
 * Loads, checks and scores an answers file; prints its diagnostics to stderr; throws on errors.
 * Commands that read several answers files pass one `loader`, so shared questionnaires are read once.
 */
export function loadScored(file: string, ctx: Pick<Context, 'cwd' | 'stderr'>, strict = false, loader = new Loader(ctx.cwd)): ScoredAssessment {
  const abs = requireFile(file, ctx.cwd);
  const { assessment, diagnostics } = loader.loadAssessment(abs);
  let all = diagnostics;
  let result: ScoreResult | undefined;
  if (assessment && !hasErrors(diagnostics)) {
    result = scoreAssessment(assessment.questionnaires, assessment.answers.answers);
    all = [...diagnostics, ...assessmentWarnings(assessment.answers, result)];
  }
  if (strict) all = strictify(all);
  const sorted = sortDiagnostics(all);
  for (const d of sorted) ctx.stderr(formatDiagnostic(d) + '\n');
  const errors = sorted.filter((d) => d.severity === 'error').length;
  if (!assessment || !result || errors) throw new InputError(`${file}: ${errors} error${errors === 1 ? '' : 's'}: nothing scored`);
  return {
    assessment,
    result,
    warnings: sorted,
    loader,
    abs,
    inputs: {
      answers: { path: loader.display(abs), sha256: assessment.answers.sha256 },
      questionnaires: assessment.questionnaires.map((q) => ({ id: q.id, version: q.version, sha256: q.sha256 })),
    },
  };
}
