import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseFast } from '../../src/core/fast-yaml.js';
import type { JsonValue } from '../../src/core/json.js';
import { parseYaml, positionOf } from '../../src/core/parse.js';
import { answersYaml, questionnaireYaml } from '../bench/generate.mjs';
import { ROOT } from '../helpers.js';

/** What the full parser reads, or undefined when it reports a problem. */
function full(text: string): JsonValue | undefined {
  const parsed = parseYaml(text, 'f.yaml', { fast: false });
  return parsed.diagnostics.length || parsed.warnings.length ? undefined : parsed.data;
}

/** The fast reader may decline; when it answers, it must answer exactly as the full parser. */
function agrees(text: string): boolean {
  const fast = parseFast(text);
  if (fast === undefined) return true;
  expect(fast, text).toStrictEqual(full(text));
  return true;
}

function takesFastPath(text: string): void {
  const fast = parseFast(text);
  expect(fast, text).not.toBeUndefined();
  expect(fast).toStrictEqual(full(text));
}

const listYaml = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f));
const BUNDLED = [...listYaml(join(ROOT, 'questionnaires')), ...listYaml(join(ROOT, 'examples'))];
const CORPUS = join(ROOT, 'test', 'fixtures', 'yaml-test-suite');

describe('fast YAML reader', () => {
  it('reads every bundled questionnaire and example exactly as the full parser does', () => {
    expect(BUNDLED.length).toBeGreaterThanOrEqual(6);
    for (const f of BUNDLED) takesFastPath(readFileSync(f, 'utf8'));
  });

  it('reads files with Windows line ends (CRLF) as the full parser does', () => {
    for (const f of BUNDLED) takesFastPath(readFileSync(f, 'utf8').replace(/\n/g, '\r\n'));
    takesFastPath('a: |\r\n  one\r\n  two\r\nb: >-\r\n  x\r\n\r\n  y\r\n');
  });

  it('reads the benchmark files exactly as the full parser does', () => {
    takesFastPath(questionnaireYaml('syn', 120));
    takesFastPath(answersYaml('./syn.yaml', 'syn', 120));
  });

  it('agrees with the full parser on every document of the YAML test suite it accepts', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(400);
    let accepted = 0;
    for (const f of files) {
      const text = readFileSync(join(CORPUS, f), 'utf8');
      const fast = parseFast(text);
      if (fast === undefined) continue;
      accepted++;
      expect(f.endsWith('.error.yaml'), `${f} is invalid YAML`).toBe(false);
      expect(fast, f).toStrictEqual(full(text));
    }
    expect(accepted).toBeGreaterThan(25); // the subset is real YAML, not a private dialect
  });

  it.each([
    ['block map and sequence', 'a: 1\nb:\n  - x\n  - y\nc: end\n'],
    ["sequence at the key's indentation", 'a:\n- x\n- y\nb: 2\n'],
    ['compact mappings in a sequence', '- a: 1\n  b: two\n-   c: 3\n    d:\n      - e\n'],
    ['nested sequence item on the next line', '-\n  a: 1\n-\n- last\n'],
    ['compact nested sequences', '- - a\n  - b\n- - - c\n    - d: 1\n      e: 2\n'],
    ['comments everywhere', '# head\na: 1 # one\n   # stray indent\nb: # none here\n  c: "x" # q\n'],
    [
      'core schema',
      'n: ~\nN: NULL\ne:\nt: True\nf: FALSE\no: 0o17\nh: 0x1F\ni: -42\np: +7\nz: -0\nx: 1e3\ny: -.5\nw: 1.\ninf: -.INF\nnan: .NaN\ns: 1.0.0\nd: 2026-11-23\nyes: yes\n',
    ],
    ['keys stay strings', '1: a\ntrue: b\nnull: c\n~: d\n0x1F: e\n"quoted key": f\n\'single\': g\n'],
    [
      'quoted scalars',
      'a: "tab\\there \\"q\\" \\u00e9 \\x41 \\U0001F600 \\\\ \\/ \\N"\nb: \'it\'\'s # not a comment\'\nc: ""\nd: \'\'\n',
    ],
    ['plain scalars with indicators inside', 'url: http://example.org/a#b\nk: a,b [c] {d}\nm: -1\nq: 50%\n'],
    ['flow collections', 'a: [1, two, "three", \'four\', [5], {k: v}]\nb: { x: 1, "y": [ ], z: {} }\nc: []\n'],
    ['literal block scalars', 'a: |\n  line 1\n    indented\n\n  after blank\nb: |-\n  stripped\n\n\nc: ok\n'],
    ['folded block scalars', 'a: >\n  one\n  two\n\n  three\n\n\n  four\nb: >-\n  x\n  y\n'],
    ['block scalar with a comment after it', 'a: >-  # why\n  text # kept\n# after\nb: 1\n'],
    ['block scalars in sequences', '- |\n  a\n- >-\n  b\n  c\n- key: |\n    d\n'],
    ['leading empty lines in a block scalar', 'a: |\n\n  x\nb: >\n\n\n  y\n  z\n'],
    ['__proto__ as a key', '__proto__: 1\nb: { __proto__: 2 }\n'],
    ['unicode', 'a: zażółć 漢字 😀\n"ключ": значение\n'],
    ['trailing spaces', 'a: x   \nb: "y"   \n'],
  ])('takes the fast path, reading as the full parser does: %s', (_name, text) => {
    takesFastPath(text);
  });

  it.each([
    ['a tab', 'a:\tb\n'],
    ['a lone CR', 'a: 1\rb: 2\n'],
    ['a document marker', '---\na: 1\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a complex key', '? a\n: b\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line quoted scalar', 'a: "one\n  two"\n'],
    ['a multi-line flow collection', 'a: [1,\n  2]\n'],
    ['keep chomping', 'a: |+\n  x\n\nb: 1\n'],
    ['an indentation indicator', 'a: |2\n   x\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a duplicate flow key', 'a: {x: 1, x: 2}\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
    ['a scalar document', 'just text\n'],
    ['an empty document', ''],
    ['a comment-only document', '# nothing\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['an indented root', '  a: 1\n'],
    ['a trailing comma', 'a: [1, 2,]\n'],
    ['an unknown escape', 'a: "\\q"\n'],
    ['text after a quoted scalar', 'a: "x" y\n'],
    ['a more-indented folded line', 'a: >\n  x\n    y\n'],
    ['a value under a scalar', 'a: 1\n  b: 2\n'],
    ['a key with a space before the colon', 'a : 1\n'],
  ])('declines %s', (_name, text) => {
    expect(parseFast(text)).toBeUndefined();
  });

  it('reads up to 64 levels of nesting and declines deeper ones, without recursing into them', () => {
    const blockNest = (n: number) =>
      Array.from({ length: n }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n') + ' 1\n';
    const flowNest = (n: number) => `a: ${'['.repeat(n - 1)}${']'.repeat(n - 1)}\n`;
    takesFastPath(blockNest(64));
    takesFastPath('- '.repeat(64) + 'x\n');
    takesFastPath(flowNest(64));
    expect(parseFast(blockNest(65))).toBeUndefined();
    expect(parseFast('- '.repeat(65) + 'x\n')).toBeUndefined();
    expect(parseFast(flowNest(65))).toBeUndefined();
    expect(parseFast(`a: ${'['.repeat(200_000)}\n`)).toBeUndefined();
    expect(parseFast('- '.repeat(200_000) + 'x\n')).toBeUndefined();
  });

  it('property: data yaml writes in block style reads back the same, by the fast path', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const text = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.()/-]{0,40}[A-Za-z0-9.)]$/);
    const scalar = fc.oneof(
      text,
      word,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
    );
    const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.array(tie('tree'), { maxLength: 4 }),
        fc.dictionary(word, tie('tree'), { maxKeys: 4 }),
      ),
    }));
    const doc = fc.dictionary(word, tree, { minKeys: 1, maxKeys: 6 });
    fc.assert(
      fc.property(doc, fc.boolean(), fc.integer({ min: 2, max: 4 }), (data, flowSeqs, indent) => {
        const yamlText = stringify(data, { lineWidth: 0, indent, indentSeq: flowSeqs, flowCollectionPadding: true });
        takesFastPath(yamlText);
        expect(parseFast(yamlText)).toEqual(data); // fast-check makes null-prototype objects
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('property: any text yaml writes reads back the same or is declined', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (data, block) => {
        const yamlText = stringify({ root: data }, { lineWidth: block ? 0 : 40, blockQuote: block ? true : 'folded' });
        return agrees(yamlText);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('property: mutated hrdd files and YAML test-suite documents are read as the full parser reads them, or declined', () => {
    const corpus = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => readFileSync(join(CORPUS, f), 'utf8'));
    const bundled = BUNDLED.map((f) => readFileSync(f, 'utf8').slice(0, 6000));
    const sources = [
      ...bundled,
      ...bundled.map((t) => t.replace(/\n/g, '\r\n')),
      ...corpus.filter((t) => parseFast(t) !== undefined),
    ];
    const pieces = [
      ' ',
      '  ',
      '\n',
      '\r',
      '\r\n',
      '- ',
      ': ',
      '#',
      '"',
      "'",
      '|',
      '>-',
      '[',
      ']',
      '{',
      '}',
      ',',
      '\\',
      'x',
      '1',
      '\n  ',
      '\n- ',
      '&a',
      '*a',
      '!',
      '?',
      '%',
      '---',
    ];
    const edit = fc.record({ at: fc.nat(), len: fc.nat({ max: 4 }), insert: fc.constantFrom(...pieces) });
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.array(edit, { minLength: 1, maxLength: 4 }), (src, edits) => {
        let text = src;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.len);
        }
        return agrees(text);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });
});

describe('parseYaml on the fast path', () => {
  it('builds the syntax tree only when a position is asked for, and finds it', () => {
    const parsed = parseYaml('a: 1\nb:\n  - x\n  - { c: 2 }\n', 'f.yaml');
    expect(parsed.data).toStrictEqual({ a: 1, b: ['x', { c: 2 }] });
    expect(positionOf(parsed, ['b', 1, 'c'])).toStrictEqual({ line: 4, col: 10 });
    expect(parsed.tree()).toBe(parsed.tree());
    const crlf = parseYaml('a: 1\r\nb:\r\n  - x\r\n', 'f.yaml');
    expect(crlf.data).toStrictEqual({ a: 1, b: ['x'] });
    expect(positionOf(crlf, ['b', 0])).toStrictEqual({ line: 3, col: 5 });
  });

  it('falls back to the full parser for what it declines, with its diagnostics', () => {
    const parsed = parseYaml('a: 1\na: 2\n', 'f.yaml');
    expect(parsed.diagnostics.map((d) => `${d.line}:${d.col} ${d.rule}`)).toStrictEqual(['2:1 duplicate-key']);
  });
});
