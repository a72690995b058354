import type { Answer, Question, Questionnaire } from '../core/model.js';
import { scoreAssessment, type QuestionResult } from '../core/score.js';
import { answerText } from '../core/report-model.js';
import type { Framework } from '../core/framework.js';
import type { Paint } from '../render/paint.js';
import { termBlock, termLine, termProse } from '../render/inert.js';
import { clip } from '../render/terminal.js';
import { showId } from '../core/show.js';
import type { Prompter, PromptContext, QuestionChoice, QuestionOutcome, TextConfig } from './prompts.js';

/** Where answers go: the answers file, saved at once on every change. `set` throws when it could not save. */
export interface AnswerStore {
  answers: Map<string, Answer>;
  set(id: string, answer: Answer | null): void;
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
  promptContext?: PromptContext;
  /** the UN Guiding Principles framework, for the principles' titles in a question's help */
  ungp?: Pick<Framework, 'items'>;
}

const isOpen = (r: QuestionResult, answers: Map<string, Answer>) => {
  const a = answers.get(r.question.id);
  return r.visibility === 'visible' && !r.answered && !a?.skipped;
};

/**
 * The interview loop: asks the visible questions in order, the profile first; resumes at the first
 * visible question that is neither answered nor skipped; ends in a review of what is left.
 * Returns 'finished' or 'quit' (the person chose to stop; everything is saved either way).
 */
export async function interview(o: InterviewOptions): Promise<'finished' | 'quit'> {
  const { store } = o;
  const state = () => scoreAssessment(o.questionnaires, store.answers).questions;
  const history: string[] = [];
  let mode: 'sequence' | 'jump' = 'sequence';
  let current: string | undefined = state().find((r) => isOpen(r, store.answers))?.question.id;

  const nextOpen = (after: string | undefined): string | undefined => {
    const qs = state();
    const from = after === undefined ? 0 : qs.findIndex((r) => r.question.id === after) + 1;
    return [...qs.slice(from), ...qs.slice(0, from)].find((r) => isOpen(r, store.answers))?.question.id;
  };

  for (;;) {
    if (current === undefined) {
      const target = await review(o, state());
      if (target === 'finish') return 'finished';
      if (target === 'quit') return 'quit';
      current = target;
      mode = 'jump';
    }
    const qs = state();
    const r = qs.find((x) => x.question.id === current);
    if (!r || r.visibility !== 'visible') {
      current = nextOpen(current);
      continue;
    }
    const previous =
      history.at(-1) ??
      qs
        .slice(0, qs.indexOf(r))
        .reverse()
        .find((x) => x.visibility === 'visible')?.question.id;
    const q = r.question;
    const existing = store.answers.get(q.id);
    const commit = (answer: Answer) => {
      try {
        store.set(q.id, answer);
      } catch (e) {
        throw e instanceof SaveError ? e : new SaveError(e, (e as Error)?.message ?? String(e));
      }
    };
    const kept = (note = existing?.note) => ({
      ...(note && { note }),
      ...(existing?.evidence?.length && { evidence: existing.evidence }),
    });
    const needsReason = (value: unknown) =>
      (Array.isArray(value) ? value : [value]).some((v) => q.options.find((x) => x.value === v)?.na);
    // Answers and skips are saved as the prompt closes, so its ✔ means "on disk".
    let saved = false;
    const save = (outcome: QuestionOutcome): boolean => {
      if (outcome.kind === 'answer' && !needsReason(outcome.value))
        commit({ value: outcome.value, skipped: false, ...kept() });
      else if (outcome.kind === 'skip') commit({ value: null, skipped: true, ...kept() });
      else return false;
      return (saved = true);
    };
    const outcome = await askOne(o, r, qs, previous !== undefined, save);
    if (outcome.kind === 'failed') throw outcome.error;
    if (!saved) save(outcome); // a prompter that did not call save
    const advance = () => {
      history.push(q.id);
      current = mode === 'jump' ? undefined : nextOpen(q.id);
    };
    switch (outcome.kind) {
      case 'answer': {
        if (needsReason(outcome.value)) {
          await askSaving(
            o,
            {
              message: 'Why does this not apply? (a short reason, kept in the report)',
              ...(existing?.note && { default: existing.note }),
              required: true,
            },
            (text) => {
              const note = text.trim();
              if (!note) return 'Please give a short reason';
              commit({ value: outcome.value, skipped: false, ...kept(note) });
              return true;
            },
          );
        }
        advance();
        break;
      }
      case 'skip':
        advance();
        break;
      case 'back':
        history.pop();
        current = previous ?? current;
        mode = 'sequence';
        break;
      case 'note': {
        // each prompt saves its own part, so a ✔ always means saved
        const base = () => ({ value: existing?.value ?? null, skipped: existing?.skipped ?? false });
        let note: string | undefined;
        await askSaving(
          o,
          { message: 'Note (context, caveats; empty to remove):', ...(existing?.note && { default: existing.note }) },
          (text) => {
            note = text.trim() || undefined;
            commit({
              ...base(),
              ...(note && { note }),
              ...(existing?.evidence?.length && { evidence: existing.evidence }),
            });
            return true;
          },
        );
        await askSaving(
          o,
          {
            message: 'Evidence (documents or links, separated by ;):',
            ...(existing?.evidence?.length && { default: existing.evidence.join('; ') }),
          },
          (text) => {
            const ev = text
              .split(';')
              .map((x) => x.trim())
              .filter(Boolean);
            commit({ ...base(), ...(note && { note }), ...(ev.length && { evidence: ev }) });
            return true;
          },
        );
        break; // ask the same question again
      }
      case 'review': {
        const target = await review(o, qs);
        if (target === 'finish') return 'finished';
        if (target === 'quit') return 'quit';
        if (target !== 'continue') {
          current = target;
          mode = 'jump';
        }
        break;
      }
      case 'quit':
        return 'quit';
    }
  }
}

