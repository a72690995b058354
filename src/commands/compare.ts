import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { compareAssessments } from '../core/compare.js';
import { UsageError } from '../errors.js';
import { renderCompareMarkdown, renderCompareText } from '../render/compare.js';
import { paintFor } from '../render/paint.js';
import { jsonText, termLine } from '../render/inert.js';
import {
  loadScored,
  loaderFor,
  logoFileName,
  reportModelOf,
  parseFormats,
  reportBaseName,
  writeLogo,
  writeReportFile,
  type ScoredAssessment,
} from './common.js';
import { join } from 'node:path';
import { brandFor, type BrandOptions } from '../io/brand.js';

export interface CompareOptions extends BrandOptions {
  /** folders whose questionnaires files may name by path (--questionnaires DIR) */
  questionnaires?: string[];
  format: string;
  out?: string;
}

const label = (s: ScoredAssessment, file: string) =>
  `${s.assessment.answers.date ?? file} (${s.loader.display(s.abs)})`;

export async function compareCommand(
  beforeFile: string,
  afterFile: string,
  opts: CompareOptions,
  ctx: Context,
): Promise<number> {
  const formats = parseFormats(opts.format, ['text', 'json', 'md', 'pdf'] as const);
  if (formats.includes('pdf') && !opts.out) throw new UsageError('--format pdf needs --out DIR');
  const brand = brandFor(opts, ctx);
  if (brand.logo && formats.includes('md') && !opts.out)
    throw new UsageError('--logo with --format md needs --out DIR (the logo is copied beside the report)');
  const loader = loaderFor(ctx, [beforeFile, afterFile], opts.questionnaires); // the two sides usually share their questionnaires: read them once
  const before = loadScored(beforeFile, ctx, false, loader);
  const after = loadScored(afterFile, ctx, false, loader);
  const side = (s: ScoredAssessment, f: string) => ({
    label: label(s, f),
    questionnaires: s.assessment.questionnaires,
    answers: s.assessment.answers.answers,
    result: s.result,
  });
  const c = compareAssessments(side(before, beforeFile), side(after, afterFile));
  const base = `${reportBaseName(afterFile)}.compare`;
  const logoFile = logoFileName(base, brand);
  for (const f of formats) {
    const logo = f === 'md' && opts.out ? writeLogo(resolve(ctx.cwd, opts.out), logoFile, brand, ctx.cwd) : undefined;
    if (logo) ctx.stdout(`wrote ${termLine(after.loader.display(logo))}\n`);
    const text: string | Uint8Array =
      f === 'json'
        ? jsonText(c)
        : f === 'md'
          ? renderCompareMarkdown(c, reportModelOf(after, ctx, false), { brand, ...(logoFile && { logoFile }) })
          : f === 'pdf'
            ? await (
                await import('../render/pdf/compare.js')
              ).renderComparePdf(c, reportModelOf(after, ctx, false), {
                brand,
                before: reportModelOf(before, ctx, false),
              })
            : renderCompareText(c, paintFor(ctx.color));
    if (!opts.out || f === 'text') {
      ctx.stdout(text as string);
      continue;
    }
    const dir = resolve(ctx.cwd, opts.out);
    const path = writeReportFile(join(dir, `${base}.${f}`), text, ctx.cwd);
    ctx.stdout(`wrote ${termLine(after.loader.display(path))}\n`);
  }
  return 0;
}
