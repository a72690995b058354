// Schema diagnostics: ajv's errors on a questionnaire or answers file mapped to positioned
// messages a person can act on (and to `parsed.doubts`, which the semantic rules then skip), and
// the diagnostic for a YAML file that is not an hrdd file.
import type { Diagnostic } from './diagnostics.js';
import { isObj, dataAt, type JsonObject } from './json.js';
import type { ParsedFile, PathPart } from './parse.js';
import { PathSet } from './paths.js';
import { Reporter } from './reporter.js';
import { validateSchema, type SchemaError, type SchemaKind } from './schema-validate.js';
import { closest } from './suggest.js';
import { kindOf, showKey, showValue } from './show.js';

export function notHrddFile(parsed: ParsedFile): Diagnostic {
  const r = new Reporter(parsed);
  const data = parsed.data;
  const hasSchema =
    data && typeof data === 'object' && !Array.isArray(data) && Object.prototype.hasOwnProperty.call(data, 'schema');
  r.error(
    hasSchema ? ['schema'] : [],
    'not-hrdd-file',
    hasSchema
      ? `unknown schema ${showValue((data as JsonObject)['schema'])}: expected hrdd/questionnaire@1, hrdd/answers@1, hrdd/framework@1, hrdd/refs@1 or hrdd/migration@1`
      : 'not an hrdd file: expected a mapping with `schema: hrdd/questionnaire@1` or `schema: hrdd/answers@1`',
  );
  return r.diagnostics[0]!;
}

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
  const seen = new Set<string>();
  for (const e of withoutAnyOfNoise(errors)) {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reportSchemaError(r, kind, parsed, e);
  }
  return r.diagnostics;
}

/**
 * The branches of an anyOf are told apart by type: those that name the wrong type for the value
 * itself are noise. What remains at or under the value comes from the branch of its type, and
 * says what is wrong more precisely than the anyOf would, so it stands alone.
 */
function withoutAnyOfNoise(errors: SchemaError[]): SchemaError[] {
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  return errors.filter((e) => {
    if (anyOfAt.has(e.instancePath) && e.keyword === 'type') return false;
    if (e.keyword !== 'anyOf') return true;
    const explained = errors.some((o) =>
      o.instancePath === e.instancePath
        ? o.keyword !== 'type' && o.keyword !== 'anyOf'
        : o.instancePath.startsWith(e.instancePath + '/'),
    );
    return !explained;
  });
}

/** One schema error: its diagnostic, and the values it puts in doubt. */
function reportSchemaError(r: Reporter, kind: SchemaKind, parsed: ParsedFile, e: SchemaError): void {
  const path = splitPointer(e.instancePath);
  const data = dataAt(parsed.data, path);
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') {
    const k = String(p['missingProperty']);
    parsed.doubts.add([...path, k]); // absent, so a default would stand in for it
    const ex = EXAMPLES[k];
    r.error(path, 'schema-required', `missing required key ${showKey(k)}${ex ? ` (e.g. ${ex})` : ''}`);
  } else if (e.keyword === 'additionalProperties') {
    reportUnknownKey(r, parsed, e, path, data);
  } else {
    parsed.doubts.add(path);
    const { rule, message } = valueMessage(kind, e, path, data);
    r.error(path, rule, message);
  }
}

function reportUnknownKey(r: Reporter, parsed: ParsedFile, e: SchemaError, path: PathPart[], data: unknown): void {
  const k = String((e.params as Record<string, unknown>)['additionalProperty']);
  const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const guess = closest(k, allowed);
  // `wieght: 0` most likely meant weight: 0, so the default weight is not to be trusted
  if (guess && !(isObj(data) && Object.prototype.hasOwnProperty.call(data, guess))) parsed.doubts.add([...path, guess]);
  r.error(
    [...path, k],
    'schema-unknown-key',
    `unknown key ${showKey(k)}${guess ? `: did you mean ${showKey(guess)}?` : allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
    'key',
  );
}

/** What is wrong with a value the schema rejected (of the wrong type, form or value). */
function valueMessage(
  kind: SchemaKind,
  e: SchemaError,
  path: PathPart[],
  data: unknown,
): { rule: 'schema-type' | 'schema-value'; message: string } {
  const last = path[path.length - 1];
  const field = typeof last === 'string' ? showKey(last) : 'this value';
  const p = e.params as Record<string, unknown>;
  const value = (message: string) => ({ rule: 'schema-value' as const, message });
  switch (e.keyword) {
    case 'type':
      return { rule: 'schema-type', message: typeMessage(field, p['type'] as string | string[], data) };
    case 'anyOf':
      return { rule: 'schema-type', message: anyOfMessage(kind, path, field, data) };
    case 'const':
      return value(`${field} must be ${showValue(p['allowedValue'])}, found ${kindOf(data)}`);
    case 'enum': {
      const allowed = (p['allowedValues'] as unknown[]).map(String);
      const guess = typeof data === 'string' ? closest(data, allowed) : undefined;
      return value(
        `${field} must be one of ${allowed.join(', ')}, found ${kindOf(data)}${guess ? `: did you mean ${guess}?` : ''}`,
      );
    }
    case 'pattern':
      return value(`${field} ${showValue(data)} is not valid: expected ${describePattern(String(last), kind)}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return value(
        `${field} must be ${e.keyword === 'minimum' ? '>=' : e.keyword === 'maximum' ? '<=' : e.keyword === 'exclusiveMinimum' ? '>' : '<'} ${String(p['limit'])}, found ${kindOf(data)}`,
      );
    case 'minItems':
      return value(`${field} needs at least ${String(p['limit'])} ${p['limit'] === 1 ? 'entry' : 'entries'}`);
    case 'minLength':
      return value(`${field} must not be empty`);
    case 'format':
      return value(`${field} must be a date written YYYY-MM-DD, found ${kindOf(data)}`);
    default:
      return value(`${field} ${e.message ?? 'is not valid'}`);
  }
}

function typeMessage(field: string, type: string | string[], data: unknown): string {
  const t = ([] as string[]).concat(type);
  const hint =
    t.includes('string') && (typeof data === 'number' || typeof data === 'boolean')
      ? `: put it in quotes, e.g. "${String(data)}"`
      : '';
  return `${field} must be ${t.map((x) => TYPE_NAMES[x] ?? x).join(' or ')}, found ${kindOf(data)}${hint}`;
}

function anyOfMessage(kind: SchemaKind, path: PathPart[], field: string, data: unknown): string {
  if (kind === 'answers' && path[0] === 'answers' && path.length === 2)
    return `an answer is a value, a list of values, or a mapping with value, note, evidence and skipped; found ${kindOf(data)}`;
  if (kind === 'answers' && path[path.length - 1] === 'value')
    return `\`value\` must be a value or a list of values, found ${kindOf(data)}`;
  return `${field} has the wrong form, found ${kindOf(data)}`;
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
