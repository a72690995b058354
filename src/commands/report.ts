import { basename, join, resolve } from 'node:path';
import type { Context } from '../context.js';
import { buildReportModel, type ReportModel } from '../core/report-model.js';
import { UsageError } from '../errors.js';
import { frameworksOption } from './framework-option.js';
import type { Framework } from '../core/framework.js';
import { scoreAssessment } from '../core/score.js';
import { writeOutput } from '../io/files.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderActionsCsv } from '../render/csv.js';
import { jsonText, termLine } from '../render/inert.js';
import { TOOL } from '../version.js';
import type { Brand } from '../core/brand.js';
import { brandFor, type BrandOptions } from '../io/brand.js';
import { loadScored, type ScoredAssessment, loaderFor } from './common.js';

export type ReportFormat = 'md' | 'pdf' | 'json' | 'csv';

/** The file name ending of each format: `<name>.<ending>`. */
const ENDING: Record<ReportFormat, string> = { md: 'md', pdf: 'pdf', json: 'report.json', csv: 'actions.csv' };

export interface ReportOptions extends BrandOptions {
  /** also write the board-level brief, <name>.summary.md / .pdf */
  summary?: boolean;
  /** folders whose questionnaires files may name by path (--questionnaires DIR) */
  questionnaires?: string[];
  format: string;
  out: string;
  redact: boolean;
  /** a chapter for each of these frameworks besides the UNGP: ids or paths, comma-separated */
  framework?: string;
  /** refs files (`--refs`): references to framework items merged with the questions' own */
  refs?: string[];
}

/** A comma-separated --format list, each one of `allowed`. */
export function parseFormats<T extends string>(value: string, allowed: readonly T[]): T[] {
  const formats = value
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  const bad = formats.filter((f) => !(allowed as readonly string[]).includes(f));
  if (bad.length || !formats.length)
    throw new UsageError(`--format takes ${allowed.join(', ')} separated by commas, found "${value}"`);
  return [...new Set(formats)] as T[];
}

/** The base name of the report files: the answers file's name without .hrdd.yaml / .yaml. */
export function reportBaseName(answersPath: string): string {
  return basename(answersPath).replace(/(\.hrdd)?\.ya?ml$/i, '') || 'report';
}

/**
 * The report model of a scored assessment, dated today when the answers give no date. Its framework chapters: the UN Guiding Principles, then `frameworks` (those
 * asked for with --framework), each once.
 */
export function reportModelOf(
  scored: ScoredAssessment,
  ctx: Pick<Context, 'now'>,
  redact: boolean,
  frameworks: readonly Framework[] = [],
): ReportModel {
  const { assessment, inputs } = scored;
  const ungp = scored.ungp;
  const chapters = [...(ungp ? [ungp] : []), ...frameworks].filter(
    (f, i, all) => all.findIndex((g) => g.id === f.id) === i,
  );
  // a framework asked for that the score did not cover (no question or refs file names it, or
  // another version) is scored here, by the same rule and with the references the score used
  const unscored = chapters.some((f) => scored.result.frameworks.get(f.id)?.version !== f.version);
  const result = unscored
    ? scoreAssessment(assessment.questionnaires, assessment.answers.answers, {
        frameworks: chapters,
        refs: new Map(scored.result.questions.map((r) => [r.question.id, r.refs])),
      })
    : scored.result;
  return buildReportModel(assessment.questionnaires, assessment.answers, result, inputs, {
    redact,
    tool: TOOL,
    today: ctx.now().toISOString().slice(0, 10),
    frameworks: chapters,
  });
}

/** The file name of a logo copied beside a Markdown report. */
export const logoFileName = (base: string, brand: Brand) =>
  brand.logo ? `${base}.logo.${brand.logo.kind === 'png' ? 'png' : 'jpg'}` : undefined;

/**
 * Renders the requested formats and writes them to `outDir`; returns the paths written. With a
 * logo, the Markdown gets it copied beside it; with `summary`, the brief is written too
 * (<base>.summary.md / .pdf, for the md and pdf formats).
 */
export async function writeReports(
  model: ReportModel,
  formats: readonly ReportFormat[],
  outDir: string,
  base: string,
  cwd: string,
  brand: Brand = {},
  summary = false,
): Promise<string[]> {
  const written: string[] = [];
  const logoFile = logoFileName(base, brand);
  const write = (path: string, data: string | Uint8Array) => {
    writeOutput(path, data, 0o644, cwd);
    written.push(path);
  };
  const pdf = async () => import('../render/pdf/index.js');
  for (const f of formats) {
    const path = join(outDir, `${base}.${ENDING[f]}`);
    if (f === 'md') {
      if (brand.logo && logoFile) write(join(outDir, logoFile), brand.logo.bytes);
      write(path, renderMarkdown(model, { brand, ...(logoFile && { logoFile }) }));
      if (summary)
        write(
          join(outDir, `${base}.summary.md`),
          renderMarkdown(model, { brand, ...(logoFile && { logoFile }), summary: true }),
        );
    } else if (f === 'json') write(path, jsonText(model));
    else if (f === 'csv') write(path, renderActionsCsv(model));
    else {
      write(path, await (await pdf()).renderPdf(model, { brand }));
      if (summary)
        write(join(outDir, `${base}.summary.pdf`), await (await pdf()).renderPdf(model, { brand, summary: true }));
    }
  }
  return written;
}

export async function reportCommand(file: string, opts: ReportOptions, ctx: Context): Promise<number> {
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
