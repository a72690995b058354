import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quote, showId, showKey, showUnsafe, showValue, visible } from '../../src/core/show.js';
import { checkText, questionnaire } from '../helpers.js';

/** Any control, bidi control, separator or lone surrogate, which a one-line message must not hold raw. */
const RAW =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('names and values inside messages', () => {
  it('shows unsafe characters visibly', () => {
    expect(showUnsafe('a\x1b]0;pwned\x07b\r\nc\u202ed\u0085\ud800')).toBe(
      'a\\x1b]0;pwned\\x07b\\r\\nc\\u202ed\\x85\ufffd',
    );
    expect(visible('\x7f')).toBe('\\x7f');
    expect(showUnsafe('résumé 人权 🙂')).toBe('résumé 人权 🙂');
  });

  it('quotes ids and keys only when they need it, as JSON string literals that read back', () => {
    expect(showId('IMP-01')).toBe('IMP-01');
    expect(showId('ict-impacts@1.0.0')).toBe('ict-impacts@1.0.0');
    expect(showId('../q.yaml')).toBe('../q.yaml');
    expect(showId('a b')).toBe('"a b"');
    expect(showId('x\n::error file=a::b')).toBe('"x\\n::error file=a::b"');
    expect(showId('::error')).toBe('"::error"');
    expect(showKey('weight')).toBe('`weight`');
    expect(showKey('a`b')).toBe('"a`b"');
    expect(showKey('k\u202e')).toBe('"k\\u202e"');
    expect(showValue('2')).toBe('"2"');
    expect(showValue(['a\u2028', 3])).toBe('["a\\u2028", 3]');
  });

  it('property: a quoted string is one line, holds nothing raw and parses back to the same string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        for (const out of [quote(s), showId(s), showKey(s)]) expect(out).not.toMatch(RAW);
        // JSON.parse turns a lone-surrogate escape back into the lone surrogate itself
        expect(JSON.parse(quote(s))).toBe(s);
      }),
      { numRuns: 100 },
    );
  });

  it('a hostile key in a questionnaire is quoted in its message', () => {
    const [d] = checkText(
      questionnaire('- { id: Q1, text: q, type: text }').replace(
        'title: Test\n',
        'title: Test\n"x\\r\\n::error file=a::forged": 1\n',
      ),
    );
    expect(d!.message).toMatch(/^unknown key "x\\r\\n::error file=a::forged"/);
    expect(d!.message).not.toMatch(RAW);
  });
});
