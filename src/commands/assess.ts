import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Context } from '../context.js';
import { hasErrors } from '../core/diagnostics.js';
import { formatDiagnostic } from '../render/diagnostics.js';
import type { Answer } from '../core/model.js';
import { AbortError, InputError, UsageError } from '../errors.js';
import { AnswersFile, ConflictError } from '../io/answers-file.js';
import { bundledDir, listBundled, Loader, packageRoot, type Assessment } from '../io/loader.js';
import { paintFor } from '../render/paint.js';
import { renderScoreText } from '../render/terminal.js';
import { termLine, termProse } from '../render/inert.js';
import { interview } from '../ui/interview.js';
import { createPrompter, isPromptInterrupt, type Prompter, type PromptContext } from '../ui/prompts.js';
import { loadScored, requireFile } from './common.js';
import { modelOf, reportBaseName, writeReports } from './report.js';

export interface AssessOptions {
  answers?: string;
  out: string;
  report: boolean;
}

export interface AssessDeps {
  prompter?: Prompter;
  promptContext?: PromptContext;
  /** registers a handler for SIGTERM; returns its remover */
  onTerminate?: (handler: () => void) => () => void;
}

/** A file-name slug: lower-case ASCII letters, digits and hyphens. */
export function slug(text: string): string {
  const folded: Record<string, string> = { ł: 'l', Ł: 'l', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', þ: 'th', ı: 'i' };
  return text.replace(/[łŁøØđĐßæÆœŒþı]/g, (c) => folded[c] ?? c).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '') || 'assessment';
}

/** `<dir>/<slug>-<date>.hrdd.yaml`, or -2, -3… so an existing file is never overwritten. */
export function freshPath(dir: string, organisation: string, date: string): string {
  const base = `${slug(organisation)}-${date}`;
  let path = join(dir, `${base}.hrdd.yaml`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${base}-${n}.hrdd.yaml`);
  return path;
}

const countAnswered = (answers: Map<string, Answer>) => [...answers.values()].filter((a) => !a.skipped && a.value !== null).length;

export async function assessCommand(questionnaires: string[], opts: AssessOptions, ctx: Context, deps: AssessDeps = {}): Promise<number> {
  if (!deps.prompter && (!ctx.stdinIsTTY || !ctx.isTTY)) {
    throw new UsageError('hrdd assess needs an interactive terminal; in CI or a pipe use `hrdd score FILE` for the score and `hrdd report FILE` for the reports');
  }
  const prompter = deps.prompter ?? createPrompter(ctx.color);
  const pc = deps.promptContext;
  const paint = paintFor(ctx.color);
  const loader = new Loader(ctx.cwd);
  let file: AnswersFile | undefined;
  let path: string | undefined;
  let live: Map<string, Answer> | undefined;
  const controller = new AbortController();
  const promptContext: PromptContext = { ...pc, signal: pc?.signal ?? controller.signal };
  const removeTerm = (deps.onTerminate ?? ((h) => { process.on('SIGTERM', h); return () => process.off('SIGTERM', h); }))(() => controller.abort());

  const shownPath = () => termLine(relative(ctx.cwd, path!) || path!);
  const savedMessage = (answers: Map<string, Answer>) => `Saved ${countAnswered(answers)} answers to ${shownPath()} — resume with: hrdd assess --answers ${shownPath()}\n`;

  try {
    let assessment: Assessment;
    if (opts.answers) {
      if (questionnaires.length) throw new UsageError('give either questionnaires (for a new assessment) or --answers FILE (to resume), not both');
      path = requireFile(opts.answers, ctx.cwd, ' (to start a new assessment, leave out --answers)');
      assessment = loadAssessmentOrFail(loader, path, ctx);
      file = AnswersFile.open(path);
    } else {
      const bundled = listBundled().map((e) => loader.loadQuestionnaire(join(bundledDir(), e.id, `${e.versions.at(-1)}.yaml`)).questionnaire!).filter((q) => q && q.weight > 0);
      for (const q of questionnaires) {
        if (!bundled.some((b) => b.id === q.split('@')[0]) && !/\.ya?ml$/i.test(q)) throw new UsageError(`unknown questionnaire ${q} (bundled: ${bundled.map((b) => b.id).join(', ')})`);
      }
      const organisation = (await prompter.text({ message: 'Organisation assessed:', required: true }, promptContext)).trim();
      const assessor = (await prompter.text({ message: 'Your name and role (optional):' }, promptContext)).trim();
      const chosen = questionnaires.length ? questionnaires : await prompter.pick({
        message: 'Modules to assess (space to toggle, enter to confirm):', required: true,
        choices: bundled.map((q) => ({ name: `${termProse(q.title)} (${termLine(q.id)})`, value: q.id, checked: true })),
      }, promptContext);
      const date = ctx.now().toISOString().slice(0, 10);
      path = freshPath(ctx.cwd, organisation, date);
      file = AnswersFile.create(path, {
        organisation, ...(assessor && { assessor }), date, questionnaires: chosen,
        schemaPath: relative(ctx.cwd, join(packageRoot(), 'schemas', 'answers.schema.json')),
      });
      assessment = loadAssessmentOrFail(loader, path, ctx);
    }
    ctx.stdout(`Answers are saved to ${shownPath()} after every answer.\n`);
    const f = file;
    live = assessment.answers.answers;
    const store = { answers: live, set: (id: string, a: Answer | null) => { if (a) store.answers.set(id, a); else store.answers.delete(id); f.set(id, a); } };
    const outcome = await interview({ prompter, questionnaires: assessment.questionnaires, store, out: ctx.stdout, paint, fancy: ctx.color, columns: ctx.columns, promptContext });
    if (outcome === 'quit') { ctx.stdout(savedMessage(store.answers)); return 0; }

    const scored = loadScored(path, { cwd: ctx.cwd, stderr: () => {} });
    const a = scored.assessment.answers;
    ctx.stdout('\n' + renderScoreText(scored.result, {
      paint, fancy: ctx.color, columns: ctx.columns, organisation: a.organisation,
      ...(a.assessor && { assessor: a.assessor }), ...(a.date && { date: a.date }), answersFile: relative(ctx.cwd, path),
    }));
    if (opts.report) {
      const written = await writeReports(modelOf(scored, ctx, false), ['md', 'pdf'], resolve(ctx.cwd, opts.out), reportBaseName(path), ctx.cwd);
      for (const p of written) ctx.stdout(`wrote ${termLine(relative(ctx.cwd, p))}\n`);
    }
    return 0;
  } catch (e) {
    if (isPromptInterrupt(e) && file && path) {
      ctx.stdout('\n' + savedMessage(live ?? new Map()));
      throw new AbortError(''); // the saved message says it all
    }
    if (isPromptInterrupt(e)) throw new AbortError('interrupted before anything was saved');
    if (e instanceof ConflictError) throw new InputError(e.message);
    throw e;
  } finally {
    removeTerm();
  }
}

function loadAssessmentOrFail(loader: Loader, path: string, ctx: Pick<Context, 'stderr'>): Assessment {
  const { assessment, diagnostics } = loader.loadAssessment(path);
  if (!assessment || hasErrors(diagnostics)) {
    for (const d of diagnostics.filter((x) => x.severity === 'error')) ctx.stderr(formatDiagnostic(d) + '\n');
    throw new InputError(`${path}: fix these errors first (hrdd validate ${path})`);
  }
  return assessment;
}
