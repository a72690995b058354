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
import { paintFor } from '../render/paint.js';
import { renderScoreText } from '../render/terminal.js';
import { termLine, termProse } from '../render/inert.js';
import { eitherSignal, interview, SaveError, type AnswerStore } from '../ui/interview.js';
import { describeKeys, KeyQueue } from '../ui/keys.js';
import { createPrompter, isPromptInterrupt, type Prompter, type PromptContext } from '../ui/prompts.js';
import { candidatePath, loadScored, reportModelOf, reportBaseName, requireFile, writeReports } from './common.js';

export interface AssessOptions {
  /** folders whose questionnaires files may name by path (--questionnaires DIR) */
  questionnaires?: string[];
  answers?: string;
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
  if (!deps.prompter && (!ctx.stdinIsTTY || !ctx.isTTY)) {
    throw new UsageError(
      'hrdd assess needs an interactive terminal; in CI or a pipe use `hrdd score FILE` for the score and `hrdd report FILE` for the reports',
    );
  }
  const paint = paintFor(ctx.color);
  // questionnaire paths may lead into the working folder (a new assessment's are the user's own),
  // the resumed file's folder, and --questionnaires folders
  const loader = new Loader(ctx.cwd, [
    ctx.cwd,
    ...(opts.answers ? [dirname(resolve(ctx.cwd, opts.answers))] : []),
    ...(opts.questionnaires ?? []),
  ]);
  const fileOptions: AnswersFileOptions = { now: () => ctx.now().getTime(), ...(deps.fs && { fs: deps.fs }) };
  const lockEnv = deps.lockEnv ?? nodeLockEnv(ctx.now);
  let file: AnswersFile | undefined;
  let path: string | undefined;
  let lock: Lock | undefined;
  let live: Map<string, Answer> | undefined;
  let hungUp = false;
  const controller = new AbortController();
  const pc = deps.promptContext;
  const either = pc?.signal ? eitherSignal(pc.signal, controller.signal) : undefined;
  const promptContext: PromptContext = { ...pc, signal: either?.signal ?? controller.signal };
  // The terminal was closed: end every prompt; the rest is quiet (nobody is there to read it).
  const hangup = () => {
    if (!hungUp) {
      hungUp = true;
      controller.abort();
    }
  };
  const out = (t: string) => {
    if (!hungUp) ctx.stdout(t);
  };
  // While prompts run (Ctrl-C is a key then: raw mode); afterwards the signals act as usual.
  const removers = [ctx.onSignal('SIGTERM', () => controller.abort()), ctx.onSignal('SIGHUP', hangup)];
  const unregister = () => {
    for (const remove of removers.splice(0)) remove();
  };
  // One reader of the terminal for the whole session: keys typed ahead are kept, in order.
  const keys = deps.prompter ? undefined : new KeyQueue(process.stdin, hangup);
  const prompter = deps.prompter ?? createPrompter(ctx.color, keys);
  const shownPath = () => termLine(displayPath(path!, ctx.cwd));
  const resume = () => resumeCommand(ctx.env, shownPath());
  const savedMessage = (answers: Map<string, Answer>) =>
    `Saved ${countAnswered(answers)} answers to ${shownPath()} — resume with: ${resume()}\n`;
  const takeLock = (target: string): Lock => {
    try {
      const l = acquireLock(target, lockEnv);
      if (l.tookOver)
        out(
          `note: took over ${termLine(displayPath(l.path, ctx.cwd))}, left by an hrdd assess that is no longer running (${describeHolder(l.tookOver)})\n`,
        );
      return l;
    } catch (e) {
      if (e instanceof LockedError) throw new InputError(lockedMessage(e, displayPath(path ?? target, ctx.cwd), ctx));
      throw new OutputError(
        `cannot lock ${termLine(displayPath(target, ctx.cwd))} for this session: ${describeFsError(e)}`,
      );
    }
  };
  /** keys typed ahead that no prompt took: said, never silently dropped; Ctrl-C among them still stops */
  const leftoverKeys = (): boolean => {
    const left = keys?.dispose() ?? [];
    if (left.length && !hungUp)
      out(
        paint.dim(
          `(${left.length === 1 ? '1 key' : `${left.length} keys`} typed ahead not used: ${describeKeys(left)})`,
        ) + '\n',
      );
    return left.includes('\x03');
  };

