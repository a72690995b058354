import { isOutcome } from './issues.js';
// The migration file (format.md section 11): how answers given on one set of questionnaire
// versions carry forward to another. Declarative data, read and checked here; carried by
// carry.ts. Pure: no file system, clock or output.
import type { Diagnostic } from './diagnostics.js';
import { indexQuestions, type QuestionRef } from './answers-rules.js';
import { arr, isObj } from './json.js';
import { findOption, isChoice, type OptionValue, type Question, type Questionnaire } from './model.js';
import type { ParsedFile, PathPart } from './parse.js';
import { Reporter } from './reporter.js';
import { showId, showValue } from './show.js';
import { closest } from './suggest.js';

/** One `values` entry: the source value as written (a mapping key is text), and the target value. */
export interface ValueRule {
  from: string;
  to: OptionValue;
}

/** One `count` rule: a multiple choice with at least `atLeast` options chosen becomes `value`. */
export interface CountRule {
  atLeast: number;
  value: OptionValue;
}

/** What becomes of one source question's answer. */
export interface MigrationEntry {
  id: string;
  to?: string;
  values?: ValueRule[];
  count?: CountRule[];
  drop?: string;
}

export interface Migration {
  from: string[];
  to: string[];
  /** by source question id, in file order */
  entries: Map<string, MigrationEntry>;
  file: string;
  sha256: string;
  parsed: ParsedFile;
}

/** Builds the typed migration, keeping what is well formed (the schema reports the rest). */
export function toMigration(parsed: ParsedFile, sha256: string): Migration {
  const d = isObj(parsed.data) ? parsed.data : {};
  const strings = (v: unknown) => arr(v).filter((x): x is string => typeof x === 'string');
  const entries = new Map<string, MigrationEntry>();
  const questions = isObj(d['questions']) ? d['questions'] : {};
  for (const [id, raw] of Object.entries(questions)) {
    if (!isObj(raw)) continue;
    const e: MigrationEntry = { id };
    if (typeof raw['to'] === 'string') e.to = raw['to'];
    if (typeof raw['drop'] === 'string') e.drop = raw['drop'];
    if (isObj(raw['values']))
      e.values = Object.entries(raw['values'])
        .filter((x): x is [string, OptionValue] => isOptionValue(x[1]))
        .map(([from, to]) => ({ from, to }));
    if (Array.isArray(raw['count']))
      e.count = raw['count']
        .filter(isObj)
        .filter((c) => typeof c['atLeast'] === 'number' && isOptionValue(c['value']))
        .map((c) => ({ atLeast: c['atLeast'] as number, value: c['value'] as OptionValue }));
    entries.set(id, e);
  }
  return { from: strings(d['from']), to: strings(d['to']), entries, file: parsed.file, sha256, parsed };
}

const isOptionValue = (v: unknown): v is OptionValue =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * How an answer of SOURCE can go to TARGET: `same` (the same kind), `to-single` (a multiple choice
 * to a single one: needs `values` or `count`), `to-multiple` (one value becomes a list of one), or
 * undefined when it cannot (a choice to a text, a number to a choice…).
 */
export function carryKind(source: Question, target: Question): 'same' | 'to-single' | 'to-multiple' | undefined {
  if (source.type === target.type) return 'same';
  if (!isChoice(source) || !isChoice(target)) return undefined;
  return source.type === 'multiple' ? 'to-single' : 'to-multiple';
}

/** The source option a `values` key names (keys are text: `1` names the option 1). */
export const optionByKey = (q: Question, key: string) => q.options.find((o) => String(o.value) === key);

/** The questions of both sides, by id. */
interface Sides {
  src: Map<string, QuestionRef>;
  dst: Map<string, QuestionRef>;
}

/**
 * A migration's rules (format.md section 11), given its questionnaires loaded: every id named is
 * a question of its side, every value an option, no answer goes into an outcome question or a
 * question of another kind, and every question of `from` is accounted for — carried by its id,
 * or named with `to` or `drop` — so a later change of an id in either version is an error here.
 */
export function checkMigration(
  m: Migration,
  from: readonly Questionnaire[],
  to: readonly Questionnaire[],
): Diagnostic[] {
  const r = new Reporter(m.parsed);
  const sides = { src: indexQuestions(from), dst: indexQuestions(to) };
  for (const e of m.entries.values()) checkEntry(r, e, sides);
  for (const [id, ref] of sides.src) if (!m.entries.has(id)) checkUnnamed(r, ref, sides);
  return r.diagnostics;
}

const ref = (q: Questionnaire) => `${q.id}@${q.version}`;

