import type { Answer, AnswerValue, Question, Questionnaire } from '../core/model.js';
import { isNaWithoutReason, isUnevidenced, minutesLeft, moduleProgress, progressOf } from '../core/progress.js';
import { scoreAssessment, type QuestionResult } from '../core/score.js';
import { answerText } from '../core/report-model.js';
import type { Framework } from '../core/framework.js';
import type { Paint } from '../render/paint.js';
import { termBlock, termLine, termProse } from '../render/inert.js';
import { clip } from '../render/terminal.js';
import { showId } from '../core/show.js';
import {
  fit,
  isPromptInterrupt,
  wrap,
  type ListRow,
  type Prompter,
  type PromptContext,
  type QuestionChoice,
  type QuestionOutcome,
  type TextConfig,
} from './prompts.js';

/** Another program changed the same question in the file: the file keeps theirs until settled. */
export interface StoreConflict {
  conflict: { theirs: Answer | null };
}

/** Where answers go: the answers file, saved at once on every change. `set` throws when it could not save. */
export interface AnswerStore {
  answers: Map<string, Answer>;
  /** saves the answer; returns a conflict when the file on disk changed this very question too */
  set(id: string, answer: Answer | null): void | StoreConflict;
  /** one-line notices (the file was merged with changes made by another program), shown between prompts */
  takeNotices?(): string[];
  /** settles a conflict: the answer the file keeps */
  resolve?(id: string, answer: Answer | null): void;
}

/**
 * A signal that aborts when either does (AbortSignal.any needs Node 20.3), and its disposer, which
 * removes the listeners it added (an AbortSignal warns beyond ten).
 */
export function eitherSignal(a: AbortSignal, b: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const both = new AbortController();
  const fromA = () => both.abort(a.reason);
  const fromB = () => both.abort(b.reason);
  const dispose = () => {
    a.removeEventListener('abort', fromA);
    b.removeEventListener('abort', fromB);
  };
  if (a.aborted) fromA();
  else if (b.aborted) fromB();
  else {
    a.addEventListener('abort', fromA, { once: true });
    b.addEventListener('abort', fromB, { once: true });
  }
  return { signal: both.signal, dispose };
}

/** An answer could not be saved; it is still in the store's memory. The message says why, in words. */
export class SaveError extends Error {
  constructor(
    readonly cause: unknown,
    readonly reason: string,
  ) {
    super(`could not save: ${reason}`);
  }
}

export interface InterviewOptions {
  prompter: Prompter;
  questionnaires: readonly Questionnaire[];
  store: AnswerStore;
  out: (text: string) => void;
  paint: Paint;
  fancy: boolean;
  columns: number;
  /** the terminal's height (a long help is paged) */
  rows?: number;
  /** a clock in milliseconds, for the time-left estimate (none: no estimate) */
  now?: () => number;
  promptContext?: PromptContext;
  /** the UN Guiding Principles framework, for the principles' titles in a question's help */
  ungp?: Pick<Framework, 'items'>;
}

/**
 * What the review lists, in its groups: the questions that still need something. Skipped and
 * unanswered hold the scored questions, so with those waiting on earlier answers they make the
 * scorer's count of what is left; unscored ones (profile, salience) have their own group.
 */
export interface OpenGroups {
  skipped: QuestionResult[];
  unanswered: QuestionResult[];
  unevidenced: QuestionResult[];
  naWithoutReason: QuestionResult[];
  notScored: QuestionResult[];
  /** answers carried from an earlier questionnaire version, not yet confirmed */
  carried: QuestionResult[];
}

export function openGroups(qs: readonly QuestionResult[], answers: ReadonlyMap<string, Answer>): OpenGroups {
  const visible = qs.filter((r) => r.visibility === 'visible');
  const skipped = (r: QuestionResult) => Boolean(answers.get(r.question.id)?.skipped);
  return {
    carried: visible.filter((r) => isCarried(r, answers)),
    skipped: visible.filter((r) => r.included && !r.answered && skipped(r)),
    unanswered: visible.filter((r) => r.included && !r.answered && !skipped(r)),
    unevidenced: visible.filter(isUnevidenced),
    naWithoutReason: visible.filter(isNaWithoutReason),
    notScored: visible.filter((r) => !r.scored && !r.answered),
  };
}

