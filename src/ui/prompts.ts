// The only module that imports the prompt library: replacing it touches this file alone.
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isSpaceKey,
  isUpKey,
  makeTheme,
  usePrefix,
  useRef,
  useState,
  useKeypress,
} from '@inquirer/core';
import { checkbox, input, select, Separator } from '@inquirer/prompts';
import { sameValue as same, type OptionValue } from '../core/model.js';
import type { Paint } from '../render/paint.js';
import { paintFor } from '../render/paint.js';
import type { KeyQueue } from './keys.js';

export type QuestionAction = 'help' | 'note' | 'skip' | 'back' | 'review' | 'quit';

export interface QuestionChoice {
  label: string;
  value: OptionValue;
  na?: boolean;
}

export interface QuestionPromptConfig {
  /** dim lines above the question: module › section, progress */
  header: string[];
  text: string;
  /** e.g. "UNGP 16, 17 · critical" */
  meta: string;
  help?: string;
  choices: QuestionChoice[];
  multiple: boolean;
  /** the current answer, pre-selected */
  current?: OptionValue | OptionValue[] | null;
  /** a line about the note and evidence given */
  extra?: string;
  canGoBack: boolean;
  width: number;
  paint: Paint;
  fancy: boolean;
  /**
   * Saves what the key chose as the prompt closes, so ✔ appears only once it is on disk: returns
   * true when it saved, false when there is nothing to save (yet); throws when the save failed,
   * which the prompt shows (✘ not saved) and reports as the outcome `failed`.
   */
  save?: (outcome: QuestionOutcome) => boolean;
}

export type QuestionOutcome =
  | { kind: 'answer'; value: OptionValue | OptionValue[] }
  | { kind: Exclude<QuestionAction, 'help'> }
  | { kind: 'failed'; error: unknown };

export interface PromptContext {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  signal?: AbortSignal;
  clearPromptOnDone?: boolean;
}

/** Wraps text to `width` columns, indenting continuation lines. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && (line + ' ' + w).length > width) {
      lines.push(line);
      line = indent + w;
    } else line = line ? line + ' ' + w : w;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * One question: a digit answers at once (or toggles, for a multiple), arrows and Enter work too;
 * letters act: h help, n note/evidence, s skip, b back, r review, q save and quit.
 */
export const questionPrompt = createPrompt<QuestionOutcome, QuestionPromptConfig>((config, done) => {
  const { paint: p, choices, multiple } = config;
  const initialSelected = Array.isArray(config.current) ? config.current : [];
  const initialCursor = Math.max(
    0,
    choices.findIndex((c) => (Array.isArray(config.current) ? false : same(c.value, config.current))),
  );
  const [cursor, setCursor] = useState(initialCursor);
  const [selected, setSelected] = useState<OptionValue[]>(initialSelected);
  const [showHelp, setShowHelp] = useState(false);
  const [status, setStatus] = useState<'idle' | 'saved' | 'unsaved' | 'failed'>('idle');
  const [summary, setSummary] = useState('');
  const closed = useRef(false);
  const fancy = config.fancy;
  const prefix = usePrefix({
    status: status === 'idle' ? 'idle' : 'done',
    theme: makeTheme({
      prefix: {
        idle: p.bold('?'),
        done:
          status === 'saved'
            ? p.green(fancy ? '✔' : '>')
            : status === 'failed'
              ? p.red(fancy ? '✘' : 'x')
              : p.dim(fancy ? '›' : '-'),
      },
    }),
  });

  const finish = (outcome: QuestionOutcome, text: string) => {
    closed.current = true;
    let result = outcome;
    let shown: 'saved' | 'unsaved' | 'failed' = 'unsaved';
    try {
      if (config.save?.(outcome)) shown = 'saved';
    } catch (error) {
      shown = 'failed';
      result = { kind: 'failed', error };
      text = `${text} — ${(error as Error)?.message ?? String(error)}`;
    }
    setSummary(text);
    setStatus(shown);
    done(result);
  };
  const toggle = (i: number) => {
    const v = choices[i]!.value;
    if (selected.some((s) => same(s, v))) setSelected(selected.filter((s) => !same(s, v)));
    else if (choices[i]!.na)
      setSelected([v]); // N/A stands alone
    else setSelected([...selected.filter((s) => !choices.find((c) => same(c.value, s))?.na), v]);
  };

  useKeypress((key, rl) => {
    if (closed.current) return; // answered: a further key belongs to the next prompt
    const ch = (rl.line || key.name || '').slice(-1).toLowerCase();
    rl.clearLine(0);
    if (isUpKey(key)) setCursor((cursor - 1 + choices.length) % choices.length);
    else if (isDownKey(key)) setCursor((cursor + 1) % choices.length);
    else if (/^[1-9]$/.test(ch) && Number(ch) <= choices.length) {
      const i = Number(ch) - 1;
      if (multiple) {
        setCursor(i);
        toggle(i);
      } else finish({ kind: 'answer', value: choices[i]!.value }, choices[i]!.label);
    } else if (multiple && isSpaceKey(key)) toggle(cursor);
    else if (isEnterKey(key)) {
      if (!multiple) finish({ kind: 'answer', value: choices[cursor]!.value }, choices[cursor]!.label);
      else {
        const ordered = choices.filter((c) => selected.some((s) => same(s, c.value)));
        finish(
          { kind: 'answer', value: ordered.map((c) => c.value) },
          ordered.map((c) => c.label).join('; ') || 'None of these',
        );
      }
    } else if (ch === 'h' || ch === '?') setShowHelp(!showHelp);
    else if (ch === 'n') finish({ kind: 'note' }, 'note and evidence…');
    else if (ch === 's') finish({ kind: 'skip' }, 'skipped');
    else if (ch === 'b' && config.canGoBack) finish({ kind: 'back' }, 'back');
    else if (ch === 'r') finish({ kind: 'review' }, 'review…');
    else if (ch === 'q') finish({ kind: 'quit' }, 'save and quit');
  });

  const width = Math.max(40, config.width);
  const lines: string[] = [];
  for (const h of config.header) lines.push(p.dim(h));
  const text = wrap(config.text, width - 2, '  ');
  if (status !== 'idle') {
    const paintSummary = status === 'saved' ? p.green : status === 'failed' ? p.red : (x: string) => x;
    return `${prefix} ${text.join('\n')}\n${wrap(summary, width - 2)
      .map((l) => `  ${paintSummary(l)}`)
      .join('\n')}`;
  }
  lines.push(`${prefix} ${p.bold(text[0] ?? '')}`, ...text.slice(1).map((l) => p.bold(l)));
  if (config.meta) lines.push(p.dim(`  ${config.meta}`));
  choices.forEach((c, i) => {
    const here = i === cursor;
    const mark = multiple
      ? (selected.some((s) => same(s, c.value)) ? (config.fancy ? '◉' : '[x]') : config.fancy ? '◯' : '[ ]') + ' '
      : '';
    const num = i < 9 ? `${i + 1}.` : '  ';
    const body = wrap(`${mark}${c.label}`, width - 7, '      ');
    const pointer = here ? (config.fancy ? '❯' : '>') : ' ';
    const first = `${pointer} ${num} ${body[0]}`;
    lines.push(here ? p.bold(first) : first, ...body.slice(1));
  });
  if (showHelp) {
    lines.push('');
    (config.help ?? 'No help text for this question.').split(/\n\s*\n/).forEach((para, i) => {
      if (i) lines.push('');
      for (const l of wrap(para, width - 2, '  ')) lines.push(`  ${l.trimStart()}`);
    });
  }
  if (config.extra) lines.push(p.dim(`  ${config.extra}`));
  const keys = [
    multiple ? '1-9/space tick, enter confirm' : '1-9 or enter answer',
    `h ${showHelp ? 'hide help' : 'help'}`,
    'n note/evidence',
    's skip',
    ...(config.canGoBack ? ['b back'] : []),
    'r review',
    'q quit',
  ];
  lines.push(p.dim(wrap(keys.join(' · '), width, '').join('\n')));
  return lines.join('\n');
});

