import type { QuestionRefs } from './framework.js';
import type { ParsedFile, PathPart } from './parse.js';

export type OptionValue = string | number | boolean;
export type QuestionType = 'single' | 'multiple' | 'text' | 'number';
/** `name` marks the text question whose answer names an issue the bundled list lacks (format §6). */
export type SalienceDimension = 'scale' | 'scope' | 'remediability' | 'likelihood' | 'name';

export interface Option {
  value: OptionValue;
  label: string;
  description?: string;
  score?: number;
  na?: boolean;
  evidenceRequired?: boolean;
  /** a multiple choice's "none of these": cannot be chosen with other options */
  exclusive?: boolean;
}

export type Condition =
  | { question: string; equals: OptionValue }
  | { question: string; in: OptionValue[] }
  | { question: string; answered: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export interface Question {
  id: string;
  text: string;
  help?: string;
  type: QuestionType;
  /** the `ungp` shorthand as written (also in `refs`, under `ungp`) */
  ungp: number[];
  /** framework id → item ids: the question's `refs` with its `ungp` shorthand */
  refs: QuestionRefs;
  weight: number;
  critical: boolean;
  when?: Condition;
  options: Option[];
  recommendation?: string;
  tags: string[];
  salience?: { issue: string; dimension: SalienceDimension };
  /** where the question sits in its file, for diagnostics */
  path: PathPart[];
}

export interface Section {
  id: string;
  title: string;
  description?: string;
  weight: number;
  questions: Question[];
  path: PathPart[];
}

export interface MaturityBand {
  min: number;
  label: string;
}

export interface Questionnaire {
  id: string;
  version: string;
  title: string;
  description?: string;
  language: string;
  weight: number;
  requires: string[];
  /** the frameworks its references use, as written (`id`, `id@version` or a path) */
  frameworks: string[];
  maturityBands?: MaturityBand[];
  sections: Section[];
  /** the file it was read from, as shown in diagnostics */
  file: string;
  /** SHA-256 of the file's bytes */
  sha256: string;
  parsed: ParsedFile;
}

export type AnswerValue = OptionValue | OptionValue[];

export interface Answer {
  /** null: not answered */
  value: AnswerValue | null;
  note?: string;
  evidence?: string[];
  skipped: boolean;
  /**
   * Written by `hrdd migrate`: carried from an earlier questionnaire version (`id@version QUESTION`)
   * and not yet confirmed. Confirming the answer in the wizard removes it.
   */
  carried?: string;
}

export interface Answers {
  organisation: string;
  assessor?: string;
  date?: string;
  questionnaires: string[];
  /** written by `hrdd merge` */
  merged?: {
    policy: string;
    respondents: Array<{ respondent: string; file: string }>;
    disagreements: Array<{ question: string; scores: Record<string, number> }>;
  };
  /** answers by question id, in file order */
  answers: Map<string, Answer>;
  file: string;
  sha256: string;
  parsed: ParsedFile;
}

export const DEFAULT_BANDS: readonly MaturityBand[] = [
  { min: 0, label: 'Not started' },
  { min: 20, label: 'Initial' },
  { min: 40, label: 'Developing' },
  { min: 60, label: 'Established' },
  { min: 80, label: 'Leading' },
];

/** Option values match by kind as well as value: 1 matches 1.0, never "1". */
export function sameValue(a: unknown, b: unknown): boolean {
  return typeof a === typeof b && a === b;
}

/** Two answer values match: the same option value, or lists of the same values in any order. */
export function sameAnswerValue(a: AnswerValue | null, b: AnswerValue | null): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v) => b.some((w) => sameValue(v, w)));
  return sameValue(a, b);
}

export function findOption(question: Question, value: unknown): Option | undefined {
  return question.options.find((o) => sameValue(o.value, value));
}

export function allQuestions(q: Questionnaire): Question[] {
  return q.sections.flatMap((s) => s.questions);
}

/** A single or multiple choice question: the only kinds with options and scores. */
export const isChoice = (q: Question): boolean => q.type === 'single' || q.type === 'multiple';

/** Scored (format §4): a choice question whose own, section and questionnaire weights are all above 0. */
export const isScored = (q: Question, section: Section, questionnaire: Questionnaire): boolean =>
  isChoice(q) && q.weight > 0 && section.weight > 0 && questionnaire.weight > 0;
