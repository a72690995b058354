import { describe, expect, it } from 'vitest';
import { decodeUtf8, findExcessiveNesting, parseYaml, positionOf } from '../../src/core/parse.js';
import { pushAll } from '../../src/core/arrays.js';
import { brief } from '../helpers.js';

describe('parseYaml', () => {
  it('keeps the position of every key and value (1-based)', () => {
    const p = parseYaml('a: 1\nb:\n  - x\n  - { c: true }\n', 'f.yaml');
    expect(p.data).toEqual({ a: 1, b: ['x', { c: true }] });
    expect(positionOf(p, ['b', 1, 'c'])).toEqual({ line: 4, col: 10 });
    expect(positionOf(p, ['b', 1, 'c'], 'key')).toEqual({ line: 4, col: 7 });
    expect(positionOf(p, ['b', 0])).toEqual({ line: 3, col: 5 });
    // an unknown path falls back to its nearest ancestor
    expect(positionOf(p, ['b', 1, 'nope'])).toEqual({ line: 4, col: 5 });
  });

  it('counts columns in UTF-16 code units and ignores a BOM', () => {
    const p = parseYaml('\uFEFFk: "😀" \nx: [😀, y]\n', 'f.yaml');
    expect(p.diagnostics).toEqual([]);
    expect(positionOf(p, ['x', 1])).toEqual({ line: 2, col: 9 });
  });

  it('accepts CRLF line endings', () => {
    const p = parseYaml('a: 1\r\nb: two\r\n', 'f.yaml');
    expect(p.data).toEqual({ a: 1, b: 'two' });
    expect(positionOf(p, ['b'])).toEqual({ line: 2, col: 4 });
  });

  it('reports every duplicate key, keeping the first value so the rest can be checked', () => {
    const p = parseYaml('a: 1\nb: 2\na: 3\nb: 4\n', 'f.yaml');
    expect(brief(p.diagnostics)).toEqual(['3:1 duplicate-key', '4:1 duplicate-key']);
    expect(p.diagnostics[0]!.message).toBe(
      'duplicate key `a` (first on line 1): a key may appear once in a mapping; this later value is ignored',
    );
    expect(p.data).toStrictEqual({ a: 1, b: 2 });
    // positions follow the value kept
    expect(positionOf(p, ['a'])).toEqual({ line: 1, col: 4 });
  });

  it('reports a duplicate key in a flow mapping, and once where an alias repeats the mapping', () => {
    const p = parseYaml('a: &o { x: 1, x: 2 }\nb: *o\n', 'f.yaml');
    expect(brief(p.diagnostics)).toEqual(['1:15 duplicate-key']);
    expect(p.data).toStrictEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it("finds duplicate keys in linear time (yaml's own check is quadratic)", () => {
    const n = 40_000;
    const text = Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join('\n') + '\nk7: again\n';
    const t0 = Date.now();
    const p = parseYaml(text, 'f.yaml');
    expect(Date.now() - t0).toBeLessThan(5000); // yaml's pairwise check alone took 6 s here
    expect(brief(p.diagnostics)).toEqual([`${n + 1}:1 duplicate-key`]);
    expect((p.data as Record<string, unknown>)['k7']).toBe(7);
  });

  it('treats 1 and "1" as the same key', () => {
    expect(brief(parseYaml('1: a\n"1": b\n', 'f.yaml').diagnostics)).toEqual(['2:1 duplicate-key']);
  });

  it('makes __proto__ a plain key, never the prototype', () => {
    const p = parseYaml('__proto__: { polluted: true }\nconstructor: 1\n', 'f.yaml');
    const data = p.data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a cyclic alias', () => {
    expect(brief(parseYaml('a: &x [1, *x]\n', 'f.yaml').diagnostics)).toEqual(['1:11 alias-cycle']);
  });

  it('refuses an alias bomb quickly', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill('*' + String.fromCharCode(96 + i))
          .join(',')}]`,
      );
    const t0 = Date.now();
    const p = parseYaml(lines.join('\n') + '\n', 'bomb.yaml');
    expect(Date.now() - t0).toBeLessThan(5000); // generous: the point is "not a hang"
    expect(p.diagnostics.map((d) => d.rule)).toEqual(['alias-bomb']);
  });

  it('expands ordinary aliases', () => {
    expect(parseYaml('a: &o { x: 1 }\nb: *o\n', 'f.yaml').data).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('reports a syntax error at its position', () => {
    const p = parseYaml('a: [1, 2\nb: 3\n', 'f.yaml');
    expect(brief(p.diagnostics)).toEqual(['2:1 yaml-syntax']);
    expect(p.data).toBeUndefined(); // an unclosed bracket: where it should close is a guess
  });

  it('reports every syntax error, each at its position', () => {
    const p = parseYaml('z: 0\na: "x\\q"\nb: [1,, 2]\nc: @d\nd: ok\n', 'f.yaml');
    expect(p.diagnostics.map((d) => `${d.line}:${d.col} ${d.rule}: ${d.message}`)).toEqual([
      '2:6 yaml-syntax: Invalid escape sequence \\q',
      '3:7 yaml-syntax: Unexpected , in flow sequence',
      '4:4 yaml-syntax: Plain value cannot start with reserved character @',
    ]);
    // each error is inside one value: those entries are left out, the rest is read
    expect(p.partial).toBe(true);
    expect(p.data).toStrictEqual({ z: 0, d: 'ok' });
  });

  describe('recovery after a syntax error', () => {
    const recovered = (text: string) => {
      const p = parseYaml(text, 'f.yaml');
      expect(p.diagnostics.every((d) => d.rule === 'yaml-syntax') && p.diagnostics.length > 0).toBe(true);
      return p.data;
    };
    it.each([
      ['a bad escape in a value', 'a: 1\nb: "bad \\q" # c\n# comment\nc: 2\n', { a: 1, c: 2 }],
      ['text after a quoted value', 'a: 1\nb: "x" y\nc: 2\n', { a: 1, c: 2 }],
      [
        'a sequence item, whose place stays (null) so later items keep their index',
        'a:\n  - x\n  - "x\\q"\n  - y\nb: 2\n',
        { a: ['x', null, 'y'], b: 2 },
      ],
      ["a sequence at its key's column", 'a:\n- x\n- "\\q"\n- ok\nb: 1\n', { a: ['x', null, 'ok'], b: 1 }],
      // the first item's dash, on the broken line, makes `a` a list: `a` itself is left out
      ['the first item of a list (so: the list)', 'a:\n  - "x\\q"\n  - y\nb: 2\n', { b: 2 }],
      [
        'the first key of a mapping in a list (so: that item)',
        'a:\n  - x\n  - k: "\\q"\n    l: 1\nb: 2\n',
        { a: ['x', null], b: 2 },
      ],
      [
        'deep in a mapping, beside a block scalar',
        'a:\n  b: |\n    text\n    "\\q" is text here\n  c: "\\q"\nd: 1\n',
        { a: { b: 'text\n"\\q" is text here\n' }, d: 1 },
      ],
      // yaml reads the next line into the broken value: the whole item it is in is left out
      [
        'a colon in a compact mapping',
        'list:\n  - id: Q1\n    text: Is it: so?\n    type: single\n  - id: Q2\n    text: fine\n',
        { list: [null, { id: 'Q2', text: 'fine' }] },
      ],
    ])('leaves out only the entry holding %s', (_name, text, data) => {
      expect(recovered(text)).toStrictEqual(data);
    });

    it('drops the YAML warnings inside an entry left out, and keeps the others', () => {
      const p = parseYaml('a: 0\nb: !foo "x\\q"\nc: !bar 1\n', 'f.yaml');
      expect(brief(p.diagnostics)).toEqual(['2:11 yaml-syntax']);
      expect(brief(p.warnings)).toEqual(['3:4 yaml-warning']);
      expect(p.data).toStrictEqual({ a: 0, c: '1' });
    });

    it('still reports a key repeated in a mapping that holds no entry left out', () => {
      const p = parseYaml('a:\n  a: 0\n  b: "\\q"\nc:\n  d: 1\n  d: 2\n', 'f.yaml');
      expect(brief(p.diagnostics)).toEqual(['3:7 yaml-syntax', '6:3 duplicate-key']);
      expect(p.data).toStrictEqual({ a: { a: 0 }, c: { d: 1 } });
    });

    it.each([
      ['an unterminated quote (it runs to the end of the file)', 'a: "x\nb: 1\n'],
      ['an unclosed bracket', 'a: [1, 2\nb: 3\n'],
      ['bad indentation', 'a:\n  b: 1\n c: 2\nd: 3\n'],
      ['a tab as indentation', 'a:\n\tb: 1\nc: 2\n'],
      ['a line yaml reads as a key of its own', 'a: |\n  x\n y\nb: 2\n'],
      ['a damaged key', '"a\\q": 1\nb: 2\n'],
      ['text after the document', 'a: 1\nb: 2\n]\n'],
      ['an error in a document that uses aliases', 'a: &x 1\nb: "\\q"\nc: *x\n'],
      ['several documents', 'a: 1\n---\nb: "\\q"\n'],
      [
        'a key repeated after it in the same mapping (it may be a line whose parent the broken line swallowed)',
        'a:\n  a: 0\n  b: "\\q"\n  c: 1\n  c: 2\n',
      ],
      ['an error in the first key of the document, whose line says it is a mapping', 'a: "\\q"\nb: 1\n'],
      ['a document that is not a block mapping', '- "\\q"\n- b\n'],
    ])('reports only the YAML errors after %s', (_name, text) => {
      expect(recovered(text)).toBeUndefined();
    });
  });

  it('rejects 100,000 levels of [ without recursing', () => {
    const p = parseYaml('['.repeat(100_000), 'deep.yaml');
    expect(brief(p.diagnostics)).toEqual(['1:65 nesting-too-deep']);
  });
});

describe('findExcessiveNesting', () => {
  const blockNest = (n: number) =>
    Array.from({ length: n }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n') + ' 1\n';
  const seqNest = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i * 2)}-`).join('\n') + ' 1\n';
  it.each([
    ['64 flow levels', '['.repeat(64) + ']'.repeat(64), null],
    ['65 flow levels', '['.repeat(65) + ']'.repeat(65), { line: 1, col: 65 }],
    ['64 block mappings', blockNest(64), null],
    ['65 block mappings', blockNest(65), { line: 65, col: 129 }],
    ['65 block sequences', seqNest(65), { line: 65, col: 129 }],
    ['compact sequences', '- '.repeat(70) + 'x', { line: 1, col: 129 }],
    ['brackets in quotes', `a: "${'['.repeat(100)}"\nb: '${'{'.repeat(100)}'`, null],
    ['brackets in a comment', `a: 1 # ${'['.repeat(100)}`, null],
    ['brackets in a block scalar', `a: |\n  ${'['.repeat(100)}\nb: 2`, null],
    ['mixed block and flow', blockNest(60).replace(/ 1\n$/, ` ${'['.repeat(5)}`), { line: 60, col: 128 }],
  ])('%s', (_name, text, expected) => {
    expect(findExcessiveNesting(text as string)).toEqual(expected);
  });
});