const anyOpen = (g: OpenGroups) =>
  g.skipped.length +
    g.unanswered.length +
    g.unevidenced.length +
    g.naWithoutReason.length +
    g.notScored.length +
    g.carried.length >
  0;

/** An answer carried from an earlier version and not yet confirmed (`carried`). */
const isCarried = (r: QuestionResult, answers: ReadonlyMap<string, Answer>) =>
  r.answered && answers.get(r.question.id)?.carried !== undefined;

/**
 * A question to ask in order: visible, and neither answered nor skipped — or answered by a carried
 * answer not yet confirmed, unless the person passed it by in this session (`deferred`).
 */
const isOpen = (r: QuestionResult, answers: Map<string, Answer>, deferred: ReadonlySet<string> = new Set()) => {
  const a = answers.get(r.question.id);
  if (r.visibility !== 'visible') return false;
  if (isCarried(r, answers)) return !deferred.has(r.question.id);
  return !r.answered && !a?.skipped;
};

/** Where the review sends the person. */
type ReviewChoice =
  | { kind: 'ask'; id: string }
  | { kind: 'continue'; from: string | undefined }
  | { kind: 'back' }
  | { kind: 'finish' }
  | { kind: 'quit' };

/** Seconds per answer above this are a pause, not a pace. */
const LONGEST_ANSWER = 600;

/**
 * The interview loop: asks the visible questions in order, the profile first; resumes at the first
 * visible question that is neither answered nor skipped; offers the review before finishing while
 * anything is open. From the review a question picked is asked and the review comes back; "continue
 * in order" goes on from there; Esc returns to where the person was.
 * Returns 'finished' or 'quit' (the person chose to stop; everything is saved either way).
 */
export async function interview(o: InterviewOptions): Promise<'finished' | 'quit'> {
  return new Interview(o).run();
}

type End = 'finished' | 'quit';

/** One question answered differently here and by another program: asked about before going on. */
interface Conflict {
  id: string;
  mine: Answer | null;
  theirs: Answer | null;
}

/** The note and evidence an answer keeps (by default the ones it had). */
/** What a note or evidence prompt takes to remove what is there. */
const REMOVE = '-';

const kept = (existing: Answer | undefined, note = existing?.note, evidence = existing?.evidence) => ({
  ...(note && { note }),
  ...(evidence?.length && { evidence }),
});

/** Whether VALUE picks an option that needs a reason (not applicable). */
const needsReason = (q: Question, value: unknown) =>
  (Array.isArray(value) ? value : [value]).some((v) => q.options.find((x) => x.value === v)?.na);

/** The options VALUE picks that need evidence. */
const needsEvidence = (q: Question, value: unknown) =>
  q.options.filter((x) => x.evidenceRequired && (Array.isArray(value) ? value : [value]).some((v) => v === x.value));

/** The state of one interview: where the person is, where they came from, and what waits to be settled. */
class Interview {
  private readonly store: AnswerStore;
  private readonly history: string[] = [];
  /** after this question, back to the review (a question picked there) */
  private fixing = false;
  private current: string | undefined;
  private lastAsked: string | undefined;
  /** where the person was when they went into the review: Esc comes back here */
  private origin: string | undefined;
  private total: number;
  private readonly paces: number[] = [];
  private readonly conflicts: Conflict[] = [];
  /** carried answers the person skipped in this session: kept unconfirmed, not asked again in order */
  private readonly deferred = new Set<string>();

  constructor(private readonly o: InterviewOptions) {
    this.store = o.store;
    this.current = this.state().find((r) => isOpen(r, this.store.answers))?.question.id;
    this.total = progressOf(this.scored()).total;
  }

  private scored() {
    return scoreAssessment(this.o.questionnaires, this.store.answers);
  }

  private state() {
    return this.scored().questions;
  }

  private nextOpen(after: string | undefined): string | undefined {
    const qs = this.state();
    const from = after === undefined ? 0 : qs.findIndex((r) => r.question.id === after) + 1;
    return [...qs.slice(from), ...qs.slice(0, from)].find((r) => isOpen(r, this.store.answers, this.deferred))?.question
      .id;
  }

  private say(line: string): void {
    for (const l of wrap(line, Math.max(20, this.o.columns))) this.o.out(l + '\n');
  }

  private notices(): void {
    for (const n of this.store.takeNotices?.() ?? []) this.say(this.o.paint.dim(n));
  }

