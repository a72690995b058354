import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import questionnaireSchema from '../../schemas/questionnaire.schema.json' with { type: 'json' };
import answersSchema from '../../schemas/answers.schema.json' with { type: 'json' };

export type SchemaKind = 'questionnaire' | 'answers';
export type SchemaError = ErrorObject;

export const SCHEMAS = { questionnaire: questionnaireSchema, answers: answersSchema } as const;

let compiled: Record<SchemaKind, ValidateFunction> | undefined;

function validators(): Record<SchemaKind, ValidateFunction> {
  if (!compiled) {
    const ajv = new Ajv2020.default({ allErrors: true, verbose: true, strict: true, strictTypes: false });
    addFormats.default(ajv, ['date']);
    compiled = {
      questionnaire: ajv.compile(questionnaireSchema),
      answers: ajv.compile(answersSchema),
    };
  }
  return compiled;
}

/** Validates data against one of the two JSON Schemas; returns ajv's errors (empty when valid). */
export function validateSchema(kind: SchemaKind, data: unknown): SchemaError[] {
  const validate = validators()[kind];
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
