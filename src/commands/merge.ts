import { existsSync, statSync } from 'node:fs';
import { basename, relative, resolve, dirname } from 'node:path';
import { Document } from 'yaml';
import type { Context } from '../context.js';
import { mergeAnswers, type MergePolicy, type Respondent } from '../core/merge.js';
import { InputError, UsageError } from '../errors.js';
import { MAX_FILE_BYTES, writeOutput } from '../io/files.js';
import { ANSWERS_YAML } from '../io/answers-file.js';
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
}

export async function mergeCommand(files: string[], opts: MergeOptions, ctx: Context): Promise<number> {
  if (!['lowest', 'median', 'consensus'].includes(opts.policy)) throw new UsageError(`--policy takes lowest, median or consensus, found "${opts.policy}"`);
  if (files.length < 1) throw new UsageError('name at least one answers file');
  const outPath = resolve(ctx.cwd, opts.out);
  if (existsSync(outPath) && statSync(outPath).isDirectory()) throw new UsageError(`${opts.out} is a folder: --out names the merged file`);
  if (existsSync(outPath) && !opts.force) throw new UsageError(`${opts.out} already exists: choose another --out, or add --force to replace it`);
  const loader = loaderFor(ctx, files, opts.questionnaires); // respondents share their questionnaires: read them once
  const loaded = files.map((f) => ({ f, s: loadScored(f, ctx, false, loader) }));
  const set = (s: ScoredAssessment) => s.assessment.questionnaires.map((q) => `${q.id}@${q.version}`).join(', ');
  const first = loaded[0]!;
  for (const x of loaded.slice(1)) {
    if (set(x.s) !== set(first.s)) throw new InputError(`${x.f} uses ${set(x.s)}, but ${first.f} uses ${set(first.s)}: merge answers to the same questionnaires and versions`);
  }
  const labels = loaded.map((x) => x.s.assessment.answers.assessor ?? basename(x.f));
  const respondents: Respondent[] = loaded.map((x, i) => ({
    label: labels.filter((l) => l === labels[i]).length > 1 ? `${labels[i]} (${basename(x.f)})` : labels[i]!,
    file: x.f, sha256: x.s.assessment.answers.sha256, answers: x.s.assessment.answers.answers,
  }));
  const { answers, disagreements } = mergeAnswers(first.s.assessment.questionnaires, respondents, opts.policy as MergePolicy);

  const orgs = [...new Set(loaded.map((x) => x.s.assessment.answers.organisation))].sort();
  const dates = loaded.map((x) => x.s.assessment.answers.date).filter((d): d is string => !!d).sort();
  const sorted = [...respondents].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  // Paths to questionnaires given as files are relative to each answers file: rewrite for the output's folder.
  const refs = first.s.assessment.answers.questionnaires.map((ref) => (/\.ya?ml$/i.test(ref) ? relative(dirname(outPath), resolve(dirname(first.s.abs), ref)) || ref : ref));
  const doc = new Document({
    schema: 'hrdd/answers@1',
    organisation: orgs.join(' / '),
    assessor: `Merged: ${sorted.map((r) => r.label).join(', ')}`,
    ...(dates.length && { date: dates.at(-1) }),
    questionnaires: refs,
    merged: {
      policy: opts.policy,
      respondents: sorted.map((r) => ({ respondent: r.label, file: r.file, sha256: r.sha256 })),
      ...(disagreements.length && { disagreements: disagreements.map((d) => ({ question: d.question, scores: d.scores })) }),
    },
    answers: Object.fromEntries([...answers].map(([id, a]) => [id, {
      ...(a.skipped ? { skipped: true } : { value: a.value }),
      ...(a.note && { note: a.note }),
      ...(a.evidence?.length && { evidence: a.evidence }),
      respondents: a.respondents,
    }])),
  });
  doc.commentBefore = ` Merged by hrdd merge (policy: ${opts.policy}) from ${respondents.length} answers files.`;
  const text = doc.toString(ANSWERS_YAML);
  const bytes = Buffer.byteLength(text, 'utf8');
  // hrdd reads files up to MAX_FILE_BYTES: never write a merged file it would then refuse
  if (bytes > MAX_FILE_BYTES) throw new InputError(`the merged file would be ${(bytes / 1048576).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1048576} MB that hrdd reads: nothing written. Merge fewer respondents at a time, or shorten their notes`);
  // A new file, not one edited in place: always 0600 (notes may be sensitive), also when --force
  // replaces a file or a link's target; a link stays a link, a dangling one gets its target created.
  writeOutput(outPath, text, 0o600, ctx.cwd, { resetMode: true });
  const p = paintFor(ctx.color);
  ctx.stdout(`Merged ${respondents.length} answers files (${opts.policy}) into ${termLine(opts.out)}: ${[...answers.values()].filter((a) => a.value !== null).length} answers.\n`);
  if (disagreements.length) {
    ctx.stdout(p.yellow(`Needs discussion (${disagreements.length}): scores differ by 0.5 or more\n`));
    for (const d of disagreements) ctx.stdout(`  ${termLine(showId(d.question))}  ${Object.entries(d.scores).map(([r, s]) => `${termLine(r)}: ${s}`).join(' · ')}\n`);
  }
  return 0;
}