  async run(): Promise<End> {
    for (;;) {
      this.notices();
      await this.settleConflicts();
      const end = this.current === undefined ? await this.reviewAtEnd() : await this.askCurrent();
      if (end) return end;
    }
  }

  /** No question left to ask in order: the review, unless nothing is open. */
  private async reviewAtEnd(): Promise<End | undefined> {
    const groups = openGroups(this.state(), this.store.answers);
    if (!anyOpen(groups)) return 'finished';
    this.origin = this.lastAsked;
    const choice = await review(this.o, this.state(), this.lastAsked, this.origin, this.paces, this.deferred);
    if (choice.kind === 'finish') return 'finished';
    if (choice.kind === 'quit') return 'quit';
    if (choice.kind === 'ask') {
      this.current = choice.id;
      this.fixing = true;
    } else if (choice.kind === 'continue') {
      this.current = choice.from;
      this.fixing = false;
      this.origin = undefined;
      if (this.current === undefined) return 'finished';
    } else {
      this.current = this.lastAsked; // Esc at the end: back to the last question
      this.origin = undefined;
    }
    if (this.current === undefined) return 'finished';
    return undefined;
  }

  /** Asks the current question (or moves on when it no longer applies) and does what the person chose. */
  private async askCurrent(): Promise<End | undefined> {
    const qs = this.state();
    const r = qs.find((x) => x.question.id === this.current);
    if (!r || r.visibility !== 'visible') {
      this.current = this.nextOpen(this.current);
      return undefined;
    }
    this.lastAsked = this.current;
    const previous =
      this.history.at(-1) ??
      qs
        .slice(0, qs.indexOf(r))
        .reverse()
        .find((x) => x.visibility === 'visible')?.question.id;
    const existing = this.store.answers.get(r.question.id);
    const outcome = await this.ask(r, existing, previous !== undefined);
    return this.follow(outcome, r, existing, previous);
  }

  /** Asks question R; answers and skips are saved as the prompt closes, so its ✔ means "on disk". */
  private async ask(r: QuestionResult, existing: Answer | undefined, canGoBack: boolean): Promise<QuestionOutcome> {
    const { o } = this;
    const q = r.question;
    let saved = false;
    const save = (outcome: QuestionOutcome): boolean => {
      let written: boolean;
      if (outcome.kind === 'answer' && !needsReason(q, outcome.value))
        written = this.commit(q.id, { value: outcome.value, skipped: false, ...kept(existing) }); // confirmed: no `carried`
      else if (outcome.kind === 'skip' && existing?.carried !== undefined) {
        this.deferred.add(q.id); // a carried answer passed by stays as it is, unconfirmed
        written = true;
      } else if (outcome.kind === 'skip')
        written = this.commit(q.id, { value: null, skipped: true, ...kept(existing) });
      else return false;
      saved = true;
      return written; // ✔ only when the file holds it
    };
    const started = o.now?.();
    const outcome = await askOne(o, r, canGoBack, save, this.paces);
    if (outcome.kind === 'failed') throw outcome.error;
    if (!saved) save(outcome); // a prompter that did not call save
    if (started !== undefined && outcome.kind === 'answer') {
      const seconds = (o.now!() - started) / 1000;
      if (seconds >= 0 && seconds <= LONGEST_ANSWER) this.paces.push(seconds);
    }
    return outcome;
  }

  /** What the person chose at question R: the follow-up prompts, then where to go next. */
  private async follow(
    outcome: QuestionOutcome,
    r: QuestionResult,
    existing: Answer | undefined,
    previous: string | undefined,
  ): Promise<End | undefined> {
    const q = r.question;
    switch (outcome.kind) {
      case 'answer':
        await this.completeAnswer(q, existing, outcome.value);
        this.totals(r);
        return this.advance(q.id);
      case 'skip':
        this.totals(r);
        return this.advance(q.id);
      case 'back':
        this.history.pop();
        this.current = previous ?? this.current;
        this.fixing = false;
        return undefined;
      case 'note':
        await this.askNote(q, existing);
        return undefined; // ask the same question again
      case 'review': {
        if (!this.fixing) this.origin = q.id; // where Esc comes back to, however many fixes later
        const choice = await this.reviewAndGo(q.id);
        if (choice === 'finished' || choice === 'quit') return choice;
        return undefined;
      }
      case 'quit':
        return 'quit';
    }
    return undefined;
  }

