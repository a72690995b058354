// How the consumers of `hrdd validate --format github|gitlab` read them, for the tests of both.
import Ajv2020Module from 'ajv/dist/2020.js';

// ------------------------------------------------------------------ GitHub Actions

/**
 * The GitHub Actions runner reads a step's output line by line (.NET `ReadLine`: a line ends at
 * LF, CR or CRLF), trims leading white space and takes a line that then starts with `::` as a
 * workflow command: `::name key=value,key=value::data`, the command info ending at the first
 * `::` after the leading one, properties split at `,` and each at its first `=`, then unescaped
 * (`%0D`, `%0A`, `%3A`, `%2C`, then `%25`; data: `%0D`, `%0A`, `%25`). As documented at
 * https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands and done by
 * the runner's `ActionCommand.TryParseV2`.
 */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

export const runnerLines = (out: string): string[] => out.split(/\r\n|\r|\n/);

/** .NET `TrimStart()`: every Unicode white space, which includes U+0085 (JavaScript's trim does not). */
const trimStart = (s: string) => s.replace(/^[\s\u0085]+/u, '');

export function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const t = trimStart(line);
  if (!t.startsWith('::')) return undefined;
  const end = t.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = t.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space >= 0) {
    for (const pair of info.slice(space + 1).split(',')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      if (eq <= 0) return undefined;
      properties[pair.slice(0, eq)] = pair
        .slice(eq + 1)
        .replaceAll('%0D', '\r')
        .replaceAll('%0A', '\n')
        .replaceAll('%3A', ':')
        .replaceAll('%2C', ',')
        .replaceAll('%25', '%');
    }
  }
  const data = t
    .slice(end + 2)
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%25', '%');
  return { command, properties, data };
}

// ------------------------------------------------------------------ GitLab Code Quality

/**
 * GitLab's Code Quality report, as https://docs.gitlab.com/ci/testing/code_quality/ (section
 * "Code Quality report format") states it: a JSON array of objects with `description`,
 * `check_name`, `fingerprint`, `severity` (info, minor, major, critical or blocker),
 * `location.path` (relative to the repository, not prefixed with `./`) and
 * `location.lines.begin` or `location.positions.begin.line`. Written down here as a JSON Schema.
 */
export const gitlabCodeQualitySchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path'],
        properties: {
          path: { type: 'string', minLength: 1 },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
          positions: {
            type: 'object',
            required: ['begin'],
            properties: {
              begin: {
                type: 'object',
                required: ['line'],
                properties: { line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 } },
              },
            },
          },
        },
        anyOf: [{ required: ['lines'] }, { required: ['positions'] }],
      },
    },
  },
} as const;

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as unknown as new (
  o: object,
) => { compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown } };
export const validateGitlabReport = new Ajv2020({ allErrors: true, strict: false }).compile(gitlabCodeQualitySchema);
