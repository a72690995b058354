import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictTypes: false } as const;

/**
 * Compiles the two schemas with ajv. The bundled CLI replaces this module with validators
 * precompiled at build time (scripts/build.mjs), which saves the compile on every start.
 */
export function compileValidators(schemas: {
  questionnaire: object;
  answers: object;
}): Record<'questionnaire' | 'answers', ValidateFunction> {
  const ajv = new Ajv2020.default({ ...AJV_OPTIONS });
  addFormats.default(ajv, ['date']);
  return { questionnaire: ajv.compile(schemas.questionnaire), answers: ajv.compile(schemas.answers) };
}
