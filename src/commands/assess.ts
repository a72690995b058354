import type { Framework } from '../core/framework.js';
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Context } from '../context.js';
import { hasErrors } from '../core/diagnostics.js';
import { formatDiagnostic } from '../render/diagnostics.js';
import { isUnevidenced } from '../core/progress.js';
import type { Answer } from '../core/model.js';
import { AbortError, HangupError, InputError, OutputError, UsageError } from '../errors.js';
import { AnswersFile, ConflictError, type AnswersFileOptions } from '../io/answers-file.js';
import { describeFsError, displayPath, exists, writeTarget, type WriteFs } from '../io/files.js';
import { acquireLock, LockedError, nodeLockEnv, type Lock, type LockEnv, type LockHolder } from '../io/lock.js';
import { bundledDir, listBundled, Loader, packageRoot, type Assessment } from '../io/loader.js';
import { plural } from '../render/format.js';
import { paintFor } from '../render/paint.js';
import { renderScoreText } from '../render/terminal.js';
import { termLine, termProse } from '../render/inert.js';
import { eitherSignal, interview, SaveError, type AnswerStore } from '../ui/interview.js';
import { describeKeys, KeyQueue } from '../ui/keys.js';
import { createPrompter, isPromptInterrupt, type Prompter, type PromptContext } from '../ui/prompts.js';
import { renderMigrationSummary } from '../render/migration.js';
import { candidatePath, loadScored, reportModelOf, reportBaseName, requireFile, writeReports } from './common.js';

export interface AssessOptions {
  /** folders whose questionnaires files may name by path (--questionnaires DIR) */
  questionnaires?: string[];
  answers?: string;
  /** an assessment on older questionnaires to carry forward first (hrdd migrate) */
  from?: string;
  out: string;
  report: boolean;
}

export interface AssessDeps {
  prompter?: Prompter;
  promptContext?: PromptContext;
  /** the file-system calls of every save (tests inject short writes and ENOSPC) */
  fs?: WriteFs;
  /** what the lock sees: pid, host, user, live processes (tests play other machines) */
  lockEnv?: LockEnv;
}

const countAnswered = (answers: Map<string, Answer>) =>
  [...answers.values()].filter((a) => !a.skipped && a.value !== null).length;

/** A path as a shell word, for the commands hrdd suggests. */
const sh = (p: string) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);

/**
 * The command that resumes FILE for how this session was started: after `npm start` (as the README
 * says to start) it is `npm start -- --answers FILE`, since `hrdd` may not be on the PATH.
 */
export function resumeCommand(env: Record<string, string | undefined>, file: string): string {
  const viaNpm = env['npm_lifecycle_event'] === 'start' || env['npm_command'] === 'start';
  return `${viaNpm ? 'npm start --' : 'hrdd assess'} --answers ${sh(file)}`;
}

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

/**
 * Refuses, before the first question, a file or folder hrdd could not save to: a save replaces the
 * file by a new copy written beside it, so the folder must be writable as well as the file. A file
 * with no write permission for anyone is read-only on purpose, and is refused even for root.
 */
function refuseUnwritable(target: string, ctx: Context): void {
  const shown = displayPath(target, ctx.cwd);
  const st = statSync(target);
  let reason: string | undefined;
  if ((st.mode & 0o222) === 0) reason = `the file is read-only (mode ${octal(st.mode)})`;
  else
    try {
      accessSync(target, constants.W_OK);
    } catch (e) {
      reason = `you may not write to the file (${describeFsError(e)})`;
    }
  if (reason) {
    throw new OutputError(
      `cannot save to ${shown}: ${reason}, and hrdd assess saves after every answer. ` +
        `Make it writable (chmod u+w ${sh(shown)}), or resume a copy: cp ${sh(shown)} mine.hrdd.yaml && hrdd assess --answers mine.hrdd.yaml`,
    );
  }
  refuseUnwritableFolder(dirname(target), ctx, `cannot save to ${shown}: `);
}

function refuseUnwritableFolder(dir: string, ctx: Context, lead: string): void {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new OutputError(
      `${lead}the folder ${displayPath(dir, ctx.cwd) || '.'} is not writable (${describeFsError(e)}); ` +
        `hrdd saves by writing a new copy beside the file and renaming it. Run it where you may create files, or ask for write access to that folder`,
    );
  }
}

