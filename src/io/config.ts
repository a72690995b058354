import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkConfig, CONFIG_NAMES, type Config } from '../core/config.js';
import { diag, START, type Diagnostic } from '../core/diagnostics.js';
import { decodeUtf8, parseYaml } from '../core/parse.js';
import { displayPath, readLimited } from './files.js';

/**
 * The configuration in force: `--config FILE`, or the nearest `.hrddrc.yaml` (or `.yml`) in the
 * working folder or above it, up to the top of the git repository (a folder holding `.git`).
 */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

export function readConfig(path: string, cwd: string): { config?: Config; diagnostics: Diagnostic[] } {
  const file = displayPath(path, cwd);
  if (existsSync(path) && statSync(path).isDirectory())
    return { diagnostics: [diag(file, START, 'error', 'file-read', 'is a folder, not a configuration file')] };
  const read = readLimited(path);
  if ('error' in read) return { diagnostics: [diag(file, START, 'error', read.rule, read.error)] };
  const decoded = decodeUtf8(read.bytes, file);
  if ('diagnostic' in decoded) return { diagnostics: [decoded.diagnostic] };
  return checkConfig(parseYaml(decoded.text, file));
}
