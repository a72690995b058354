// npm run bench: times the CLI against baselines measured in the same run, and prints ratios.
// Never part of npm test. Generated data lives in a temporary folder.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { writeAssessment, writeFolder } from './generate.mjs';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin', 'hrdd');
const node = process.execPath;
const runs = Number(process.env.BENCH_RUNS ?? 7);
const tmp = mkdtempSync(join(tmpdir(), 'hrdd-bench-'));
const hasTime = existsSync('/usr/bin/time');

/** Median, min and max of some times in ms (and a peak RSS, if measured). */
function summary(times, rss = NaN) {
  const ms = [...times].sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], min: ms[0], max: ms.at(-1), rss };
}

/** Runs a command `runs` times after a warm-up: median, min, max wall time in ms (and peak RSS). */
function measure(cmd, args, { cwd = root, expectCode } = {}) {
  const once = () => {
    const t0 = process.hrtime.bigint();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (expectCode !== undefined && r.status !== expectCode)
      throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
    const rss = hasTime ? Number(r.stderr.trim().split('\n').at(-1)) / 1024 : NaN;
    return { ms, rss };
  };
  once();
  const xs = Array.from({ length: runs }, once);
  return summary(
    xs.map((x) => x.ms),
    Math.max(...xs.map((x) => x.rss)),
  );
}

const rows = [];
const fmt = (x) => `${x.median.toFixed(0)} ms (${x.min.toFixed(0)}–${x.max.toFixed(0)})`;
function report(name, x, base, target) {
  const ratio = base ? x.median / base.median : undefined;
  rows.push({
    name,
    time: fmt(x),
    rss: Number.isFinite(x.rss) ? `${x.rss.toFixed(0)} MB` : '',
    ratio: ratio ? `${ratio.toFixed(2)}x` : '',
    target: target ?? '',
  });
  console.log(
    `${name.padEnd(52)} ${fmt(x).padEnd(22)} ${rows.at(-1).rss.padEnd(8)} ${rows.at(-1).ratio.padEnd(7)} ${target ?? ''}`,
  );
}

/** A row whose figure is not a time (a size). */
function value(name, text, target) {
  rows.push({ name, time: text, rss: '', ratio: '', target: target ?? '' });
  console.log(`${name.padEnd(52)} ${text.padEnd(22)} ${''.padEnd(8)} ${''.padEnd(7)} ${target ?? ''}`);
}

console.log(
  `hrdd benchmarks: ${runs} runs after a warm-up, median (min–max); node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`,
);

