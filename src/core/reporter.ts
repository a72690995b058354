// Collects the diagnostics of one parsed file, each positioned by the data path it is about: what
// every rule (schema, questionnaire, answers, settings, warnings) reports through.
import { diag, type Diagnostic, type Severity } from './diagnostics.js';
import { positionOf, type ParsedFile, type PathPart } from './parse.js';
import type { RuleId } from './rules.js';

/** Collects diagnostics for one parsed file, positioned by data path. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly parsed: Pick<ParsedFile, 'file' | 'tree' | 'data' | 'doubts' | 'incomplete'>) {}
  add(severity: Severity, path: readonly PathPart[], rule: RuleId, message: string, prefer: 'key' | 'value' = 'value') {
    this.diagnostics.push(diag(this.parsed.file, positionOf(this.parsed, path, prefer), severity, rule, message));
  }
  error(path: readonly PathPart[], rule: RuleId, message: string, prefer: 'key' | 'value' = 'value') {
    this.add('error', path, rule, message, prefer);
  }
  warn(path: readonly PathPart[], rule: RuleId, message: string, prefer: 'key' | 'value' = 'value') {
    this.add('warning', path, rule, message, prefer);
  }
}
