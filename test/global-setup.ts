// Builds dist/ before the tests when it is missing or stale (many tests run the built CLI), so a
// bare `npx vitest run` works on a fresh clone as `npm test` does. A current build costs nothing.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = join(fileURLToPath(import.meta.url), '..', '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
}
