import type { JsonValue } from './json.js';
import { distance } from './suggest.js';

const SCHEMAS = ['hrdd/questionnaire@1', 'hrdd/answers@1', 'hrdd/framework@1', 'hrdd/refs@1', 'hrdd/migration@1'];
/** Top-level keys only hrdd files have together; two of them make a file "shaped like" one. */
const QUESTIONNAIRE_KEYS = ['sections', 'requires', 'maturity'];
const ANSWERS_KEYS = ['answers', 'questionnaires', 'organisation', 'assessor'];

/**
 * Whether a YAML file that a folder scan found could be meant as an hrdd file, so that its problems
 * are worth reporting; a file that is plainly another tool's (a docker-compose.yml, a workflow, a
 * .pre-commit-config.yaml) is skipped instead. Errs towards "hrdd": a `schema` value close to
 * `hrdd/...`, or the shape of a questionnaire or answers file, is checked (and so reported when
 * mistyped). When the YAML could not be parsed, the text's top-level lines decide the same way.
 */
export function looksLikeHrdd(data: JsonValue | undefined, text: string): boolean {
  if (data === undefined) return textLooksLikeHrdd(text);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  const keys = Object.keys(data);
  if (Object.prototype.hasOwnProperty.call(data, 'schema')) {
    const s = data['schema'];
    if (typeof s === 'string' && schemaLooksLikeHrdd(s)) return true;
  }
  return shaped(keys);
}

function schemaLooksLikeHrdd(value: string): boolean {
  const v = value.trim().toLowerCase();
  return (
    v.startsWith('hrdd') ||
    /(^|\/)(questionnaire|answers|framework|refs)@/.test(v) ||
    (v.length < 40 && SCHEMAS.some((s) => distance(v, s) <= 4))
  );
}

function shaped(keys: readonly string[]): boolean {
  const has = (k: string) => keys.includes(k);
  const questionnaire =
    has('sections') && (has('id') || has('version') || has('title') || QUESTIONNAIRE_KEYS.filter(has).length >= 2);
  const answers = ANSWERS_KEYS.filter(has).length >= 2;
  const framework = has('items') && (has('publisher') || has('groups') || (has('id') && has('version')));
  const refs = has('refs') && has('questionnaire');
  return questionnaire || answers || framework || refs;
}

function textLooksLikeHrdd(text: string): boolean {
  const top = new Set<string>();
  // top-level keys only (no indentation); linear in the text
  for (const m of text.matchAll(/^([A-Za-z_][\w-]*)[ \t]*:(.*)$/gm)) {
    top.add(m[1]!);
    if (m[1] === 'schema' && schemaLooksLikeHrdd(m[2]!.replace(/^\s*['"]?|['"]?\s*(#.*)?$/g, ''))) return true;
  }
  return shaped([...top]);
}