/** Says up front when a save cannot keep the file's owner (only root can give a file away). */
function ownershipNote(target: string, ctx: Context): string | undefined {
  const uid = process.geteuid?.();
  if (uid === undefined || uid === 0) return undefined;
  const st = statSync(target);
  if (st.uid === uid) return undefined;
  return (
    `note: ${displayPath(target, ctx.cwd)} belongs to another user (uid ${st.uid}); each save replaces it with a copy owned by you (uid ${uid}), ` +
    `because only root can keep another user's ownership. Its permissions (${octal(st.mode)}) and, where you are a member, its group are kept.\n`
  );
}

const when = (iso: string) => iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');

function describeHolder(h: LockHolder): string {
  return `pid ${h.pid}, user ${h.user}, since ${when(h.started)}`;
}

/** The message for a file another session holds: who holds it, and how to proceed. */
function lockedMessage(e: LockedError, shown: string, ctx: Context): string {
  const lock = displayPath(e.lockPath, ctx.cwd);
  const h = e.holder;
  switch (e.reason) {
    case 'live':
      return (
        `${shown} is open in another hrdd assess on this computer (${describeHolder(h!)}). Two sessions on one file would lose answers: ` +
        `finish or quit that session first (q saves and quits), then run this again.`
      );
    case 'elsewhere':
      return (
        `${shown} is open in hrdd assess on ${h!.host} (${describeHolder(h!)}). Two sessions on one file would lose answers: ` +
        `finish or quit that session first. If it is no longer running (that computer crashed), delete ${sh(lock)} and run this again.`
      );
    case 'busy':
      return `another hrdd assess is taking over the lock of ${shown} (left by pid ${h?.pid}, no longer running) right now; run this again in a moment.`;
    case 'unreadable':
      return (
        `${shown} is locked by ${lock}, which cannot be read (a session starting this very moment, or one that crashed while starting). ` +
        `If no other hrdd assess is using the file, delete ${sh(lock)} and run this again.`
      );
  }
}

/** The UN Guiding Principles for the principles' titles in a question's help (the bundled latest). */
function ungpOf(loader: Loader): { ungp?: Framework } {
  const ungp = loader.frameworks.ungp();
  return ungp ? { ungp } : {};
}

export async function assessCommand(
  questionnaires: string[],
  opts: AssessOptions,
  ctx: Context,
  deps: AssessDeps = {},
): Promise<number> {
  refuseNonInteractive(ctx, deps);
  if (opts.from !== undefined) {
    // carried forward first, then resumed like any answers file: the wizard asks each carried answer again
    if (opts.answers !== undefined)
      throw new UsageError('give either --from OLD (to carry it forward) or --answers FILE, not both');
    if (questionnaires.length > 1) throw new UsageError('with --from, the one argument is the new answers file');
    const { migrateFile } = await import('./migrate.js');
    const report = migrateFile(
      opts.from,
      {
        ...(questionnaires[0] && { out: questionnaires[0] }),
        ...(opts.questionnaires && { questionnaires: opts.questionnaires }),
      },
      ctx,
    );
    ctx.stdout(renderMigrationSummary(report, paintFor(ctx.color)));
    return assessCommand([], { ...opts, from: undefined, answers: report.path }, ctx, deps);
  }
  const session = new AssessSession(opts, ctx, deps);
  try {
    const assessment = opts.answers
      ? session.openExisting(opts.answers, questionnaires)
      : await session.startNew(questionnaires);
    return await session.run(assessment);
  } catch (e) {
    throw session.failure(e);
  } finally {
    session.dispose();
  }
}

function refuseNonInteractive(ctx: Context, deps: AssessDeps): void {
  if (!deps.prompter && (!ctx.stdinIsTTY || !ctx.isTTY)) {
    throw new UsageError(
      'hrdd assess needs an interactive terminal; in CI or a pipe use `hrdd score FILE` for the score and `hrdd report FILE` for the reports',
    );
  }
}

/** What a new assessment's file starts with. */
type NewHeader = Parameters<typeof AnswersFile.create>[1];

