import { Chalk } from 'chalk';
import { plain, type Paint } from './diagnostics.js';

/** chalk ignores NO_COLOR: the colour decision is made once in the context and passed here. */
export function paintFor(color: boolean): Paint {
  if (!color) return plain;
  const c = new Chalk({ level: 1 });
  return { red: c.red, yellow: c.yellow, green: c.green, dim: c.dim, bold: c.bold };
}
