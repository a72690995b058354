import { diag, type Diagnostic, type Severity } from './diagnostics.js';
import {
  findOption,
  isChoice,
  sameValue,
  type Answer,
  type AnswerValue,
  type Answers,
  type Condition,
  type MaturityBand,
  type Option,
  type OptionValue,
  type Question,
  type Questionnaire,
  type SalienceDimension,
  type Section,
} from './model.js';
import { positionOf, type JsonValue, type ParsedFile, type PathPart } from './parse.js';
import { PathSet } from './paths.js';
import type { RuleId } from './rules.js';
import { validateSchema, type SchemaError, type SchemaKind } from './schema-validate.js';
import { closest } from './suggest.js';
import { quote, showId, showKey, showValue } from './show.js';
import { pushAll } from './arrays.js';
import { refsOf } from './framework.js';

type Obj = { [key: string]: JsonValue };

/** Collects diagnostics for one parsed file, positioned by data path. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly parsed: Pick<ParsedFile, 'file' | 'tree' | 'data' | 'doubts' | 'incomplete'>) {}
  add(severity: Severity, path: readonly PathPart[], rule: RuleId, message: string, prefer: 'key' | 'value' = 'value') {
    this.diagnostics.push(diag(this.parsed.file, positionOf(this.parsed, path, prefer), severity, rule, message));
  }
  error(path: readonly PathPart[], rule: RuleId, message: string, prefer: 'key' | 'value' = 'value') {
    this.add('error', path, rule, message, prefer);
  }
  warn(path: readonly PathPart[], rule: RuleId, message: string, prefer: 'key' | 'value' = 'value') {
    this.add('warning', path, rule, message, prefer);
  }
}

export type FileKind = SchemaKind;

/** Tells questionnaires from answers files by their `schema:` key. */
export function fileKind(data: JsonValue | undefined): FileKind | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const s = Object.prototype.hasOwnProperty.call(data, 'schema') ? data['schema'] : undefined;
  if (s === 'hrdd/questionnaire@1') return 'questionnaire';
  if (s === 'hrdd/answers@1') return 'answers';
  return undefined;
}

export function notHrddFile(parsed: ParsedFile): Diagnostic {
  const r = new Reporter(parsed);
  const data = parsed.data;
  const hasSchema =
    data && typeof data === 'object' && !Array.isArray(data) && Object.prototype.hasOwnProperty.call(data, 'schema');
  r.error(
    hasSchema ? ['schema'] : [],
    'not-hrdd-file',
    hasSchema
      ? `unknown schema ${showValue((data as Obj)['schema'])}: expected hrdd/questionnaire@1, hrdd/answers@1, hrdd/framework@1 or hrdd/refs@1`
      : 'not an hrdd file: expected a mapping with `schema: hrdd/questionnaire@1` or `schema: hrdd/answers@1`',
  );
  return r.diagnostics[0]!;
}

// ---------------------------------------------------------------- schema

function splitPointer(p: string): PathPart[] {
  if (!p) return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => {
      const u = s.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(0|[1-9]\d*)$/.test(u) ? Number(u) : u;
    });
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'nothing',
};
function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  return `the string ${quote(String(v))}`;
}

function dataAt(data: JsonValue | undefined, path: PathPart[]): unknown {
  let d: unknown = data;
  for (const p of path) {
    if (d === null || typeof d !== 'object') return undefined;
    d = Object.prototype.hasOwnProperty.call(d, p) ? (d as Record<string, unknown>)[p as string] : undefined;
  }
  return d;
}

const EXAMPLES: Record<string, string> = {
  schema: 'schema: hrdd/questionnaire@1',
  id: 'id: ict-impacts',
  version: 'version: 1.0.0',
  title: 'title: Assessing impacts',
  sections: 'sections: [{ id: scope, title: Scope, questions: [...] }]',
  questions: 'questions: [{ id: IMP-01, text: ..., type: single }]',
  text: 'text: Does the company ...?',
  type: 'type: single',
  organisation: 'organisation: Acme Telecom',
  questionnaires: 'questionnaires: [ict-impacts]',
  answers: 'answers: {}',
  label: 'label: Yes',
  value: 'value: yes',
  min: 'min: 0',
  issue: 'issue: privacy',
  dimension: 'dimension: scale',
};

