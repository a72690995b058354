// The only module that imports the prompt library: replacing it touches this file alone.
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isSpaceKey,
  isBackspaceKey,
  isUpKey,
  makeTheme,
  usePrefix,
  useRef,
  useState,
  useKeypress,
  type KeypressEvent,
} from '@inquirer/core';
import { checkbox, input } from '@inquirer/prompts';
import { sameValue as same, type OptionValue } from '../core/model.js';
import type { Paint } from '../render/paint.js';
import { paintFor } from '../render/paint.js';
import type { KeyQueue } from './keys.js';

export type QuestionAction = 'help' | 'note' | 'skip' | 'back' | 'review' | 'quit';

export interface QuestionChoice {
  label: string;
  value: OptionValue;
  na?: boolean;
  /** choosing it asks for evidence: marked in the list */
  evidence?: boolean;
  /** cannot be ticked with others ("None of these") */
  exclusive?: boolean;
  /** shown under the list while the option is highlighted */
  description?: string;
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
  /** the terminal's height: a long help is paged to keep the question and options in view */
  rows?: number;
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

/** Wraps text to `width` columns, indenting continuation lines; a word longer than a line is cut. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const room = Math.max(1, width - indent.length);
  const words = text
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .flatMap((w) => (w.length <= room ? [w] : (w.match(new RegExp(`.{1,${room}}`, 'gu')) ?? [w])));
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

/** Cuts a line to `width` columns, ending it with … when cut. */
export function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : chars.slice(0, Math.max(0, width - 1)).join('') + '…';
}

/**
 * Lays key hints out in whole items: the long words when they fit on one line, else the short
 * words on one line, else the short words on as many lines as needed — never a wrapped fragment.
 */
export function hintLines(items: ReadonlyArray<readonly [long: string, short: string]>, width: number): string[] {
  const sep = ' · ';
  const long = items.map(([l]) => l).join(sep);
  if (long.length <= width) return [long];
  const short = items.map(([, s]) => s);
  const lines: string[] = [];
  let line = '';
  for (const item of short) {
    if (line && (line + sep + item).length > width) {
      lines.push(line);
      line = item;
    } else line = line ? line + sep + item : item;
  }
  if (line) lines.push(line);
  return lines.map((l) => fit(l, width));
}

/** How many lines a highlighted option's description may take. */
const DESCRIPTION_LINES = 3;

/**
 * One question: a digit answers at once (or toggles, for a multiple), arrows and Enter work too;
 * letters act: h help (paged when long), n note/evidence, s skip, b back, r review, q save and quit.
 * Every line fits `width`.
 */
export const questionPrompt = createPrompt<QuestionOutcome, QuestionPromptConfig>((config, done) => {
  const { paint: p, choices, multiple } = config;
  const [cursor, setCursor] = useState(initialCursor(config));
  const [selected, setSelected] = useState<OptionValue[]>(Array.isArray(config.current) ? config.current : []);
  /** -1: help hidden; else the page of help shown */
  const [helpPage, setHelpPage] = useState(-1);
  const [status, setStatus] = useState<QuestionStatus>('idle');
  const [summary, setSummary] = useState('');
  const closed = useRef(false);
  /** the first option shown when they do not all fit: the window moves only when the cursor leaves it */
  const top = useRef(0);
  const prefix = usePrefix({
    status: status === 'idle' ? 'idle' : 'done',
    theme: makeTheme({ prefix: { idle: p.bold('?'), done: doneMark(status, p, config.fancy) } }),
  });
  const width = Math.max(20, config.width);
  const rows = Math.max(12, config.rows ?? 24);
  const layout = layQuestion(config, { width, rows, cursor, selected, helpPage, top: top.current });
  top.current = layout.window.start;

  const finish = closer(config, closed, setSummary, setStatus, done);
  const toggle = toggler(choices, selected, setSelected);
  const confirm = () => finish(...confirmed(config, cursor, selected));

  useKeypress((key, rl) => {
    if (closed.current) return; // answered: a further key belongs to the next prompt
    const ch = (rl.line || key.name || '').slice(-1).toLowerCase();
    rl.clearLine(0);
    const to = moved(key, cursor, choices.length, layout.window);
    if (to) {
      top.current = to.top;
      setCursor(to.cursor);
    } else if (/^[1-9]$/.test(ch) && Number(ch) <= choices.length) {
      const i = Number(ch) - 1;
      if (multiple) {
        setCursor(i);
        toggle(i);
      } else finish({ kind: 'answer', value: choices[i]!.value }, choices[i]!.label);
    } else if (multiple && isSpaceKey(key)) toggle(cursor);
    else if (isEnterKey(key)) confirm();
    else if (ch === 'h' || ch === '?') setHelpPage(helpPage + 1 >= layout.pages ? -1 : helpPage + 1);
    else if (key.name === 'escape' && helpPage >= 0) setHelpPage(-1);
    else {
      const action = LETTER_ACTIONS[ch];
      if (action && (action[0] !== 'back' || config.canGoBack)) finish({ kind: action[0] }, action[1]);
    }
  });

  if (status !== 'idle') return answeredView(prefix, layout.text, summary, status, p, width);
  return questionView(config, prefix, layout, helpPage, width);
});

