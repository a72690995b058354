import type { ScoreResult } from './score.js';

export interface ScoreInputs {
  answers: { path: string; sha256: string };
  questionnaires: Array<{ id: string; version: string; sha256: string }>;
}

/** The JSON shape of format.md section 5 (`hrdd/score@1`): unrounded numbers, nulls for no score. */
export function scoreToJson(result: ScoreResult, inputs: ScoreInputs, tool: { name: string; version: string }) {
  return {
    schema: 'hrdd/score@1',
    tool: { name: tool.name, version: tool.version },
    inputs: [inputs.answers, ...inputs.questionnaires],
    overall: {
      score: result.overall.score,
      maturity: result.overall.maturityLabel,
      maturityCapped: result.overall.maturityCapped,
      completion: result.overall.completion,
    },
    questionnaires: result.questionnaires.map((q) => ({
      id: q.questionnaire.id,
      version: q.questionnaire.version,
      score: q.score,
      maturity: q.maturityLabel,
      maturityCapped: q.maturityCapped,
      sections: q.sections.map((s) => ({
        id: s.section.id,
        score: s.score,
        maturity: s.maturityLabel,
        maturityCapped: s.maturityCapped,
      })),
    })),
    principles: Object.fromEntries([...result.principles].map(([n, v]) => [String(n), v])),
    frameworks: Object.fromEntries(
      [...result.frameworks].map(([id, f]) => [id, { version: f.version, items: Object.fromEntries(f.items) }]),
    ),
    gaps: result.gaps.map((g) => ({
      question: g.question.id,
      questionnaire: g.questionnaire.id,
      section: g.section.id,
      score: g.score,
      answered: g.answered,
      impact: g.impact,
      priority: g.priority,
      critical: g.critical,
      recommendation: g.question.recommendation ?? null,
      ungp: g.question.ungp,
      severity: g.severity,
    })),
    redFlags: result.redFlags,
    salience: result.salience,
    completion: result.completion,
  };
}
