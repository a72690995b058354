import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrors } from '../core/diagnostics.js';
import type { RefsMap } from '../core/framework.js';
import type { Questionnaire } from '../core/model.js';
import { frameworksDir, type Frameworks } from './frameworks.js';

/** The bundled refs files: `frameworks/mappings/*.refs.yaml`, each mapping one bundled questionnaire version. */
export function bundledMappings(dir = join(frameworksDir(), 'mappings')): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.refs.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * The references of the bundled mappings for these questionnaires: each mapping that names one of
 * them (the same `id@version`, read from the same file) and has no errors, by question id.
 */
export function bundledRefs(frameworks: Frameworks, questionnaires: readonly Questionnaire[]): RefsMap[] {
  const out: RefsMap[] = [];
  for (const path of bundledMappings(join(frameworks.dir, 'mappings'))) {
    const loaded = frameworks.loadRefs(path);
    if (loaded.file && loaded.questionnaire && !hasErrors(loaded.diagnostics))
      if (questionnaires.includes(loaded.questionnaire)) out.push(loaded.file.refs);
  }
  return out;
}