/** What Enter answers, and the words shown for it: the cursor's option, or a multiple's ticks. */
function confirmed(config: QuestionPromptConfig, cursor: number, selected: OptionValue[]): [QuestionOutcome, string] {
  const { choices } = config;
  if (!config.multiple) return [{ kind: 'answer', value: choices[cursor]!.value }, choices[cursor]!.label];
  const ordered = choices.filter((c) => selected.some((s) => same(s, c.value)));
  return [
    { kind: 'answer', value: ordered.map((c) => c.value) },
    ordered.map((c) => c.label).join('; ') || 'None of these',
  ];
}

/**
 * Where a moving key takes the cursor, and the window's first option: ↑↓ one option (round),
 * PageUp/PageDown a window's worth of options (the window scrolls as far), Home/End the first and
 * last; undefined for any other key.
 */
function moved(
  key: KeypressEvent,
  cursor: number,
  count: number,
  window: { start: number; end: number },
): { cursor: number; top: number } | undefined {
  const page = Math.max(1, window.end - window.start);
  const by = (to: number) => ({ cursor: to, top: Math.max(0, window.start + to - cursor) });
  if (isUpKey(key)) return { cursor: (cursor - 1 + count) % count, top: window.start };
  if (isDownKey(key)) return { cursor: (cursor + 1) % count, top: window.start };
  if (key.name === 'pageup') return by(Math.max(0, cursor - page));
  if (key.name === 'pagedown') return by(Math.min(count - 1, cursor + page));
  if (key.name === 'home') return { cursor: 0, top: 0 };
  if (key.name === 'end') return { cursor: count - 1, top: count - 1 };
  return undefined;
}

type QuestionStatus = 'idle' | 'saved' | 'unsaved' | 'failed';

/** The letters that close the question, with what they choose and the words shown for it. */
const LETTER_ACTIONS: Record<string, [Exclude<QuestionAction, 'help'>, string]> = {
  n: ['note', 'note and evidence…'],
  s: ['skip', 'skipped'],
  b: ['back', 'back'],
  r: ['review', 'review…'],
  q: ['quit', 'save and quit'],
};

