import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createNodeContext, type Context } from './context.js';
import { HangupError, HrddError, InternalError, UsageError } from './errors.js';
import { TOOL } from './version.js';
import { termBlock, termLine } from './render/inert.js';
import type { ValidateFormat } from './commands/validate.js';
import type { ReportCommandOptions } from './commands/report.js';
import type { CompareOptions } from './commands/compare.js';
import type { CoverageOptions } from './commands/coverage.js';
import type { ListKind } from './commands/list.js';
import type { MigrateOptions } from './commands/migrate.js';

type Run = (ctx: Context) => Promise<number>;

/** A bug in hrdd, not a problem with the input or the output (sysexits' EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

/** For a repeatable option: each use adds one value. */
const collect = (value: string, previous: string[]) => [...previous, value];

/** --questionnaires DIR, for every command that reads files: folders whose questionnaires files may name by path. */
const questionnairesOption = () =>
  new Option(
    '--questionnaires <dir>',
    "a folder whose questionnaires files may name by path (repeatable; besides the files' own folders and the bundled set)",
  )
    .argParser(collect)
    .default([]);

/** The branding options of report and compare (a brand file, and each setting over it). */
function brandOptions(cmd: Command): Command {
  const text = (flags: string, description: string, example: string) =>
    new Option(flags, description).argParser(notAnOption(example));
  return cmd
    .addOption(
      text(
        '--brand <file>',
        'a brand file (schema: hrdd/brand@1) with the settings below; options given here override it',
        '--brand brand.yaml',
      ),
    )
    .addOption(
      text('--title <text>', "the report's title on the cover and in the PDF metadata", '--title "Review 2026"'),
    )
    .addOption(text('--prepared-by <text>', 'the "Prepared by" line (default: the assessor)', '--prepared-by "Firm"'))
    .addOption(text('--prepared-for <text>', 'a "Prepared for" line on the cover', '--prepared-for "The board"'))
    .addOption(
      text(
        '--logo <file>',
        'a PNG or JPEG logo (at most 2 MB, 4000 px): on the PDF cover, copied beside the Markdown',
        '--logo logo.png',
      ),
    )
    .addOption(
      text(
        '--confidential <text>',
        'a marking on the cover and every PDF page footer, and at the top of the Markdown',
        '--confidential "CONFIDENTIAL: board only"',
      ),
    )
    .addOption(new Option('--paper <size>', 'the PDF page size (default a4)').choices(['a4', 'letter']));
}

/**
 * An option's text that is another option (`--confidential --summary`) is a forgotten value, not a
 * marking: commander would take it as the text and drop the option it names.
 */
function notAnOption(example: string): (value: string) => string {
  return (value) => {
    if (/^--[a-z]/.test(value))
      throw new InvalidArgumentError(`${value} is an option, not a value: give one, as in ${example}`);
    return value;
  };
}

