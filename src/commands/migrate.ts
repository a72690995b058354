import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Context } from '../context.js';
import { carryAnswers } from '../core/carry.js';
import { hasErrors, sortDiagnostics } from '../core/diagnostics.js';
import { migrationReport, type MigrationReport } from '../core/migration-report.js';
import type { Questionnaire } from '../core/model.js';
import { InputError, UsageError } from '../errors.js';
import { migratedAnswersText } from '../io/answers-file.js';
import { writeOutput } from '../io/files.js';
import { compareVersions, packageRoot, type Assessment, type Loader } from '../io/loader.js';
import { bundledMigrations, type LoadedMigration } from '../io/migrations.js';
import { formatDiagnostic } from '../render/diagnostics.js';
import { jsonText } from '../render/inert.js';
import { renderMigrationText } from '../render/migration.js';
import { paintFor } from '../render/paint.js';
import { loaderFor, requireFile } from './common.js';

export interface MigrateOptions {
  /** the new answers file (default: beside OLD, its name with the new version) */
  out?: string;
  /** the questionnaires' version to move to (default: the newest a bundled migration reaches) */
  to?: string;
  format?: 'text' | 'json';
  force?: boolean;
  questionnaires?: string[];
}

/** A migration found for an assessment: the file, and its checked questionnaires. */
type Usable = Required<Pick<LoadedMigration, 'migration' | 'from' | 'to'>> & LoadedMigration;

/** hrdd migrate: writes the new answers file and prints the migration report. */
export async function migrateCommand(file: string, opts: MigrateOptions, ctx: Context): Promise<number> {
  const report = migrateFile(file, opts, ctx);
  ctx.stdout(opts.format === 'json' ? jsonText(report) : renderMigrationText(report, paintFor(ctx.color)));
  return 0;
}

/** Migrates FILE and writes the new answers file (mode 0600, atomic; never over a file without --force). */
export function migrateFile(file: string, opts: MigrateOptions, ctx: Context): MigrationReport & { path: string } {
  const abs = requireFile(file, ctx.cwd);
  const loader = loaderFor(ctx, [file], opts.questionnaires);
  const assessment = loadOld(loader, abs, file, ctx);
  refuseCustom(assessment, file);
  const m = migrationFor(loader, assessment, file, opts.to);
  const result = carryAnswers(m.migration, m.from, m.to, assessment.answers.answers);
  const questionnaires = newRefs(assessment, m.to, file);
  const version = m.to.find((q) => q.id === idOf(questionnaires[0]!))?.version ?? 'new';
  const outPath = resolve(ctx.cwd, opts.out ?? defaultOut(abs, version));
  refuseOut(outPath, opts, ctx.cwd);
  const a = assessment.answers;
  const text = migratedAnswersText({
    organisation: a.organisation,
    ...(a.assessor && { assessor: a.assessor }),
    date: ctx.now().toISOString().slice(0, 10),
    questionnaires,
    answers: result.answers,
    source: `${basename(abs)} (${m.migration.from.join(', ')})`,
    schemaPath: relative(dirname(outPath), join(packageRoot(), 'schemas', 'answers.schema.json')),
  });
  // a new file: 0600 (notes may be sensitive), also when --force replaces one
  writeOutput(outPath, text, 0o600, ctx.cwd, { resetMode: true });
  const report = migrationReport(result, {
    source: loader.display(abs),
    file: loader.display(outPath),
    migration: loader.display(m.abs),
    from: m.migration.from,
    to: m.migration.to,
  });
  return { ...report, path: outPath };
}

/** OLD, loaded and checked: an answers file without errors (exit 1 otherwise, its errors printed). */
function loadOld(loader: Loader, abs: string, file: string, ctx: Pick<Context, 'stderr'>): Assessment {
  const first = loader.loadFile(abs);
  if (first.kind !== 'answers' && !hasErrors(first.diagnostics))
    throw new InputError(
      `${file} is not an answers file (schema: hrdd/answers@1)${first.kind ? `: it is a ${first.kind} file` : ''}: hrdd migrate moves an assessment's answers`,
    );
  const { assessment, diagnostics } = loader.loadAssessment(abs);
  const errors = sortDiagnostics(diagnostics).filter((d) => d.severity === 'error');
  for (const d of errors) ctx.stderr(formatDiagnostic(d) + '\n');
  if (!assessment || errors.length)
    throw new InputError(`${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}: nothing migrated`);
  return assessment;
}

