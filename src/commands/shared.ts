import type { Diagnostic } from '../core/diagnostics.js';
import { scoreAssessment, type ScoreResult } from '../core/score.js';
import { assessmentWarnings as warningsOf } from '../core/warnings.js';
import type { Assessment } from '../io/loader.js';

export function scoreOf(assessment: Assessment): ScoreResult {
  return scoreAssessment(assessment.questionnaires, assessment.answers.answers);
}

/** Warnings a careful assessor wants on an answers file (from the scorer). */
export function assessmentWarnings(assessment: Assessment, result = scoreOf(assessment)): Diagnostic[] {
  return warningsOf(assessment.answers, result);
}
