import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { dirname, resolve } from 'node:path';
import type { Context } from '../context.js';
import { hasErrors, sortDiagnostics, strictify, type Diagnostic } from '../core/diagnostics.js';
import { Loader } from '../io/loader.js';
import { loadMigration } from '../io/migrations.js';
import { renderGithub, renderGitlab, renderJson, renderJunit, renderSarif, renderText } from '../render/diagnostics.js';
import type { FileReport } from '../core/diagnostics.js';
import { paintFor } from '../render/paint.js';
import { TOOL } from '../version.js';
import { scoreAssessment } from '../core/score.js';
import { assessmentWarnings } from '../core/warnings.js';
import { ValidateCache } from '../io/validate-cache.js';
import { applyLevels, checkConfig, CONFIG_SCHEMA } from '../core/config.js';
import { BRAND_SCHEMA, checkBrand } from '../core/brand.js';
import type { JsonValue } from '../core/json.js';
import { looksLikeHrdd } from '../core/recognise.js';
import { collectFiles, configFor } from './common.js';

/** github: workflow commands (annotations); gitlab: a Code Quality report. */
export type ValidateFormat = 'text' | 'json' | 'sarif' | 'junit' | 'github' | 'gitlab';

export interface ValidateOptions {
  format: ValidateFormat;
  strict: boolean;
  /** errors only */
  quiet?: boolean;
  /** globs of paths not to check (besides the configuration's `exclude`) */
  exclude?: string[];
  /** `--config FILE`, or false for `--no-config` */
  config?: string | boolean;
  /** folders whose questionnaires files may name by path (--questionnaires DIR) */
  questionnaires?: string[];
  /** worker threads; default: one per core */
  jobs?: number;
  /** a content-hash cache file: unchanged files are not checked again */
  cache?: string;
}

export type TrackedReport = FileReport & { deps?: string[] };

/** Where a validate run stands: the working folder, and the folders questionnaire paths may lead into. */
export interface Scope {
  cwd: string;
  roots: readonly string[];
}

export function validateFiles(files: readonly string[], ctx: Scope, strict: boolean, track = false): TrackedReport[] {
  const loader = new Loader(ctx.cwd, ctx.roots);
  return files.map((abs) => {
    if (!track) return validateOne(loader, abs, strict);
    const { result, touched } = loader.track(() => validateOne(loader, abs, strict));
    return { ...result, deps: [...touched].filter((p) => p !== abs) };
  });
}

function validateOne(loader: Loader, abs: string, strict: boolean): FileReport {
  const first = loader.loadFile(abs);
  let diagnostics: Diagnostic[];
  if (first.kind === 'questionnaire') diagnostics = loader.loadQuestionnaire(abs).diagnostics;
  else if (first.kind === 'answers') {
    const { assessment, diagnostics: ds } = loader.loadAssessment(abs);
    diagnostics =
      assessment && !hasErrors(ds)
        ? [
            ...ds,
            ...assessmentWarnings(
              assessment.answers,
              scoreAssessment(assessment.questionnaires, assessment.answers.answers),
            ),
          ]
        : ds;
  } else if (first.kind === 'framework') diagnostics = first.diagnostics;
  else if (first.kind === 'refs') diagnostics = loader.frameworks.loadRefs(abs).diagnostics;
  else if (first.kind === 'migration') diagnostics = loadMigration(loader, abs).diagnostics;
  else if (isConfig(first.parsed?.data)) {
    return {
      file: loader.display(abs),
      kind: 'config',
      diagnostics: sortDiagnostics(checkConfig(first.parsed!).diagnostics),
    };
  } else if (hasSchema(first.parsed?.data, BRAND_SCHEMA)) {
    return {
      file: loader.display(abs),
      kind: 'brand',
      diagnostics: sortDiagnostics(checkBrand(first.parsed!).diagnostics),
    };
  } else {
    diagnostics = first.diagnostics;
    if (first.parsed && !looksLikeHrdd(first.parsed.data, first.parsed.text)) {
      return { file: loader.display(abs), other: true, diagnostics: sortDiagnostics(diagnostics) };
    }
  }
  const ds = sortDiagnostics(strict ? strictify(diagnostics) : diagnostics);
  return { file: loader.display(abs), ...(first.kind && { kind: first.kind }), diagnostics: ds };
}

/** A file whose `schema:` is `schema` (a brand file, `hrdd/brand@1`, is checked too). */
function hasSchema(data: JsonValue | undefined, schema: string): boolean {
  return Boolean(data && typeof data === 'object' && !Array.isArray(data) && data['schema'] === schema);
}

/** A configuration file (`schema: hrdd/config@1`), which validate checks too. */
function isConfig(data: JsonValue | undefined): boolean {
  return Boolean(data && typeof data === 'object' && !Array.isArray(data) && data['schema'] === CONFIG_SCHEMA);
}

/**
 * Files per worker below which a thread costs more than it saves: a worker takes ~70 ms to start
 * and runs cold, while a file takes ~0.5 ms.
 */
const MIN_FILES_PER_WORKER = 200;

/**
 * Threads for a run: as asked, but never more than the cores (`--jobs 64` on two cores started 50
 * workers, 2.9 GB, and ran slower) nor one per fewer than MIN_FILES_PER_WORKER files.
 */
export function threadsFor(files: number, jobs: number, cores: number): number {
  return Math.max(1, Math.min(jobs, cores, Math.floor(files / MIN_FILES_PER_WORKER)));
}