/**
 * Maps ajv's errors to positioned diagnostics with messages a person can act on, and marks each
 * value it reports on as doubtful (`parsed.doubts`): the semantic rules skip what depends on it.
 */
export function schemaDiagnostics(kind: SchemaKind, parsed: ParsedFile, errors: SchemaError[]): Diagnostic[] {
  const r = new Reporter(parsed);
  const doubt = (path: PathPart[]) => parsed.doubts.add(path);
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  for (const e of errors) {
    const path = splitPointer(e.instancePath);
    // The branches of an anyOf are told apart by type: those that name the wrong type for the
    // value itself are noise. What remains at or under the value comes from the branch of its
    // type, and says what is wrong more precisely than the anyOf would, so it stands alone.
    if (anyOfAt.has(e.instancePath) && e.keyword === 'type') continue;
    if (e.keyword === 'anyOf') {
      const explained = errors.some((o) =>
        o.instancePath === e.instancePath
          ? o.keyword !== 'type' && o.keyword !== 'anyOf'
          : o.instancePath.startsWith(e.instancePath + '/'),
      );
      if (explained) continue;
    }
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const data = dataAt(parsed.data, path);
    const last = path[path.length - 1];
    const field = typeof last === 'string' ? showKey(last) : 'this value';
    const p = e.params as Record<string, unknown>;
    if (e.keyword !== 'required' && e.keyword !== 'additionalProperties') doubt(path);
    switch (e.keyword) {
      case 'required': {
        const k = String(p['missingProperty']);
        doubt([...path, k]); // absent, so a default would stand in for it
        const ex = EXAMPLES[k];
        r.error(path, 'schema-required', `missing required key ${showKey(k)}${ex ? ` (e.g. ${ex})` : ''}`);
        break;
      }
      case 'additionalProperties': {
        const k = String(p['additionalProperty']);
        const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const guess = closest(k, allowed);
        // `wieght: 0` most likely meant weight: 0, so the default weight is not to be trusted
        if (guess && !(isObj(data) && Object.prototype.hasOwnProperty.call(data, guess))) doubt([...path, guess]);
        r.error(
          [...path, k],
          'schema-unknown-key',
          `unknown key ${showKey(k)}${guess ? `: did you mean ${showKey(guess)}?` : allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
          'key',
        );
        break;
      }
      case 'type': {
        const t = ([] as string[]).concat(p['type'] as string | string[]);
        const hint =
          t.includes('string') && (typeof data === 'number' || typeof data === 'boolean')
            ? `: put it in quotes, e.g. "${String(data)}"`
            : '';
        r.error(
          path,
          'schema-type',
          `${field} must be ${t.map((x) => TYPE_NAMES[x] ?? x).join(' or ')}, found ${kindOf(data)}${hint}`,
        );
        break;
      }
      case 'const':
        r.error(path, 'schema-value', `${field} must be ${showValue(p['allowedValue'])}, found ${kindOf(data)}`);
        break;
      case 'enum': {
        const allowed = (p['allowedValues'] as unknown[]).map(String);
        const guess = typeof data === 'string' ? closest(data, allowed) : undefined;
        r.error(
          path,
          'schema-value',
          `${field} must be one of ${allowed.join(', ')}, found ${kindOf(data)}${guess ? `: did you mean ${guess}?` : ''}`,
        );
        break;
      }
      case 'pattern':
        r.error(
          path,
          'schema-value',
          `${field} ${showValue(data)} is not valid: expected ${describePattern(String(last), kind)}`,
        );
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        r.error(
          path,
          'schema-value',
          `${field} must be ${e.keyword === 'minimum' ? '>=' : e.keyword === 'maximum' ? '<=' : e.keyword === 'exclusiveMinimum' ? '>' : '<'} ${String(p['limit'])}, found ${kindOf(data)}`,
        );
        break;
      case 'minItems':
        r.error(
          path,
          'schema-value',
          `${field} needs at least ${String(p['limit'])} ${p['limit'] === 1 ? 'entry' : 'entries'}`,
        );
        break;
      case 'minLength':
        r.error(path, 'schema-value', `${field} must not be empty`);
        break;
      case 'format':
        r.error(path, 'schema-value', `${field} must be a date written YYYY-MM-DD, found ${kindOf(data)}`);
        break;
      case 'anyOf':
        r.error(
          path,
          'schema-type',
          kind === 'answers' && path[0] === 'answers' && path.length === 2
            ? `an answer is a value, a list of values, or a mapping with value, note, evidence and skipped; found ${kindOf(data)}`
            : kind === 'answers' && last === 'value'
              ? `\`value\` must be a value or a list of values, found ${kindOf(data)}`
              : `${field} has the wrong form, found ${kindOf(data)}`,
        );
        break;
      default:
        r.error(path, 'schema-value', `${field} ${e.message ?? 'is not valid'}`);
    }
  }
  return r.diagnostics;
}

function describePattern(field: string, kind: SchemaKind): string {
  if (field === 'version') return 'a semantic version such as 1.0.0';
  if (field === 'id' || field === 'question')
    return kind === 'questionnaire'
      ? 'an id of letters, digits, hyphens, dots or underscores, starting with a letter (questionnaire ids: lower-case, e.g. ict-impacts)'
      : 'an id such as IMP-01';
  if (field === 'language') return 'a BCP 47 language tag such as en or pt-BR';
  return 'a value in the documented form';
}

export function checkSchema(kind: SchemaKind, parsed: ParsedFile): Diagnostic[] {
  const errors = validateSchema(kind, parsed.data);
  return schemaDiagnostics(kind, parsed, parsed.holes.size ? withoutHoles(errors, parsed) : errors);
}

/** Keywords that judge a mapping or list by itself, whatever an entry left out of it held. */
const SELF_KEYWORDS = new Set(['type', 'required', 'additionalProperties']);

/**
 * Leaves out the schema errors that entries left out after a syntax error (the holes) may have
 * caused: errors at or inside a hole; at a mapping or list that may have lost entries with it
 * (see ParsedFile.incomplete), a missing key or any keyword other than those that judge the node
 * by itself (an anyOf, a count), with every error of such an anyOf's branches.
 */
function withoutHoles(errors: SchemaError[], parsed: Pick<ParsedFile, 'holes' | 'incomplete'>): SchemaError[] {
  const { holes, incomplete } = parsed;
  const lost = new PathSet();
  const paths = errors.map((e) => splitPointer(e.instancePath));
  errors.forEach((e, i) => {
    if (!SELF_KEYWORDS.has(e.keyword) && incomplete.under(paths[i]!)) lost.add(paths[i]!);
  });
  return errors.filter((e, i) => {
    const path = paths[i]!;
    if (holes.covers(path) || lost.covers(path)) return false;
    // the broken line may have held the missing key too (a deleted line break or brace)
    return !(e.keyword === 'required' && incomplete.under(path));
  });
}

// ---------------------------------------------------------------- typed models

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): JsonValue[] => (Array.isArray(v) ? v : []);
const strOf = (o: Obj, k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
const numOf = (o: Obj, k: string, dflt: number) =>
  typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : dflt;
const isValue = (v: unknown): v is OptionValue =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Whether the semantic rules must not rely on the value at `path`: the schema rejected it (or
 * something in it, or it is inside such a value), or it was left out after a syntax error — or it
 * may have lost entries to one, or is absent from a mapping or list that may have (the broken
 * line may have held it: a deleted line break or brace puts the next key into the broken value).
 */
function unsure(parsed: Pick<ParsedFile, 'data' | 'doubts' | 'incomplete'>, path: readonly PathPart[]): boolean {
  if (parsed.doubts.touches(path)) return true;
  const { incomplete } = parsed;
  if (incomplete.size === 0) return false;
  if (incomplete.under(path)) return true;
  let d: unknown = parsed.data;
  for (let i = 0; i < path.length; i++) {
    if (d === null || typeof d !== 'object') return false;
    if (!Object.prototype.hasOwnProperty.call(d, path[i]!)) return incomplete.under(path.slice(0, i));
    d = (d as Record<string, unknown>)[path[i] as string];
  }
  return false;
}

/** Where each option sits in its question's `options` list (malformed options are left out of the model). */
const optionIndex = new WeakMap<Option, number>();

/**
 * Builds the typed questionnaire, applying defaults. Defensive: on data that failed the schema it
 * keeps what is well formed, so the semantic rules can still report every other problem at once.
 */
export function toQuestionnaire(parsed: ParsedFile, sha256: string): Questionnaire {
  const d = isObj(parsed.data) ? parsed.data : {};
  const sections: Section[] = [];
  arr(d['sections']).forEach((s, si) => {
    if (!isObj(s) || typeof s['id'] !== 'string') return;
    const questions: Question[] = [];
    arr(s['questions']).forEach((q, qi) => {
      if (!isObj(q) || typeof q['id'] !== 'string') return;
      const type = (['single', 'multiple', 'text', 'number'] as const).find((t) => t === q['type']) ?? 'text';
      const options: Option[] = [];
      arr(q['options']).forEach((o, oi) => {
        if (!isObj(o) || !isValue(o['value'])) return;
        const option: Option = {
          value: o['value'],
          label: strOf(o, 'label') ?? String(o['value']),
          ...(strOf(o, 'description') !== undefined && { description: strOf(o, 'description') }),
          ...(typeof o['score'] === 'number' && { score: o['score'] }),
          ...(o['na'] === true && { na: true }),
          ...(o['evidenceRequired'] === true && { evidenceRequired: true }),
        };
        optionIndex.set(option, oi);
        options.push(option);
      });
      const sal = q['salience'];
      const ungp = arr(q['ungp']).filter((n): n is number => typeof n === 'number');
      questions.push({
        id: q['id'],
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
      });
    });
    sections.push({
      id: s['id'],
      title: strOf(s, 'title') ?? s['id'],
      ...(strOf(s, 'description') !== undefined && { description: strOf(s, 'description') }),
      weight: numOf(s, 'weight', 1),
      path: ['sections', si],
      questions,
    });
  });
  const bands = arr(d['maturity']).filter(
    (b): b is Obj => isObj(b) && typeof b['min'] === 'number' && typeof b['label'] === 'string',
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
    ...(bands.length > 0 && { maturity: bands.map((b) => ({ min: b['min'] as number, label: b['label'] as string })) }),
    sections,
    file: parsed.file,
    sha256,
    parsed,
  };
}

/** Builds the typed answers from schema-valid data; shorthand values become `{ value }`. */
export function toAnswers(parsed: ParsedFile, sha256: string): Answers {
  const d = parsed.data as Obj;
  const answers = new Map<string, Answer>();
  for (const [id, raw] of Object.entries((d['answers'] ?? {}) as Obj)) {
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
  return a;
}

// ---------------------------------------------------------------- questionnaire rules

/** The semantic rules of format.md section 1 for one questionnaire; `required` are its `requires`. */
export function checkQuestionnaire(q: Questionnaire, required: readonly Questionnaire[] = []): Diagnostic[] {
  const r = new Reporter(q.parsed);
  const sectionIds = new Set<string>();
  for (const s of q.sections) {
    if (sectionIds.has(s.id) && !unsure(q.parsed, [...s.path, 'id']))
      r.error(
        [...s.path, 'id'],
        'duplicate-section-id',
        `section id ${showId(s.id)} is already used in this questionnaire`,
      );
    sectionIds.add(s.id);
  }
  // a band left out of the model would shift the others
  if (q.maturity && !unsure(q.parsed, ['maturity'])) checkBands(r, q.maturity);

  const later = new Map<string, Question>();
  for (const qu of q.sections.flatMap((s) => s.questions)) later.set(qu.id, qu);
  const external = new Map<string, Question>();
  const unsureChoices = new Set<Question>();
  for (const rq of required)
    for (const s of rq.sections)
      for (const qu of s.questions) {
        external.set(qu.id, qu);
        if (choicesUnsure(rq, qu)) unsureChoices.add(qu);
      }
  const earlier = new Map<string, Question>();
  const scope: Scope = { earlier, later, external, unsureChoices, idsUnsure: [q, ...required].some(questionIdsUnsure) };

  for (const s of q.sections) {
    for (const qu of s.questions) {
      checkQuestion(r, q, qu);
      if (qu.when) checkCondition(r, qu, qu.when, [...qu.path, 'when'], scope);
      if (!earlier.has(qu.id)) earlier.set(qu.id, qu);
      if (choicesUnsure(q, qu)) unsureChoices.add(qu);
    }
  }
  pushAll(
    r.diagnostics,
    checkQuestionSet([...required, q]).filter((d) => d.file === q.file),
  );
  return r.diagnostics;
}

function checkBands(r: Reporter, bands: MaturityBand[]) {
  if (bands[0] && bands[0].min !== 0)
    r.error(
      ['maturity', 0, 'min'],
      'maturity-bands',
      `the first maturity band must start at min: 0, found ${bands[0].min}`,
    );
  for (let i = 1; i < bands.length; i++) {
    if (bands[i]!.min <= bands[i - 1]!.min)
      r.error(
        ['maturity', i, 'min'],
        'maturity-bands',
        `maturity bands must strictly increase: ${bands[i]!.min} follows ${bands[i - 1]!.min}`,
      );
  }
}

/**
 * Whether a question's type or its list of options may not be what the file meant: the type, the
 * list, an option or an option's value was rejected by the schema (so the model holds a default,
 * or leaves the option out), or may have been lost to a syntax error. Rules about the choices of
 * such a question are skipped.
 */
function choicesUnsure(q: Questionnaire, qu: Question): boolean {
  const { doubts } = q.parsed;
  if (doubts.size === 0) return false;
  const at = [...qu.path, 'options'];
  if (unsure(q.parsed, [...qu.path, 'type']) || doubts.covers(at) || unsure(q.parsed, at)) return true;
  if (!doubts.under(at)) return false;
  return arr(dataAt(q.parsed.data, at)).some((_, i) => doubts.has([...at, i]) || doubts.touches([...at, i, 'value']));
}

/**
 * Whether the set of question ids may not be what the file meant: a section, question or id (or
 * `requires`) was rejected, or may have been lost to a syntax error.
 */
function questionIdsUnsure(q: Questionnaire): boolean {
  const { doubts } = q.parsed;
  if (doubts.size === 0) return false;
  // after a syntax error in the sections, a section or question may be missing
  if (unsure(q.parsed, ['requires']) || doubts.covers(['sections']) || q.parsed.incomplete.under(['sections']))
    return true;
  if (!doubts.under(['sections'])) return false;
  return arr(dataAt(q.parsed.data, ['sections'])).some((s, si) => {
    const sp = ['sections', si];
    if (doubts.has(sp) || doubts.touches([...sp, 'id']) || doubts.covers([...sp, 'questions'])) return true;
    return (
      isObj(s) &&
      arr(s['questions']).some(
        (_, qi) => doubts.has([...sp, 'questions', qi]) || doubts.touches([...sp, 'questions', qi, 'id']),
      )
    );
  });
}

function checkQuestion(r: Reporter, q: Questionnaire, qu: Question) {
  const at = qu.path;
  // A rule that reads a value the schema rejected, or one a syntax error may have taken, is skipped:
  // that mistake is reported once, by the schema or the YAML parser.
  const unsureAt = (...rest: PathPart[]) => unsure(q.parsed, [...at, ...rest]);
  const typeUnsure = unsureAt('type');
  const weightUnsure = unsureAt('weight');
  const salienceUnsure = unsureAt('salience');
  const choices = choicesUnsure(q, qu);
  if (isChoice(qu)) {
    if (qu.options.length < 2 && !choices)
      r.error(
        qu.options.length ? [...at, 'options'] : [...at, 'type'],
        'options-count',
        `${showId(qu.id)} is a ${qu.type} question and needs at least 2 options, found ${qu.options.length}`,
        'key',
      );
  } else if (qu.options.length && !typeUnsure) {
    r.error(
      [...at, 'options'],
      'options-not-allowed',
      `${showId(qu.id)} is a ${qu.type} question: it takes a free answer and cannot have options`,
      'key',
    );
  }
  const values: Option[] = [];
  qu.options.forEach((o) => {
    const op = [...at, 'options', optionIndex.get(o) ?? 0];
    if (values.some((v) => sameValue(v.value, o.value)))
      r.error(
        [...op, 'value'],
        'duplicate-option-value',
        `option value ${showValue(o.value)} is already used in ${showId(qu.id)}`,
      );
    values.push(o);
    const hasScore = o.score !== undefined;
    const hasNa = o.na === true;
    if (hasScore && hasNa)
      r.error(op, 'option-score', `option ${showValue(o.value)} has both \`score\` and \`na: true\`: keep one`);
    else if (
      !hasScore &&
      !hasNa &&
      qu.weight > 0 &&
      isChoice(qu) &&
      !typeUnsure &&
      !weightUnsure &&
      !salienceUnsure &&
      !unsure(q.parsed, [...op, 'score']) &&
      !unsure(q.parsed, [...op, 'na'])
    )
      r.error(
        op,
        'option-score',
        `option ${showValue(o.value)} of scored question ${showId(qu.id)} needs \`score\` (0 to 1) or \`na: true\` (or give the question weight: 0)`,
      );
    if (qu.critical && hasNa)
      r.warn(
        op,
        'critical-na',
        `critical question ${showId(qu.id)} offers N/A: N/A could erase a red flag; scope the question with \`when\` instead`,
      );
  });
  const seen = new Set<number>();
  qu.ungp.forEach((n, i) => {
    if (seen.has(n)) r.error([...at, 'ungp', i], 'duplicate-ungp', `UNGP ${n} is listed twice`);
    seen.add(n);
  });
  if (isChoice(qu) && qu.weight > 0 && !qu.salience && !typeUnsure && !weightUnsure && !salienceUnsure) {
    if (!qu.refs.get('ungp')?.length && !unsureAt('ungp') && !unsureAt('refs'))
      r.warn([...at, 'id'], 'missing-ungp', `scored question ${showId(qu.id)} names no UNGP principle (ungp: [...])`);
    if (!qu.help && !unsureAt('help'))
      r.warn(
        [...at, 'id'],
        'missing-help',
        `scored question ${showId(qu.id)} has no \`help\`: say what good practice looks like and what evidence shows it`,
      );
    if (!qu.recommendation && !unsureAt('recommendation'))
      r.warn(
        [...at, 'id'],
        'missing-recommendation',
        `scored question ${showId(qu.id)} has no \`recommendation\` for when it scores below 1`,
      );
  }
  if (qu.salience && !choices && !weightUnsure) {
    const okValues =
      qu.options.length === 4 && [1, 2, 3, 4].every((v) => qu.options.some((o) => sameValue(o.value, v)));
    if (qu.type !== 'single' || qu.weight !== 0 || !okValues)
      r.error(
        [...at, 'salience'],
        'salience-question',
        `salience question ${showId(qu.id)} must be \`type: single\` with \`weight: 0\` and options with the values 1, 2, 3 and 4`,
      );
  }
}

interface Scope {
  earlier: Map<string, Question>;
  later: Map<string, Question>;
  external: Map<string, Question>;
  /** questions whose type or options may not be what their file meant */
  unsureChoices: Set<Question>;
  /** a question may be missing from these maps (its id, or its section, was rejected) */
  idsUnsure: boolean;
}

const FORMS = ['equals', 'in', 'answered', 'all', 'any', 'not'] as const;

function checkCondition(r: Reporter, owner: Question, c: Condition, path: PathPart[], scope: Scope): void {
  const present = FORMS.filter((f) => Object.prototype.hasOwnProperty.call(c, f));
  const hasQuestion = Object.prototype.hasOwnProperty.call(c, 'question');
  const needsQuestion = present.length === 1 && ['equals', 'in', 'answered'].includes(present[0]!);
  if (present.length !== 1 || needsQuestion !== hasQuestion) {
    // a key of it was rejected (e.g. `equls`, taken for `equals`): that is the one mistake
    if (r.parsed.doubts.under(path) || r.parsed.incomplete.under(path)) return;
    r.error(
      path,
      'condition-form',
      present.length > 1
        ? `a condition has exactly one of ${FORMS.join(', ')}; found ${present.join(' and ')}: combine them with all: [...]`
        : needsQuestion
          ? `\`${present[0]}\` needs \`question:\` naming the question it tests`
          : hasQuestion && present.length === 0
            ? 'a condition on a question needs `equals`, `in` or `answered`, e.g. { question: PRO-ROLES, equals: network-operator }'
            : hasQuestion
              ? `\`${present[0]}\` does not take \`question:\``
              : 'empty condition: use { question: Q, equals: V }, in, answered, all, any or not',
    );
    return;
  }
  const form = present[0]!;
  if (form === 'all' || form === 'any') {
    arr((c as Record<string, unknown>)[form] as JsonValue)
      .filter(isObj)
      .forEach((sub, i) => checkCondition(r, owner, sub as unknown as Condition, [...path, form, i], scope));
    return;
  }
  if (form === 'not') {
    const sub = (c as { not: unknown }).not;
    if (isObj(sub)) checkCondition(r, owner, sub as unknown as Condition, [...path, 'not'], scope);
    return;
  }
  const qid = (c as { question: unknown }).question;
  if (typeof qid !== 'string') return;
  const target = scope.earlier.get(qid) ?? scope.external.get(qid);
  if (!target) {
    if (scope.later.has(qid))
      r.error(
        [...path, 'question'],
        'when-forward-reference',
        qid === owner.id
          ? `${showId(owner.id)}'s condition names ${showId(qid)} itself`
          : `${showId(qid)} comes after ${showId(owner.id)}: a condition may name only earlier questions`,
      );
    else if (!scope.idsUnsure) {
      const guess = closest(qid, [...scope.earlier.keys(), ...scope.external.keys()]);
      r.error(
        [...path, 'question'],
        'when-unknown-question',
        `no question ${showId(qid)} before ${showId(owner.id)} or in a required questionnaire${guess ? `: did you mean ${showId(guess)}?` : ''}`,
      );
    }
    return;
  }
  if (form === 'answered' || scope.unsureChoices.has(target)) return;
  const values: unknown[] = form === 'equals' ? [(c as { equals: unknown }).equals] : arr((c as { in: JsonValue }).in);
  values.forEach((v, i) => {
    if (!isValue(v) || findOption(target, v)) return;
    const vpath = form === 'equals' ? [...path, 'equals'] : [...path, 'in', i];
    if (!isChoice(target)) {
      r.error(
        vpath,
        'when-unknown-value',
        `${showId(qid)} is a ${target.type} question with no options: test it with \`answered\``,
      );
      return;
    }
    const near = target.options.find((o) => String(o.value) === String(v));
    r.error(
      vpath,
      'when-unknown-value',
      `${showValue(v)} is not an option of ${showId(qid)}${near ? `: did you mean ${showValue(near.value)}?` : ` (options: ${target.options.map((o) => showValue(o.value)).join(', ')})`}`,
    );
  });
}

/** Rules across the questionnaires used together: question ids and salience ratings are unique. */
export function checkQuestionSet(set: readonly Questionnaire[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ids = new Map<string, Questionnaire>();
  const salience = new Map<string, string>();
  for (const q of set) {
    const r = new Reporter(q.parsed);
    for (const qu of q.sections.flatMap((s) => s.questions)) {
      const first = ids.get(qu.id);
      if (!first) ids.set(qu.id, q);
      else if (!unsure(q.parsed, [...qu.path, 'id']))
        r.error(
          [...qu.path, 'id'],
          'duplicate-question-id',
          first === q
            ? `question id ${showId(qu.id)} is already used in this questionnaire`
            : `question id ${showId(qu.id)} is already used by questionnaire ${showId(first.id)}, which is used together with this one`,
        );
      if (qu.salience && !unsure(q.parsed, [...qu.path, 'salience'])) {
        const key = `${qu.salience.issue}\u0000${qu.salience.dimension}`;
        const prev = salience.get(key);
        if (prev)
          r.error(
            [...qu.path, 'salience'],
            'duplicate-salience',
            `${showId(prev)} already rates the ${showId(qu.salience.dimension)} of ${showId(qu.salience.issue)}`,
          );
        else salience.set(key, qu.id);
      }
    }
    pushAll(out, r.diagnostics);
  }
  return out;
}

// ---------------------------------------------------------------- answers rules

export interface QuestionRef {
  question: Question;
  questionnaire: Questionnaire;
}

export function indexQuestions(set: readonly Questionnaire[]): Map<string, QuestionRef> {
  const index = new Map<string, QuestionRef>();
  for (const questionnaire of set)
    for (const s of questionnaire.sections)
      for (const question of s.questions)
        if (!index.has(question.id)) index.set(question.id, { question, questionnaire });
  return index;
}

/**
 * Unknown answer ids reported one by one, each with a "did you mean": enough for typos; past that
 * the file is not a few typos, and one warning counts the rest (so a file of hundreds of thousands
 * of unknown ids costs no more than an ordinary one).
 */
const MAX_UNKNOWN_REPORTED = 1000;

/** Each answer has the shape of its question and names only its options. */
export function checkAnswers(answers: Answers, set: readonly Questionnaire[]): Diagnostic[] {
  const r = new Reporter(answers.parsed);
  const index = indexQuestions(set);
  const raw = (answers.parsed.data as Obj)['answers'] as Obj;
  let unknown = 0;
  for (const [id, a] of answers.answers) {
    const base: PathPart[] = ['answers', id];
    const ref = index.get(id);
    if (!ref) {
      if (++unknown > MAX_UNKNOWN_REPORTED) continue;
      const guess = closest(id, index.keys());
      r.warn(
        base,
        'unknown-question',
        `no questionnaire used here has a question ${showId(id)}${guess ? `: did you mean ${showId(guess)}?` : ''} (the answer is kept)`,
        'key',
      );
      continue;
    }
    const vpath = isObj(raw[id]) ? [...base, 'value'] : base;
    // an answer the schema rejected in part, or a question whose type or options are in doubt:
    // the checks below would only echo that mistake
    if (
      answers.parsed.doubts.has(base) ||
      unsure(answers.parsed, vpath) ||
      unsure(answers.parsed, [...base, 'skipped'])
    )
      continue;
    if (a.skipped && a.value !== null) {
      r.error(vpath, 'answer-skipped-with-value', `${showId(id)} is marked skipped and also has a value: remove one`);
      continue;
    }
    if (a.value === null || choicesUnsure(ref.questionnaire, ref.question)) continue;
    checkValue(r, ref.question, a.value, vpath);
  }
  if (unknown > MAX_UNKNOWN_REPORTED) {
    r.warn(
      ['answers'],
      'unknown-question',
      `and ${unknown - MAX_UNKNOWN_REPORTED} more answers name questions that no questionnaire used here has (the first ${MAX_UNKNOWN_REPORTED} are listed; every answer is kept)`,
      'key',
    );
  }
  return r.diagnostics;
}

function checkValue(r: Reporter, q: Question, value: AnswerValue, path: PathPart[]) {
  const example = q.options[0] ? showValue(q.options[0].value) : '';
  switch (q.type) {
    case 'text':
      if (typeof value !== 'string')
        r.error(path, 'answer-type', `${showId(q.id)} is a text question: give a string, found ${kindOf(value)}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        r.error(path, 'answer-type', `${showId(q.id)} is a number question: give a number, found ${kindOf(value)}`);
      return;
    case 'single':
      if (Array.isArray(value)) {
        r.error(
          path,
          'answer-type',
          `${showId(q.id)} is a single-choice question: give one value (e.g. ${example}), not a list`,
        );
        return;
      }
      optionOrError(r, q, value, path);
      return;
    case 'multiple': {
      if (!Array.isArray(value)) {
        r.error(
          path,
          'answer-type',
          `${showId(q.id)} is a multiple-choice question: give a list (e.g. [${example}]), found ${kindOf(value)}`,
        );
        return;
      }
      const chosen: Option[] = [];
      value.forEach((v, i) => {
        if (value.slice(0, i).some((w) => sameValue(w, v))) {
          r.error([...path, i], 'answer-duplicate-value', `${showValue(v)} is chosen twice in ${showId(q.id)}`);
          return;
        }
        const o = optionOrError(r, q, v, [...path, i]);
        if (o) chosen.push(o);
      });
      if (chosen.length > 1 && chosen.some((o) => o.na))
        r.error(
          path,
          'answer-na-mixed',
          `${showId(q.id)}: the N/A option cannot be chosen together with other options`,
        );
    }
  }
}

function optionOrError(r: Reporter, q: Question, v: OptionValue, path: PathPart[]): Option | undefined {
  const o = findOption(q, v);
  if (o) return o;
  const near =
    q.options.find((x) => String(x.value) === String(v)) ??
    q.options.find((x) => String(x.value).toLowerCase() === String(v).toLowerCase());
  r.error(
    path,
    'answer-not-an-option',
    `${showValue(v)} is not an option of ${showId(q.id)}${near ? `: did you mean ${showValue(near.value)}?` : ` (options: ${q.options.map((x) => showValue(x.value)).join(', ')})`}`,
  );
  return undefined;
}