/** One interactive session on one answers file: its terminal, signals, lock and saves. */
class AssessSession {
  private readonly paint: ReturnType<typeof paintFor>;
  private readonly loader: Loader;
  private readonly fileOptions: AnswersFileOptions;
  private readonly lockEnv: LockEnv;
  private file: AnswersFile | undefined;
  private path: string | undefined;
  private lock: Lock | undefined;
  private live: Map<string, Answer> | undefined;
  private hungUp = false;
  private readonly controller = new AbortController();
  private readonly either: ReturnType<typeof eitherSignal> | undefined;
  private readonly promptContext: PromptContext;
  private readonly removers: (() => void)[];
  private readonly keys: KeyQueue | undefined;
  private readonly prompter: Prompter;

  constructor(
    private readonly opts: AssessOptions,
    private readonly ctx: Context,
    deps: AssessDeps,
  ) {
    this.paint = paintFor(ctx.color);
    // questionnaire paths may lead into the working folder (a new assessment's are the user's own),
    // the resumed file's folder, and --questionnaires folders
    this.loader = new Loader(ctx.cwd, [
      ctx.cwd,
      ...(opts.answers ? [dirname(resolve(ctx.cwd, opts.answers))] : []),
      ...(opts.questionnaires ?? []),
    ]);
    this.fileOptions = { now: () => ctx.now().getTime(), ...(deps.fs && { fs: deps.fs }) };
    this.lockEnv = deps.lockEnv ?? nodeLockEnv(ctx.now);
    const pc = deps.promptContext;
    this.either = pc?.signal ? eitherSignal(pc.signal, this.controller.signal) : undefined;
    this.promptContext = { ...pc, signal: this.either?.signal ?? this.controller.signal };
    // While prompts run (Ctrl-C is a key then: raw mode); afterwards the signals act as usual.
    this.removers = [ctx.onSignal('SIGTERM', () => this.controller.abort()), ctx.onSignal('SIGHUP', this.hangup)];
    // One reader of the terminal for the whole session: keys typed ahead are kept, in order.
    this.keys = deps.prompter ? undefined : new KeyQueue(process.stdin, this.hangup);
    this.prompter = deps.prompter ?? createPrompter(ctx.color, this.keys);
  }

  /** The terminal was closed: end every prompt; the rest is quiet (nobody is there to read it). */
  private readonly hangup = () => {
    if (!this.hungUp) {
      this.hungUp = true;
      this.controller.abort();
    }
  };

  private readonly out = (t: string) => {
    if (!this.hungUp) this.ctx.stdout(t);
  };

  private unregister(): void {
    for (const remove of this.removers.splice(0)) remove();
  }

  private shownPath(): string {
    return termLine(displayPath(this.path!, this.ctx.cwd));
  }

  private resume(): string {
    return resumeCommand(this.ctx.env, this.shownPath());
  }

  private savedMessage(answers: Map<string, Answer>): string {
    return `Saved ${plural(countAnswered(answers), 'answer')} to ${this.shownPath()}.\nResume with: ${this.resume()}\n`;
  }

  private takeLock(target: string): Lock {
    const { ctx } = this;
    try {
      const l = acquireLock(target, this.lockEnv);
      if (l.tookOver)
        this.out(
          `note: took over ${termLine(displayPath(l.path, ctx.cwd))}, left by an hrdd assess that is no longer running (${describeHolder(l.tookOver)})\n`,
        );
      return l;
    } catch (e) {
      if (e instanceof LockedError)
        throw new InputError(lockedMessage(e, displayPath(this.path ?? target, ctx.cwd), ctx));
      throw new OutputError(
        `cannot lock ${termLine(displayPath(target, ctx.cwd))} for this session: ${describeFsError(e)}`,
      );
    }
  }

  /** keys typed ahead that no prompt took: said, never silently dropped; Ctrl-C among them still stops */
  private leftoverKeys(): boolean {
    const left = this.keys?.dispose() ?? [];
    if (left.length && !this.hungUp)
      this.out(
        this.paint.dim(
          `(${left.length === 1 ? '1 key' : `${left.length} keys`} typed ahead not used: ${describeKeys(left)})`,
        ) + '\n',
      );
    return left.includes('\x03');
  }