/** Interleaves the runs of several commands (A B C A B C …), so a noisy machine slows all alike. */
function interleaved(cmds, n) {
  const times = cmds.map(() => []);
  for (const [cmd, args] of cmds) spawnSync(cmd, args); // warm-up
  for (let i = 0; i < n; i++)
    cmds.forEach(([cmd, args], k) => {
      const t0 = process.hrtime.bigint();
      spawnSync(cmd, args);
      times[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  return times.map((xs) => summary(xs));
}

// 1. start-up, interleaved with its baseline (short runs are the noisiest)
const [bare, version, help] = interleaved(
  [
    [node, ['-e', '0']],
    [node, [bin, '--version']],
    [node, [bin, '--help']],
  ],
  Math.max(21, runs * 3),
);
report('baseline: node -e 0', bare);
report('hrdd --version', version, bare, 'target ≤ 1.3x');
report('hrdd --help', help, bare, 'target ≤ 1.3x');

// the interactive assessment, resumed: from launch to its first prompt, in a tmux pseudo-terminal
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (hasTmux) {
  const answers = join(tmp, 'resume.hrdd.yaml');
  writeFileSync(answers, readFileSync(join(root, 'examples', 'kestrel-telecom.hrdd.yaml')));
  const session = `hrdd-bench-${process.pid}`;
  const firstPrompt = () => {
    const t0 = process.hrtime.bigint();
    execFileSync('tmux', [
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '120',
      '-y',
      '40',
      `${bin} assess --answers ${answers} --no-report`,
    ]);
    try {
      for (;;) {
        if (execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' }).includes('❯')) break;
        if (Number(process.hrtime.bigint() - t0) > 10e9) throw new Error('hrdd assess showed no prompt in 10 s');
      }
      return Number(process.hrtime.bigint() - t0) / 1e6;
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  };
  firstPrompt();
  report('hrdd assess --answers: launch to first prompt (tmux)', summary(Array.from({ length: runs }, firstPrompt)));
} else {
  console.log('(tmux is not installed: the time to the first prompt of hrdd assess is skipped)');
}

// 2. validation of 1,000 questionnaire files
const folder = join(tmp, 'folder');
writeFolder(folder, 1000, 20);
const floorScript = join(tmp, 'floor.mjs');
writeFileSync(
  floorScript,
  `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(root, 'package.json'))});
const { parseDocument, LineCounter } = require('yaml');
const Ajv = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');
const ajv = new Ajv({ allErrors: true, strict: false }); addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(${JSON.stringify(join(root, 'schemas/questionnaire.schema.json'))}, 'utf8')));
let bad = 0;
for (const f of readdirSync(process.argv[2]).sort()) {
  const doc = parseDocument(readFileSync(join(process.argv[2], f), 'utf8'), { lineCounter: new LineCounter(), uniqueKeys: true });
  if (doc.errors.length || !validate(doc.toJS())) bad++;
}
if (bad) process.exit(1);
`,
);
const floor = measure(node, [floorScript, folder], { expectCode: 0 });
report('floor: read + yaml.parseDocument + ajv, 1,000 files', floor);
const ajvCli = join(root, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const peer = existsSync(ajvCli)
  ? measure(
      node,
      [
        ajvCli,
        'validate',
        '--spec=draft2020',
        '-c',
        'ajv-formats',
        '--strict=false',
        '-s',
        join(root, 'schemas/questionnaire.schema.json'),
        '-d',
        `${folder}/*.yaml`,
      ],
      { expectCode: 0 },
    )
  : undefined;
if (peer) report('peer: ajv-cli (js-yaml), 1,000 files', peer);
const ours = measure(node, [bin, 'validate', folder], { expectCode: 0 });
report('hrdd validate, 1,000 files (vs floor)', ours, floor, 'target ≤ 1.25x');
if (peer) report('hrdd validate, 1,000 files (vs ajv-cli)', ours, peer);
const cacheFile = join(tmp, 'validate-cache.json');
spawnSync(node, [bin, 'validate', '--cache', '--cache-location', cacheFile, folder]); // fill the cache
const warm = measure(node, [bin, 'validate', '--cache', '--cache-location', cacheFile, folder], { expectCode: 0 });
if (peer) report('hrdd validate --cache, unchanged files (vs ajv-cli)', warm, peer);

// 3. scoring: 100, 1,000 and 10,000 questions
const a100 = writeAssessment(join(tmp, 's100'), 100);
const a1k = writeAssessment(join(tmp, 's1k'), 1000);
const a10k = writeAssessment(join(tmp, 's10k'), 10000);
const s100 = measure(node, [bin, 'score', '--format', 'json', a100], { expectCode: 0 });
report('hrdd score, 100 questions', s100);
const s1k = measure(node, [bin, 'score', '--format', 'json', a1k], { expectCode: 0 });
report('hrdd score, 1,000 questions (vs 100)', s1k, s100);
report(
  'hrdd score, 10,000 questions (vs 1,000)',
  measure(node, [bin, 'score', '--format', 'json', a10k], { expectCode: 0 }),
  s1k,
  'target ≤ 12x',
);

// 4. report: Markdown + PDF for 1,000 questions
const out = join(tmp, 'reports');
let rep;
try {
  rep = measure(node, [bin, 'report', a1k, '--format', 'md,pdf', '--out', out], { expectCode: 0 });
  report('hrdd report md+pdf, 1,000 questions', rep, undefined, 'target < 1500 ms, < 250 MB');
} catch (e) {
  console.log(`hrdd report md+pdf: failed: ${e.message.split('\n')[0]}`);
}
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (chromium && rep) {
  // the same report as a browser-based tool makes it: the Markdown rendered to styled HTML
  const html = join(tmp, 'report.html');
  const md = readFileSync(
    join(
      out,
      readdirSync(out).find((f) => f.endsWith('.md')),
    ),
    'utf8',
  );
  const { marked } = createRequire(join(root, 'package.json'))('marked');
  writeFileSync(
    html,
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Gap report</title><style>@page{size:A4;margin:2cm}body{font:10pt "DejaVu Sans",sans-serif;line-height:1.35}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:2px 4px;text-align:left;vertical-align:top}h1{break-before:page;color:#1f4e79}</style><body>${marked.parse(md)}</body></html>`,
  );
  const chrome = measure(chromium, [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-pdf-header-footer',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${join(tmp, 'chrome')}`,
    `--print-to-pdf=${join(tmp, 'chrome.pdf')}`,
    `file://${html}`,
  ]);
  report('peer: headless Chromium printing the report as HTML', chrome);
  report('hrdd report md+pdf (vs Chromium)', rep, chrome, 'target ≤ 0.5x');
} else {
  console.log('(Chromium is not installed: the browser comparison is skipped; apt-get install chromium to run it)');
}

// 5. the package as a user installs it: the packed tarball, installed without devDependencies from
// npm's warm cache (as after npm ci) into an empty folder; its size on disk and the time it takes
const npmEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));
const packDir = join(tmp, 'pack');
mkdirSync(packDir);
const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
  cwd: root,
  env: npmEnv,
  encoding: 'utf8',
});
if (packed.status === 0) {
  const [info] = JSON.parse(packed.stdout);
  const tarball = join(packDir, info.filename);
  let n = 0;
  const install = () => {
    const dir = join(tmp, `install-${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), '{ "name": "bench-install", "private": true }\n');
    const t0 = process.hrtime.bigint();
    const r = spawnSync('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
      cwd: dir,
      env: npmEnv,
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`npm install of the tarball failed: ${r.stderr.slice(-500)}`);
    return { ms, dir };
  };
  install(); // warm-up
  const installs = Array.from({ length: Math.min(runs, 5) }, install);
  const du = spawnSync('du', ['-sk', join(installs[0].dir, 'node_modules')], { encoding: 'utf8' });
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  if (du.status === 0)
    value(
      'installed size: npm install --omit=dev of the tarball',
      `${mb(Number(du.stdout.split(/\s/)[0]) * 1024)} (tarball ${mb(info.size)})`,
      'target ≤ 60 MB',
    );
  report('npm install --omit=dev of the tarball, warm cache', summary(installs.map((x) => x.ms)));
} else {
  console.log(`npm pack failed: the install cases are skipped: ${packed.stderr.slice(-300)}`);
}

// 6. hostile 5 MB inputs against an ordinary file of the same size: each must stay within 10x
// (time roughly linear in the size, whatever the shape). Heavy cases: BENCH_HEAVY_RUNS (default 1).
{
  const heavyRuns = Number(process.env.BENCH_HEAVY_RUNS ?? 1);
  const heavy = (args) => {
    const xs = Array.from({ length: heavyRuns }, () => {
      const t0 = process.hrtime.bigint();
      const r = hasTime
        ? spawnSync('/usr/bin/time', ['-f', '%M', node, bin, ...args], {
            cwd: tmp,
            encoding: 'utf8',
            maxBuffer: 1 << 30,
          })
        : spawnSync(node, [bin, ...args], { cwd: tmp, encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== 0 && r.status !== 1)
        throw new Error(`hrdd ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-300)}`);
      return {
        ms: Number(process.hrtime.bigint() - t0) / 1e6,
        rss: hasTime ? Number(r.stderr.trim().split('\n').at(-1)) / 1024 : NaN,
      };
    });
    return summary(
      xs.map((x) => x.ms),
      Math.max(...xs.map((x) => x.rss)),
    );
  };
  const FIVE = 5 * 1024 * 1024 - 4096;
  const head = 'schema: hrdd/answers@1\norganisation: Synthetic Co\nquestionnaires: [ict-profile, ict-grievance]\n';
  const fill = (name, text) => {
    const p = join(tmp, name);
    writeFileSync(p, text.slice(0, FIVE));
    return p;
  };
  // ordinary: a 5 MB answers file of notes in plain words, answering the bundled questions
  const words =
    'the company reviewed its supplier due diligence with affected workers and their representatives '.repeat(1000);
  const ordinary =
    head + 'answers:\n  GRV-01:\n    value: partly\n    note: "' + words.repeat(60).slice(0, FIVE - 400) + '"\n';
  const files = {
    ordinary: fill('ordinary.yaml', ordinary),
    aliases: fill(
      'aliases.yaml',
      head + 'answers:\n  GRV-01: { value: partly, note: &n x }\n  NOTES:\n' + '    - *n\n'.repeat(FIVE / 8),
    ),
    unknown: fill(
      'unknown.yaml',
      head + 'answers:\n' + Array.from({ length: FIVE / 14 }, (_, i) => `  U${i}: x\n`).join(''),
    ),
    longWord: fill(
      'long-word.yaml',
      head + 'answers:\n  GRV-01:\n    value: partly\n    note: "' + 'x'.repeat(FIVE - 400) + '"\n',
    ),
  };
  const base = heavy(['validate', files.ordinary]);
  report('hrdd validate, 5 MB ordinary answers file', base);
  report('hrdd validate, 5 MB of aliases (vs ordinary)', heavy(['validate', files.aliases]), base, 'target ≤ 10x');
  report('hrdd validate, 5 MB of unknown ids (vs ordinary)', heavy(['validate', files.unknown]), base, 'target ≤ 10x');
  report('hrdd validate, one 5 MB word (vs ordinary)', heavy(['validate', files.longWord]), base, 'target ≤ 10x');
  if (!process.env.BENCH_SKIP_HEAVY_REPORTS) {
    const repBase = heavy(['report', files.ordinary, '--format', 'md,pdf', '--out', join(tmp, 'heavy')]);
    report('hrdd report md+pdf, 5 MB note of plain words', repBase);
    report(
      'hrdd report md+pdf, one 5 MB word (vs plain words)',
      heavy(['report', files.longWord, '--format', 'md,pdf', '--out', join(tmp, 'heavy')]),
      repBase,
      'target ≤ 10x',
    );
  }
}

rmSync(tmp, { recursive: true, force: true });
if (process.argv.includes('--markdown')) {
  console.log('\n| case | median (min–max) | peak RSS | ratio | target |\n| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.name} | ${r.time} | ${r.rss} | ${r.ratio} | ${r.target} |`);
}
