import type { Framework } from '../core/framework.js';
import { InputError, UsageError } from '../errors.js';
import type { Loader } from '../io/loader.js';

/**
 * The frameworks a --framework list names (comma-separated bundled ids, `id@version`, or paths to
 * framework files), loaded and checked: exit 2 for one that cannot be found, 1 for one with errors.
 */
export function frameworksOption(value: string | undefined, loader: Loader, cwd: string): Framework[] {
  const refs = (value ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (value !== undefined && !refs.length)
    throw new UsageError(`--framework takes framework ids or paths separated by commas, found "${value}"`);
  return refs.map((ref) => {
    const res = loader.frameworks.load(ref, cwd);
    if (!('error' in res)) return res.framework;
    if (res.rule === 'framework-invalid') throw new InputError(res.error);
    throw new UsageError(`--framework: ${res.error}`);
  });
}