  /** An answer given: the reason for a "not applicable", and the evidence for a claim that needs it. */
  private async completeAnswer(q: Question, existing: Answer | undefined, value: AnswerValue): Promise<void> {
    const commit = (a: Answer) => this.commit(q.id, a);
    if (needsReason(q, value)) {
      await askSaving(
        this.o,
        {
          message: 'Why does this not apply? (a short reason, kept in the report)',
          ...(existing?.note && { default: existing.note }),
          required: true,
        },
        (text) => {
          const note = text.trim();
          if (!note) return 'Please give a short reason';
          commit({ value, skipped: false, ...kept(existing, note) });
          return true;
        },
      );
    }
    if (needsEvidence(q, value).length) await askEvidence(this.o, q.id, value, commit);
  }

  /** The note and evidence of question Q; each prompt saves its own part, so a ✔ always means saved. */
  private async askNote(q: Question, existing: Answer | undefined): Promise<void> {
    // Enter accepts what is shown (the prompt gives back its default), so removing takes a word
    // a note is not a confirmation: a carried answer stays marked
    const base = () => ({
      value: existing?.value ?? null,
      skipped: existing?.skipped ?? false,
      ...(existing?.carried !== undefined && { carried: existing.carried }),
    });
    let note = existing?.note;
    const evidence = existing?.evidence ?? [];
    const save = (n: string | undefined, ev: readonly string[]) =>
      this.commit(q.id, { ...base(), ...(n && { note: n }), ...(ev.length && { evidence: [...ev] }) });
    await askSaving(
      this.o,
      {
        message: note ? `Note (Enter keeps it; ${REMOVE} removes it):` : 'Note (context, caveats; Enter for none):',
        ...(note && { default: note }),
      },
      (text) => {
        const t = text.trim();
        note = t === REMOVE ? undefined : t || undefined;
        save(note, evidence);
        return true;
      },
    );
    await askSaving(
      this.o,
      {
        message: evidence.length
          ? `Evidence (documents or links, separated by ;; Enter keeps it; ${REMOVE} removes it):`
          : 'Evidence (documents or links, separated by ;):',
        ...(evidence.length && { default: evidence.join('; ') }),
      },
      (text) => {
        save(note, text.trim() === REMOVE ? [] : splitEvidence(text));
        return true;
      },
    );
  }

  /** Saves; false when the file kept another program's answer to this question (asked about next). */
  private commit(id: string, answer: Answer): boolean {
    let result: void | StoreConflict;
    try {
      result = this.store.set(id, answer);
    } catch (e) {
      throw e instanceof SaveError ? e : new SaveError(e, (e as Error)?.message ?? String(e));
    }
    if (result && 'conflict' in result) {
      const i = this.conflicts.findIndex((c) => c.id === id);
      if (i >= 0) this.conflicts.splice(i, 1);
      this.conflicts.push({ id, mine: answer, theirs: result.conflict.theirs });
      return false;
    }
    return true;
  }

  /** The one line when an answer changes how many questions apply. */
  private totals(r: QuestionResult): void {
    const now = progressOf(this.scored()).total;
    if (now !== this.total)
      this.say(
        this.o.paint.dim(
          `${r.scored ? 'that answer changed what applies' : 'profile answered'}: ${now} questions now apply to you`,
        ),
      );
    this.total = now;
  }

  /** On to the next open question; a question picked in the review goes back to the review. */
  private async advance(id: string): Promise<End | undefined> {
    this.history.push(id);
    if (!this.fixing) {
      this.current = this.nextOpen(id);
      return undefined;
    }
    this.fixing = false;
    return this.reviewAndGo(id);
  }

  /** The review opened from question `here`: sets where to go next. */
  private async reviewAndGo(here: string): Promise<End | undefined> {
    this.notices();
    await this.settleConflicts();
    const choice = await review(this.o, this.state(), here, this.origin ?? here, this.paces, this.deferred);
    switch (choice.kind) {
      case 'finish':
        return 'finished';
      case 'quit':
        return 'quit';
      case 'ask':
        this.current = choice.id;
        this.fixing = true;
        return undefined;
      case 'continue':
        this.current = choice.from;
        this.fixing = false;
        this.origin = undefined;
        return undefined;
      case 'back':
        this.current = this.origin ?? here;
        this.fixing = false;
        this.origin = undefined;
        return undefined;
    }
  }