/** Parses argv, runs one command, and maps every error to an exit code. The only place that does. */
export async function main(
  argv: string[],
  makeContext: (color: boolean) => Context = createNodeContext,
): Promise<number> {
  const debug = argv.includes('--debug');
  const ctx = makeContext(!argv.includes('--no-color'));
  let run: Run | undefined;
  const program = programFor(ctx, (r) => {
    run = r;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (!run) {
      ctx.stdout(program.helpInformation());
      return 0;
    }
    return await run(ctx);
  } catch (e) {
    return exitCodeFor(e, ctx, debug);
  }
}

/** The whole command line: the global options and each command, which hands `setRun` what to run. */
function programFor(ctx: Context, setRun: (run: Run) => void): Command {
  const program = new Command('hrdd')
    .description('Human-rights due-diligence self-assessment for ICT companies (UN Guiding Principles)')
    .version(TOOL.version, '-V, --version')
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--debug', 'show stack traces of internal errors')
    .exitOverride()
    .showHelpAfterError('(run hrdd --help for usage)')
    .configureOutput({
      writeOut: ctx.stdout,
      writeErr: ctx.stderr,
      outputError: (s, write) => write(s),
      // one width everywhere, so the help text the build writes for bin/hrdd is the help text
      getOutHelpWidth: () => 80,
      getErrHelpWidth: () => 80,
    });

  addValidateCommand(program, setRun);
  addScoreCommand(program, setRun);
  addAssessCommand(program, setRun);
  addReportCommand(program, setRun);
  addCompareCommand(program, setRun);
  addMergeCommand(program, setRun);
  addMigrateCommand(program, setRun);
  addSchemaCommand(program, setRun);
  addCoverageCommand(program, setRun);
  addListCommand(program, setRun);
  return program;
}

/** hrdd validate: check questionnaires and answers files. */
function addValidateCommand(program: Command, setRun: (run: Run) => void): void {
  program
    .command('validate')
    .description('check questionnaires and answers files; folders are searched for *.yaml and *.yml')
    .argument('<paths...>', 'files or folders')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json', 'sarif', 'junit', 'github', 'gitlab'] satisfies ValidateFormat[])
        .default('text'),
    )
    .option('--strict', 'treat warnings as errors', false)
    .option('-q, --quiet', 'report errors only', false)
    .option('--exclude <glob>', 'skip paths matching this glob (repeatable), e.g. --exclude "drafts/**"', collect, [])
    .option('--refs <file>', 'a refs file (schema: hrdd/refs@1) to check too (repeatable)', collect, [])
    .option('--config <file>', 'the configuration file (default: the nearest .hrddrc.yaml)')
    .option('--no-config', 'ignore any configuration file')
    .option('-j, --jobs <n>', 'threads for many files (default: one per core with more than two cores, else 1)')
    .option('--cache', 'check only files that changed since the last run (or whose questionnaires did)', false)
    .option('--cache-location <file>', 'where the cache lives', '.hrdd-cache/validate.json')
    .addOption(questionnairesOption())
    .action((paths: string[], opts: ValidateFlags) => setRun(makeValidateRun(paths, opts)));
}

/** hrdd validate's options as commander parses them. */
interface ValidateFlags {
  format: ValidateFormat;
  strict: boolean;
  quiet: boolean;
  exclude: string[];
  refs: string[];
  config: string | boolean;
  questionnaires: string[];
  jobs?: string;
  cache: boolean;
  cacheLocation: string;
}

/** hrdd validate's run: --jobs checked (exit 2 unless a whole number from 1), the refs files checked with the paths. */
function makeValidateRun(paths: string[], opts: ValidateFlags): Run {
  const jobs = opts.jobs === undefined ? undefined : Number(opts.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1))
    throw new UsageError(`--jobs takes a whole number from 1, found "${opts.jobs}"`);
  return async (c) =>
    (await import('./commands/validate.js')).validateCommand(
      [...paths, ...opts.refs],
      {
        format: opts.format,
        strict: opts.strict,
        quiet: opts.quiet,
        exclude: opts.exclude,
        questionnaires: opts.questionnaires,
        config: opts.config === true ? undefined : opts.config,
        ...(jobs && { jobs }),
        ...(opts.cache && { cache: opts.cacheLocation }),
      },
      c,
    );
}

/** hrdd score: score an answers file, with the CI gates. */
function addScoreCommand(program: Command, setRun: (run: Run) => void): void {
  program
    .command('score')
    .description('score an answers file')
    .argument('<answers>', 'the answers file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--fail-under <score>', 'exit 1 when the overall score is below this (0-100)')
    .option('--min-completion <percent>', 'exit 1 when less than this share of the questions is answered (0-100)')
    .option('--fail-on-red-flags', 'exit 1 while any red flag is open', false)
    .option(
      '--refs <file>',
      "a refs file (schema: hrdd/refs@1) mapping a questionnaire's questions to framework items (repeatable)",
      collect,
      [],
    )
    .option('--strict', 'treat warnings as errors', false)
    .option('--config <file>', 'the configuration file (default: the nearest .hrddrc.yaml)')
    .option('--no-config', 'ignore any configuration file')
    .addOption(questionnairesOption())
    .action(
      (
        file: string,
        opts: {
          format: 'text' | 'json';
          failUnder?: string;
          minCompletion?: string;
          failOnRedFlags: boolean;
          strict: boolean;
          config: string | boolean;
          questionnaires: string[];
          refs: string[];
        },
      ) => {
        setRun(async (c) => (await import('./commands/score.js')).scoreCommand(file, opts, c));
      },
    );
}