/**
 * A text prompt whose enter saves (`commit` returns true, or a message to show and stay). When
 * the save fails, the prompt shows why and closes, and the SaveError is thrown.
 */
async function askSaving(
  o: InterviewOptions,
  config: Omit<TextConfig, 'validate'>,
  commit: (value: string) => true | string,
): Promise<string> {
  let failure: unknown;
  const stop = new AbortController();
  const outer = o.promptContext?.signal;
  const either = outer ? eitherSignal(outer, stop.signal) : { signal: stop.signal, dispose: () => {} };
  const signal = either.signal;
  try {
    // a default from the file is shown inert; accepted unchanged, the original text is kept
    const original = config.default;
    const shown = original === undefined ? undefined : termLine(original);
    const back = (value: string) => (shown !== undefined && value === shown ? original! : value);
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
      },
      { ...o.promptContext, signal },
    );
    return back(got);
  } catch (e) {
    throw failure ?? e;
  } finally {
    either.dispose();
  }
}

async function askOne(
  o: InterviewOptions,
  r: QuestionResult,
  qs: QuestionResult[],
  canGoBack: boolean,
  save: (outcome: QuestionOutcome) => boolean,
): Promise<QuestionOutcome> {
  const q = r.question;
  const visible = qs.filter((x) => x.visibility === 'visible');
  const position = visible.findIndex((x) => x.question === q) + 1;
  const done = visible.filter((x) => x.answered).length;
  const total = visible.length + qs.filter((x) => x.visibility === 'pending').length;
  const pct = total ? Math.floor((100 * done) / total) : 0;
  const a = o.store.answers.get(q.id);
  // everything shown comes from the questionnaire and answers files: through the terminal sink
  const head = `${termProse(r.questionnaire.title)} › ${termProse(r.section.title)}`;
  const progress = `Question ${position} of ${visible.length} · ${pct}% done`;
  const width = Math.min(o.columns, 100);
  const header =
    head.length + progress.length + 3 <= width
      ? [`${head}${' '.repeat(width - head.length - progress.length)}${progress}`]
      : [head, progress];
  const meta = [
    termLine(showId(q.id)),
    q.ungp.length ? `UNGP ${q.ungp.join(', ')}` : '',
    q.critical ? 'critical' : '',
    q.weight === 0 ? 'not scored' : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const help = [
    q.help && termBlock(q.help),
    q.recommendation && `If not yet in place: ${termBlock(q.recommendation)}`,
    q.ungp.length &&
      `Principles: ${q.ungp.map((n) => `${n} ${termProse(o.ungp?.items.find((i) => i.id === String(n))?.title ?? '')}`.trim()).join('; ')}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  const extra = [
    a?.note && `note: ${termProse(a.note)}`,
    a?.evidence?.length && `evidence: ${a.evidence.map(termProse).join('; ')}`,
    r.answered && `current answer: ${termProse(answerText(r))}`,
  ]
    .filter(Boolean)
    .join(' · ');
  if (q.type === 'text' || q.type === 'number') return askFree(o, q, header, a, save);
  const choices: QuestionChoice[] = q.options.map((x) => ({
    label: termProse(x.label),
    value: x.value,
    ...(x.na && { na: true }),
  }));
  return o.prompter.question(
    {
      header,
      text: termProse(q.text),
      meta,
      ...(help && { help }),
      choices,
      multiple: q.type === 'multiple',
      current: a?.value ?? null,
      ...(extra && { extra }),
      canGoBack,
      width,
      paint: o.paint,
      fancy: o.fancy,
      save,
    },
    o.promptContext,
  );
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

/** Lists what is skipped or unanswered; lets the person jump to any question, or finish. */
async function review(o: InterviewOptions, qs: QuestionResult[]): Promise<string | 'finish' | 'quit' | 'continue'> {
  const open = qs.filter((r) => r.visibility === 'visible' && !r.answered);
  const pending = qs.filter((r) => r.visibility === 'pending');
  const short = (t: string) => clip(t, 60);
  const choices: Array<{ name: string; value: string; description?: string } | 'separator'> = open.map((r) => ({
    name: `${o.store.answers.get(r.question.id)?.skipped ? 'skipped   ' : 'unanswered'} ${termLine(showId(r.question.id))}  ${short(r.question.text)}`,
    value: r.question.id,
  }));
  if (choices.length) choices.push('separator');
  choices.push({ name: 'Jump to any question…', value: '\u0000jump' });
  choices.push({
    name: open.length
      ? `Finish for now (${open.length} left; the score is provisional)`
      : 'Finish: score and write the reports',
    value: '\u0000finish',
  });
  choices.push({ name: 'Save and quit without the reports', value: '\u0000quit' });
  const message = `Review: ${open.filter((r) => o.store.answers.get(r.question.id)?.skipped).length} skipped, ${open.filter((r) => !o.store.answers.get(r.question.id)?.skipped).length} unanswered${pending.length ? `, ${pending.length} waiting on them` : ''}`;
  const pick = await o.prompter.choose({ message, choices }, o.promptContext);
  if (pick === '\u0000finish') return 'finish';
  if (pick === '\u0000quit') return 'quit';
  if (pick !== '\u0000jump') return pick;
  const all = qs.filter((r) => r.visibility === 'visible');
  return o.prompter.choose(
    {
      message: 'Jump to which question? (type to search)',
      pageSize: 15,
      choices: all.map((r) => ({
        name: `${termLine(showId(r.question.id))}  ${r.answered ? `[${clip(answerText(r), 24)}] ` : ''}${short(r.question.text)}`,
        value: r.question.id,
      })),
    },
    o.promptContext,
  );
}
