import { plain, type Paint } from './paint.js';
import type { FileReport } from '../core/diagnostics.js';
import { createHash } from 'node:crypto';
import { sep } from 'node:path';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Diagnostic } from '../core/diagnostics.js';
import { RULES, type RuleId } from '../core/rules.js';
import { jsonText, sarifText, termLine, xmlText } from './inert.js';
import { plural } from './format.js';

export interface Tool {
  name: string;
  version: string;
}

function counts(files: readonly FileReport[]) {
  const all = files.flatMap((f) => f.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  return {
    errors,
    warnings: all.length - errors,
    failing: files.filter((f) => f.diagnostics.some((d) => d.severity === 'error')).length,
  };
}

/**
 * A diagnostic as one line of text, `file:line:col: severity: message [rule]`, for the terminal, a
 * CI log and JUnit: the file name, message and rule go through the terminal sink (termLine), so no
 * file name or key can add a line, forge a diagnostic or a workflow command, or drive the
 * terminal. `paint` colours the severity (our own text) after escaping.
 */
export function formatDiagnostic(d: Diagnostic, paint: Paint = plain): string {
  const severity = d.severity === 'error' ? paint.red('error') : paint.yellow('warning');
  return `${termLine(d.file)}:${d.line}:${d.col}: ${severity}: ${termLine(d.message)} [${termLine(d.rule)}]`;
}

export function renderText(
  files: readonly FileReport[],
  paint: Paint = plain,
  skipped: readonly string[] = [],
): string {
  const lines: string[] = [];
  for (const f of files) for (const d of f.diagnostics) lines.push(formatDiagnostic(d, paint));
  lines.push(summary(files, paint, skipped));
  return lines.join('\n') + '\n';
}

/**
 * `3 errors, 1 warning in 2 files checked (2 invalid)`, or `2 files checked: all valid`, with
 * `; 3 other YAML files skipped (not hrdd files)` when a folder scan skipped some.
 */
function summary(files: readonly FileReport[], paint: Paint, skipped: readonly string[] = []): string {
  const c = counts(files);
  return (
    (c.errors || c.warnings
      ? `${c.errors ? paint.red(plural(c.errors, 'error')) : '0 errors'}, ${plural(c.warnings, 'warning')} in ${plural(files.length, 'file')} checked` +
        (c.failing ? ` (${c.failing} invalid)` : '')
      : paint.green(`${plural(files.length, 'file')} checked: all valid`)) +
    (skipped.length ? `; ${plural(skipped.length, 'other YAML file')} skipped (not hrdd files)` : '')
  );
}

/**
 * `threads`: how many threads checked the files (1 with none started; files from the cache are not
 * counted); `cached`: how many results came from the `--cache` file instead of a check.
 */
export function renderJson(
  files: readonly FileReport[],
  tool: Tool,
  skipped: readonly string[] = [],
  threads = 1,
  cached = 0,
): string {
  const c = counts(files);
  return jsonText({
    schema: 'hrdd/diagnostics@1',
    tool,
    summary: { files: files.length, errors: c.errors, warnings: c.warnings, skipped: skipped.length, threads, cached },
    skipped,
    files: files.map((f) => ({
      file: f.file,
      kind: f.kind ?? null,
      valid: !f.diagnostics.some((d) => d.severity === 'error'),
      diagnostics: f.diagnostics,
    })),
  });
}

export function renderSarif(files: readonly FileReport[], tool: Tool): string {
  const used = [...new Set(files.flatMap((f) => f.diagnostics.map((d) => d.rule)))].sort() as RuleId[];
  const rules: ReportingDescriptor[] = used.map((id) => ({
    id,
    shortDescription: { text: RULES[id]?.[1] ?? id },
    defaultConfiguration: { level: RULES[id]?.[0] === 'warning' ? 'warning' : 'error' },
  }));
  const results: Result[] = files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.rule,
      ruleIndex: used.indexOf(d.rule as RuleId),
      level: d.severity === 'error' ? ('error' as const) : ('warning' as const),
      message: { text: sarifText(d.message) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUri(d.file) },
            region: { startLine: d.line, startColumn: d.col },
          },
        },
      ],
    })),
  );
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            informationUri: 'https://github.com/hrdd-project/hrdd',
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return jsonText(log);
}

