import type { Context } from '../context.js';
import { scoreToJson } from '../core/score-json.js';
import { shown } from '../core/score.js';
import { UsageError } from '../errors.js';
import { paintFor } from '../render/paint.js';
import { renderScoreText } from '../render/terminal.js';
import { TOOL } from '../version.js';
import { loadScored } from './common.js';

export interface ScoreOptions {
  format: 'text' | 'json';
  failUnder?: string;
  strict: boolean;
}

export function parseThreshold(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`--fail-under takes a number from 0 to 100, found "${value}"`);
  return n;
}

export async function scoreCommand(file: string, opts: ScoreOptions, ctx: Context): Promise<number> {
  const threshold = parseThreshold(opts.failUnder);
  const { assessment, result, inputs, loader, abs } = loadScored(file, ctx, opts.strict);
  if (opts.format === 'json') ctx.stdout(JSON.stringify(scoreToJson(result, inputs, TOOL), null, 2) + '\n');
  else {
    const a = assessment.answers;
    ctx.stdout(renderScoreText(result, {
      paint: paintFor(ctx.color), fancy: ctx.color, columns: ctx.columns, organisation: a.organisation,
      ...(a.assessor && { assessor: a.assessor }), ...(a.date && { date: a.date }), answersFile: loader.display(abs),
    }));
  }
  if (threshold !== undefined) {
    const score = result.overall.score;
    if (score === null || shown(score) < threshold) {
      ctx.stderr(`hrdd: overall score ${score === null ? 'n/a' : shown(score).toFixed(1)} is under --fail-under ${threshold}\n`);
      return 1;
    }
  }
  return 0;
}
