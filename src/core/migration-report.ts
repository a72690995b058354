import type { CarriedAnswer, CarryResult, Lowered, NotCarried } from './carry.js';

/** The value of a `planned` option, whose score drops from 0.25 to 0 in the 2.0.0 questionnaires. */
const PLANNED = 'planned';

/** What `hrdd migrate --format json` prints (format.md section 5). */
export interface MigrationReport {
  schema: 'hrdd/migration-report@1';
  /** the answers file migrated and the one written, as shown */
  source: string;
  file: string;
  /** the migration file used, as shown */
  migration: string;
  from: string[];
  to: string[];
  summary: {
    carried: number;
    same: number;
    mapped: number;
    merged: number;
    notCarried: number;
    added: number;
    lowered: number;
    plannedNowZero: number;
  };
  carried: CarriedAnswer[];
  notCarried: NotCarried[];
  added: string[];
  lowered: Lowered[];
}

/** The report of a migration: its counts and lists. */
export function migrationReport(
  r: CarryResult,
  names: { source: string; file: string; migration: string; from: string[]; to: string[] },
): MigrationReport {
  const count = (how: CarriedAnswer['how']) => r.carried.filter((c) => c.how === how).length;
  return {
    schema: 'hrdd/migration-report@1',
    ...names,
    summary: {
      carried: r.carried.length,
      same: count('same'),
      mapped: count('mapped'),
      merged: count('merged'),
      notCarried: r.notCarried.length,
      added: r.added.length,
      lowered: r.lowered.length,
      plannedNowZero: r.lowered.filter((l) => l.value === PLANNED && l.after === 0).length,
    },
    carried: r.carried,
    notCarried: r.notCarried,
    added: r.added,
    lowered: r.lowered,
  };
}