/** A questionnaire named by path is not bundled: no migration can know it, so the file is refused. */
function refuseCustom(assessment: Assessment, file: string): void {
  const custom = assessment.answers.questionnaires.filter((ref) => /\.ya?ml$/i.test(ref));
  if (custom.length)
    throw new InputError(
      `${file} uses ${custom.join(', ')}, which ${custom.length === 1 ? 'is' : 'are'} not bundled: hrdd migrate moves answers between versions of the bundled questionnaires only. Migrate a copy without ${custom.length === 1 ? 'it' : 'them'}, then add ${custom.length === 1 ? 'it' : 'them'} to the new file's \`questionnaires\` by hand`,
    );
}

const refOf = (q: Questionnaire) => `${q.id}@${q.version}`;
const idOf = (ref: string) => ref.replace(/@.*$/s, '');

/** The bundled migration from the assessment's questionnaires (to version TO, else the newest), or why none. */
function migrationFor(loader: Loader, assessment: Assessment, file: string, to: string | undefined): Usable {
  const have = assessment.questionnaires.map(refOf);
  const all = bundledMigrations(loader).filter((x): x is Usable =>
    Boolean(x.migration && x.from && x.to && !hasErrors(x.diagnostics)),
  );
  const version = (x: Usable) => x.to.find((q) => have.some((h) => idOf(h) === q.id))?.version ?? '0';
  const fits = all
    .filter((x) => have.every((h) => x.migration.from.includes(h)))
    .filter((x) => to === undefined || version(x) === to)
    .sort((a, b) => compareVersions(version(b), version(a)));
  if (fits[0]) return fits[0];
  if (
    to !== undefined
      ? assessment.questionnaires.every((q) => q.version === to)
      : all.some((x) => have.every((h) => x.migration.to.includes(h)))
  )
    throw new InputError(`${file} is already on ${to ?? have.join(', ')}: nothing to migrate`);
  throw new InputError(
    `no migration known from ${have.join(', ')}${to ? ` to ${to}` : ''}. Bundled migrations: ${all.map((x) => `${x.migration.from.join(', ')} → ${x.migration.to.join(', ')}`).join('; ') || 'none'}`,
  );
}

/** The new file's `questionnaires`: each entry of the old one, pinned to its version in the migration's `to`. */
function newRefs(assessment: Assessment, to: readonly Questionnaire[], file: string): string[] {
  const refs = assessment.answers.questionnaires.map((ref) => {
    const q = to.find((x) => x.id === idOf(ref));
    if (!q) throw new InputError(`${file} uses ${ref}, which the migration's \`to\` questionnaires do not include`);
    return refOf(q);
  });
  return [...new Set(refs)];
}

/** `kestrel.hrdd.yaml` → `kestrel.2.0.0.hrdd.yaml` beside it (a version already in the name is replaced). */
export function defaultOut(abs: string, version: string): string {
  const stem = basename(abs)
    .replace(/(\.hrdd)?\.ya?ml$/i, '')
    .replace(/\.\d+\.\d+\.\d+$/, '');
  return join(dirname(abs), `${stem || 'assessment'}.${version}.hrdd.yaml`);
}

/** The output must not be a folder, nor an existing file without --force (exit 2, as hrdd merge). */
function refuseOut(outPath: string, opts: MigrateOptions, cwd: string): void {
  const shown = relative(cwd, outPath) || outPath;
  if (existsSync(outPath) && statSync(outPath).isDirectory())
    throw new UsageError(`${shown} is a folder: -o names the new answers file`);
  if (existsSync(outPath) && !opts.force)
    throw new UsageError(`${shown} already exists: choose another -o, or add --force to replace it`);
}