  /** One question, asked once per conflict: keep yours, keep theirs, or see both first. */
  private async settleConflicts(): Promise<void> {
    while (this.conflicts.length) await this.settleConflict(this.conflicts.shift()!);
  }

  private describe(id: string, a: Answer | null): string {
    return termLine(a === null ? 'no answer' : describeAnswer(this.o.questionnaires, id, a));
  }

  private async settleConflict(c: Conflict): Promise<void> {
    const { o } = this;
    const show = (a: Answer | null) => this.describe(c.id, a);
    for (;;) {
      let pick: 'mine' | 'theirs' | 'both';
      try {
        pick = await o.prompter.list<'mine' | 'theirs' | 'both'>(
          {
            message: `${termLine(showId(c.id))} was also changed by another program. Which answer stays?`,
            rows: [
              { name: `Keep yours: ${show(c.mine)}`, value: 'mine' },
              { name: `Keep theirs: ${show(c.theirs)}`, value: 'theirs' },
              { name: 'See both in full', value: 'both' },
            ],
            width: o.columns,
          },
          o.promptContext,
        );
      } catch (e) {
        this.keepTheirs(c);
        throw e;
      }
      if (pick === 'both') {
        this.say(`yours:  ${show(c.mine)}`);
        this.say(`theirs: ${show(c.theirs)}`);
        continue;
      }
      const keep = pick === 'mine' ? c.mine : c.theirs;
      if (keep) this.store.answers.set(c.id, keep);
      else this.store.answers.delete(c.id);
      this.store.resolve?.(c.id, keep);
      return;
    }
  }

  /** Stopped before choosing: the file keeps theirs, and yours is said, not dropped in silence. */
  private keepTheirs(c: Conflict): void {
    for (const left of [c, ...this.conflicts.splice(0)]) {
      if (left.theirs) this.store.answers.set(left.id, left.theirs);
      else this.store.answers.delete(left.id);
      this.say(
        `not saved: your answer to ${termLine(showId(left.id))} (${this.describe(left.id, left.mine)}); the file keeps the other program's (${this.describe(left.id, left.theirs)})`,
      );
    }
  }
}

