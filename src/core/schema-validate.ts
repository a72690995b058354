import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileValidators } from './schema-compile.js';
import questionnaireSchema from '../../schemas/questionnaire.schema.json' with { type: 'json' };
import answersSchema from '../../schemas/answers.schema.json' with { type: 'json' };
import frameworkSchema from '../../schemas/framework.schema.json' with { type: 'json' };
import refsSchema from '../../schemas/refs.schema.json' with { type: 'json' };
import migrationSchema from '../../schemas/migration.schema.json' with { type: 'json' };

export type SchemaKind = 'questionnaire' | 'answers' | 'framework' | 'refs' | 'migration';
export type SchemaError = ErrorObject;

export const SCHEMAS = {
  questionnaire: questionnaireSchema,
  answers: answersSchema,
  framework: frameworkSchema,
  refs: refsSchema,
  migration: migrationSchema,
} as const;

let compiled: Record<SchemaKind, ValidateFunction> | undefined;

function validators(): Record<SchemaKind, ValidateFunction> {
  compiled ??= compileValidators(SCHEMAS);
  return compiled;
}

/** Validates data against one of the JSON Schemas of the file formats; returns ajv's errors (empty when valid). */
export function validateSchema(kind: SchemaKind, data: unknown): SchemaError[] {
  const validate = validators()[kind];
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
