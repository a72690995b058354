import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Context } from '../context.js';
import { pushAll } from '../core/arrays.js';
import type { Brand } from '../core/brand.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { buildReportModel, type ReportModel } from '../core/report-model.js';
import { formatDiagnostic } from '../render/diagnostics.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderActionsCsv } from '../render/csv.js';
import { jsonText } from '../render/inert.js';
import type { ScoreInputs } from '../core/score-json.js';
import type { ScoreResult } from '../core/score.js';
import { InputError, UsageError } from '../errors.js';
import { applyLevels, NO_CONFIG, type Config } from '../core/config.js';
import { findConfig, readConfig } from '../io/config.js';
import { exists, writeOutput } from '../io/files.js';
import { Loader, type Assessment } from '../io/loader.js';
import { scoreAssessment } from '../core/score.js';
import { assessmentWarnings } from '../core/warnings.js';
import { diag } from '../core/diagnostics.js';
import { positionOf } from '../core/parse.js';
import { mergeRefs, type Framework } from '../core/framework.js';
import { showId } from '../core/show.js';
import { TOOL } from '../version.js';

// What more than one command needs: the configuration, loading and scoring an answers file, the
// report files (formats, names, writing), the files a folder holds, and the name of a new assessment.

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

export type ReportFormat = 'md' | 'pdf' | 'json' | 'csv';

/** The file name ending of each format: `<name>.<ending>`. */
const ENDING: Record<ReportFormat, string> = { md: 'md', pdf: 'pdf', json: 'report.json', csv: 'actions.csv' };

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
 * The report model of a scored assessment, dated today when the answers give no date. Its
 * framework chapters: the UN Guiding Principles, then `frameworks` (those asked for with
 * --framework), each once.
 */
export function reportModelOf(
  scored: ScoredAssessment,
  ctx: Pick<Context, 'now'>,
  redact: boolean,
  frameworks: readonly Framework[] = [],
): ReportModel {
  const { assessment, inputs } = scored;
  const chapters = [...(scored.ungp ? [scored.ungp] : []), ...frameworks].filter(
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

/** Report files are for sharing: readable by all (an answers file, with its notes, is 0600). */
const REPORT_MODE = 0o644;

/** Writes a report file through the one seam for outputs; returns its path. */
export function writeReportFile(path: string, data: string | Uint8Array, cwd: string): string {
  writeOutput(path, data, REPORT_MODE, cwd);
  return path;
}

/** Copies the brand's logo beside a Markdown report in `outDir`; returns the path written, if any. */
export function writeLogo(outDir: string, logoFile: string | undefined, brand: Brand, cwd: string): string | undefined {
  return brand.logo && logoFile ? writeReportFile(join(outDir, logoFile), brand.logo.bytes, cwd) : undefined;
}

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
  const write = (path: string, data: string | Uint8Array) => written.push(writeReportFile(path, data, cwd));
  const pdf = async () => import('../render/pdf/index.js');
  for (const f of formats) {
    const path = join(outDir, `${base}.${ENDING[f]}`);
    if (f === 'md') {
      const logo = writeLogo(outDir, logoFile, brand, cwd);
      if (logo) written.push(logo);
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

/** A file to check, and whether it was named on the command line (else found by a folder scan). */
export interface Target {
  abs: string;
  named: boolean;
}

/**
 * Expands folders to their *.yaml / *.yml files (skipping node_modules and dot-folders),
 * iteratively; drops every path (named or found) that an `exclude` glob matches, relative to `cwd`.
 */
export function collectFiles(paths: readonly string[], cwd: string, exclude: readonly string[] = []): Target[] {
  const isExcluded = excluder(cwd, exclude);
  const out: Target[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (!st.isDirectory()) {
      if (!isExcluded(abs)) out.push({ abs, named: true });
      continue;
    }
    pushAll(
      out,
      scanFolder(abs, p, isExcluded).map((f) => ({ abs: f, named: false })),
    );
  }
  const seen = new Map<string, Target>();
  for (const t of out) seen.set(t.abs, { abs: t.abs, named: t.named || (seen.get(t.abs)?.named ?? false) });
  return [...seen.values()];
}

/** Whether an `exclude` glob matches a path under `cwd`, or any folder it lies in. */
function excluder(cwd: string, exclude: readonly string[]): (abs: string) => boolean {
  const excluded = exclude.length ? picomatch([...exclude], { dot: true, basename: true }) : () => false;
  return (abs: string) => {
    const rel = relative(cwd, abs).split(sep).join('/');
    if (rel === '' || rel.startsWith('../')) return false;
    // the path itself, or any folder it lies in (so `--exclude drafts` covers drafts/a.yaml)
    const parts = rel.split('/');
    return parts.some((_, i) => {
      const p = parts.slice(0, i + 1).join('/');
      return excluded(p) || excluded(p + '/');
    });
  };
}

/**
 * The YAML files in folder ABS (named P on the command line) and below, sorted, without excluded
 * ones; refused when there are none at all.
 */
function scanFolder(abs: string, p: string, isExcluded: (abs: string) => boolean): string[] {
  const found: string[] = [];
  const stack = [abs];
  let any = false;
  while (stack.length) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const child = join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules' && !isExcluded(child)) stack.push(child);
      } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) {
        any = true;
        if (!isExcluded(child)) found.push(child);
      }
    }
  }
  if (!any) throw new UsageError(`${p}: no *.yaml or *.yml files in this folder`);
  return found.sort();
}

/** A file-name slug: lower-case ASCII letters, digits and hyphens. */
export function slug(text: string): string {
  const folded: Record<string, string> = {
    ł: 'l',
    Ł: 'l',
    ø: 'o',
    Ø: 'o',
    đ: 'd',
    Đ: 'd',
    ß: 'ss',
    æ: 'ae',
    Æ: 'ae',
    œ: 'oe',
    Œ: 'oe',
    þ: 'th',
    ı: 'i',
  };
  return (
    text
      .replace(/[łŁøØđĐßæÆœŒþı]/g, (c) => folded[c] ?? c)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'assessment'
  );
}

/** The n-th name for a new assessment: `<dir>/<slug>-<date>.hrdd.yaml`, then -2, -3… */
export function candidatePath(dir: string, organisation: string, date: string, n: number): string {
  return join(dir, `${slug(organisation)}-${date}${n > 1 ? `-${n}` : ''}.hrdd.yaml`);
}

/** `<dir>/<slug>-<date>.hrdd.yaml`, or -2, -3… so nothing there (not even a dangling link) is ever overwritten. */
export function freshPath(dir: string, organisation: string, date: string): string {
  let n = 1;
  while (exists(candidatePath(dir, organisation, date, n))) n++;
  return candidatePath(dir, organisation, date, n);
}