// Output escaping: every renderer in this file puts file names, messages and rule ids into its
// output only through the function of its sink (the sinks are listed in ./inert.ts):
//   text            formatDiagnostic (termLine on each field): one line, inert
//   json, gitlab    jsonText
//   sarif           sarifText (message), toUri (file), then jsonText
//   junit (XML)     xmlText
//   github          githubData (the message), githubProperty (file and title), here: the lint
//                   allows workflow-command escapes in this file only

/** A path as the other tools want it: forward slashes on Windows, unchanged elsewhere. */
function slashed(file: string): string {
  return sep === '\\' ? file.replace(/\\/g, '/') : file;
}

function toUri(file: string): string {
  // a lone surrogate would make encodeURI throw: U+FFFD instead
  const p = file
    .replace(/\\/g, '/')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return p.startsWith('/') ? 'file://' + encodeURI(p) : encodeURI(p);
}

/**
 * The data (message) of a GitHub Actions workflow command, escaped as @actions/core's
 * `escapeData`: `%`, CR and LF, so no text can end the command's line and start another
 * (`::stop-commands::`, a forged `::error file=…::`). The runner splits lines at CR and LF only.
 */
export function githubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value of a workflow command (`file=`, `title=`): as data, and `:` and `,` too (@actions/core's `escapeProperty`). */
export function githubProperty(s: string): string {
  return githubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderJunit(files: readonly FileReport[]): string {
  const c = counts(files);
  const lines = (ds: readonly Diagnostic[]) => ds.map((d) => xmlText(formatDiagnostic(d))).join('\n');
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hrdd validate" tests="${files.length}" failures="${c.failing}">`,
    `  <testsuite name="hrdd validate" tests="${files.length}" failures="${c.failing}" errors="0">`,
  ];
  for (const f of files) {
    const errors = f.diagnostics.filter((d) => d.severity === 'error');
    const warnings = f.diagnostics.filter((d) => d.severity === 'warning');
    out.push(`    <testcase classname="${xmlText(f.kind ?? 'file')}" name="${xmlText(f.file)}">`);
    if (errors.length) {
      out.push(
        `      <failure message="${xmlText(`${plural(errors.length, 'error')}: ${errors[0]!.message}`)}" type="${xmlText(errors[0]!.rule)}">${lines(errors)}</failure>`,
      );
    }
    if (warnings.length) out.push(`      <system-out>${lines(warnings)}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n') + '\n';
}

/**
 * GitHub Actions workflow commands, one a diagnostic, which the runner shows as annotations on
 * the file and line:
 * `::error file=F,line=L,col=C,title=hrdd [rule]::message` (`::warning` for warnings), then the
 * plain summary line. Paths are relative to the working directory (run from the repository root).
 */
export function renderGithub(files: readonly FileReport[], skipped: readonly string[] = []): string {
  const lines: string[] = [];
  for (const f of files)
    for (const d of f.diagnostics) {
      const props = `file=${githubProperty(slashed(d.file))},line=${d.line},col=${d.col},title=${githubProperty(`hrdd [${d.rule}]`)}`;
      lines.push(`::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${githubData(d.message)}`);
    }
  lines.push(summary(files, plain, skipped));
  return lines.join('\n') + '\n';
}

/**
 * A GitLab Code Quality report (`artifacts: reports: codequality:`): a JSON array of
 * `{ description, check_name, fingerprint, severity, location: { path, lines: { begin } } }`.
 * `lines.begin` is the location form every GitLab version reads; the column, which it has no
 * field for, ends the description. Errors are `major`, warnings `minor`. The fingerprint is the
 * SHA-256 of path, rule, line, column and message (and, for a repeated identical finding, its
 * ordinal), so it is stable from run to run and unique in a report.
 */
export function renderGitlab(files: readonly FileReport[]): string {
  const seen = new Map<string, number>();
  const issues = files.flatMap((f) =>
    f.diagnostics.map((d) => {
      const path = slashed(d.file);
      const key = JSON.stringify([path, d.rule, d.line, d.col, d.message]);
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return {
        description: `${d.message} (column ${d.col})`,
        check_name: d.rule,
        fingerprint: createHash('sha256')
          .update(n ? `${key}\0${n}` : key)
          .digest('hex'),
        severity: d.severity === 'error' ? 'major' : 'minor',
        location: { path, lines: { begin: d.line } },
      };
    }),
  );
  return jsonText(issues);
}
