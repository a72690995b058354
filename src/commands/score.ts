import type { Context } from '../context.js';
import { scoreToJson } from '../core/score-json.js';
import { roundToTenth, type ScoreResult } from '../core/score.js';
import { UsageError } from '../errors.js';
import { paintFor } from '../render/paint.js';
import { renderScoreText } from '../render/terminal.js';
import { jsonText, termLine } from '../render/inert.js';
import { TOOL } from '../version.js';
import { configFor, loadScored, loaderFor } from './common.js';

export interface ScoreOptions {
  /** folders whose questionnaires files may name by path (--questionnaires DIR) */
  questionnaires?: string[];
  format: 'text' | 'json';
  failUnder?: string;
  minCompletion?: string;
  failOnRedFlags?: boolean;
  strict: boolean;
  /** `--config FILE`, or false for `--no-config` */
  config?: string | boolean;
  /** refs files (`--refs`): references to framework items merged with the questions' own */
  refs?: string[];
}

export function parseThreshold(value: string | undefined, option = '--fail-under'): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100)
    throw new UsageError(`${option} takes a number from 0 to 100, found "${value}"`);
  return n;
}

/**
 * The score gates of CI. Each fails closed: a score or completion that is missing or not a finite
 * number fails its gate, so no input can slip through as "NaN is not under 60".
 */
export function gateFailures(
  result: ScoreResult,
  gates: { failUnder?: number; minCompletion?: number; failOnRedFlags?: boolean },
): string[] {
  const out: string[] = [];
  const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);
  if (gates.failUnder !== undefined) {
    const score = result.overall.score;
    if (!finite(score))
      out.push(
        `the overall score is missing (${score === null ? 'nothing scored' : 'not a number'}): --fail-under ${gates.failUnder} fails closed`,
      );
    else if (roundToTenth(score) < gates.failUnder)
      out.push(`overall score ${roundToTenth(score).toFixed(1)} is under --fail-under ${gates.failUnder}`);
  }
  if (gates.minCompletion !== undefined) {
    const ratio = result.completion.ratio;
    if (!finite(ratio))
      out.push(`completion is missing (no question applies): --min-completion ${gates.minCompletion} fails closed`);
    else if (roundToTenth(100 * ratio) < gates.minCompletion)
      out.push(`completion ${roundToTenth(100 * ratio).toFixed(1)}% is under --min-completion ${gates.minCompletion}`);
  }
  if (gates.failOnRedFlags && result.redFlags.length) {
    out.push(
      `${result.redFlags.length} red flag${result.redFlags.length === 1 ? '' : 's'} open (--fail-on-red-flags): ${result.redFlags.join(', ')}`,
    );
  }
  return out;
}

export async function scoreCommand(file: string, opts: ScoreOptions, ctx: Context): Promise<number> {
  const gates = {
    failUnder: parseThreshold(opts.failUnder),
    minCompletion: parseThreshold(opts.minCompletion, '--min-completion'),
    failOnRedFlags: Boolean(opts.failOnRedFlags),
  };
  const { assessment, result, inputs, loader, abs } = loadScored(
    file,
    ctx,
    opts.strict,
    loaderFor(ctx, [file, ...(opts.refs ?? [])], opts.questionnaires),
    configFor(opts.config === true ? undefined : opts.config, ctx),
    opts.refs,
  );
  if (opts.format === 'json') ctx.stdout(jsonText(scoreToJson(result, inputs, TOOL)));
  else {
    const a = assessment.answers;
    ctx.stdout(
      renderScoreText(result, {
        paint: paintFor(ctx.color),
        fancy: ctx.color,
        columns: ctx.columns,
        organisation: a.organisation,
        ...(a.assessor && { assessor: a.assessor }),
        ...(a.date && { date: a.date }),
        answersFile: loader.display(abs),
      }),
    );
  }
  const failed = gateFailures(result, gates);
  for (const f of failed) ctx.stderr(`hrdd: ${termLine(f)}\n`);
  return failed.length ? 1 : 0;
}