/** Closes the question with an outcome, saving it first: the mark shown says whether it is on disk. */
function closer(
  config: QuestionPromptConfig,
  closed: { current: boolean },
  setSummary: (text: string) => void,
  setStatus: (status: QuestionStatus) => void,
  done: (outcome: QuestionOutcome) => void,
): (outcome: QuestionOutcome, text: string) => void {
  return (outcome, text) => {
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
}

/** Ticks or unticks option i of a multiple; N/A and an exclusive option stand alone. */
function toggler(
  choices: QuestionChoice[],
  selected: OptionValue[],
  setSelected: (selected: OptionValue[]) => void,
): (i: number) => void {
  const alone = (c: QuestionChoice | undefined) => Boolean(c?.na || c?.exclusive);
  return (i) => {
    const v = choices[i]!.value;
    if (selected.some((s) => same(s, v))) setSelected(selected.filter((s) => !same(s, v)));
    else if (alone(choices[i]))
      setSelected([v]); // N/A and an exclusive option stand alone
    else setSelected([...selected.filter((s) => !alone(choices.find((c) => same(c.value, s)))), v]);
  };
}

/** The option the cursor starts on: the current answer of a single choice, else the first. */
function initialCursor(config: QuestionPromptConfig): number {
  return Math.max(
    0,
    config.choices.findIndex((c) => (Array.isArray(config.current) ? false : same(c.value, config.current))),
  );
}

/** The mark of a closed question: ✔ saved, ✘ failed, › nothing saved. */
function doneMark(status: QuestionStatus, p: Paint, fancy: boolean): string {
  return status === 'saved'
    ? p.green(fancy ? '✔' : '>')
    : status === 'failed'
      ? p.red(fancy ? '✘' : 'x')
      : p.dim(fancy ? '›' : '-');
}

/**
 * The lines of an open question. The help gets the room the rest leaves, in pages (the options
 * keep a few lines); the options get what is left after that: when they do not all fit, a window
 * of whole options around the cursor, with a line saying how many are above and below it.
 */
interface QuestionLayout {
  text: string[];
  /** every option's lines, whether shown or not */
  blocks: string[][];
  /** the options shown: start to end (excluded) */
  window: { start: number; end: number };
  descLines: string[];
  extraLines: string[];
  /** the help page shown (none when hidden) */
  page: string[];
  pages: number;
  hints: string[];
}

/** What the layout of an open question depends on besides its config. */
interface QuestionView {
  width: number;
  rows: number;
  cursor: number;
  selected: OptionValue[];
  helpPage: number;
  /** the window's first option at the last render */
  top: number;
}

/** The option lines the help leaves, at least: the cursor's option and a line of context each side. */
const OPTION_LINES_WITH_HELP = 6;

/** What the answer already holds takes at most this many lines, so the options keep the screen. */
const MAX_EXTRA_LINES = 3;

function extraLinesOf(extra: string | undefined, width: number): string[] {
  const lines = extra ? wrap(extra, width - 2, '') : [];
  if (lines.length <= MAX_EXTRA_LINES) return lines.map((l) => `  ${l}`);
  const kept = lines.slice(0, MAX_EXTRA_LINES);
  kept[MAX_EXTRA_LINES - 1] = fit(`${kept[MAX_EXTRA_LINES - 1]!} …`, width - 2);
  return kept.map((l) => `  ${l}`);
}

function layQuestion(config: QuestionPromptConfig, v: QuestionView): QuestionLayout {
  const { width } = v;
  const helpLines = helpLinesOf(config.help, width);
  const text = wrap(config.text, width - 2, '  ');
  const blocks = optionBlocks(config, width, v.cursor, v.selected);
  const descLines = descriptionLines(config.choices[v.cursor]?.description, width);
  const extraLines = extraLinesOf(config.extra, width);
  const optionLines = blocks.reduce((n, b) => n + b.length, 0);
  // one row stays free, so the question never touches the terminal's last line
  const room =
    v.rows - 1 - config.header.length - text.length - (config.meta ? 1 : 0) - descLines.length - extraLines.length;
  const hintsOf = (shown: boolean, more: boolean, windowed: boolean) =>
    hintLines(questionKeys(config, shown, more, windowed), width);
  const helpRoom = Math.max(
    3,
    room - hintsOf(true, true, true).length - 1 - Math.min(optionLines, OPTION_LINES_WITH_HELP),
  );
  const pages = Math.max(1, Math.ceil(helpLines.length / helpRoom));
  const shown = v.helpPage >= 0;
  const more = shown && v.helpPage + 1 < pages;
  const page = shown ? helpLines.slice(v.helpPage * helpRoom, (v.helpPage + 1) * helpRoom) : [];
  const helpPanel = shown ? 1 + page.length : 0;
  const windowed = optionLines > room - helpPanel - hintsOf(shown, more, false).length;
  const hints = hintsOf(shown, more, windowed);
  const heights = blocks.map((b) => b.length);
  const window = optionWindow(heights, v.cursor, v.top, room - helpPanel - hints.length);
  return { text, blocks, window, descLines, extraLines, page, pages, hints };
}

/** The help, wrapped, its paragraphs apart. */
function helpLinesOf(help: string | undefined, width: number): string[] {
  const helpLines: string[] = [];
  (help ?? 'No help text for this question.').split(/\n\s*\n/).forEach((para, i) => {
    if (i) helpLines.push('');
    for (const l of wrap(para, width - 2, '')) helpLines.push(`  ${l}`);
  });
  return helpLines;
}

/**
 * The options shown in `room` lines, given each option's height: all when they fit; else whole
 * options from `top` (or from the cursor, when it went above), or ending at the cursor when it went
 * below, with a line for "more above" and one for "more below" where there are any. The cursor's
 * option is always shown, even when it alone is taller than the room.
 */
function optionWindow(heights: number[], cursor: number, top: number, room: number): { start: number; end: number } {
  const n = heights.length;
  const fits = (start: number, end: number) =>
    heights.slice(start, end).reduce((a, b) => a + b, 0) + (start > 0 ? 1 : 0) + (end < n ? 1 : 0) <= room;
  const grow = (start: number, end: number) => {
    while (end < n && fits(start, end + 1)) end++;
    return end;
  };
  if (fits(0, n)) return { start: 0, end: n };
  let start = Math.max(0, Math.min(top, cursor));
  let end = grow(start, start);
  if (end <= cursor) {
    start = cursor;
    end = cursor + 1;
  }
  while (start > 0 && fits(start - 1, end)) start--;
  return { start, end: Math.max(grow(start, end), start + 1) };
}

/**
 * Each option's lines, numbered by its real number (aligned: " 9." and "14."), with the cursor,
 * the ticks of a multiple and the evidence mark.
 */
function optionBlocks(
  config: QuestionPromptConfig,
  width: number,
  cursor: number,
  selected: OptionValue[],
): string[][] {
  const { paint: p, fancy, multiple } = config;
  const evidenceMark = fancy ? '◆' : '*';
  const numWidth = String(config.choices.length).length + 1;
  const lead = numWidth + 3;
  return config.choices.map((c, i) => {
    const here = i === cursor;
    const mark = multiple
      ? (selected.some((s) => same(s, c.value)) ? (fancy ? '◉' : '[x]') : fancy ? '◯' : '[ ]') + ' '
      : '';
    const num = `${i + 1}.`.padStart(numWidth);
    const body = wrap(`${mark}${c.label}${c.evidence ? ` ${evidenceMark}` : ''}`, width - lead, ' '.repeat(lead + 1));
    const pointer = here ? (fancy ? '❯' : '>') : ' ';
    const first = `${pointer} ${num} ${body[0]}`;
    return [here ? p.bold(first) : first, ...body.slice(1)];
  });
}

/** The highlighted option's description, at most DESCRIPTION_LINES lines. */
function descriptionLines(description: string | undefined, width: number): string[] {
  const descLines = description ? wrap(description, width - 4, '').map((l) => `    ${l}`) : [];
  if (descLines.length > DESCRIPTION_LINES) {
    descLines.length = DESCRIPTION_LINES;
    descLines[DESCRIPTION_LINES - 1] = fit(descLines[DESCRIPTION_LINES - 1]! + ' …', width);
  }
  return descLines;
}

/**
 * The key hints, long and short words, for whether the help is shown and has more pages, and
 * whether the options are windowed (options past 9 are reached with the arrows and the page keys).
 */
function questionKeys(
  config: QuestionPromptConfig,
  helpShown: boolean,
  more: boolean,
  windowed: boolean,
): Array<[string, string]> {
  const evidenceMark = config.fancy ? '◆' : '*';
  const hasEvidence = config.choices.some((c) => c.evidence);
  return [
    config.multiple ? ['1-9/space tick, enter confirm', '1-9 tick · ⏎ ok'] : ['1-9 or enter answer', '1-9/⏎ answer'],
    [
      helpShown ? (more ? 'h more help' : 'h hide help') : 'h help',
      helpShown ? (more ? 'h more' : 'h hide') : 'h help',
    ],
    ...(windowed ? [['↑↓ PgUp PgDn Home End more options', '↑↓ PgUp/Dn'] as [string, string]] : []),
    ['n note/evidence', 'n note'],
    ['s skip', 's skip'],
    ...(config.canGoBack ? [['b back', 'b back'] as [string, string]] : []),
    ['r review', 'r review'],
    ['q quit', 'q quit'],
    ...(hasEvidence ? [[`${evidenceMark} needs evidence`, `${evidenceMark} needs evidence`] as [string, string]] : []),
  ];
}

/** A closed question: its text and what was chosen (green when saved, red when the save failed). */
function answeredView(
  prefix: string,
  text: string[],
  summary: string,
  status: QuestionStatus,
  p: Paint,
  width: number,
): string {
  const paintSummary = status === 'saved' ? p.green : status === 'failed' ? p.red : (x: string) => x;
  return `${prefix} ${text.join('\n')}\n${wrap(summary, width - 2)
    .map((l) => `  ${paintSummary(l)}`)
    .join('\n')}`;
}

/** An open question: header, text, meta, options, description, the help page shown, extra, key hints. */
function questionView(
  config: QuestionPromptConfig,
  prefix: string,
  layout: QuestionLayout,
  helpPage: number,
  width: number,
): string {
  const { paint: p, fancy } = config;
  const { text, window, blocks, pages } = layout;
  const lines: string[] = [];
  const push = (line: string, paint: (s: string) => string = (x) => x) => lines.push(paint(fit(line, width)));
  for (const h of config.header) push(h, p.dim);
  lines.push(`${prefix} ${p.bold(text[0] ?? '')}`, ...text.slice(1).map((l) => p.bold(l)));
  if (config.meta) push(`  ${config.meta}`, p.dim);
  if (window.start > 0) push(`  ${fancy ? '↑' : '^'} ${window.start} more`, p.dim);
  lines.push(...blocks.slice(window.start, window.end).flat());
  if (window.end < blocks.length) push(`  ${fancy ? '↓' : 'v'} ${blocks.length - window.end} more`, p.dim);
  for (const l of layout.descLines) lines.push(p.dim(l));
  if (helpPage >= 0) {
    const rule = fancy ? '─' : '-';
    const title = `${rule.repeat(2)} help${pages > 1 ? ` ${helpPage + 1}/${pages}` : ''} `;
    lines.push(p.dim(title + rule.repeat(Math.max(0, width - title.length))), ...layout.page);
  }
  for (const l of layout.extraLines) lines.push(p.dim(l));
  for (const l of layout.hints) lines.push(p.dim(l));
  return lines.join('\n');
}

/** A row of a long list: an item to choose, or a group's heading. */
export type ListRow<T> = { name: string; value: T; pinned?: boolean } | { heading: string };

export interface ListConfig<T> {
  message: string;
  /** lines under the message (dim), each cut to the width */
  intro?: string[];
  /** items and group headings, in order; pinned items (the actions) stay when filtering */
  rows: Array<ListRow<T>>;
  pageSize?: number;
  width?: number;
  /** what Esc chooses; without it Esc only clears the filter */
  escape?: T;
  default?: T;
}

const isItem = <T>(r: ListRow<T>): r is { name: string; value: T; pinned?: boolean } => !('heading' in r);

/**
 * A long list that stays a place to move in: ↑↓, PageUp/PageDown, Home/End, type to filter
 * (Backspace edits, Esc clears the filter, then goes back), Enter chooses. Every line fits `width`.
 */
export const listPrompt = createPrompt<unknown, ListConfig<unknown> & { paint: Paint; fancy: boolean }>(
  (config, done) => {
    const { paint: p } = config;
    const width = Math.max(20, config.width ?? 80);
    const pageSize = Math.max(3, config.pageSize ?? 12);
    const [filter, setFilter] = useState('');
    const [cursor, setCursor] = useState<number | undefined>(undefined);
    const [status, setStatus] = useState<'idle' | 'done'>('idle');
    const [chosen, setChosen] = useState('');
    const prefix = usePrefix({
      status,
      theme: makeTheme({ prefix: { idle: p.bold('?'), done: p.dim(config.fancy ? '›' : '-') } }),
    });
    const shown = filterRows(config.rows, filter);
    const items = shown.filter(isItem);
    const defaultIndex = Math.max(
      0,
      items.findIndex((r) => r.value === config.default),
    );
    const at = Math.min(cursor ?? defaultIndex, Math.max(0, items.length - 1));
    const move = (to: number) => setCursor(Math.max(0, Math.min(items.length - 1, to)));

    useKeypress((key, rl) => {
      if (status === 'done') return;
      const choose = (value: unknown, name: string) => {
        setChosen(name);
        setStatus('done');
        done(value);
      };
      if (isEnterKey(key)) {
        const item = items[at];
        if (item) choose(item.value, item.name);
        return;
      }
      if (key.name === 'escape') {
        rl.clearLine(0);
        if (filter) {
          setFilter('');
          setCursor(undefined);
        } else if ('escape' in config) choose(config.escape, 'back');
        return;
      }
      moveOrFilter(key, { at, last: items.length - 1, pageSize, move, filter, setFilter, setCursor });
      rl.clearLine(0);
    });

    if (status === 'done') return `${prefix} ${fit(config.message, width - 2)}\n  ${fit(chosen, width - 2)}`;
    return listView(config, { prefix, filter, shown, current: items[at], empty: !items.length, pageSize, width });
  },
);

/** A key that moves the cursor (arrows, pages, Home, End) or edits the filter (Backspace, a character). */
function moveOrFilter(
  key: KeypressEvent,
  k: {
    at: number;
    last: number;
    pageSize: number;
    move: (to: number) => void;
    filter: string;
    setFilter: (filter: string) => void;
    setCursor: (cursor: number | undefined) => void;
  },
): void {
  const { at, pageSize, move } = k;
  if (isUpKey(key)) move(at - 1);
  else if (isDownKey(key)) move(at + 1);
  else if (key.name === 'pageup') move(at - pageSize);
  else if (key.name === 'pagedown') move(at + pageSize);
  else if (key.name === 'home') move(0);
  else if (key.name === 'end') move(k.last);
  else if (isBackspaceKey(key)) {
    k.setFilter(k.filter.slice(0, -1));
    k.setCursor(undefined);
  } else {
    const s = (key as { sequence?: string }).sequence ?? '';
    if (!key.ctrl && /^[^\x00-\x1f\x7f]$/u.test(s)) {
      k.setFilter(k.filter + s);
      k.setCursor(undefined);
    }
  }
}

/** The rows shown: items that match the filter (pinned ones always), and the headings of groups with any. */
function filterRows<T>(rows: Array<ListRow<T>>, filter: string): Array<ListRow<T>> {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (name: string) => words.every((w) => name.toLowerCase().includes(w));
  const shown: Array<ListRow<T>> = [];
  let heading: { heading: string } | undefined;
  for (const r of rows) {
    if (!isItem(r)) heading = r;
    else if (r.pinned || matches(r.name)) {
      if (heading && !r.pinned) shown.push(heading);
      heading = undefined;
      shown.push(r);
    }
  }
  return shown;
}

/** An open list: the message, intro and filter, the page holding the cursor, and the key hints. */
function listView(
  config: ListConfig<unknown> & { paint: Paint; fancy: boolean },
  view: {
    prefix: string;
    filter: string;
    shown: Array<ListRow<unknown>>;
    current: ListRow<unknown> | undefined;
    empty: boolean;
    pageSize: number;
    width: number;
  },
): string {
  const { paint: p } = config;
  const { prefix, filter, shown, current, pageSize, width } = view;
  const lines: string[] = [`${prefix} ${p.bold(fit(config.message, width - 2))}`];
  for (const l of config.intro ?? []) lines.push(p.dim(fit(`  ${l}`, width)));
  if (filter) lines.push(fit(`  filter: ${filter}`, width));
  // the page holding the cursor
  const rowOf = shown.indexOf(current!);
  const start = Math.max(0, Math.floor(Math.max(0, rowOf) / pageSize) * pageSize);
  const page = shown.slice(start, start + pageSize);
  for (const r of page) {
    if (!isItem(r)) lines.push(p.bold(fit(`  ${r.heading}`, width)));
    else {
      const here = r === current;
      const line = fit(`${here ? (config.fancy ? '❯' : '>') : ' '} ${r.name}`, width);
      lines.push(here ? p.bold(line) : line);
    }
  }
  if (view.empty) lines.push(p.dim(fit('  nothing matches: Backspace or Esc', width)));
  const where =
    shown.length > pageSize ? `${start + 1}-${Math.min(shown.length, start + pageSize)} of ${shown.length}` : '';
  const hints: Array<[string, string]> = [
    ...(where ? [[where, where] as [string, string]] : []),
    ['↑↓ PgUp PgDn Home End move', '↑↓ PgUp/Dn Home End'],
    ['type to filter', 'type: filter'],
    ['enter choose', '⏎ choose'],
    ...('escape' in config ? [['esc back', 'esc back'] as [string, string]] : []),
  ];
  for (const l of hintLines(hints, width)) lines.push(p.dim(l));
  return lines.join('\n');
}

export interface TextConfig {
  message: string;
  default?: string;
  required?: boolean;
  /**
   * Runs on enter: true accepts the value, a string is shown as an error and the prompt stays. A
   * prompt with `validate` is one that saves (its validation is the save): only it shows ✔.
   */
  validate?: (value: string) => true | string;
  /** told the text typed so far on every key, so an interrupted prompt can keep it */
  onDraft?: (value: string) => void;
}

export interface Prompter {
  question(config: QuestionPromptConfig, ctx?: PromptContext): Promise<QuestionOutcome>;
  text(config: TextConfig, ctx?: PromptContext): Promise<string>;
  /** a long list: paging, type-to-filter, Esc (see listPrompt) */
  list<T>(config: ListConfig<T>, ctx?: PromptContext): Promise<T>;
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
            ...(config.onDraft && { transformer: drafting(config.onDraft) }),
            theme: theme(Boolean(config.validate)),
          },
          c,
        ),
      ),
    list: <T>(config: ListConfig<T>, ctx?: PromptContext) =>
      via(ctx, (c) => listPrompt({ ...(config as ListConfig<unknown>), paint: p, fancy: color }, c) as Promise<T>),
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

/** A transformer that shows the text as typed and tells `onDraft` about it. */
export const drafting =
  (onDraft: (value: string) => void) =>
  (value: string, { isFinal }: { isFinal: boolean }): string => {
    if (!isFinal) onDraft(value);
    return value;
  };

/** The prompt library's errors for Ctrl-C, closed input and an abort signal. */
export function isPromptInterrupt(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}
