import { existsSync, statSync } from 'node:fs';
import { basename, relative, resolve, dirname } from 'node:path';
import type { Context } from '../context.js';
import {
  mergeAnswers,
  type Disagreement,
  type MergedAnswer,
  type MergePolicy,
  type Respondent,
} from '../core/merge.js';
import { InputError, UsageError } from '../errors.js';
import { MAX_FILE_BYTES, writeOutput } from '../io/files.js';
import { mergedAnswersText } from '../io/answers-file.js';
import { paintFor } from '../render/paint.js';
import { termLine } from '../render/inert.js';
import { showId } from '../core/show.js';
import { loadScored, type ScoredAssessment, loaderFor } from './common.js';

export interface MergeOptions {
  /** folders whose questionnaires files may name by path (--questionnaires DIR) */
  questionnaires?: string[];
  out: string;
  policy: string;
  force: boolean;
  /** the organisation to write when the files name different ones */
  organisation?: string;
}

/** One answers file named on the command line, loaded and scored. */
interface Loaded {
  f: string;
  s: ScoredAssessment;
}

export async function mergeCommand(files: string[], opts: MergeOptions, ctx: Context): Promise<number> {
  const outPath = resolve(ctx.cwd, opts.out);
  checkOptions(files, opts, outPath);
  const loader = loaderFor(ctx, files, opts.questionnaires); // respondents share their questionnaires: read them once
  const loaded = files.map((f) => ({ f, s: loadScored(f, ctx, false, loader) }));
  requireSameQuestionnaires(loaded);
  const organisation = organisationFor(loaded, opts.organisation);
  const respondents = respondentsOf(loaded);
  // the questionnaires' order (of the list written, and of the answers) is that of the respondent
  // who sorts first, as in mergeAnswers, so the merged file does not depend on the order of the files
  const byLabel = (a: Respondent, b: Respondent) =>
    a.label < b.label ? -1 : a.label > b.label ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
  const lead = loaded[respondents.indexOf([...respondents].sort(byLabel)[0]!)]!;
  const { answers, disagreements } = mergeAnswers(
    lead.s.assessment.questionnaires,
    respondents,
    opts.policy as MergePolicy,
  );

  const dates = loaded
    .map((x) => x.s.assessment.answers.date)
    .filter((d): d is string => !!d)
    .sort();
  const sorted = [...respondents].sort(byLabel);
  // Paths to questionnaires given as files are relative to each answers file: rewrite for the output's folder.
  const refs = lead.s.assessment.answers.questionnaires.map((ref) =>
    /\.ya?ml$/i.test(ref) ? relative(dirname(outPath), resolve(dirname(lead.s.abs), ref)) || ref : ref,
  );
  const text = mergedAnswersText({
    organisation,
    ...(dates.length && { date: dates.at(-1)! }),
    questionnaires: refs,
    policy: opts.policy,
    respondents: sorted,
    disagreements,
    answers,
  });
  const bytes = Buffer.byteLength(text, 'utf8');
  // hrdd reads files up to MAX_FILE_BYTES: never write a merged file it would then refuse
  if (bytes > MAX_FILE_BYTES)
    throw new InputError(
      `the merged file would be ${(bytes / 1048576).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1048576} MB that hrdd reads: nothing written. Merge fewer respondents at a time, or shorten their notes`,
    );
  // A new file, not one edited in place: always 0600 (notes may be sensitive), also when --force
  // replaces a file or a link's target; a link stays a link, a dangling one gets its target created.
  writeOutput(outPath, text, 0o600, ctx.cwd, { resetMode: true });
  printSummary(ctx, opts, respondents.length, answers, disagreements);
  return 0;
}

