import type { Diagnostic } from './diagnostics.js';
import { checkSchema, notHrddFile } from './schema-diagnostics.js';
import { fileKind, toAnswers, toQuestionnaire, type FileKind } from './typed-model.js';
import type { Answers, Questionnaire } from './model.js';
import { frameworkFileKind, toFramework, toRefsFile, type Framework, type RefsFile } from './framework.js';
import { checkFramework } from './framework-rules.js';
import { decodeUtf8, parseYaml, type ParsedFile } from './parse.js';
import { pushAll } from './arrays.js';
import { toMigration, type Migration } from './migration.js';

export interface LoadedFile {
  parsed?: ParsedFile;
  kind?: FileKind;
  questionnaire?: Questionnaire;
  answers?: Answers;
  framework?: Framework;
  refs?: RefsFile;
  migration?: Migration;
  diagnostics: Diagnostic[];
}

/** bytes → text → YAML with positions → kind → schema → typed model. Pure; never throws. */
export function loadBytes(bytes: Uint8Array, file: string, sha256: string): LoadedFile {
  const decoded = decodeUtf8(bytes, file);
  if ('diagnostic' in decoded) return { diagnostics: [decoded.diagnostic] };
  const parsed = parseYaml(decoded.text, file);
  const out: LoadedFile = { parsed, diagnostics: [...parsed.diagnostics] };
  if (parsed.data === undefined) return out;
  const kind = fileKind(parsed.data) ?? frameworkFileKind(parsed.data);
  if (!kind) {
    // after a syntax error, the `schema:` line may be what was lost
    if (!parsed.partial) out.diagnostics.push(notHrddFile(parsed));
    return out;
  }
  out.kind = kind;
  pushAll(out.diagnostics, parsed.warnings);
  const schemaDiagnostics = checkSchema(kind, parsed);
  pushAll(out.diagnostics, schemaDiagnostics);
  // A questionnaire is built even when the schema failed, so its semantic rules still report
  // (callers check for errors before using it); answers need a valid shape first.
  if (kind === 'questionnaire') out.questionnaire = toQuestionnaire(parsed, sha256);
  else if (kind === 'framework') {
    // its own rules need nothing else: checked here, like the schema
    out.framework = toFramework(parsed, sha256);
    pushAll(out.diagnostics, checkFramework(out.framework));
  } else if (kind === 'refs') out.refs = toRefsFile(parsed, sha256);
  else if (kind === 'migration') out.migration = toMigration(parsed, sha256);
  else if (answersUsable(parsed.data)) out.answers = toAnswers(parsed, sha256);
  return out;
}

/** Answers can be checked further when the parts that name questionnaires and answers are well formed. */
function answersUsable(data: unknown): boolean {
  const d = data as Record<string, unknown>;
  return (
    typeof d['organisation'] === 'string' &&
    Array.isArray(d['questionnaires']) &&
    d['questionnaires'].length > 0 &&
    d['questionnaires'].every((x) => typeof x === 'string') &&
    d['answers'] !== null &&
    typeof d['answers'] === 'object' &&
    !Array.isArray(d['answers'])
  );
}
