import type { PathPart } from './parse.js';

const segment = (p: PathPart) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1');
const key = (path: readonly PathPart[]) => path.map(segment).join('');

/**
 * A set of data paths that answers, in time proportional to a path's length: is this path in the
 * set, is it or one of its ancestors, is anything at or under it. Paths compare as JSON pointers,
 * so the index 1 and the key "1" are the same step.
 */
export class PathSet {
  private readonly members = new Set<string>();
  /** every member and each of its ancestors ('' is the root) */
  private readonly prefixes = new Set<string>();

  get size(): number {
    return this.members.size;
  }

  add(path: readonly PathPart[]): void {
    let k = '';
    this.prefixes.add(k);
    for (const p of path) {
      k += segment(p);
      this.prefixes.add(k);
    }
    this.members.add(k);
  }

  has(path: readonly PathPart[]): boolean {
    return this.members.size > 0 && this.members.has(key(path));
  }

  /** The path or one of its ancestors is in the set. */
  covers(path: readonly PathPart[]): boolean {
    if (this.members.size === 0) return false;
    let k = '';
    if (this.members.has(k)) return true;
    for (const p of path) {
      k += segment(p);
      if (this.members.has(k)) return true;
    }
    return false;
  }

  /** Something at or under the path is in the set. */
  under(path: readonly PathPart[]): boolean {
    return this.members.size > 0 && this.prefixes.has(key(path));
  }

  /** The path is in the set, inside a member or holds one: its value may not be what the data says. */
  touches(path: readonly PathPart[]): boolean {
    return this.under(path) || this.covers(path);
  }
}
