import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segments } from '../../src/render/pdf/text-runs.js';

const whole = (seg: Intl.Segmenter, t: string) =>
  Array.from(seg.segment(t), ({ segment, index }) => ({ segment, index }));
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const thaiWords = new Intl.Segmenter('th', { granularity: 'word' });

describe('segments: Intl.Segmenter in linear time', () => {
  it('gives the same segments as segmenting the whole text, across window edges', () => {
    const samples = [
      'x'.repeat(5000),
      'नमस्ते दुनिया '.repeat(300),
      '👩‍👩‍👧‍👦🇳🇴e\u0301'.repeat(400),
      'สวัสดีครับ ยินดีต้อนรับสู่ประเทศไทย'.repeat(100),
    ];
    for (const t of samples) expect(Array.from(segments(graphemes, t, 64))).toEqual(whole(graphemes, t));
    const thai = 'การประเมินสิทธิมนุษยชนของบริษัทโทรคมนาคม'.repeat(50);
    expect(Array.from(segments(thaiWords, thai, 128)).map((s) => s.index)).toEqual(
      whole(thaiWords, thai).map((s) => s.index),
    );
  });

  it('always covers the text exactly, in order (any text, any window)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 1, max: 64 }), (t, w) => {
        const list = Array.from(segments(graphemes, t, w));
        expect(list.map((s) => s.segment).join('')).toBe(t);
        let at = 0;
        for (const s of list) {
          expect(s.index).toBe(at);
          at += s.segment.length;
        }
      }),
      { numRuns: 200 },
    );
  });
});
