import type { NotCarried } from '../core/carry.js';
import type { MigrationReport } from '../core/migration-report.js';
import { showValue } from '../core/show.js';
import { plural } from './format.js';
import { termLine } from './inert.js';
import type { Paint } from './paint.js';

const value = (v: unknown) => termLine(Array.isArray(v) ? `[${v.map(showValue).join(', ')}]` : showValue(v));

/** The first lines of the migration report: what was written and the counts (also what `assess --from` prints). */
export function renderMigrationSummary(r: MigrationReport, p: Paint): string {
  const s = r.summary;
  const lines = [
    `Migrated ${termLine(r.source)} to ${r.to.map(termLine).join(', ')}: wrote ${termLine(r.file)}`,
    `Carried ${plural(s.carried, 'answer')}: ${s.same} as is, ${s.mapped} with mapped values, ${s.merged} merged into another question; not carried: ${s.notCarried}; new questions that start unanswered: ${s.added}.`,
  ];
  if (s.plannedNowZero)
    lines.push(
      p.yellow(
        `${plural(s.plannedNowZero, 'carried answer')} "planned" scored 0.25 and now score${s.plannedNowZero === 1 ? 's' : ''} 0.`,
      ),
    );
  if (s.lowered > s.plannedNowZero)
    lines.push(p.yellow(`${plural(s.lowered - s.plannedNowZero, 'other carried answer')} score lower than before.`));
  if (s.carried)
    lines.push(
      `Every carried answer is marked \`carried\` until confirmed: hrdd assess --answers ${termLine(r.file)} asks each again.`,
    );
  return lines.join('\n') + '\n';
}

/** The whole migration report as text: the summary, then each list. */
export function renderMigrationText(r: MigrationReport, p: Paint): string {
  const out = [renderMigrationSummary(r, p)];
  const section = (title: string, rows: string[]) => {
    if (rows.length) out.push(`\n${p.bold(`${title} (${rows.length})`)}\n${rows.map((x) => `  ${x}\n`).join('')}`);
  };
  const same = r.carried.filter((c) => c.how === 'same').map((c) => termLine(c.question));
  if (same.length) out.push(`\n${p.bold(`Carried as is (${same.length})`)}\n  ${same.join(', ')}\n`);
  section(
    'Carried with mapped values',
    r.carried
      .filter((c) => c.how === 'mapped')
      .map((c) => `${termLine(c.question)}  ${value(c.was)} → ${value(c.value)}`),
  );
  section(
    'Merged into another question',
    r.carried
      .filter((c) => c.how === 'merged')
      .map(
        (c) =>
          `${termLine(c.from)} → ${termLine(c.question)}  ${value(c.was)}${sameShown(c.was, c.value) ? '' : ` → ${value(c.value)}`}`,
      ),
  );
  section('Not carried', r.notCarried.map(notCarriedRow));
  if (r.added.length)
    out.push(
      `\n${p.bold(`New in ${r.to.map(termLine).join(', ')}, unanswered (${r.added.length})`)}\n  ${r.added.map(termLine).join(', ')}\n`,
    );
  return out.join('');
}

const sameShown = (a: unknown, b: unknown) => value(a) === value(b);

const REASONS: Record<NotCarried['reason'], string> = {
  dropped: 'dropped',
  value: 'value no longer valid',
  answered: 'target already answered',
  outcome: 'outcome question',
  unknown: 'unknown question',
};

function notCarriedRow(n: NotCarried): string {
  return `${termLine(n.question)}${n.to && n.to !== n.question ? ` → ${termLine(n.to)}` : ''}  ${value(n.value)}  ${REASONS[n.reason]}: ${termLine(n.detail)}`;
}
