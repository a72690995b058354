import { basename, join, resolve } from 'node:path';
import type { Context } from '../context.js';
import { buildReportModel, type ReportModel } from '../core/report-model.js';
import { UsageError } from '../errors.js';
import { writeOutput } from '../io/files.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderActionsCsv } from '../render/csv.js';
import { jsonText, termLine } from '../render/inert.js';
import { TOOL } from '../version.js';
import { loadScored, type ScoredAssessment, loaderFor } from './common.js';

export type ReportFormat = 'md' | 'pdf' | 'json' | 'csv';

/** The file name ending of each format: `<name>.<ending>`. */
const ENDING: Record<ReportFormat, string> = { md: 'md', pdf: 'pdf', json: 'report.json', csv: 'actions.csv' };

export interface ReportOptions {
  /** folders whose questionnaires files may name by path (--questionnaires DIR) */
  questionnaires?: string[];
  format: string;
  out: string;
  redact: boolean;
}

/** A comma-separated --format list, each one of `allowed`. */
export function parseFormats<T extends string>(value: string, allowed: readonly T[]): T[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  const bad = formats.filter((f) => !(allowed as readonly string[]).includes(f));
  if (bad.length || !formats.length) throw new UsageError(`--format takes ${allowed.join(', ')} separated by commas, found "${value}"`);
  return [...new Set(formats)] as T[];
}

/** The base name of the report files: the answers file's name without .hrdd.yaml / .yaml. */
export function reportBaseName(answersPath: string): string {
  return basename(answersPath).replace(/(\.hrdd)?\.ya?ml$/i, '') || 'report';
}

export function modelOf(scored: ScoredAssessment, ctx: Pick<Context, 'now'>, redact: boolean): ReportModel {
  const { assessment, result, inputs } = scored;
  return buildReportModel(assessment.questionnaires, assessment.answers, result, inputs, {
    redact, tool: TOOL, today: ctx.now().toISOString().slice(0, 10),
  });
}

/** Renders the requested formats and writes them to `outDir`; returns the paths written. */
export async function writeReports(model: ReportModel, formats: readonly ReportFormat[], outDir: string, base: string, cwd: string): Promise<string[]> {
  const written: string[] = [];
  for (const f of formats) {
    const path = join(outDir, `${base}.${ENDING[f]}`);
    let data: string | Uint8Array;
    if (f === 'md') data = renderMarkdown(model);
    else if (f === 'json') data = jsonText(model);
    else if (f === 'csv') data = renderActionsCsv(model);
    else data = await (await import('../render/pdf/index.js')).renderPdf(model);
    writeOutput(path, data, 0o644, cwd);
    written.push(path);
  }
  return written;
}

export async function reportCommand(file: string, opts: ReportOptions, ctx: Context): Promise<number> {
  const formats = parseFormats<ReportFormat>(opts.format, ['md', 'pdf', 'json', 'csv']);
  const scored = loadScored(file, ctx, false, loaderFor(ctx, [file], opts.questionnaires));
  const model = modelOf(scored, ctx, opts.redact);
  // a redacted copy has names of its own: it never replaces the full report
  const base = `${reportBaseName(file)}${opts.redact ? '.redacted' : ''}`;
  const written = await writeReports(model, formats, resolve(ctx.cwd, opts.out), base, ctx.cwd);
  for (const p of written) ctx.stdout(`wrote ${termLine(scored.loader.display(p))}\n`);
  return 0;
}
