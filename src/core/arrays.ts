/**
 * Appends every item of `items` to `target`. Not `target.push(...items)`: spreading passes each
 * item as an argument, and a few hundred thousand (a 5 MB file's diagnostics, a table's rows)
 * overflow the call stack.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}