/** hrdd assess: the interactive assessment. */
function addAssessCommand(program: Command, setRun: (run: Run) => void): void {
  program
    .command('assess')
    .description('the interactive assessment: answers are saved after every answer')
    .argument('[questionnaires...]', 'modules for a new assessment (default: choose from the bundled ones)')
    .option('-a, --answers <file>', 'resume an existing answers file')
    .option(
      '--from <file>',
      'start from an assessment on older questionnaires: carry its answers forward (hrdd migrate), then confirm them; the one argument is the new file',
    )
    .option('-o, --out <dir>', 'folder for the reports at the end', 'reports')
    .option('--no-report', 'do not write the reports at the end')
    .addOption(questionnairesOption())
    .action(
      (
        qs: string[],
        opts: { answers?: string; from?: string; out: string; report: boolean; questionnaires: string[] },
      ) => {
        setRun(async (c) => (await import('./commands/assess.js')).assessCommand(qs, opts, c));
      },
    );
}

/** hrdd report: the gap report, its brief and the action plan tracker. */
function addReportCommand(program: Command, setRun: (run: Run) => void): void {
  brandOptions(program.command('report'))
    .description('write the gap report (Markdown, PDF, JSON) and the action plan tracker (CSV) of an answers file')
    .argument('<answers>', 'the answers file')
    .option(
      '-f, --format <formats>',
      'formats, comma-separated: md, pdf, json, csv (the action plan as a tracker)',
      'md,pdf',
    )
    .option('-o, --out <dir>', 'output folder', 'reports')
    .option(
      '--redact',
      "leave out notes, evidence and people's names (for sharing outside the company): writes <name>.redacted.*",
      false,
    )
    .option('--summary', 'also write a board-level brief of at most four pages: <name>.summary.md / .pdf', false)
    .option(
      '--framework <frameworks>',
      'a chapter for each of these frameworks after the UNGP one: bundled ids (ungprf, rdr, oecd-dd, csddd, id@version) or paths to framework files, comma-separated',
    )
    .option(
      '--refs <file>',
      "a refs file (schema: hrdd/refs@1) mapping a questionnaire's questions to framework items (repeatable)",
      collect,
      [],
    )
    .addOption(questionnairesOption())
    .action((file: string, opts: ReportCommandOptions) => {
      setRun(async (c) => (await import('./commands/report.js')).reportCommand(file, opts, c));
    });
}

/** hrdd compare: progress between two assessments. */
function addCompareCommand(program: Command, setRun: (run: Run) => void): void {
  brandOptions(program.command('compare'))
    .description('progress between two assessments: score changes, gaps closed and opened, changed answers')
    .argument('<before>', 'the earlier answers file')
    .argument('<after>', 'the later answers file')
    .option('-f, --format <formats>', 'text, json, md or pdf, comma-separated', 'text')
    .option('-o, --out <dir>', 'write json/md/pdf to files in this folder instead of standard output')
    .addOption(questionnairesOption())
    .action((before: string, after: string, opts: CompareOptions) => {
      setRun(async (c) => (await import('./commands/compare.js')).compareCommand(before, after, opts, c));
    });
}

/** hrdd merge: several respondents' answers in one file. */
function addMergeCommand(program: Command, setRun: (run: Run) => void): void {
  program
    .command('merge')
    .description("combine several respondents' answers files into one (conservative by default)")
    .argument('<answers...>', 'answers files for the same questionnaires')
    .requiredOption('-o, --out <file>', 'the merged answers file to write')
    .option('-p, --policy <policy>', 'lowest (default), median or consensus', 'lowest')
    .option('--force', 'replace --out if it exists', false)
    .option('--organisation <name>', 'the organisation to write when the files name different ones (otherwise refused)')
    .addOption(questionnairesOption())
    .action(
      (
        files: string[],
        opts: { out: string; policy: string; force: boolean; organisation?: string; questionnaires: string[] },
      ) => {
        setRun(async (c) => (await import('./commands/merge.js')).mergeCommand(files, opts, c));
      },
    );
}