describe('decodeUtf8', () => {
  it('names the line of an invalid byte', () => {
    const bytes = Buffer.concat([Buffer.from('a: 1\nb: ok\nc: '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    const r = decodeUtf8(bytes, 'f.yaml');
    expect('diagnostic' in r && brief([r.diagnostic])).toEqual(['3:4 invalid-utf8']);
  });
  it('drops a BOM', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFa: 1', 'utf8'), 'f')).toEqual({ text: 'a: 1' });
  });
  it.each([[[0xed, 0xa0, 0x80]], [[0xf4, 0x90, 0x80, 0x80]], [[0xc0, 0xaf]], [[0xe2, 0x82]]])('rejects %j', (seq) => {
    expect('diagnostic' in decodeUtf8(Buffer.from(seq), 'f')).toBe(true);
  });
});

describe('aliases and wide files in linear time (regressions)', () => {
  it('40,000 aliases to one anchored scalar resolve to it (yaml re-walked the document per alias: 13 minutes)', () => {
    const text = 'a: &o X\nlist:\n' + '  - *o\n'.repeat(40_000);
    const p = parseYaml(text, 'a.yaml');
    expect(p.diagnostics).toEqual([]);
    const list = (p.data as { list: string[] }).list;
    expect(list.length).toBe(40_000);
    expect(list.every((x) => x === 'X')).toBe(true);
  });

  it('an alias names the latest anchor of that name before it', () => {
    const p = parseYaml('a: &x 1\nb: *x\nc: &x 2\nd: *x\n', 'a.yaml');
    expect(p.data).toEqual({ a: 1, b: 1, c: 2, d: 2 });
  });

  it('2,000 aliases of a wide list stop at the alias budget with one error', () => {
    const text =
      'big: &b [' + Array.from({ length: 5000 }, (_, i) => `v${i}`).join(',') + ']\nx:\n' + '  - *b\n'.repeat(2000);
    const p = parseYaml(text, 'a.yaml');
    expect(p.diagnostics.map((d) => d.rule)).toEqual(['alias-bomb']);
  });

  it('pushAll appends half a million items (a spread into push overflowed the stack)', () => {
    const big = Array.from({ length: 500_000 }, (_, i) => i);
    expect(pushAll([-1], big).length).toBe(500_001);
  });
});
