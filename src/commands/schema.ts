import type { Context } from '../context.js';
import { answersSchemaFor } from '../core/answers-schema.js';
import { configSchema } from '../core/config.js';
import { brandSchema } from '../core/brand.js';
import { sortDiagnostics } from '../core/diagnostics.js';
import { formatDiagnostic } from '../render/diagnostics.js';
import { jsonText, termLine } from '../render/inert.js';
import { SCHEMAS } from '../core/schema-validate.js';
import { InputError, UsageError } from '../errors.js';
import { Loader } from '../io/loader.js';

/**
 * Prints a JSON Schema. `hrdd schema answers --for ict-profile ict-impacts` gives the answers schema
 * with every question id of those questionnaires (and those they require) and its option values.
 */
export async function schemaCommand(
  kind: 'questionnaire' | 'answers' | 'config' | 'brand' | 'framework' | 'refs' | 'migration',
  opts: { for?: string[]; questionnaires?: string[] },
  ctx: Context,
): Promise<number> {
  if (!opts.for?.length) {
    ctx.stdout(jsonText(kind === 'config' ? configSchema() : kind === 'brand' ? brandSchema() : SCHEMAS[kind]));
    return 0;
  }
  if (kind !== 'answers') throw new UsageError('--for goes with `hrdd schema answers`');
  // the references are the user's own, given on the command line: paths from the working folder
  const loader = new Loader(ctx.cwd, [ctx.cwd, ...(opts.questionnaires ?? [])]);
  const problems: string[] = [];
  const qs = loader.questionnairesFor(opts.for, ctx.cwd, (i, rule, message) =>
    problems.push(`${opts.for![i]}: ${message} [${rule}]`),
  );
  if (!qs) {
    for (const p of problems) ctx.stderr(`hrdd: ${termLine(p)}\n`);
    for (const ref of opts.for) {
      // show the questionnaire's own errors, so the user need not run validate to see them
      const res = loader.questionnairePath(ref, ctx.cwd);
      if (res)
        for (const d of sortDiagnostics(loader.loadQuestionnaire(res).diagnostics))
          if (d.severity === 'error') ctx.stderr(formatDiagnostic(d) + '\n');
    }
    if (problems.every((p) => p.endsWith('[questionnaire-not-found]'))) throw new UsageError('');
    throw new InputError('');
  }
  ctx.stdout(jsonText(answersSchemaFor(SCHEMAS.answers as unknown as Record<string, unknown>, qs, opts.for)));
  return 0;
}