/**
 * One thread per core on machines with more than two; on two, the garbage collector's threads
 * already use the second core, and a worker measured slower than none even for 4,000 files.
 */
export function defaultJobs(cores = availableParallelism()): number {
  return cores > 2 ? cores : 1;
}

/**
 * Validates many files on every core: this thread checks the first share while worker threads
 * check the others; the reports come back in the order of `files`.
 */
export async function validateInParallel(
  files: readonly string[],
  ctx: Scope,
  strict: boolean,
  workers = defaultJobs(),
  track = false,
  cores = availableParallelism(),
): Promise<{ reports: TrackedReport[]; threads: number; noWorkers?: true }> {
  const n = threadsFor(files.length, workers, cores);
  const workerFile = new URL('./validate-worker.js', import.meta.url);
  if (n < 2) return { reports: validateFiles(files, ctx, strict, track), threads: 1 };
  // the worker is a file of the build: run from the sources, checks stay on this thread (and say so)
  if (!existsSync(workerFile))
    return { reports: validateFiles(files, ctx, strict, track), threads: 1, noWorkers: true };
  const size = Math.ceil(files.length / n);
  const chunks = Array.from({ length: n }, (_, i) => files.slice(i * size, (i + 1) * size));
  const others = chunks.slice(1).map(
    (chunk) =>
      new Promise<TrackedReport[]>((resolveChunk, reject) => {
        const w = new Worker(workerFile, {
          workerData: { files: chunk, cwd: ctx.cwd, roots: ctx.roots, strict, track },
        });
        w.once('message', resolveChunk);
        w.once('error', reject);
      }),
  );
  const mine = validateFiles(chunks[0]!, ctx, strict, track);
  return { reports: [mine, ...(await Promise.all(others))].flat(), threads: n };
}

export async function validateCommand(paths: string[], options: ValidateOptions, ctx: Context): Promise<number> {
  const config = configFor(options.config, ctx);
  const targets = collectFiles(paths, ctx.cwd, [...config.exclude, ...(options.exclude ?? [])]);
  const files = targets.map((t) => t.abs);
  // the cache keeps what the files say; the configuration, --strict and --quiet apply afterwards
  const cache = options.cache
    ? ValidateCache.open(resolve(ctx.cwd, options.cache), { version: TOOL.version, strict: false, cwd: ctx.cwd })
    : undefined;
  const cached = new Map(files.map((f) => [f, cache?.lookup(f)] as const));
  const todo = files.filter((f) => !cached.get(f));
  const {
    reports: fresh,
    threads,
    noWorkers,
  } = await validateInParallel(
    todo,
    { cwd: ctx.cwd, roots: rootsOf(paths, options, ctx) },
    false,
    options.jobs,
    Boolean(cache),
  );
  if (noWorkers && options.jobs !== undefined)
    ctx.stderr(`note: --jobs ${options.jobs}: worker threads need the built CLI (dist/); checked on one thread\n`);
  const all = mergeWithCache(files, todo, fresh, cached, cache);
  // another tool's YAML found by a folder scan is skipped and counted; a named file is always checked
  const skipped = all.filter((r, i) => r.other && !targets[i]!.named).map((r) => r.file);
  const reports: FileReport[] = all
    .filter((r, i) => !(r.other && !targets[i]!.named))
    .map((r) => {
      const { other: _other, ...rest } = r;
      return { ...rest, diagnostics: sortDiagnostics(applyLevels(r.diagnostics, config, options)) };
    });
  ctx.stdout(renderReports(options.format, reports, skipped, threads, files.length - todo.length, ctx));
  return reports.some((r) => hasErrors(r.diagnostics)) ? 1 : 0;
}

/**
 * The folders questionnaire paths inside the files may lead into: those named here (a folder, or a
 * named file's folder) and the --questionnaires folders.
 */
function rootsOf(paths: string[], options: ValidateOptions, ctx: Context): string[] {
  return [
    ...paths.map((p) => {
      const abs = resolve(ctx.cwd, p);
      return statSync(abs).isDirectory() ? abs : dirname(abs);
    }),
    ...(options.questionnaires ?? []),
  ];
}

/** Every file's report, in the files' order: from the cache, or fresh (and then stored in the cache). */
function mergeWithCache(
  files: string[],
  todo: string[],
  fresh: TrackedReport[],
  cached: Map<string, FileReport | undefined>,
  cache: ValidateCache | undefined,
): FileReport[] {
  const byFile = new Map(todo.map((f, i) => [f, fresh[i]!]));
  const all: FileReport[] = files.map((f) => {
    const hit = cached.get(f);
    if (hit) return hit;
    const { deps, ...report } = byFile.get(f)!;
    cache?.store(f, report, deps ?? []);
    return report;
  });
  cache?.save();
  return all;
}

function renderReports(
  format: ValidateOptions['format'],
  reports: FileReport[],
  skipped: string[],
  threads: number,
  cachedCount: number,
  ctx: Context,
): string {
  switch (format) {
    case 'json':
      return renderJson(reports, TOOL, skipped, threads, cachedCount);
    case 'sarif':
      return renderSarif(reports, TOOL);
    case 'junit':
      return renderJunit(reports);
    case 'github':
      return renderGithub(reports, skipped);
    case 'gitlab':
      return renderGitlab(reports);
    default:
      return renderText(reports, paintFor(ctx.color), skipped);
  }
}
