import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { termLine } from '../render/inert.js';
import { brandFor, type BrandOptions } from '../io/brand.js';
import {
  loaderFor,
  loadScored,
  reportModelOf,
  parseFormats,
  reportBaseName,
  writeReports,
  type ReportFormat,
} from './common.js';
import { frameworksOption } from './framework-option.js';

/** The options of `hrdd report`. */
export interface ReportCommandOptions extends BrandOptions {
  /** also write the board-level brief, <name>.summary.md / .pdf */
  summary?: boolean;
  /** folders whose questionnaires files may name by path (--questionnaires DIR) */
  questionnaires?: string[];
  format: string;
  out: string;
  redact: boolean;
  /** refs files (`--refs`): references to framework items merged with the questions' own */
  refs?: string[];
  /** a chapter for each of these frameworks besides the UNGP: ids or paths, comma-separated */
  framework?: string;
}

export async function reportCommand(file: string, opts: ReportCommandOptions, ctx: Context): Promise<number> {
  const formats = parseFormats<ReportFormat>(opts.format, ['md', 'pdf', 'json', 'csv']);
  if (opts.summary && !formats.includes('md') && !formats.includes('pdf'))
    throw new UsageError('--summary writes a Markdown or PDF brief: add md or pdf to --format');
  const brand = brandFor(opts, ctx);
  const refs = opts.refs ?? [];
  const loader = loaderFor(ctx, [file, ...refs], opts.questionnaires);
  const frameworks = frameworksOption(opts.framework, loader, ctx.cwd);
  const scored = loadScored(file, ctx, false, loader, undefined, refs);
  const model = reportModelOf(scored, ctx, opts.redact, frameworks);
  // a redacted copy has names of its own: it never replaces the full report
  const base = `${reportBaseName(file)}${opts.redact ? '.redacted' : ''}`;
  const written = await writeReports(
    model,
    formats,
    resolve(ctx.cwd, opts.out),
    base,
    ctx.cwd,
    brand,
    opts.summary ?? false,
  );
  for (const p of written) ctx.stdout(`wrote ${termLine(scored.loader.display(p))}\n`);
  return 0;
}