export interface TextConfig {
  message: string;
  default?: string;
  required?: boolean;
  /**
   * Runs on enter: true accepts the value, a string is shown as an error and the prompt stays. A
   * prompt with `validate` is one that saves (its validation is the save): only it shows ✔.
   */
  validate?: (value: string) => true | string;
}

export interface Prompter {
  question(config: QuestionPromptConfig, ctx?: PromptContext): Promise<QuestionOutcome>;
  text(config: TextConfig, ctx?: PromptContext): Promise<string>;
  choose<T>(
    config: {
      message: string;
      choices: Array<{ name: string; value: T; description?: string } | 'separator'>;
      pageSize?: number;
      default?: T;
    },
    ctx?: PromptContext,
  ): Promise<T>;
  pick<T>(
    config: { message: string; choices: Array<{ name: string; value: T; checked?: boolean }>; required?: boolean },
    ctx?: PromptContext,
  ): Promise<T[]>;
}

const id = (s: string) => s;
/** A theme without colour, for NO_COLOR and --no-color. */
const plainStyle = {
  answer: id,
  message: id,
  error: id,
  help: id,
  highlight: id,
  description: id,
  disabled: id,
  defaultAnswer: id,
  key: id,
};

/**
 * The prompts of a real terminal. With `keys`, every prompt reads from the session's key queue
 * (type-ahead goes to the next prompt, one key at a time); ✔ marks only prompts that saved.
 */
export function createPrompter(color: boolean, keys?: KeyQueue): Prompter {
  const p = paintFor(color);
  const theme = (saves: boolean) =>
    color
      ? { prefix: { done: saves ? p.green('✔') : p.dim('›') } }
      : { style: plainStyle, prefix: { idle: '?', done: saves ? '>' : '-' } };
  const via = <T>(ctx: PromptContext | undefined, run: (ctx: PromptContext | undefined) => Promise<T>): Promise<T> => {
    if (!keys) return run(ctx);
    const queued = keys.attach();
    return run({ ...ctx, input: queued }).finally(() => keys.release(queued));
  };
  return {
    question: (config, ctx) => via(ctx, (c) => questionPrompt(config, c)),
    text: (config, ctx) =>
      via(ctx, (c) =>
        input(
          {
            message: config.message,
            ...(config.default !== undefined && { default: config.default }),
            required: config.required ?? false,
            ...(config.validate && { validate: config.validate }),
            theme: theme(Boolean(config.validate)),
          },
          c,
        ),
      ),
    choose: (config, ctx) =>
      via(ctx, (c) =>
        select(
          {
            message: config.message,
            pageSize: config.pageSize ?? 12,
            loop: false,
            ...(config.default !== undefined && { default: config.default }),
            choices: config.choices.map((ch) => (ch === 'separator' ? new Separator() : ch)),
            theme: theme(false),
          },
          c,
        ),
      ),
    pick: (config, ctx) =>
      via(ctx, (c) =>
        checkbox(
          {
            message: config.message,
            choices: config.choices,
            required: config.required ?? false,
            loop: false,
            theme: theme(false),
          },
          c,
        ),
      ),
  };
}

/** The prompt library's errors for Ctrl-C, closed input and an abort signal. */
export function isPromptInterrupt(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}
