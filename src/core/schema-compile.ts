import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictTypes: false } as const;

/**
 * Compiles the schemas of the file formats with ajv. The bundled CLI replaces this module with validators
 * precompiled at build time (scripts/build.mjs), which saves the compile on every start.
 */
export function compileValidators<K extends string>(schemas: Record<K, object>): Record<K, ValidateFunction> {
  const ajv = new Ajv2020.default({ ...AJV_OPTIONS });
  addFormats.default(ajv, ['date']);
  return Object.fromEntries(Object.entries<object>(schemas).map(([k, schema]) => [k, ajv.compile(schema)])) as Record<
    K,
    ValidateFunction
  >;
}
