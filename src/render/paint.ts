import { Chalk } from 'chalk';

/** How our own text is coloured on a terminal (never text from a file, which is made inert first). */
export interface Paint {
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
}

export const plain: Paint = { red: (s) => s, yellow: (s) => s, green: (s) => s, dim: (s) => s, bold: (s) => s };

/** chalk ignores NO_COLOR: the colour decision is made once in the context and passed here. */
export function paintFor(color: boolean): Paint {
  if (!color) return plain;
  const c = new Chalk({ level: 1 });
  return { red: c.red, yellow: c.yellow, green: c.green, dim: c.dim, bold: c.bold };
}