/** One entry of `questions`. */
function checkEntry(r: Reporter, e: MigrationEntry, { src, dst }: Sides): void {
  const base: PathPart[] = ['questions', e.id];
  const s = src.get(e.id);
  if (!s) {
    const guess = closest(e.id, src.keys());
    r.error(
      base,
      'migration-unknown-question',
      `the \`from\` questionnaires have no question ${showId(e.id)}${guess ? `: did you mean ${showId(guess)}?` : ''}`,
      'key',
    );
    return;
  }
  if (e.drop !== undefined) {
    if (e.to !== undefined || e.values || e.count)
      r.error(
        base,
        'migration-entry-form',
        `${showId(e.id)}: \`drop\` goes alone (a dropped answer goes nowhere)`,
        'key',
      );
    return;
  }
  const targetId = e.to ?? e.id;
  const toPath: PathPart[] = e.to !== undefined ? [...base, 'to'] : base;
  const t = dst.get(targetId);
  if (!t) {
    const guess = closest(targetId, dst.keys());
    r.error(
      toPath,
      'migration-unknown-question',
      `the \`to\` questionnaires have no question ${showId(targetId)}${guess ? `: did you mean ${showId(guess)}?` : ''}${e.to === undefined ? ' (carry it with `to`, or `drop` it with the reason)' : ''}`,
      e.to !== undefined ? 'value' : 'key',
    );
    return;
  }
  checkTarget(r, base, toPath, s, t.question, e);
}

/** An entry's target: not an outcome, of a kind the answer can go to, and its values options of both sides. */
function checkTarget(
  r: Reporter,
  base: PathPart[],
  toPath: PathPart[],
  s: QuestionRef,
  target: Question,
  e: MigrationEntry,
): void {
  const source = s.question;
  if (!checkKind(r, toPath, source, target, e)) return;
  e.values?.forEach((v) => checkValueRule(r, [...base, 'values', v.from], source, target, v));
  e.count?.forEach((c, i) => {
    if (!findOption(target, c.value))
      r.error(
        [...base, 'count', i, 'value'],
        'migration-unknown-value',
        `${showValue(c.value)} is not an option of ${showId(target.id)} (options: ${target.options.map((o) => showValue(o.value)).join(', ')})`,
      );
  });
  if (!e.values && !e.count) warnLost(r, base, s, target);
}

/** Whether SOURCE's answers can go to TARGET as the entry says; an error when not. */
function checkKind(r: Reporter, path: PathPart[], source: Question, target: Question, e?: MigrationEntry): boolean {
  const kind = carryKind(source, target);
  const mapped = Boolean(e?.values || e?.count);
  let problem: string | undefined;
  if (isOutcome(target)) {
    r.error(
      path,
      'migration-outcome-target',
      `${showId(target.id)} is an outcome question (tagged \`outcome\`): outcomes are about the period, so nothing is carried into it`,
      'key',
    );
    return false;
  }
  if (!kind)
    problem = `${showId(source.id)} is a ${source.type} question and ${showId(target.id)} a ${target.type} one`;
  else if (kind === 'to-single' && !mapped)
    problem = `${showId(source.id)} is a multiple choice and ${showId(target.id)} a single one: map it with \`values\` or \`count\``;
  else if (e?.count && kind !== 'to-single')
    problem = `\`count\` is for a multiple choice carried to a single one (${showId(source.id)} is ${source.type}, ${showId(target.id)} ${target.type})`;
  else if (e?.values && !isChoice(source))
    problem = `\`values\` is for choice questions (${showId(source.id)} is ${source.type})`;
  if (problem) r.error(path, 'migration-type', problem, 'key');
  return !problem;
}

/** One `values` entry: its key an option of the source, its value an option of the target. */
function checkValueRule(r: Reporter, path: PathPart[], source: Question, target: Question, v: ValueRule): void {
  const options = (q: Question) => q.options.map((o) => showValue(o.value)).join(', ');
  if (!optionByKey(source, v.from))
    r.error(
      path,
      'migration-unknown-value',
      `${showValue(v.from)} is not an option of ${showId(source.id)} (options: ${options(source)})`,
      'key',
    );
  if (!findOption(target, v.to))
    r.error(
      path,
      'migration-unknown-value',
      `${showValue(v.to)} is not an option of ${showId(target.id)} (options: ${options(target)})`,
    );
}

/** Carried by value as is: the source options the target does not have (their answers would not carry). */
function warnLost(r: Reporter, path: PathPart[], s: QuestionRef, target: Question): void {
  if (!isChoice(s.question)) return;
  const lost = s.question.options.filter((o) => !findOption(target, o.value));
  if (!lost.length) return;
  r.warn(
    path,
    'migration-value-unmapped',
    `${showId(s.question.id)} (${ref(s.questionnaire)}): ${lost.map((o) => showValue(o.value)).join(', ')} ${lost.length === 1 ? 'is not an option' : 'are not options'} of ${showId(target.id)}, so answers with ${lost.length === 1 ? 'it' : 'them'} would not carry: list what carries under \`values\` (a value not listed is not carried)`,
    'key',
  );
}

/** A question of `from` the file does not name: carried by its id, so it must still be there, of the same kind. */
function checkUnnamed(r: Reporter, s: QuestionRef, { dst }: Sides): void {
  const t = dst.get(s.question.id);
  const path: PathPart[] = ['questions'];
  if (!t) {
    r.error(
      path,
      'migration-unmapped-question',
      `${showId(s.question.id)} (${ref(s.questionnaire)}) is not a question of the \`to\` questionnaires and has no entry: carry it with \`to\`, or \`drop\` it with the reason`,
      'key',
    );
    return;
  }
  if (checkKind(r, path, s.question, t.question)) warnLost(r, path, s, t.question);
}
