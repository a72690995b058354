import { dirname, resolve } from 'node:path';
import type { Context } from '../context.js';
import { buildCoverage } from '../core/coverage.js';
import { hasErrors, sortDiagnostics } from '../core/diagnostics.js';
import { mergeRefs, type RefsMap } from '../core/framework.js';
import type { Questionnaire } from '../core/model.js';
import { InputError, UsageError } from '../errors.js';
import { writeOutput } from '../io/files.js';
import { listBundled, Loader } from '../io/loader.js';
import { renderCoverageMarkdown, renderCoverageText } from '../render/coverage.js';
import { formatDiagnostic } from '../render/diagnostics.js';
import { jsonText, termLine } from '../render/inert.js';
import { requireFile } from './common.js';
import { frameworksOption } from './framework-option.js';

export interface CoverageOptions {
  framework: string;
  refs: string[];
  format: 'text' | 'json' | 'md';
  out?: string;
  questionnaires: string[];
}

/**
 * For each item of a framework, the questions that reference it, then the items no scored
 * question covers: of the questionnaires named (bundled ids, `id@version` or paths; default the
 * latest version of every bundled one), with the references of refs files (`--refs`).
 */
export async function coverageCommand(refs: string[], opts: CoverageOptions, ctx: Context): Promise<number> {
  const refsFiles = opts.refs.map((f) => requireFile(f, ctx.cwd));
  // the references are the user's own, given on the command line: paths from the working folder
  const loader = new Loader(ctx.cwd, [ctx.cwd, ...refsFiles.map((f) => dirname(f)), ...opts.questionnaires]);
  const frameworks = frameworksOption(opts.framework, loader, ctx.cwd);
  if (frameworks.length !== 1)
    throw new UsageError(`--framework takes one framework for coverage, found "${opts.framework}"`);
  const framework = frameworks[0]!;

  const named = refs.length ? refs : listBundled().map((e) => e.id);
  const problems: string[] = [];
  const qs = loader.questionnairesFor(named, ctx.cwd, (i, rule, message) =>
    problems.push(`${named[i]}: ${message} [${rule}]`),
  );
  if (!qs) {
    for (const p of problems) ctx.stderr(`hrdd: ${termLine(p)}\n`);
    if (problems.every((p) => p.endsWith('[questionnaire-not-found]'))) throw new UsageError('');
    throw new InputError('');
  }

  const extra = new Map<Questionnaire, RefsMap>();
  for (const abs of refsFiles) {
    const loaded = loader.frameworks.loadRefs(abs);
    const errors = sortDiagnostics(loaded.diagnostics).filter((d) => d.severity === 'error');
    if (hasErrors(loaded.diagnostics) || !loaded.file || !loaded.questionnaire) {
      for (const d of errors) ctx.stderr(formatDiagnostic(d) + '\n');
      throw new InputError(errors.length ? '' : `${loader.display(abs)}: not a usable refs file`);
    }
    if (!qs.includes(loaded.questionnaire)) {
      ctx.stderr(
        `hrdd: ${termLine(loader.display(abs))}: maps questionnaire ${termLine(loaded.file.questionnaire)}, which is not among those covered: left out\n`,
      );
      continue;
    }
    extra.set(loaded.questionnaire, mergeRefs(extra.get(loaded.questionnaire), loaded.file.refs));
  }

  const coverage = buildCoverage(framework, qs, extra);
  const text =
    opts.format === 'json'
      ? jsonText(coverage)
      : opts.format === 'md'
        ? renderCoverageMarkdown(coverage)
        : renderCoverageText(coverage);
  if (opts.out) {
    const path = resolve(ctx.cwd, opts.out);
    writeOutput(path, text, 0o644, ctx.cwd);
    ctx.stdout(`wrote ${termLine(loader.display(path))}\n`);
  } else ctx.stdout(text);
  return 0;
}
