import type { Option, Question, Questionnaire } from './model.js';

type Schema = Record<string, unknown>;

/**
 * The answers-file JSON Schema for these questionnaires: the general schema, with one property per
 * question id whose values are that question's option values (with their labels), so an editor
 * completes and checks question ids and answers. Question ids not listed stay allowed, as in hrdd
 * (an unknown id is a warning there, not an error). Pure: built from data, never from code.
 */
export function answersSchemaFor(
  base: Schema,
  questionnaires: readonly Questionnaire[],
  refs: readonly string[],
): Schema {
  const defs = base['$defs'] as Record<string, Schema>;
  const answerObject = (defs['answer']!['anyOf'] as Schema[]).find((s) => s['type'] === 'object')!;
  const properties: Record<string, Schema> = {};
  for (const q of questionnaires) {
    for (const section of q.sections) {
      for (const question of section.questions) {
        const value = valueSchema(question);
        properties[question.id] = {
          title: `${question.id} · ${q.title} › ${section.title}`,
          description: question.text.trim(),
          anyOf: [
            value,
            { type: 'null', description: 'Not answered.' },
            {
              ...answerObject,
              properties: {
                ...(answerObject['properties'] as Schema),
                value: { anyOf: [value, { type: 'null', description: 'Not answered.' }] },
              },
            },
          ],
        };
      }
    }
  }
  const baseProps = base['properties'] as Record<string, Schema>;
  const ids = questionnaires.map((q) => `${q.id}@${q.version}`);
  return {
    ...base,
    $id: `${String(base['$id'])}:for:${ids.join(',')}`,
    title: `hrdd answers for ${ids.join(', ')}`,
    properties: {
      ...baseProps,
      questionnaires: { ...baseProps['questionnaires'], default: [...refs], examples: [[...refs]] },
      answers: { ...baseProps['answers'], properties },
    },
  };
}

function valueSchema(q: Question): Schema {
  const option = (o: Option): Schema => ({
    const: o.value,
    title: o.label,
    ...(o.description && { description: o.description }),
  });
  switch (q.type) {
    case 'single':
      return { description: 'One option value.', oneOf: q.options.map(option) };
    case 'multiple':
      return {
        type: 'array',
        description: 'The chosen option values ([] is an answer: none of them).',
        uniqueItems: true,
        items: { oneOf: q.options.map(option) },
      };
    case 'number':
      return { type: 'number', description: 'A number.' };
    default:
      return { type: 'string', description: 'Free text.' };
  }
}
