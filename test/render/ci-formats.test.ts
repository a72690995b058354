import { sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { githubData, githubProperty, renderGithub, renderGitlab } from '../../src/render/diagnostics.js';
import type { FileReport } from '../../src/core/diagnostics.js';
import { parseWorkflowCommand, runnerLines, validateGitlabReport } from '../ci-consumers.js';

const d = (over: Partial<Diagnostic> = {}): Diagnostic => ({
  file: 'q.yaml',
  line: 5,
  col: 1,
  severity: 'error',
  rule: 'schema-unknown-key',
  message: 'unknown key `wieght`',
  ...over,
});
const slashed = (f: string) => (sep === '\\' ? f.replace(/\\/g, '/') : f);
const reports = (ds: Diagnostic[]): FileReport[] =>
  [...new Set(ds.map((x) => x.file))].map((file) => ({ file, diagnostics: ds.filter((x) => x.file === file) }));

// Text made of what can break a line-based or command-based consumer, and anything else.
const hostilePiece = fc.constantFrom(
  '\n',
  '\r',
  '\r\n',
  '::',
  ':',
  '%',
  ',',
  '=',
  '%0A',
  '%25',
  '%3A',
  ' ',
  '\t',
  '\u0085',
  '\u2028',
  '\u00a0',
  '::stop-commands::',
  '::error file=README.md::',
  '::add-mask::',
  '##[error]',
  '::endgroup::',
  '\\',
  '/',
  'é',
  '🙂',
  '"',
  '\u0000',
);
const hostile = fc.oneof(
  fc.array(fc.oneof(hostilePiece, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((xs) => xs.join('')),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const diagnostic: fc.Arbitrary<Diagnostic> = fc.record({
  file: hostile.filter((s) => s.length > 0),
  line: fc.integer({ min: 1, max: 1e6 }),
  col: fc.integer({ min: 1, max: 1e4 }),
  severity: fc.constantFrom('error', 'warning') as fc.Arbitrary<'error' | 'warning'>,
  rule: fc.oneof(
    fc.constantFrom('schema-unknown-key', 'missing-help'),
    hostile.filter((s) => s.length > 0),
  ),
  message: hostile,
});
// some findings repeated exactly, as a rule may report one thing twice
const diagnostics = fc
  .array(diagnostic, { maxLength: 6 })
  .chain((ds) =>
    fc.array(fc.nat(), { maxLength: 3 }).map((ix) => (ds.length ? [...ds, ...ix.map((i) => ds[i % ds.length]!)] : ds)),
  );

describe('--format github: workflow commands', () => {
  it('writes one ::error / ::warning command per diagnostic, as GitHub documents them, then the summary', () => {
    const out = renderGithub(
      reports([
        d(),
        d({ file: 'warn.yml', line: 9, col: 13, severity: 'warning', rule: 'missing-help', message: 'no `help`' }),
      ]),
    );
    expect(out).toBe(
      [
        '::error file=q.yaml,line=5,col=1,title=hrdd [schema-unknown-key]::unknown key `wieght`',
        '::warning file=warn.yml,line=9,col=13,title=hrdd [missing-help]::no `help`',
        '1 error, 1 warning in 2 files checked (1 invalid)',
        '',
      ].join('\n'),
    );
    expect(renderGithub([{ file: 'ok.yaml', diagnostics: [] }])).toBe('1 file checked: all valid\n');
  });

  it('escapes as @actions/core does: data %, CR, LF; properties also : and ,', () => {
    expect(githubData('50% done\r\n::stop-commands::x')).toBe('50%25 done%0D%0A::stop-commands::x');
    expect(githubProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const line = renderGithub(reports([d({ file: 'x,y:z.yaml', message: 'm\n::error file=README.md::forged' })])).split(
      '\n',
    )[0];
    expect(line).toBe(
      '::error file=x%2Cy%3Az.yaml,line=5,col=1,title=hrdd [schema-unknown-key]::m%0A::error file=README.md::forged',
    );
  });

  it('property: whatever the file names, rules and messages, the runner sees exactly the intended commands, and reads back each field', () => {
    fc.assert(
      fc.property(diagnostics, (ds) => {
        const files = reports(ds);
        const lines = runnerLines(renderGithub(files));
        expect(lines.pop()).toBe(''); // the output ends with a newline
        const inOrder = files.flatMap((f) => f.diagnostics);
        expect(lines).toHaveLength(inOrder.length + 1);
        inOrder.forEach((x, i) => {
          expect(lines[i]!.startsWith('::')).toBe(true);
          expect(parseWorkflowCommand(lines[i]!)).toEqual({
            command: x.severity,
            properties: { file: slashed(x.file), line: String(x.line), col: String(x.col), title: `hrdd [${x.rule}]` },
            data: x.message,
          });
        });
        expect(parseWorkflowCommand(lines.at(-1)!)).toBeUndefined(); // the summary is no command
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});

describe('--format gitlab: a Code Quality report', () => {
  it('has the fields GitLab documents, with the column in the description', () => {
    const report = JSON.parse(
      renderGitlab(
        reports([
          d(),
          d({
            file: 'sub/warn.yml',
            line: 9,
            col: 13,
            severity: 'warning',
            rule: 'missing-help',
            message: 'no `help`',
          }),
        ]),
      ),
    );
    expect(validateGitlabReport(report), JSON.stringify(validateGitlabReport.errors)).toBe(true);
    expect(report).toEqual([
      {
        description: 'unknown key `wieght` (column 1)',
        check_name: 'schema-unknown-key',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        severity: 'major',
        location: { path: 'q.yaml', lines: { begin: 5 } },
      },
      {
        description: 'no `help` (column 13)',
        check_name: 'missing-help',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        severity: 'minor',
        location: { path: 'sub/warn.yml', lines: { begin: 9 } },
      },
    ]);
    expect(renderGitlab([{ file: 'ok.yaml', diagnostics: [] }])).toBe('[]\n');
  });

  it('fingerprints depend on path, rule, line, column and message only, and a repeated finding gets its own', () => {
    const fp = (x: Diagnostic) => JSON.parse(renderGitlab(reports([x])))[0].fingerprint as string;
    const base = fp(d());
    expect(fp(d())).toBe(base);
    expect(fp(d({ severity: 'warning' }))).toBe(base);
    for (const other of [
      d({ file: 'r.yaml' }),
      d({ rule: 'x' }),
      d({ line: 6 }),
      d({ col: 2 }),
      d({ message: 'other' }),
    ])
      expect(fp(other)).not.toBe(base);
    const twice = JSON.parse(renderGitlab(reports([d(), d()])));
    expect(twice[0].fingerprint).toBe(base);
    expect(twice[1].fingerprint).not.toBe(base);
  });

  it('property: parses as JSON with every required field, one issue per diagnostic, fingerprints unique and stable', () => {
    fc.assert(
      fc.property(diagnostics, (ds) => {
        const files = reports(ds);
        const out = renderGitlab(files);
        const report = JSON.parse(out);
        expect(validateGitlabReport(report), JSON.stringify(validateGitlabReport.errors)).toBe(true);
        const inOrder = files.flatMap((f) => f.diagnostics);
        expect(report).toHaveLength(inOrder.length);
        report.forEach(
          (issue: { check_name: string; location: { path: string; lines: { begin: number } } }, i: number) => {
            expect([issue.location.path, issue.check_name, issue.location.lines.begin]).toEqual([
              slashed(inOrder[i]!.file),
              inOrder[i]!.rule,
              inOrder[i]!.line,
            ]);
          },
        );
        expect(new Set(report.map((x: { fingerprint: string }) => x.fingerprint)).size).toBe(report.length);
        expect(renderGitlab(files)).toBe(out);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
