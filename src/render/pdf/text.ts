import bidiFactory from 'bidi-js';

/** Characters that need the CJK font. */
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;
const CJK_RUNS = /([\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+)/u;

export const hasCjk = (text: string) => CJK.test(text);

/** Splits text into runs that one font can draw: CJK, and everything else. */
export function scriptRuns(text: string): Array<{ text: string; cjk: boolean }> {
  return text.split(CJK_RUNS).filter(Boolean).map((t) => ({ text: t, cjk: CJK.test(t) }));
}

let bidi: ReturnType<typeof bidiFactory> | undefined;

/**
 * Orders right-to-left text for a left-to-right layout engine. fontkit already shapes an Arabic
 * or Hebrew word and lays its glyphs right to left, so only the order of the words in a
 * right-to-left stretch is reversed here (the bidi algorithm finds the stretches).
 */
export function visualOrder(text: string): string {
  if (!/[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u.test(text)) return text;
  bidi ??= bidiFactory();
  const levels = bidi.getEmbeddingLevels(text, 'ltr');
  let out = text;
  for (const [start, end] of bidi.getReorderSegments(text, levels)) {
    const segment = out.slice(start, end + 1);
    const tokens = segment.split(/(\s+)/u);
    out = out.slice(0, start) + tokens.reverse().join('') + out.slice(end + 1);
  }
  return out;
}