  try {
    let assessment: Assessment;
    if (opts.answers) {
      if (questionnaires.length)
        throw new UsageError(
          'give either questionnaires (for a new assessment) or --answers FILE (to resume), not both',
        );
      path = requireFile(opts.answers, ctx.cwd, ' (to start a new assessment, leave out --answers)');
      assessment = loadAssessmentOrFail(loader, path, ctx);
      let target: string;
      try {
        target = writeTarget(path);
      } catch (e) {
        throw new OutputError(`cannot save to ${shownPath()}: ${describeFsError(e)}`);
      }
      refuseUnwritable(target, ctx);
      lock = takeLock(target);
      const note = ownershipNote(target, ctx);
      if (note) ctx.stderr(note);
      file = AnswersFile.open(path, fileOptions);
    } else {
      const bundled = listBundled()
        .map((e) => loader.loadQuestionnaire(join(bundledDir(), e.id, `${e.versions.at(-1)}.yaml`)).questionnaire!)
        .filter((q) => q && q.weight > 0);
      for (const q of questionnaires) {
        if (!bundled.some((b) => b.id === q.split('@')[0]) && !/\.ya?ml$/i.test(q))
          throw new UsageError(`unknown questionnaire ${q} (bundled: ${bundled.map((b) => b.id).join(', ')})`);
      }
      refuseUnwritableFolder(ctx.cwd, ctx, 'cannot start a new assessment here: ');
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
      const header = {
        organisation,
        ...(assessor && { assessor }),
        date,
        questionnaires: chosen,
        schemaPath: relative(ctx.cwd, join(packageRoot(), 'schemas', 'answers.schema.json')),
      };
      // The first free name that this session can lock and then create (never replacing anything).
      for (let n = 1; !file; n++) {
        const candidate = candidatePath(ctx.cwd, organisation, date, n);
        if (exists(candidate)) continue;
        try {
          lock = acquireLock(candidate, lockEnv);
        } catch (e) {
          if (e instanceof LockedError && n < 1000) continue; // another new session is creating it
          throw new OutputError(
            `cannot lock ${displayPath(candidate, ctx.cwd)} for this session: ${describeFsError(e)}`,
          );
        }
        try {
          file = AnswersFile.create(candidate, header, fileOptions);
          path = candidate;
        } catch (e) {
          lock.release();
          lock = undefined;
          if ((e as NodeJS.ErrnoException).code === 'EEXIST' && n < 1000) continue;
          throw new OutputError(
            `could not save the new answers file ${displayPath(candidate, ctx.cwd)}: ${describeFsError(e)}; nothing was saved`,
          );
        }
      }
      assessment = loadAssessmentOrFail(loader, path!, ctx);
    }
    out(`Answers are saved to ${shownPath()} after every answer.\nResume any time with: ${resume()}\n`);
    const f = file;
    live = assessment.answers.answers;
    const notices: string[] = [];
    const save = (id: string, a: Answer | null) => {
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
    };
    const store: AnswerStore = {
      answers: live,
      set: (id: string, a: Answer | null) => {
        // kept in memory first: whatever happens to the save, nothing typed is lost
        if (a) store.answers.set(id, a);
        else store.answers.delete(id);
        const merged = save(id, a);
        if (!merged) return undefined;
        // the other program's answers join this session's; this question stays yours until settled
        const fromFile = f.answers();
        for (const k of [...store.answers.keys()]) if (!fromFile.has(k)) store.answers.delete(k);
        for (const [k, v] of fromFile) store.answers.set(k, v);
        if (a) store.answers.set(id, a);
        else store.answers.delete(id);
        const n = merged.theirs.length;
        const ids = n <= 3 ? merged.theirs.map((x) => termLine(x)).join(', ') : `${n} other questions`;
        notices.push(
          n
            ? `note: ${shownPath()} changed on disk meanwhile; kept its answer${n === 1 ? '' : 's'} to ${ids} with yours`
            : `note: ${shownPath()} changed on disk meanwhile; none of its changes touch your answers`,
        );
        return merged.conflict && { conflict: { theirs: merged.conflict.theirs } };
      },
      takeNotices: () => notices.splice(0),
      resolve: (id, a) => {
        save(id, a);
      },
    };
    const outcome = await interview({
      prompter,
      questionnaires: assessment.questionnaires,
      store,
      out,
      paint,
      fancy: ctx.color,
      columns: ctx.columns,
      ...(ctx.rows && { rows: ctx.rows }),
      now: () => ctx.now().getTime(),
      promptContext,
      ...ungpOf(loader),
    });
    if (leftoverKeys()) {
      out(savedMessage(store.answers));
      throw new AbortError('');
    }
    if (hungUp) throw new HangupError();
    unregister();
    if (outcome === 'quit') {
      out(savedMessage(store.answers));
      return 0;
    }

    const scored = loadScored(path!, { cwd: ctx.cwd, stderr: () => {} });
    const a = scored.assessment.answers;
    out(
      '\n' +
        renderScoreText(scored.result, {
          paint,
          fancy: ctx.color,
          columns: ctx.columns,
          organisation: a.organisation,
          ...(a.assessor && { assessor: a.assessor }),
          ...(a.date && { date: a.date }),
          answersFile: relative(ctx.cwd, path!),
          resume: resume(),
        }),
    );
    const unevidenced = scored.result.questions.filter(isUnevidenced).length;
    if (unevidenced)
      out(
        paint.yellow(`Unevidenced claims: ${unevidenced}`) +
          paint.dim(` — the review lists them; add evidence with: ${resume()}`) +
          '\n',
      );
    if (opts.report) {
      const written = await writeReports(
        reportModelOf(scored, ctx, false),
        ['md', 'pdf'],
        resolve(ctx.cwd, opts.out),
        reportBaseName(path!),
        ctx.cwd,
      );
      for (const p of written) out(`wrote ${termLine(relative(ctx.cwd, p))}\n`);
    }
    if (hungUp) throw new HangupError();
    return 0;
  } catch (e) {
    if (hungUp) throw new HangupError(); // quietly: every answer given is saved
    leftoverKeys();
    if (e instanceof SaveError && file && path) throw saveFailed(e, file, path, live ?? new Map(), ctx);
    if (isPromptInterrupt(e) && file && path) {
      out('\n' + savedMessage(live ?? new Map()));
      throw new AbortError(''); // the saved message says it all
    }
    if (isPromptInterrupt(e)) throw new AbortError('interrupted before anything was saved');
    throw e;
  } finally {
    unregister();
    either?.dispose();
    keys?.dispose();
    lock?.release();
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
