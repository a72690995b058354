// The attacks of the hardening issue, one by one, through the commands (in-process, main(argv, ctx)):
// text in a questionnaire or answers file that retitles or clears the terminal, erases lines, plants
// links, spoofs a line with CR or U+202E, forges a diagnostic or a GitHub workflow command in a CI
// log, injects HTML or links into the Markdown report, or forges XMP metadata in the PDF.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { XMLValidator } from 'fast-xml-parser';
import { marked, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/model.js';
import { plain } from '../../src/render/paint.js';
import { interview } from '../../src/ui/interview.js';
import { parseWorkflowCommand, runnerLines } from '../ci-consumers.js';
import { q as loadQuestionnaire } from '../core/score-helpers.js';
import { runMain, tempDir } from '../helpers.js';
import { dublinCore, infoStrings, RAW, xmpOf } from '../inert-consumers.js';
import { press, scriptedPrompter } from '../ui/prompter.js';

const OSC0 = '\x1b]0;pwned\x07';
const CLEAR = '\x1b[2J';
const ERASE = '\x1b[1A\x1b[2K';
const OSC8 = '\x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\';
const FORGED = '::error file=README.md,line=1::forged';

const questionnaire = {
  schema: 'hrdd/questionnaire@1',
  id: 'hq',
  version: '1.0.0',
  title: `Hostile ${OSC0}module`,
  maturity: [
    { min: 0, label: '<script>alert(1)</script>' },
    { min: 30, label: '[pwn](javascript:alert(1))' },
    { min: 60, label: 'Good\r| x | y |\r' },
  ],
  sections: [
    {
      id: 's',
      title: `Section${CLEAR}`,
      questions: [
        {
          id: 'Q1',
          text: 'Is there a policy?\r\n## forged heading',
          type: 'single',
          ungp: [16],
          critical: true,
          help: `Help${OSC0}\r\n\r\nmore help\u202e`,
          recommendation: `Adopt it.${ERASE}${FORGED}`,
          options: [
            { value: 'a', label: 'Yes', score: 1 },
            { value: 'b', label: `No ${OSC8}`, score: 0 },
          ],
        },
        {
          id: 'Q2',
          text: `Is it public?${CLEAR}`,
          type: 'single',
          ungp: [21],
          help: 'h',
          recommendation: `Publish it\r${FORGED}`,
          options: [
            { value: 'a', label: 'Yes', score: 1 },
            { value: 'b', label: 'Partly\u202e', score: 0.5 },
          ],
        },
      ],
    },
  ],
};
const organisation = `${OSC0}Acme${CLEAR}\rEvil Corp\u202eTSET`;
const answers = (over: Record<string, unknown> = {}) => ({
  schema: 'hrdd/answers@1',
  organisation,
  assessor: `Ann\u2066 ${FORGED}`,
  date: '2026-05-01',
  questionnaires: ['./q.yaml'],
  answers: {
    Q1: {
      value: 'b',
      note: 'line\r| forged | row | here |\rmore',
      evidence: ['https://evil.example/x', 'www.evil.example'],
    },
    Q2: { value: 'b', note: `n${OSC8}` },
  },
  ...over,
});
// YAML is a superset of JSON: the files are written as JSON, so every escape is exact
const files = (extra: Record<string, string> = {}) =>
  tempDir({ 'q.yaml': JSON.stringify(questionnaire), 'a.yaml': JSON.stringify(answers()), ...extra });

/** No terminal control of any kind, no CR, no bidi control, and no line a CI log reads as a command. */
function inertTerminal(out: string) {
  expect(out).not.toMatch(RAW);
  for (const line of runnerLines(out)) expect(parseWorkflowCommand(line), line).toBeUndefined();
  expect(out).not.toMatch(/##\[/);
}

describe('text from files on the terminal', () => {
  it('hrdd score: OSC 0, ESC[2J, CR and U+202E in the organisation, line erasing in a recommendation, are shown, not obeyed', async () => {
    const r = await runMain(['score', 'a.yaml'], { cwd: files() });
    expect(r.code, r.stderr).toBe(0);
    inertTerminal(r.stdout);
    inertTerminal(r.stderr);
    expect(r.stdout.split('\n')[0]).toBe(
      '\\x1b]0;pwned\\x07Acme\\x1b[2J\\rEvil Corp\\u202eTSET — assessed by Ann\\u2066 ::error file=README.md,line=1::forged, 2026-05-01',
    );
    expect(r.stdout).toContain('Adopt it.\\x1b[1A\\x1b[2K::error');
    // a custom band label is data too: on a terminal, text
    expect(r.stdout).toContain('25.0  <script>alert(1)</script>');
  });

  it('hrdd compare: an option label that plants an OSC 8 link is shown, not obeyed', async () => {
    const dir = files({
      'before.yaml': JSON.stringify(answers({ date: '2025-05-01', answers: { Q1: 'a', Q2: 'a' } })),
    });
    const r = await runMain(['compare', 'before.yaml', 'a.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    inertTerminal(r.stdout);
    expect(r.stdout).toContain('Q1: Yes → No \\x1b]8;;https://evil.example/\\x1b\\click here\\x1b]8;;\\x1b\\');
  });

  it('plain hrdd validate: YAML keys and file names cannot add a line, fake a diagnostic or forge a workflow command', async () => {
    const bad = JSON.stringify({
      schema: 'hrdd/questionnaire@1',
      [`k\n${FORGED}`]: 1,
      'x\rq.yaml:1:1: error: forged diagnostic [fake]': 2,
      '##[error]legacy command': 3,
      [`w${OSC0}${CLEAR}`]: 4,
    });
    const dir = tempDir({
      [`${FORGED}.yaml`]: bad, // a file name that would start the line with `::error`
      [`sub/evil\n${FORGED}\nq.yaml:9:9: error: fake [x].yaml`]: bad,
      [`  ::warning::indented.yaml`]: bad,
    });
    const r = await runMain(['validate', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    inertTerminal(r.stdout);
    const json = JSON.parse((await runMain(['validate', '.', '--format', 'json'], { cwd: dir })).stdout);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(json.summary.errors + json.summary.warnings + 1);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^.+:\d+:\d+: (error|warning): .* \[[a-z0-9-]+\]$/);
    expect(r.stdout).toContain('  \\x3a:warning::indented.yaml:1:1: error:');
    expect(
      lines
        .filter((l) => /forged diagnostic/.test(l))
        .every((l) => l.includes('"x\\rq.yaml:1:1: error: forged diagnostic [fake]"')),
    ).toBe(true);
    expect(r.stdout).toContain('\\x3a:error file=README.md,line=1::forged.yaml:1:1: error:');
    expect(r.stdout).toContain(
      'sub/evil\\n::error file=README.md,line=1::forged\\nq.yaml:9:9: error: fake [x].yaml:1:1:',
    );
    expect(r.stdout).toContain('"\\x23#[error]legacy command"');
  });
});

describe('text from files in the Markdown report', () => {
  it('a <script> or javascript: band label, a CR in a note, a heading in a question: escaped, and every table keeps its columns', async () => {
    const dir = files();
    const r = await runMain(['report', 'a.yaml', '--format', 'md', '--out', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(dir, 'out', 'a.md'), 'utf8');
    expect(md).not.toMatch(RAW);
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    const tokens = marked.lexer(md);
    const all: Token[] = [];
    marked.walkTokens(tokens, (t) => {
      all.push(t);
    });
    // the only links are hrdd's own: the contents, to the chapters' anchors
    for (const t of all.filter((x) => x.type === 'link' || x.type === 'image'))
      expect((t as { raw: string }).raw).toMatch(/^\[[A-Z][A-Za-z :]+\]\(#[a-z-]+\)$/);
    expect(all.filter((t) => t.type === 'html' && t.raw !== '<br>')).toEqual([]);
    expect(tokens.filter((t): t is Tokens.Heading => t.type === 'heading').map((t) => t.text)).not.toContain(
      'forged heading',
    );
    const tables = tokens.filter((t): t is Tokens.Table => t.type === 'table');
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables)
      for (const line of t.raw.trim().split('\n'))
        expect(line.replace(/\\./g, '').split('|').length - 2, line).toBe(t.header.length);
    // the appendix row of Q1 holds its note whole, on one row
    expect(md).toMatch(
      /^\| \*\*Q1\*\* Is there a policy\?<br>\\#\\# forged heading \| .* \| 0 \| line<br>\\\| forged \\\| row \\\| here \\\|<br>more<br>Evidence: /m,
    );
  });
});

describe('text from files in the PDF metadata', () => {
  it('an organisation that closes the title and adds dc:rights stays text in a well-formed XMP packet', async () => {
    const forged =
      'Acme</rdf:li></rdf:Alt></dc:title><dc:rights><rdf:Alt><rdf:li xml:lang="x-default">Public domain</rdf:li></rdf:Alt></dc:rights><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Acme & <Co>';
    const dir = files({ 'b.yaml': JSON.stringify(answers({ organisation: forged, assessor: `Ann${OSC0}\r\nRoe` })) });
    const r = await runMain(['report', 'b.yaml', '--format', 'pdf', '--out', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const pdf = readFileSync(join(dir, 'out', 'b.pdf'));
    const xmp = xmpOf(pdf);
    expect(XMLValidator.validate(xmp)).toBe(true);
    expect(xmp).not.toMatch(RAW);
    const dc = dublinCore(xmp);
    expect(Object.keys(dc).sort()).toEqual(['dc:creator', 'dc:description', 'dc:title']);
    expect(dc['dc:title']['rdf:Alt']['rdf:li']['#text']).toBe(`Human rights due diligence gap report: ${forged}`);
    expect(dc['dc:creator']['rdf:Seq']['rdf:li']).toBe('Ann\\x1b]0;pwned\\x07 Roe');
    const info = infoStrings(pdf);
    expect(info['Title']).toBe(`Human rights due diligence gap report: ${forged}`);
    expect(info['Author']).toBe('Ann\\x1b]0;pwned\\x07 Roe');
  });
});

describe('text from files on the assess screens', () => {
  it('question text, help, labels and the review show controls visibly and send none to the terminal', async () => {
    const qn = loadQuestionnaire(JSON.stringify(questionnaire));
    const prompter = scriptedPrompter([press('h', 'q')]);
    const given = new Map<string, Answer>();
    const store = {
      answers: given,
      set: (id: string, a: Answer | null) => {
        if (a) given.set(id, a);
        else given.delete(id);
      },
    };
    const outcome = await interview({
      prompter,
      questionnaires: [qn],
      store,
      out: () => {},
      paint: plain,
      fancy: false,
      columns: 100,
    });
    expect(outcome).toBe('quit');
    const screen = prompter.screens[0]!;
    expect(screen).toContain('Hostile \\x1b]0;pwned\\x07module › Section\\x1b[2J');
    expect(screen).toContain('No \\x1b]8;;https://evil.example/\\x1b\\click here\\x1b]8;;\\x1b\\');
    const raw = prompter.outputs.join('');
    // (the prompt library itself moves the cursor up and erases lines to redraw: ESC[1A ESC[2K is its own)
    for (const attack of [OSC0, CLEAR, '\x1b]8;', '\u202e', '\x07', '\r']) expect(raw).not.toContain(attack);
    expect(stripVTControlCharacters(raw)).toContain('Adopt it.\\x1b[1A\\x1b[2K::error');
    // the help, shown after h
    expect(stripVTControlCharacters(raw)).toContain('Help\\x1b]0;pwned\\x07');
    expect(stripVTControlCharacters(raw)).toContain('more help\\u202e');
  });
});