/** hrdd migrate: carry an assessment's answers to a newer version of its questionnaires. */
function addMigrateCommand(program: Command, setRun: (run: Run) => void): void {
  program
    .command('migrate')
    .description("carry an assessment's answers forward to a newer version of its questionnaires (a new answers file)")
    .argument('<answers>', 'the answers file to carry forward (left unchanged)')
    .option('-o, --out <file>', 'the new answers file (default: beside it, with the version in its name)')
    .option('--to <version>', 'the version to move to (default: the newest a bundled migration reaches)')
    .addOption(new Option('-f, --format <format>', 'the migration report').choices(['text', 'json']).default('text'))
    .option('--force', 'replace --out if it exists', false)
    .addOption(questionnairesOption())
    .action((file: string, opts: MigrateOptions) => {
      setRun(async (c) => (await import('./commands/migrate.js')).migrateCommand(file, opts, c));
    });
}

/** hrdd schema: the JSON Schema of a file format. */
function addSchemaCommand(program: Command, setRun: (run: Run) => void): void {
  program
    .command('schema')
    .description('print the JSON Schema of a file format')
    .addArgument(
      new Argument('<kind>', 'which schema').choices([
        'questionnaire',
        'answers',
        'config',
        'brand',
        'framework',
        'refs',
        'migration',
      ]),
    )
    .option(
      '--for <questionnaires...>',
      "answers only: a schema with these questionnaires' question ids and option values, for editor completion",
    )
    .addOption(questionnairesOption())
    .action(
      (
        kind: 'questionnaire' | 'answers' | 'config' | 'brand' | 'framework' | 'refs' | 'migration',
        opts: { for?: string[]; questionnaires: string[] },
      ) => {
        setRun(async (c) => (await import('./commands/schema.js')).schemaCommand(kind, opts, c));
      },
    );
}

/** hrdd coverage: a framework's items and the questions that reference them. */
function addCoverageCommand(program: Command, setRun: (run: Run) => void): void {
  program
    .command('coverage')
    .description("a framework's items and the questions that reference each, then the items no question covers")
    .argument(
      '[questionnaires...]',
      'bundled ids, id@version or paths (default: the latest version of every bundled questionnaire)',
    )
    .requiredOption(
      '--framework <framework>',
      'the framework: a bundled id (ungp, ungprf, rdr, oecd-dd, csddd, id@version) or the path to a framework file',
    )
    .option(
      '--refs <file>',
      "a refs file (schema: hrdd/refs@1) mapping a questionnaire's questions to framework items (repeatable)",
      collect,
      [],
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'md']).default('text'))
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .addOption(questionnairesOption())
    .action((qs: string[], opts: CoverageOptions) => {
      setRun(async (c) => (await import('./commands/coverage.js')).coverageCommand(qs, opts, c));
    });
}

/** hrdd list: the bundled questionnaires and frameworks. */
function addListCommand(program: Command, setRun: (run: Run) => void): void {
  program
    .command('list')
    .description('list the bundled questionnaires and frameworks')
    .addArgument(new Argument('[kind]', 'only one kind').choices(['questionnaires', 'frameworks']))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((kind: ListKind | undefined, opts: { format: 'text' | 'json' }) => {
      setRun(async (c) => (await import('./commands/list.js')).listCommand({ ...opts, kind }, c));
    });
}

/** The exit code of an error, after saying what went wrong (a stack trace only for an internal error with --debug). */
function exitCodeFor(e: unknown, ctx: Context, debug: boolean): number {
  if (e instanceof CommanderError) {
    return e.exitCode === 0 ||
      e.code === 'commander.helpDisplayed' ||
      e.code === 'commander.version' ||
      e.code === 'commander.help'
      ? 0
      : 2;
  }
  if (e instanceof HangupError) {
    ctx.endAfterHangup?.();
    return e.exitCode;
  }
  if (e instanceof HrddError && !(e instanceof InternalError)) {
    // messages name files and what is in them: the terminal sink makes them inert
    if (e.message) ctx.stderr(`hrdd: ${termBlock(e.message)}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  ctx.stderr(
    `hrdd: internal error: ${termLine(err?.message ?? String(e))}\n` +
      (debug
        ? `${termBlock(err?.stack ?? '')}\n`
        : 'This is a bug in hrdd; run again with --debug for details and report it.\n'),
  );
  return EXIT_INTERNAL;
}
