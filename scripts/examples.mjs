// Writes the example company's deliverables to examples/reports/ (or the folder given), so a
// visitor sees them without installing: the full report, the board brief, the redacted copy and
// the action-plan CSV. A test regenerates them and compares.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = process.argv[2] ?? join(root, 'examples', 'reports');
const example = join(root, 'examples', 'kestrel-telecom.hrdd.yaml');
const hrdd = (...args) =>
  execFileSync(process.execPath, [join(root, 'bin', 'hrdd'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
const RUNS = [
  ['report', example, '--format', 'md,pdf,csv', '--out', out, '--summary'],
  ['report', example, '--format', 'md,pdf,csv', '--out', out, '--redact'],
];
for (const args of RUNS) process.stdout.write(hrdd(...args));