/** "doc.pdf; https://…" → the references, trimmed, empty ones left out. */
function splitEvidence(text: string): string[] {
  return text
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** An answer in words, by the question's option labels. */
function describeAnswer(questionnaires: readonly Questionnaire[], id: string, a: Answer): string {
  if (a.skipped) return 'skipped';
  const q = questionnaires.flatMap((x) => x.sections.flatMap((s) => s.questions)).find((x) => x.id === id);
  const label = (v: unknown) => q?.options.find((x) => x.value === v)?.label ?? String(v);
  const value = Array.isArray(a.value) ? a.value.map(label).join('; ') || 'none of these' : label(a.value);
  return [value, a.note && `note: ${a.note}`, a.evidence?.length && `evidence: ${a.evidence.join('; ')}`]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The evidence for a claim, asked on one line at once: saved on Enter; Enter with nothing keeps
 * the answer and says it stays unevidenced.
 */
async function askEvidence(
  o: InterviewOptions,
  id: string,
  value: AnswerValue,
  commit: (a: Answer) => void,
): Promise<void> {
  const mark = o.fancy ? '◆' : '*';
  const before = o.store.answers.get(id);
  const width = Math.max(20, o.columns);
  for (const l of wrap(
    `${mark} Evidence needed: a document name, link or reference; several separated by ;`,
    width - 2,
  ))
    o.out(o.paint.dim(`  ${l}`) + '\n');
  let given: string[] = [];
  await askSaving(
    o,
    {
      message: 'Evidence (Enter with none: stays unevidenced):',
      ...(before?.evidence?.length && { default: before.evidence.join('; ') }),
    },
    (text) => {
      given = splitEvidence(text);
      const a = o.store.answers.get(id);
      commit({
        value,
        skipped: false,
        ...(a?.note && { note: a.note }),
        ...(given.length && { evidence: given }),
      });
      return true;
    },
  );
  if (!given.length)
    o.out(o.paint.yellow(fit('  recorded without evidence: it stays unevidenced (the review lists it)', width)) + '\n');
}

/**
 * A text prompt whose enter saves (`commit` returns true, or a message to show and stay). When
 * the save fails, the prompt shows why and closes, and the SaveError is thrown. Interrupted
 * (Ctrl-C, SIGTERM, the terminal closed), it saves what was typed so far before it ends.
 */
async function askSaving(
  o: InterviewOptions,
  config: Omit<TextConfig, 'validate' | 'onDraft'>,
  commit: (value: string) => true | string,
): Promise<string> {
  let failure: unknown;
  const stop = new AbortController();
  const outer = o.promptContext?.signal;
  const either = outer ? eitherSignal(outer, stop.signal) : { signal: stop.signal, dispose: () => {} };
  const signal = either.signal;
  // a default from the file is shown inert; accepted unchanged, the original text is kept
  const original = config.default;
  const shown = original === undefined ? undefined : termLine(original);
  const back = (value: string) => (shown !== undefined && value === shown ? original! : value);
  let draft = '';
  try {
    const got = await o.prompter.text(
      {
        ...config,
        ...(shown !== undefined && { default: shown }),
        validate: (value) => {
          try {
            return commit(back(value));
          } catch (e) {
            failure = e;
            setImmediate(() => stop.abort(e)); // after the prompt has shown the message
            return (e as Error)?.message ?? String(e);
          }
        },
        onDraft: (value) => {
          draft = value;
        },
      },
      { ...o.promptContext, signal },
    );
    return back(got);
  } catch (e) {
    if (!failure && isPromptInterrupt(e) && draft.trim() && draft !== shown) {
      try {
        commit(draft); // typed, not yet confirmed: kept all the same
      } catch {
        /* the interruption is what is reported */
      }
    }
    throw failure ?? e;
  } finally {
    either.dispose();
  }
}

/** The header's count: the scorer's, overall and for the question's module, and the time left once known. */
function countLine(o: InterviewOptions, r: QuestionResult, paces: readonly number[]): string {
  const result = scoreAssessment(o.questionnaires, o.store.answers);
  const all = progressOf(result);
  const mod = moduleProgress(result, r.questionnaire);
  const pct = all.total ? Math.floor((100 * all.answered) / all.total) : 0;
  const minutes = minutesLeft(paces, all.left);
  return [
    `${all.answered} of ${all.total} answered (${pct}%)`,
    // an unscored module (the profile) has no count of its own
    o.questionnaires.length > 1 && mod.total > 0 && `module ${mod.answered}/${mod.total}`,
    minutes !== null && `about ${minutes} min left`,
  ]
    .filter(Boolean)
    .join(' · ');
}

async function askOne(
  o: InterviewOptions,
  r: QuestionResult,
  canGoBack: boolean,
  save: (outcome: QuestionOutcome) => boolean,
  paces: readonly number[],
): Promise<QuestionOutcome> {
  const q = r.question;
  const a = o.store.answers.get(q.id);
  // everything shown comes from the questionnaire and answers files: through the terminal sink
  const width = Math.max(20, Math.min(o.columns, 100));
  const header = questionHeader(o, r, paces, width);
  const help = questionHelp(o, q);
  const extra = answerExtra(r, a);
  if (q.type === 'text' || q.type === 'number') return askFree(o, q, header, a, save);
  return o.prompter.question(
    {
      header,
      text: termProse(q.text),
      meta: questionMeta(q),
      ...(help && { help }),
      choices: choicesOf(q),
      multiple: q.type === 'multiple',
      current: a?.value ?? null,
      ...(extra && { extra }),
      canGoBack,
      width,
      ...(o.rows && { rows: o.rows }),
      paint: o.paint,
      fancy: o.fancy,
      save,
    },
    o.promptContext,
  );
}

/** Where the question is (questionnaire › section) and the count, on one line when they fit. */
function questionHeader(o: InterviewOptions, r: QuestionResult, paces: readonly number[], width: number): string[] {
  const head = `${termProse(r.questionnaire.title)} › ${termProse(r.section.title)}`;
  const progress = countLine(o, r, paces);
  return head.length + progress.length + 3 <= width
    ? [`${head}${' '.repeat(width - head.length - progress.length)}${progress}`]
    : [fit(head, width), fit(progress, width)];
}

/** The question's id, principles, and whether it is critical or not scored. */
function questionMeta(q: Question): string {
  return [
    termLine(showId(q.id)),
    q.ungp.length ? `UNGP ${q.ungp.join(', ')}` : '',
    q.critical ? 'critical' : '',
    q.weight === 0 ? 'not scored' : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The question's help: its text, the recommendation, and the principles with their titles. */
function questionHelp(o: InterviewOptions, q: Question): string {
  return [
    q.help && termBlock(q.help),
    q.recommendation && `If not yet in place: ${termBlock(q.recommendation)}`,
    q.ungp.length &&
      `Principles: ${q.ungp.map((n) => `${n} ${termProse(o.ungp?.items.find((i) => i.id === String(n))?.title ?? '')}`.trim()).join('; ')}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** `ict-impacts@1.0.0 IMP-17` → `Carried from 1.0.0 (IMP-17): confirm or change`. */
export function carriedLine(carried: string): string {
  const m = /^[a-z0-9][a-z0-9-]*@(\S+) (\S+)$/.exec(carried);
  return `Carried from ${termLine(m ? `${m[1]} (${m[2]})` : carried)}: confirm or change`;
}

/** What the answer already holds: where it was carried from, its note, its evidence and the answer itself. */
function answerExtra(r: QuestionResult, a: Answer | undefined): string {
  return [
    r.answered && a?.carried !== undefined && carriedLine(a.carried),
    a?.note && `note: ${termProse(a.note)}`,
    a?.evidence?.length && `evidence: ${a.evidence.map(termProse).join('; ')}`,
    r.answered && `current answer: ${termProse(answerText(r))}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function choicesOf(q: Question): QuestionChoice[] {
  return q.options.map((x) => ({
    label: termProse(x.label),
    value: x.value,
    ...(x.na && { na: true }),
    ...(x.evidenceRequired && { evidence: true }),
    ...(x.exclusive && { exclusive: true }),
    ...(x.description && { description: termProse(x.description) }),
  }));
}

async function askFree(
  o: InterviewOptions,
  q: Question,
  header: string[],
  a: Answer | undefined,
  save: (outcome: QuestionOutcome) => boolean,
): Promise<QuestionOutcome> {
  for (const h of header) o.out(o.paint.dim(h) + '\n');
  const def = a?.value !== null && a?.value !== undefined ? String(a.value) : undefined;
  let outcome: QuestionOutcome = { kind: 'skip' };
  await askSaving(
    o,
    { message: `${termProse(q.text)} (empty to skip)`, ...(def !== undefined && { default: def }) },
    (raw) => {
      const text = raw.trim();
      const n = Number(text);
      if (text && q.type === 'number' && !Number.isFinite(n)) return 'Please give a number (or leave it empty to skip)';
      outcome = !text ? { kind: 'skip' } : { kind: 'answer', value: q.type === 'number' ? n : text };
      save(outcome);
      return true;
    },
  );
  return outcome;
}

/**
 * The review: the actions first, then the groups that need something (skipped, unanswered,
 * unevidenced claims, N/A without a reason); a question picked is asked, then the review comes back.
 * `here` is the question just asked ("continue in order" goes on after it); `backTo` is where the
 * person was when they went into the review (Esc goes back there).
 */
async function review(
  o: InterviewOptions,
  qs: QuestionResult[],
  here: string | undefined,
  backTo: string | undefined,
  paces: readonly number[],
  deferred: ReadonlySet<string>,
): Promise<ReviewChoice> {
  const width = Math.max(20, Math.min(o.columns, 100));
  const g = openGroups(qs, o.store.answers);
  const result = scoreAssessment(o.questionnaires, o.store.answers);
  const all = progressOf(result);
  const nextInOrder = (() => {
    const from = here === undefined ? 0 : qs.findIndex((r) => r.question.id === here) + 1;
    return [...qs.slice(from), ...qs.slice(0, from)].find((r) => isOpen(r, o.store.answers, deferred))?.question.id;
  })();
  const rows = [...reviewActions(backTo, nextInOrder, all.left), ...reviewGroups(g)];
  const message = reviewMessage(qs, g, all, paces);
  // the same count for each module, on at most two lines
  const modules = o.questionnaires
    .map((q) => ({ q, p: moduleProgress(result, q) }))
    .filter((m) => m.p.total > 0)
    .map((m) => `${termLine(m.q.id)} ${m.p.answered}/${m.p.total}`);
  const intro = modules.length > 1 ? wrap(`by module: ${modules.join(' · ')}`, width - 2).slice(0, 2) : [];
  const rowsLeft = Math.max(5, (o.rows ?? 24) - 6 - intro.length);
  for (;;) {
    const pick = await o.prompter.list<string>(
      { message, ...(intro.length && { intro }), rows, width, pageSize: rowsLeft, escape: '\u0000back' },
      o.promptContext,
    );
    if (pick === '\u0000finish') return { kind: 'finish' };
    if (pick === '\u0000quit') return { kind: 'quit' };
    if (pick === '\u0000back') return { kind: 'back' };
    if (pick === '\u0000continue') return { kind: 'continue', from: nextInOrder };
    if (pick !== '\u0000jump') return { kind: 'ask', id: pick };
    const target = await o.prompter.list<string>(
      {
        message: 'Jump to which question? (type to filter, Esc back)',
        rows: jumpRows(qs),
        width,
        pageSize: rowsLeft,
        escape: '\u0000review',
        ...(here && { default: here }),
      },
      o.promptContext,
    );
    if (target !== '\u0000review') return { kind: 'ask', id: target };
  }
}

/** The review's actions, pinned at the top: back, continue in order, jump, finish, quit. */
function reviewActions(backTo: string | undefined, nextInOrder: string | undefined, left: number): ListRow<string>[] {
  const rows: Array<ListRow<string>> = [];
  if (backTo) rows.push({ name: `Back to ${termLine(showId(backTo))} (Esc)`, value: '\u0000back', pinned: true });
  if (nextInOrder)
    rows.push({
      name: `Continue in order from here (next: ${termLine(showId(nextInOrder))})`,
      value: '\u0000continue',
      pinned: true,
    });
  rows.push({ name: 'Jump to any question…', value: '\u0000jump', pinned: true });
  rows.push({
    name: left ? `Finish for now (${left} left; the score is provisional)` : 'Finish: score and write the reports',
    value: '\u0000finish',
    pinned: true,
  });
  rows.push({ name: 'Save and quit without the reports', value: '\u0000quit', pinned: true });
  return rows;
}

/** The groups of open questions: the short groups of things to fix first, the long list of unanswered after them. */
function reviewGroups(g: OpenGroups): ListRow<string>[] {
  const rows: Array<ListRow<string>> = [];
  const row = (r: QuestionResult) => `${termLine(showId(r.question.id))}  ${termProse(r.question.text)}`;
  const group = (title: string, list: QuestionResult[]) => {
    if (!list.length) return;
    rows.push({ heading: `${title} (${list.length})` });
    for (const r of list) rows.push({ name: row(r), value: r.question.id });
  };
  group('Carried from an earlier version, not yet confirmed', g.carried);
  group('Skipped', g.skipped);
  group('Unevidenced claims', g.unevidenced);
  group('N/A without a reason', g.naWithoutReason);
  group('Unanswered', g.unanswered);
  group('Not scored, not answered (profile and salience)', g.notScored);
  return rows;
}

/** The review's first line: the count, what waits, what is unevidenced, and the time left once known. */
function reviewMessage(
  qs: QuestionResult[],
  g: OpenGroups,
  all: ReturnType<typeof progressOf>,
  paces: readonly number[],
): string {
  const pending = qs.filter((r) => r.visibility === 'pending' && r.scored).length;
  const minutes = minutesLeft(paces, all.left);
  return [
    `Review · ${all.answered} of ${all.total} answered`,
    pending && `${pending} waiting on earlier answers`,
    g.unevidenced.length && `${g.unevidenced.length} unevidenced`,
    minutes !== null && `about ${minutes} min left`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Every visible question, by module and section, with its answer: the rows to jump to. */
function jumpRows(qs: QuestionResult[]): ListRow<string>[] {
  const every: Array<ListRow<string>> = [];
  let section: unknown;
  for (const r of qs.filter((x) => x.visibility === 'visible')) {
    if (r.section !== section) {
      section = r.section;
      every.push({ heading: `${termProse(r.questionnaire.title)} › ${termProse(r.section.title)}` });
    }
    every.push({
      name: `${termLine(showId(r.question.id))}  ${r.answered ? `[${clip(termProse(answerText(r)), 24)}] ` : ''}${termProse(r.question.text)}`,
      value: r.question.id,
    });
  }
  return every;
}
