/**
 * The look of the report: A4, 50 pt margins, 10 pt body text, a navy accent. Every colour keeps a
 * distinct grey value, and nothing is told by colour alone (numbers and words sit beside it), so a
 * greyscale print reads the same.
 */
export const PAGE = { size: 'A4' as const, margin: 50, footer: 28 };

export const INK = '#1c1c1c';
export const MUTED = '#5c5c5c';
export const ACCENT = '#1f3a5f';
export const ACCENT_TINT = '#e9eef4';
export const RULE = '#c5cad3';
export const ZEBRA = '#f4f5f7';
export const TRACK = '#e6e8ec';
export const RED = '#9b1c1c';
export const RED_TINT = '#f7e8e8';

export const SIZE = { body: 10, small: 8.5, table: 8.5, h1: 20, h2: 13.5, h3: 11, cover: 28 };
/** Line height as a multiple of the font size. */
export const LEADING = 1.32;

/** Bars: modules darker than their sections. */
export const BAR = { module: '#1f3a5f', section: '#5d7ea6', principle: '#46698f' };

/**
 * Heat map shades, light to dark as severity × likelihood grows (1 to 16): a sequential ramp whose
 * lightness falls steadily, so it keeps its order in greyscale.
 */
const HEAT = ['#f3f0e8', '#ead9c1', '#dfbd98', '#cf9a72', '#b8724f', '#9a4a35', '#74261f'];
export function heatShade(severity: number, likelihood: number): { fill: string; text: string } {
  const level = severity * likelihood; // 1..16
  const i = Math.min(HEAT.length - 1, Math.floor(((level - 1) / 15) * (HEAT.length - 1) + 0.5));
  return { fill: HEAT[i]!, text: i >= 5 ? '#ffffff' : INK };
}
