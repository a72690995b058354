import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileValidators } from './schema-compile.js';
import questionnaireSchema from '../../schemas/questionnaire.schema.json' with { type: 'json' };
import answersSchema from '../../schemas/answers.schema.json' with { type: 'json' };

export type SchemaKind = 'questionnaire' | 'answers';
export type SchemaError = ErrorObject;

export const SCHEMAS = { questionnaire: questionnaireSchema, answers: answersSchema } as const;

let compiled: Record<SchemaKind, ValidateFunction> | undefined;

function validators(): Record<SchemaKind, ValidateFunction> {
  compiled ??= compileValidators(SCHEMAS);
  return compiled;
}

/** Validates data against one of the two JSON Schemas; returns ajv's errors (empty when valid). */
export function validateSchema(kind: SchemaKind, data: unknown): SchemaError[] {
  const validate = validators()[kind];
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
