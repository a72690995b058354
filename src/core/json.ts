// Plain data as YAML and JSON files hold it: the one type every reader returns (parse.ts, the fast
// reader in fast-yaml.ts) and every checker reads, with the guards the checkers share.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

/** A mapping (not a list, not null). */
export const isObj = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The entries of a list; anything else reads as an empty list. */
export const arr = (v: unknown): JsonValue[] => (Array.isArray(v) ? v : []);

/** The value at `path` in `data`, or undefined where there is none. */
export function dataAt(data: JsonValue | undefined, path: readonly (string | number)[]): unknown {
  let d: unknown = data;
  for (const p of path) {
    if (d === null || typeof d !== 'object') return undefined;
    d = Object.prototype.hasOwnProperty.call(d, p) ? (d as Record<string, unknown>)[p as string] : undefined;
  }
  return d;
}
