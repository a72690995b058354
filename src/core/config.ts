import { openSettings } from './settings.js';
import { hasErrors, strictify, type Diagnostic, type Severity } from './diagnostics.js';
import type { JsonValue } from './json.js';
import type { ParsedFile } from './parse.js';
import { RULES, type RuleId } from './rules.js';
import { closest } from './suggest.js';
import { showKey, showValue } from './show.js';

export type RuleLevel = 'off' | Severity;
const LEVELS: readonly RuleLevel[] = ['off', 'warning', 'error'];
const KEYS = ['schema', 'rules', 'exclude'] as const;
export const CONFIG_SCHEMA = 'hrdd/config@1';
export const CONFIG_NAMES = ['.hrddrc.yaml', '.hrddrc.yml'] as const;

/** A project's settings for `hrdd validate` and friends, from `.hrddrc.yaml`. */
export interface Config {
  /** the file it came from, as shown in diagnostics */
  file?: string;
  rules: Partial<Record<RuleId, RuleLevel>>;
  exclude: string[];
}

export const NO_CONFIG: Config = { rules: {}, exclude: [] };

/**
 * Checks a parsed `.hrddrc.yaml` with positions, like every other file: unknown keys, unknown rule
 * ids and levels (with "did you mean"), and an `exclude` list of globs. Pure.
 */
export function checkConfig(parsed: ParsedFile): { config?: Config; diagnostics: Diagnostic[] } {
  const opened = openSettings(parsed, {
    noun: 'a configuration',
    schema: CONFIG_SCHEMA,
    keys: KEYS,
    unknownKey: 'config-unknown-key',
    value: 'config-value',
  });
  if (!('data' in opened)) return opened;
  const { data, r, diagnostics } = opened;
  const config: Config = { file: parsed.file, rules: {}, exclude: [] };
  const rules = data['rules'];
  if (rules !== undefined && rules !== null) {
    if (typeof rules !== 'object' || Array.isArray(rules))
      r.error(['rules'], 'config-value', '`rules` is a mapping of rule ids to off, warning or error');
    else
      for (const [id, level] of Object.entries(rules as Record<string, JsonValue>)) {
        if (!Object.prototype.hasOwnProperty.call(RULES, id)) {
          const near = closest(id, Object.keys(RULES));
          r.error(
            ['rules', id],
            'config-unknown-rule',
            `unknown rule ${showKey(id)}${near ? `: did you mean ${showKey(near)}?` : ''}`,
            'key',
          );
          continue;
        }
        if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level)) {
          const near =
            typeof level === 'string'
              ? (LEVELS.find((l) => level && l.startsWith(level.toLowerCase())) ?? closest(level, LEVELS))
              : undefined;
          r.error(
            ['rules', id],
            'config-value',
            `${showValue(level)} is not a level: use off, warning or error${near ? ` (did you mean ${near}?)` : ''}`,
          );
          continue;
        }
        config.rules[id as RuleId] = level as RuleLevel;
      }
  }
  const exclude = data['exclude'];
  if (exclude !== undefined && exclude !== null) {
    if (!Array.isArray(exclude))
      r.error(['exclude'], 'config-value', '`exclude` is a list of globs, e.g. [drafts/**, "*.tmp.yaml"]');
    else
      exclude.forEach((g, i) => {
        if (typeof g !== 'string' || !g.trim())
          r.error(['exclude', i], 'config-value', `${showValue(g)} is not a glob`);
        else config.exclude.push(g);
      });
  }
  const all = [...diagnostics, ...r.diagnostics];
  return hasErrors(all) ? { diagnostics: all } : { config, diagnostics: all };
}

/**
 * Applies a configuration's rule levels (`off` drops a diagnostic), then `--strict` (warnings
 * become errors) and `--quiet` (only errors are kept): the one order every command uses.
 */
export function applyLevels(
  diagnostics: readonly Diagnostic[],
  config: Config,
  opts: { strict?: boolean; quiet?: boolean } = {},
): Diagnostic[] {
  let out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const level = config.rules[d.rule as RuleId];
    if (level === 'off') continue;
    out.push(level && level !== d.severity ? { ...d, severity: level } : d);
  }
  if (opts.strict) out = strictify(out);
  if (opts.quiet) out = out.filter((d) => d.severity === 'error');
  return out;
}

/** The JSON Schema of `.hrddrc.yaml`, built from the rule table so it can never miss a rule. */
export function configSchema(): Record<string, unknown> {
  const levels = { type: 'string', enum: LEVELS };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:hrdd:schema:config:1',
    title: 'hrdd configuration (.hrddrc.yaml)',
    description: `Project settings for hrdd validate and hrdd score: rule levels and paths to leave out (format ${CONFIG_SCHEMA}).`,
    type: 'object',
    additionalProperties: false,
    required: ['schema'],
    properties: {
      schema: { type: 'string', const: CONFIG_SCHEMA, description: `The file format: exactly \`${CONFIG_SCHEMA}\`.` },
      rules: {
        type: 'object',
        description:
          'Rule id → off (never reported), warning (reported; fails only under --strict) or error (fails the run). Rules not named keep their default level.',
        additionalProperties: false,
        properties: Object.fromEntries(
          Object.entries(RULES).map(([id, [severity, text]]) => [
            id,
            { ...levels, description: `${text} Default: ${severity}.` },
          ]),
        ),
      },
      exclude: {
        type: 'array',
        description:
          'Globs of paths relative to the working folder that validate leaves out, named or found in a folder (e.g. drafts/**); a pattern without a slash matches a file or folder name anywhere.',
        items: { type: 'string', minLength: 1 },
      },
    },
  };
}