  /** Resumes FILE (--answers): loads it, checks it can be saved, and locks it. */
  openExisting(answers: string, questionnaires: string[]): Assessment {
    const { ctx } = this;
    if (questionnaires.length)
      throw new UsageError('give either questionnaires (for a new assessment) or --answers FILE (to resume), not both');
    this.path = requireFile(answers, ctx.cwd, ' (to start a new assessment, leave out --answers)');
    const assessment = loadAssessmentOrFail(this.loader, this.path, ctx);
    let target: string;
    try {
      target = writeTarget(this.path);
    } catch (e) {
      throw new OutputError(`cannot save to ${this.shownPath()}: ${describeFsError(e)}`);
    }
    refuseUnwritable(target, ctx);
    this.lock = this.takeLock(target);
    const note = ownershipNote(target, ctx);
    if (note) ctx.stderr(note);
    this.file = AnswersFile.open(this.path, this.fileOptions);
    return assessment;
  }

  /** Starts a new assessment: asks who and what is assessed, and creates its answers file. */
  async startNew(questionnaires: string[]): Promise<Assessment> {
    const bundled = this.bundledModules();
    for (const q of questionnaires) {
      if (!bundled.some((b) => b.id === q.split('@')[0]) && !/\.ya?ml$/i.test(q))
        throw new UsageError(`unknown questionnaire ${q} (bundled: ${bundled.map((b) => b.id).join(', ')})`);
    }
    refuseUnwritableFolder(this.ctx.cwd, this.ctx, 'cannot start a new assessment here: ');
    const header = await this.askHeader(questionnaires, bundled);
    this.createFirstFree(header);
    return loadAssessmentOrFail(this.loader, this.path!, this.ctx);
  }

  /** The latest version of each bundled questionnaire that is scored (not the profile). */
  private bundledModules() {
    return listBundled()
      .map((e) => this.loader.loadQuestionnaire(join(bundledDir(), e.id, `${e.versions.at(-1)}.yaml`)).questionnaire!)
      .filter((q) => q && q.weight > 0);
  }

  private async askHeader(questionnaires: string[], bundled: ReturnType<AssessSession['bundledModules']>) {
    const { prompter, promptContext, ctx } = this;
    const organisation = (
      await prompter.text({ message: 'Organisation assessed:', required: true }, promptContext)
    ).trim();
    const assessor = (await prompter.text({ message: 'Your name and role (optional):' }, promptContext)).trim();
    const chosen = questionnaires.length
      ? questionnaires
      : await prompter.pick(
          {
            message: 'Modules to assess (space to toggle, enter to confirm):',
            required: true,
            choices: bundled.map((q) => ({
              name: `${termProse(q.title)} (${termLine(q.id)})`,
              value: q.id,
              checked: true,
            })),
          },
          promptContext,
        );
    const date = ctx.now().toISOString().slice(0, 10);
    return {
      organisation,
      ...(assessor && { assessor }),
      date,
      // pinned: next year's bundle may hold a newer version, and this file must rescore as answered
      questionnaires: chosen.map((q) => pinned(q, bundled)),
      schemaPath: relative(ctx.cwd, join(packageRoot(), 'schemas', 'answers.schema.json')),
    } satisfies NewHeader;
  }

  /** Creates the file under the first free name that this session can lock (never replacing anything). */
  private createFirstFree(header: NewHeader & { organisation: string; date: string }): void {
    const { ctx } = this;
    for (let n = 1; !this.file; n++) {
      const candidate = candidatePath(ctx.cwd, header.organisation, header.date, n);
      if (exists(candidate)) continue;
      try {
        this.lock = acquireLock(candidate, this.lockEnv);
      } catch (e) {
        if (e instanceof LockedError && n < 1000) continue; // another new session is creating it
        throw new OutputError(`cannot lock ${displayPath(candidate, ctx.cwd)} for this session: ${describeFsError(e)}`);
      }
      try {
        this.file = AnswersFile.create(candidate, header, this.fileOptions);
        this.path = candidate;
      } catch (e) {
        this.lock.release();
        this.lock = undefined;
        if ((e as NodeJS.ErrnoException).code === 'EEXIST' && n < 1000) continue;
        throw new OutputError(
          `could not save the new answers file ${displayPath(candidate, ctx.cwd)}: ${describeFsError(e)}; nothing was saved`,
        );
      }
    }
  }

