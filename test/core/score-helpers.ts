import { toAnswer } from '../../src/core/typed-model.js';
import { loadBytes } from '../../src/core/load.js';
import type { Answer, Questionnaire } from '../../src/core/model.js';
import type { JsonValue } from '../../src/core/json.js';
import { scoreAssessment } from '../../src/core/score.js';

export function q(yaml: string, file = 'q.yaml'): Questionnaire {
  const loaded = loadBytes(Buffer.from(yaml), file, 'sha');
  if (!loaded.questionnaire || loaded.diagnostics.some((d) => d.severity === 'error')) {
    throw new Error('bad fixture: ' + JSON.stringify(loaded.diagnostics));
  }
  return loaded.questionnaire;
}

export function answers(a: Record<string, unknown>): Map<string, Answer> {
  return new Map(Object.entries(a).map(([k, v]) => [k, toAnswer(v as JsonValue)]));
}

export const score = (qs: Questionnaire[], a: Record<string, unknown>) => scoreAssessment(qs, answers(a));

/** A scored single question with options a (1), b (0.5), c (0), n (N/A) unless `options` is given. */
export function question(id: string, extra: Record<string, unknown> = {}): string {
  const { options, ...rest } = extra;
  const base = {
    id,
    text: `${id}?`,
    type: 'single',
    ungp: [17],
    help: 'h',
    recommendation: 'r',
    options: options ?? [
      { value: 'a', label: 'A', score: 1 },
      { value: 'b', label: 'B', score: 0.5 },
      { value: 'c', label: 'C', score: 0 },
      { value: 'n', label: 'N/A', na: true },
    ],
    ...rest,
  };
  return JSON.stringify(base);
}

/** A questionnaire: sections as { id: [questionJson...] } with optional weights. */
export function questionnaireOf(
  id: string,
  sections: Array<{ id: string; weight?: number; questions: string[] }>,
  extra: Record<string, unknown> = {},
): Questionnaire {
  const doc = {
    schema: 'hrdd/questionnaire@1',
    id,
    version: '1.0.0',
    title: id,
    ...extra,
    sections: sections.map((s) => ({
      id: s.id,
      title: s.id,
      ...(s.weight !== undefined && { weight: s.weight }),
      questions: s.questions.map((x) => JSON.parse(x)),
    })),
  };
  return q(JSON.stringify(doc), `${id}.yaml`);
}
