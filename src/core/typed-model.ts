// Builds the typed models (Questionnaire, Answers) from parsed YAML, applying defaults, and tells
// the two kinds of file apart. Defensive: it keeps what is well formed in data that failed the
// schema, so the rules can still report every other problem at once.
import { arr, isObj, type JsonObject, type JsonValue } from './json.js';
import type {
  Answer,
  AnswerValue,
  Answers,
  Condition,
  Option,
  OptionValue,
  Question,
  Questionnaire,
  SalienceDimension,
  Section,
} from './model.js';
import type { ParsedFile } from './parse.js';
import { refsOf } from './framework.js';
import type { SchemaKind } from './schema-validate.js';

export type FileKind = SchemaKind;

/** Tells questionnaires from answers files by their `schema:` key. */
export function fileKind(data: JsonValue | undefined): FileKind | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const s = Object.prototype.hasOwnProperty.call(data, 'schema') ? data['schema'] : undefined;
  if (s === 'hrdd/questionnaire@1') return 'questionnaire';
  if (s === 'hrdd/answers@1') return 'answers';
  if (s === 'hrdd/migration@1') return 'migration';
  return undefined;
}

const strOf = (o: JsonObject, k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
const numOf = (o: JsonObject, k: string, dflt: number) =>
  typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : dflt;
export const isValue = (v: unknown): v is OptionValue =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Where each option sits in its question's `options` list (malformed options are left out of the model). */
const optionIndex = new WeakMap<Option, number>();

/** Where `option` sits in its question's `options` list. */
export function optionIndexOf(option: Option): number | undefined {
  return optionIndex.get(option);
}

/**
 * Builds the typed questionnaire, applying defaults. Defensive: on data that failed the schema it
 * keeps what is well formed, so the semantic rules can still report every other problem at once.
 */
export function toQuestionnaire(parsed: ParsedFile, sha256: string): Questionnaire {
  const d = isObj(parsed.data) ? parsed.data : {};
  const sections: Section[] = [];
  arr(d['sections']).forEach((s, si) => {
    if (isObj(s) && typeof s['id'] === 'string') sections.push(toSection(s, s['id'], si));
  });
  const bands = arr(d['maturity']).filter(
    (b): b is JsonObject => isObj(b) && typeof b['min'] === 'number' && typeof b['label'] === 'string',
  );
  return {
    id: strOf(d, 'id') ?? '',
    version: strOf(d, 'version') ?? '',
    title: strOf(d, 'title') ?? '',
    ...(strOf(d, 'description') !== undefined && { description: strOf(d, 'description') }),
    language: strOf(d, 'language') ?? 'en',
    weight: numOf(d, 'weight', 1),
    requires: arr(d['requires']).filter((r): r is string => typeof r === 'string'),
    frameworks: arr(d['frameworks']).filter((r): r is string => typeof r === 'string'),
    ...(bands.length > 0 && {
      maturityBands: bands.map((b) => ({ min: b['min'] as number, label: b['label'] as string })),
    }),
    sections,
    file: parsed.file,
    sha256,
    parsed,
  };
}

function toSection(s: JsonObject, id: string, si: number): Section {
  const questions: Question[] = [];
  arr(s['questions']).forEach((q, qi) => {
    if (isObj(q) && typeof q['id'] === 'string') questions.push(toQuestion(q, q['id'], si, qi));
  });
  return {
    id,
    title: strOf(s, 'title') ?? id,
    ...(strOf(s, 'description') !== undefined && { description: strOf(s, 'description') }),
    weight: numOf(s, 'weight', 1),
    path: ['sections', si],
    questions,
  };
}

function toQuestion(q: JsonObject, id: string, si: number, qi: number): Question {
  const type = (['single', 'multiple', 'text', 'number'] as const).find((t) => t === q['type']) ?? 'text';
  const options: Option[] = [];
  arr(q['options']).forEach((o, oi) => {
    if (!isObj(o) || !isValue(o['value'])) return;
    const option = toOption(o, o['value']);
    optionIndex.set(option, oi);
    options.push(option);
  });
  const sal = q['salience'];
  const ungp = arr(q['ungp']).filter((n): n is number => typeof n === 'number');
  return {
    id,
    text: strOf(q, 'text') ?? '',
    ...(strOf(q, 'help') !== undefined && { help: strOf(q, 'help') }),
    type,
    ungp,
    refs: refsOf(q['refs'], ungp),
    weight: numOf(q, 'weight', 1),
    critical: q['critical'] === true,
    ...(isObj(q['when']) && { when: q['when'] as unknown as Condition }),
    options,
    ...(strOf(q, 'recommendation') !== undefined && { recommendation: strOf(q, 'recommendation') }),
    tags: arr(q['tags']).filter((t): t is string => typeof t === 'string'),
    ...(isObj(sal) &&
      typeof sal['issue'] === 'string' &&
      typeof sal['dimension'] === 'string' && {
        salience: { issue: sal['issue'], dimension: sal['dimension'] as SalienceDimension },
      }),
    path: ['sections', si, 'questions', qi],
  };
}

function toOption(o: JsonObject, value: OptionValue): Option {
  return {
    value,
    label: strOf(o, 'label') ?? String(value),
    ...(strOf(o, 'description') !== undefined && { description: strOf(o, 'description') }),
    ...(typeof o['score'] === 'number' && { score: o['score'] }),
    ...(o['na'] === true && { na: true }),
    ...(o['evidenceRequired'] === true && { evidenceRequired: true }),
    ...(o['exclusive'] === true && { exclusive: true }),
  };
}

/** Builds the typed answers from schema-valid data; shorthand values become `{ value }`. */
export function toAnswers(parsed: ParsedFile, sha256: string): Answers {
  const d = parsed.data as JsonObject;
  const answers = new Map<string, Answer>();
  for (const [id, raw] of Object.entries((d['answers'] ?? {}) as JsonObject)) {
    if (wellFormedAnswer(raw)) answers.set(id, toAnswer(raw)); // a malformed one already has its schema error
  }
  return {
    organisation: d['organisation'] as string,
    ...(typeof d['assessor'] === 'string' && { assessor: d['assessor'] }),
    ...(typeof d['date'] === 'string' && { date: d['date'] }),
    questionnaires: d['questionnaires'] as string[],
    ...(isObj(d['merged']) && {
      merged: {
        policy: String(d['merged']['policy']),
        respondents: arr(d['merged']['respondents'])
          .filter(isObj)
          .map((r) => ({ respondent: String(r['respondent']), file: String(r['file']) })),
        disagreements: arr(d['merged']['disagreements'])
          .filter(isObj)
          .map((x) => ({
            question: String(x['question']),
            scores: (isObj(x['scores']) ? x['scores'] : {}) as Record<string, number>,
          })),
      },
    }),
    answers,
    file: parsed.file,
    sha256,
    parsed,
  };
}

function wellFormedAnswer(raw: JsonValue): boolean {
  const scalarOrList = (v: JsonValue | undefined) =>
    v === null || v === undefined || isValue(v) || (Array.isArray(v) && v.every(isValue));
  if (!isObj(raw)) return scalarOrList(raw);
  return scalarOrList(raw['value']) && (raw['skipped'] === undefined || typeof raw['skipped'] === 'boolean');
}

export function toAnswer(raw: JsonValue | undefined): Answer {
  if (raw === null || raw === undefined) return { value: null, skipped: false };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { value: raw as AnswerValue, skipped: false };
  const a: Answer = { value: (raw['value'] ?? null) as AnswerValue | null, skipped: raw['skipped'] === true };
  if (typeof raw['note'] === 'string') a.note = raw['note'];
  if (Array.isArray(raw['evidence'])) a.evidence = raw['evidence'] as string[];
  if (typeof raw['carried'] === 'string') a.carried = raw['carried'];
  return a;
}