  /** Runs the interview on the opened file, then shows the score (and writes the reports) unless quit. */
  async run(assessment: Assessment): Promise<number> {
    this.out(`Answers are saved to ${this.shownPath()} after every answer.\nResume any time with: ${this.resume()}\n`);
    this.live = assessment.answers.answers;
    const store = this.makeStore(this.file!, this.live);
    const outcome = await this.interview(assessment, store);
    if (this.leftoverKeys()) {
      this.out(this.savedMessage(store.answers));
      throw new AbortError('');
    }
    if (this.hungUp) throw new HangupError();
    this.unregister();
    if (outcome === 'quit') {
      this.out(this.savedMessage(store.answers));
      return 0;
    }
    await this.summarise();
    if (this.hungUp) throw new HangupError();
    return 0;
  }

  /** The answers as the interview sees them: kept in memory, saved to the file, merged with its changes. */
  private makeStore(f: AnswersFile, live: Map<string, Answer>): AnswerStore {
    const notices: string[] = [];
    const store: AnswerStore = {
      answers: live,
      set: (id: string, a: Answer | null) => {
        // kept in memory first: whatever happens to the save, nothing typed is lost
        setOrDelete(store.answers, id, a);
        const merged = saveAnswer(f, id, a);
        if (!merged) return undefined;
        // the other program's answers join this session's; this question stays yours until settled
        const fromFile = f.answers();
        for (const k of [...store.answers.keys()]) if (!fromFile.has(k)) store.answers.delete(k);
        for (const [k, v] of fromFile) store.answers.set(k, v);
        setOrDelete(store.answers, id, a);
        notices.push(this.mergeNotice(merged.theirs));
        return merged.conflict && { conflict: { theirs: merged.conflict.theirs } };
      },
      takeNotices: () => notices.splice(0),
      resolve: (id, a) => {
        saveAnswer(f, id, a);
      },
    };
    return store;
  }

  /** What the session says when the file changed on disk and its answers (THEIRS) were merged in. */
  private mergeNotice(theirs: string[]): string {
    const n = theirs.length;
    const ids = n <= 3 ? theirs.map((x) => termLine(x)).join(', ') : `${n} other questions`;
    return n
      ? `note: ${this.shownPath()} changed on disk meanwhile; kept its answer${n === 1 ? '' : 's'} to ${ids} with yours`
      : `note: ${this.shownPath()} changed on disk meanwhile; none of its changes touch your answers`;
  }

  private interview(assessment: Assessment, store: AnswerStore) {
    const { ctx } = this;
    return interview({
      prompter: this.prompter,
      questionnaires: assessment.questionnaires,
      store,
      out: this.out,
      paint: this.paint,
      fancy: ctx.color,
      columns: ctx.columns,
      ...(ctx.rows && { rows: ctx.rows }),
      now: () => ctx.now().getTime(),
      promptContext: this.promptContext,
      ...ungpOf(this.loader),
    });
  }

  /** The end of a finished interview: the score, the unevidenced claims, and the reports when asked. */
  private async summarise(): Promise<void> {
    const { ctx, paint, opts } = this;
    const path = this.path!;
    const scored = loadScored(path, { cwd: ctx.cwd, stderr: () => {} });
    this.printScore(scored);
    const unevidenced = scored.result.questions.filter(isUnevidenced).length;
    if (unevidenced)
      this.out(
        paint.yellow(`Unevidenced claims: ${unevidenced}`) +
          paint.dim(` — the review lists them; add evidence with: ${this.resume()}`) +
          '\n',
      );
    if (opts.report) {
      const written = await writeReports(
        reportModelOf(scored, ctx, false),
        ['md', 'pdf'],
        resolve(ctx.cwd, opts.out),
        reportBaseName(path),
        ctx.cwd,
      );
      for (const p of written) this.out(`wrote ${termLine(relative(ctx.cwd, p))}\n`);
    }
  }

  private printScore(scored: ReturnType<typeof loadScored>): void {
    const { ctx } = this;
    const a = scored.assessment.answers;
    this.out(
      '\n' +
        renderScoreText(scored.result, {
          paint: this.paint,
          fancy: ctx.color,
          columns: ctx.columns,
          organisation: a.organisation,
          ...(a.assessor && { assessor: a.assessor }),
          ...(a.date && { date: a.date }),
          answersFile: relative(ctx.cwd, this.path!),
          resume: this.resume(),
        }),
    );
  }

