import { Reporter } from './reporter.js';
import type { Diagnostic } from './diagnostics.js';
import type { JsonValue } from './json.js';
import type { ParsedFile } from './parse.js';
import type { RuleId } from './rules.js';
import { closest } from './suggest.js';
import { showKey, showValue } from './show.js';

/** What a small settings file (`.hrddrc.yaml`, a brand file) is, for the checks all of them share. */
export interface SettingsKind {
  /** "a configuration", "a brand file" */
  noun: string;
  schema: string;
  keys: readonly string[];
  unknownKey: RuleId;
  value: RuleId;
}

/**
 * The checks every settings file starts with, at file:line:col: a mapping, no unknown key (with
 * "did you mean"), and its `schema:`. Returns the mapping and a Reporter for the file's own checks,
 * or only the diagnostics when the file is not a mapping (or not YAML). Pure.
 */
export function openSettings(
  parsed: ParsedFile,
  kind: SettingsKind,
): { data: Record<string, JsonValue>; r: Reporter; diagnostics: Diagnostic[] } | { diagnostics: Diagnostic[] } {
  const r = new Reporter(parsed);
  const diagnostics = [...parsed.diagnostics];
  const data = parsed.data;
  const keys = kind.keys.map((k) => `\`${k}\``).join(', ');
  if (data === undefined) return { diagnostics };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    r.error(
      [],
      kind.value,
      `${kind.noun} is a mapping: \`schema: ${kind.schema}\`, then ${kind.keys
        .slice(1)
        .map((k) => `\`${k}\``)
        .join(', ')}`,
    );
    return { diagnostics: [...diagnostics, ...r.diagnostics] };
  }
  for (const key of Object.keys(data)) {
    if (kind.keys.includes(key)) continue;
    const near = closest(key, kind.keys);
    r.error(
      [key],
      kind.unknownKey,
      `unknown key ${showKey(key)}${near ? `: did you mean ${showKey(near)}?` : ''} (${kind.noun} has ${keys})`,
      'key',
    );
  }
  const schema = data['schema'];
  if (schema === undefined) r.error([], kind.value, `missing \`schema: ${kind.schema}\``);
  else if (schema !== kind.schema)
    r.error(['schema'], kind.value, `unknown schema ${showValue(schema)}: expected ${kind.schema}`);
  return { data, r, diagnostics };
}