/** Refuses, before reading anything, a wrong policy, no files, an empty organisation, or an --out in the way. */
function checkOptions(files: readonly string[], opts: MergeOptions, outPath: string): void {
  if (!['lowest', 'median', 'consensus'].includes(opts.policy))
    throw new UsageError(`--policy takes lowest, median or consensus, found "${opts.policy}"`);
  if (files.length < 1) throw new UsageError('name at least one answers file');
  if (opts.organisation !== undefined && !opts.organisation.trim())
    throw new UsageError('--organisation takes a name, found an empty one');
  if (existsSync(outPath) && statSync(outPath).isDirectory())
    throw new UsageError(`${opts.out} is a folder: --out names the merged file`);
  if (existsSync(outPath) && !opts.force)
    throw new UsageError(`${opts.out} already exists: choose another --out, or add --force to replace it`);
}

/** The files must answer the same questionnaires and versions. */
function requireSameQuestionnaires(loaded: readonly Loaded[]): void {
  // the questionnaires as a set of resolved id@version: their order, and `id` against
  // `id@<its latest version>`, make no difference
  const set = (s: ScoredAssessment) =>
    [...new Set(s.assessment.questionnaires.map((q) => `${q.id}@${q.version}`))].sort();
  const first = loaded[0]!;
  const firstSet = set(first.s);
  for (const x of loaded.slice(1)) {
    const xs = set(x.s);
    const missing = firstSet.filter((q) => !xs.includes(q));
    const extra = xs.filter((q) => !firstSet.includes(q));
    if (missing.length || extra.length) {
      throw new InputError(
        `${x.f} uses ${xs.join(', ')}, but ${first.f} uses ${firstSet.join(', ')} (${[extra.length && `only ${x.f} has ${extra.join(', ')}`, missing.length && `only ${first.f} has ${missing.join(', ')}`].filter(Boolean).join('; ')}): merge answers to the same questionnaires and versions`,
      );
    }
  }
}

/** The organisation to write: the files' one, or --organisation when they name several. */
function organisationFor(loaded: readonly Loaded[], option: string | undefined): string {
  const first = loaded[0]!;
  const orgs = [...new Set(loaded.map((x) => x.s.assessment.answers.organisation))];
  if (orgs.length > 1 && option === undefined) {
    const other = loaded.find((x) => x.s.assessment.answers.organisation !== first.s.assessment.answers.organisation)!;
    throw new InputError(
      `${first.f} is for "${first.s.assessment.answers.organisation}", but ${other.f} is for "${other.s.assessment.answers.organisation}": merge answers for one organisation, or name the one to write with --organisation NAME`,
    );
  }
  return option ?? orgs[0]!;
}

/** Each file's respondent: its assessor (else its file name), with the file name when two share a label. */
function respondentsOf(loaded: readonly Loaded[]): Respondent[] {
  const labels = loaded.map((x) => x.s.assessment.answers.assessor ?? basename(x.f));
  return loaded.map((x, i) => ({
    label: labels.filter((l) => l === labels[i]).length > 1 ? `${labels[i]} (${basename(x.f)})` : labels[i]!,
    file: x.f,
    sha256: x.s.assessment.answers.sha256,
    answers: x.s.assessment.answers.answers,
  }));
}

/** What was merged, and the questions that need discussion. */
function printSummary(
  ctx: Context,
  opts: MergeOptions,
  files: number,
  answers: ReadonlyMap<string, MergedAnswer>,
  disagreements: readonly Disagreement[],
): void {
  const p = paintFor(ctx.color);
  ctx.stdout(
    `Merged ${files} answers files (${opts.policy}) into ${termLine(opts.out)}: ${[...answers.values()].filter((a) => a.value !== null).length} answers.\n`,
  );
  if (disagreements.length) {
    ctx.stdout(p.yellow(`Needs discussion (${disagreements.length}): scores differ by 0.5 or more\n`));
    for (const d of disagreements)
      ctx.stdout(
        `  ${termLine(showId(d.question))}  ${Object.entries(d.scores)
          .map(([r, s]) => `${termLine(r)}: ${s}`)
          .join(' · ')}\n`,
      );
  }
}