  /** The error to throw for E, which ended the session: saved answers are said or recovered first. */
  failure(e: unknown): unknown {
    const { file, path } = this;
    if (this.hungUp) return new HangupError(); // quietly: every answer given is saved
    this.leftoverKeys();
    if (e instanceof SaveError && file && path) return saveFailed(e, file, path, this.live ?? new Map(), this.ctx);
    if (isPromptInterrupt(e) && file && path) {
      this.out('\n' + this.savedMessage(this.live ?? new Map()));
      return new AbortError(''); // the saved message says it all
    }
    if (isPromptInterrupt(e)) return new AbortError('interrupted before anything was saved');
    return e;
  }

  dispose(): void {
    this.unregister();
    this.either?.dispose();
    this.keys?.dispose();
    this.lock?.release();
  }
}

function setOrDelete(answers: Map<string, Answer>, id: string, a: Answer | null): void {
  if (a) answers.set(id, a);
  else answers.delete(id);
}

/** Saves one answer to F; a failure becomes a SaveError that says why in words. */
function saveAnswer(f: AnswersFile, id: string, a: Answer | null) {
  try {
    return f.set(id, a);
  } catch (e) {
    throw new SaveError(
      e,
      e instanceof ConflictError
        ? 'the file was changed by another program since hrdd read it, and is no longer an answers file hrdd can merge with'
        : describeFsError(e),
    );
  }
}

/**
 * A save failed mid-session: the answers are still in memory. Writes them to a recovery file
 * (beside the answers file, else in the temporary folder), or prints them when even that fails,
 * and returns the error (exit 3) that says what happened and what to do next.
 */
function saveFailed(e: SaveError, file: AnswersFile, path: string, answers: Map<string, Answer>, ctx: Context): Error {
  const shown = displayPath(path, ctx.cwd);
  if (e.cause instanceof ConflictError) {
    return new InputError(
      `could not save: ${shown} was changed by another program since hrdd read it, so hrdd did not overwrite it; ` +
        `your answers so far are in ${displayPath(e.cause.recoveryPath, ctx.cwd)}. Compare the two, keep what is right in ${shown}, and resume with: ${resumeCommand(ctx.env, shown)}`,
    );
  }
  const n = countAnswered(answers);
  let recovery: string | undefined;
  try {
    recovery = file.writeRecovery();
  } catch {
    /* the same fault, likely: print them instead */
  }
  if (recovery) {
    const rec = displayPath(recovery, ctx.cwd);
    return new OutputError(
      `could not save ${shown}: ${e.reason}. Your ${n} answers (the last one included) are in ${rec}. ` +
        `Once that is fixed, put them back and resume:\n  mv ${sh(rec)} ${sh(shown)} && ${resumeCommand(ctx.env, shown)}`,
    );
  }
  ctx.stdout(`\n# Your answers, which hrdd could not save anywhere:\n${file.toString()}\n`);
  return new OutputError(
    `could not save ${shown}: ${e.reason}, nor a recovery file beside it or in the temporary folder. ` +
      `Your ${n} answers are printed above: once that is fixed, copy them into ${shown} and resume with: ${resumeCommand(ctx.env, shown)}`,
  );
}

function loadAssessmentOrFail(loader: Loader, path: string, ctx: Pick<Context, 'stderr'>): Assessment {
  const { assessment, diagnostics } = loader.loadAssessment(path);
  if (!assessment || hasErrors(diagnostics)) {
    for (const d of diagnostics.filter((x) => x.severity === 'error')) ctx.stderr(formatDiagnostic(d) + '\n');
    throw new InputError(`${path}: fix these errors first (hrdd validate ${path})`);
  }
  return assessment;
}

/** A bundled questionnaire named by id alone, as `id@version` of the version used; others as given. */
function pinned(ref: string, bundled: ReadonlyArray<{ id: string; version: string }>): string {
  if (ref.includes('@') || /\.ya?ml$/i.test(ref)) return ref;
  const q = bundled.find((b) => b.id === ref);
  return q ? `${q.id}@${q.version}` : ref;
}
