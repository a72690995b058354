import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pushAll } from '../core/arrays.js';
import { hasErrors, type Diagnostic } from '../core/diagnostics.js';
import { checkMigration, type Migration } from '../core/migration.js';
import type { Questionnaire } from '../core/model.js';
import { Reporter } from '../core/reporter.js';
import { packageRoot, type Loader } from './loader.js';

/** Where the bundled migrations live: `migrations/<name>.yaml` beside `questionnaires/`. */
export function migrationsDir(): string {
  return join(packageRoot(), 'migrations');
}

export interface LoadedMigration {
  abs: string;
  migration?: Migration;
  /** the questionnaires of `from` and `to`, with those they require (when they loaded) */
  from?: Questionnaire[];
  to?: Questionnaire[];
  diagnostics: Diagnostic[];
}

/** Reads a migration file and checks it against its questionnaires (format.md section 11). */
export function loadMigration(loader: Loader, abs: string): LoadedMigration {
  const loaded = loader.loadFile(abs, 'migration');
  const diagnostics = [...loaded.diagnostics];
  if (loaded.kind !== 'migration') return { abs, diagnostics };
  const m = loaded.migration;
  if (!m || hasErrors(diagnostics)) return { abs, diagnostics };
  const r = new Reporter(m.parsed);
  const side = (key: 'from' | 'to') =>
    loader.questionnairesFor(m[key], dirname(abs), (i, rule, message) => r.error([key, i], rule, message));
  const from = side('from');
  const to = side('to');
  pushAll(diagnostics, r.diagnostics);
  if (!from || !to) return { abs, migration: m, diagnostics };
  pushAll(diagnostics, checkMigration(m, from, to));
  return { abs, migration: m, from, to, diagnostics };
}

/** The bundled migrations, each loaded and checked (file order). */
export function bundledMigrations(loader: Loader, dir = migrationsDir()): LoadedMigration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => loadMigration(loader, join(dir, f)));
}
