// Writes the example companies' deliverables to examples/reports/ (or the folder given), so a
// visitor sees them without installing: for the operator on the 2.0.0 questionnaires
// (kestrel-telecom.2.0.0) the full report, the board brief, the redacted copy and the action-plan
// CSV, and the comparison with its 1.0.0 assessment of the year before (Markdown and PDF); for that
// 1.0.0 assessment, the platform (Lumen) and the vendor (Corvid) the full report and the CSV; each
// with chapters for RDR and the CSDDD besides the UNGP one. A test regenerates them and compares.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = process.argv[2] ?? join(root, 'examples', 'reports');
const example = join(root, 'examples', 'kestrel-telecom.hrdd.yaml');
const others = ['kestrel-telecom', 'lumen-social', 'corvid-networks'].map((name) =>
  join(root, 'examples', `${name}.hrdd.yaml`),
);
const migrated = join(root, 'examples', 'kestrel-telecom.2.0.0.hrdd.yaml');
const hrdd = (...args) =>
  execFileSync(process.execPath, [join(root, 'bin', 'hrdd'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
const RUNS = [
  ['report', migrated, '--format', 'md,pdf,csv', '--out', out, '--summary', '--framework', 'rdr,csddd'],
  ['report', migrated, '--format', 'md,pdf,csv', '--out', out, '--redact', '--framework', 'rdr,csddd'],
  ...others.map((file) => ['report', file, '--format', 'md,pdf,csv', '--out', out, '--framework', 'rdr,csddd']),
  ['compare', example, migrated, '--format', 'md,pdf', '--out', out],
];
for (const args of RUNS) process.stdout.write(hrdd(...args));
