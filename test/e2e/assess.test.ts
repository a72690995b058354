import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, questionnaire, ROOT, run, runMain, tempDir } from '../helpers.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux)
  console.warn('tmux is not installed: the pseudo-terminal tests of hrdd assess are skipped (apt-get install tmux)');

/**
 * Each test process has its own tmux server (no other tmux user on the machine is touched), kept
 * up by one idle session so that closing a test's session never ends the server under the next.
 */
const SOCKET = `hrdd-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
let serverUp = false;
afterAll(() => {
  if (!serverUp) return;
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  const socket = join(`/tmp/tmux-${process.getuid?.() ?? 0}`, SOCKET);
  try {
    rmSync(socket);
  } catch {
    /* elsewhere (TMUX_TMPDIR) or gone */
  }
});

interface TerminalOptions {
  /** stderr goes to a file (read with stderr()) instead of the screen */
  stderrToFile?: boolean;
  /** run hrdd as nobody (uid and gid 65534, no groups) */
  asNobody?: boolean;
  env?: Record<string, string>;
  /** where the exit status and stderr files go (default: the working folder) */
  logDir?: string;
  /** the terminal's columns and rows (default 100×40) */
  size?: [number, number];
}

/** A real pseudo-terminal: the CLI runs inside a detached tmux session. */
class Terminal {
  readonly name = `hrdd-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly exitFile: string;
  private readonly errFile: string;
  private readonly panePid: number;
  constructor(
    readonly cwd: string,
    args: string[],
    opts: TerminalOptions = {},
  ) {
    if (!serverUp) {
      tmux('new-session', '-d', '-s', 'idle', 'sleep 3600');
      serverUp = true;
    }
    const logDir = opts.logDir ?? cwd;
    this.exitFile = join(logDir, `${this.name}.exit`);
    this.errFile = join(logDir, `${this.name}.err`);
    const q = (x: string) => JSON.stringify(x);
    const env = Object.entries(opts.env ?? {})
      .map(([k, v]) => `${k}=${q(v)}`)
      .join(' ');
    const as = opts.asNobody ? 'setpriv --reuid=65534 --regid=65534 --clear-groups ' : '';
    // `exec` in a subshell: the redirection is hrdd's alone (the shell's own "Hangup" report stays
    // on the screen); the shell traps SIGHUP (hrdd still gets the default) to record the status.
    const cli = `(exec env ${env} ${as}${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')})${opts.stderrToFile ? ` 2>${q(this.errFile)}` : ''}`;
    const cmd = `trap ':' HUP; ${cli}; echo $? > ${q(this.exitFile)}; sleep 60`;
    tmux(
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(opts.size?.[0] ?? 100),
      '-y',
      String(opts.size?.[1] ?? 40),
      '-c',
      cwd,
      `env -u NO_COLOR -u FORCE_COLOR TERM=xterm sh -c '${cmd.replace(/'/g, `'\\''`)}'`,
    );
    this.panePid = Number(tmux('list-panes', '-t', this.name, '-F', '#{pane_pid}').trim());
  }
  screen(): string {
    return tmux('capture-pane', '-p', '-t', this.name);
  }
  /** the screen with wrapped lines joined */
  text(): string {
    return tmux('capture-pane', '-p', '-J', '-t', this.name);
  }
  keys(...keys: string[]): void {
    tmux('send-keys', '-t', this.name, ...keys);
  }
  /** sends text literally, in one write: a paste */
  paste(text: string): void {
    tmux('send-keys', '-l', '-t', this.name, text);
  }
  stderr(): string {
    return existsSync(this.errFile) ? readFileSync(this.errFile, 'utf8') : '';
  }
  async waitFor(pred: (screen: string) => boolean, what: string, ms = 15_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const s = this.screen();
      if (pred(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async exitCode(): Promise<number> {
    const end = Date.now() + 15_000;
    while (!(existsSync(this.exitFile) && readFileSync(this.exitFile, 'utf8').trim() !== '')) {
      if (Date.now() > end) throw new Error(`timed out waiting for the exit code; screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Number(readFileSync(this.exitFile, 'utf8').trim());
  }
  pidOfCli(): number {
    const out = execFileSync('ps', ['-ww', '-eo', 'pid,ppid,args'], { encoding: 'utf8' });
    const procs = out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l)!)
      .map(([, pid, ppid, args]) => ({ pid: Number(pid), ppid: Number(ppid), args: args ?? '' }));
    const descendants = (p: number): typeof procs =>
      procs.filter((x) => x.ppid === p).flatMap((x) => [x, ...descendants(x.pid)]);
    return descendants(this.panePid).find((x) => x.args.startsWith(process.execPath) && x.args.includes(BIN))!.pid;
  }
  /** closes the terminal, as closing its window does: hrdd gets SIGHUP and its input ends */
  hangUp(): void {
    spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', this.name]);
  }
  /** closes the terminal and ends what is left of this test's processes in it */
  close(): void {
    this.hangUp();
    try {
      process.kill(-this.panePid, 'SIGKILL');
    } catch {
      /* all gone */
    }
  }
}

const answersFile = (dir: string) => readdirSync(dir).find((f) => f.endsWith('.hrdd.yaml'))!;

describe.skipIf(!hasTmux)('hrdd assess in a real terminal', () => {
  it('answers two questions, saves on Ctrl-C with exit 130, and resumes at the third', async () => {
    const dir = tempDir();
    const t = new Terminal(dir, ['assess', 'ict-grievance', '--no-report']);
    try {
      await t.waitFor((s) => s.includes('Organisation assessed'), 'the first prompt');
      t.keys('Zażółć Telecom', 'Enter');
      await t.waitFor((s) => s.includes('Your name'), 'the assessor prompt');
      t.keys('Jo Tester', 'Enter');
      await t.waitFor((s) => s.includes('Which of these roles'), 'the first question');
      t.keys('1');
      t.keys('Enter');
      await t.waitFor((s) => s.includes('directly to individual end users'), 'the second question');
      t.keys('1');
      await t.waitFor((s) => s.includes('requests from governments'), 'the third question');
      t.keys('C-c');
      expect(await t.exitCode()).toBe(130);
      const file = answersFile(dir);
      expect(file).toMatch(/^zazolc-telecom-\d{4}-\d{2}-\d{2}\.hrdd\.yaml$/);
      expect(t.screen().replace(/\n/g, '')).toContain(
        `Saved 2 answers to ${file}.Resume with: hrdd assess --answers ${file}`, // the screen without its line breaks
      );
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).toContain('PRO-ROLES: [ network-operator ]');
      expect(text).toContain('PRO-USERS: yes');
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
      expect((await runMain(['validate', file], { cwd: dir })).code).toBe(0);
      expect(readdirSync(dir).filter((f) => f.endsWith('.lock'))).toEqual([]); // Ctrl-C removes the lock
    } finally {
      t.close();
    }

    const t2 = new Terminal(dir, ['assess', '--answers', answersFile(dir), '--no-report']);
    try {
      const s = await t2.waitFor((x) => x.includes('?'), 'the resumed question');
      expect(s).toContain('requests from governments'); // the third question, no other prompt before it
      expect(s).not.toContain('Organisation assessed');
      t2.keys('q');
      expect(await t2.exitCode()).toBe(0);
    } finally {
      t2.close();
    }
  });

  it('a SIGKILL after an answer leaves a valid file with the answer in it', async () => {
    const dir = tempDir({
      'a.hrdd.yaml': 'schema: hrdd/answers@1\norganisation: K\nquestionnaires: [ict-grievance]\nanswers: {}\n',
    });
    const t = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml']);
    try {
      await t.waitFor((s) => s.includes('Which of these roles'), 'the first question');
      t.keys('2', 'Enter');
      await t.waitFor((s) => s.includes('directly to individual end users'), 'the second question');
      process.kill(t.pidOfCli(), 'SIGKILL');
      expect(await t.exitCode()).toBe(137);
      const r = await runMain(['validate', 'a.hrdd.yaml'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'a.hrdd.yaml'), 'utf8')).toContain('PRO-ROLES: [ device-maker ]');
      expect(existsSync(join(dir, 'a.hrdd.yaml.lock'))).toBe(true); // nothing runs after SIGKILL
    } finally {
      t.close();
    }
    // the next session takes the stale lock over (this computer, a dead pid) and says so
    const t2 = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml']);
    try {
      await t2.waitFor((x) => x.includes('directly to individual end users'), 'the second question');
      // the terminal's wraps joined (-J), the program's own line breaks read as spaces
      expect(t2.text().replace(/\s+/g, ' ')).toMatch(
        /note: took over a\.hrdd\.yaml\.lock, left by an hrdd assess that is no longer running \(pid \d+, user root, since /,
      );
      t2.keys('q');
      expect(await t2.exitCode()).toBe(0);
      expect(existsSync(join(dir, 'a.hrdd.yaml.lock'))).toBe(false);
    } finally {
      t2.close();
    }
  });
});

/** Twenty single questions, options a, b, c (keys 1, 2, 3), and an answers file for them. */
const twenty = questionnaire(
  Array.from(
    { length: 20 },
    (_, i) => `- id: Q${String(i + 1).padStart(2, '0')}
  text: Statement number ${i + 1} holds?
  type: single
  ungp: [17]
  help: h
  recommendation: r
  options: [{ value: a, label: Always, score: 1 }, { value: b, label: Sometimes, score: 0.5 }, { value: c, label: Never, score: 0 }]
`,
  ).join(''),
);
const emptyAnswers = 'schema: hrdd/answers@1\norganisation: Test Co\nquestionnaires: [./q.yaml]\nanswers: {}\n';
const answersIn = (dir: string) =>
  Object.fromEntries(
    [...readFileSync(join(dir, 'a.hrdd.yaml'), 'utf8').matchAll(/^ {2}(Q\d\d): (\w)$/gm)].map((m) => [m[1], m[2]]),
  );
const expected = (keys: string) =>
  Object.fromEntries([...keys].map((k, i) => [`Q${String(i + 1).padStart(2, '0')}`, 'abc'[Number(k) - 1]]));

const short = `schema: hrdd/questionnaire@1
id: short
version: 1.0.0
title: A short module with a title long enough to need the room on an eighty-column screen
sections:
  - id: profile
    title: Company profile
    questions:
      - id: P1
        text: Does the company operate a telecommunications network of its own, in any market?
        type: single
        weight: 0
        options: [{ value: yes, label: Yes }, { value: no, label: No }]
  - id: main
    title: Policy commitment and the ways it is embedded in the company's operations
    questions:
      - id: Q1
        text: Has the company adopted a human-rights policy commitment that is approved at the most senior level and made public?
        type: single
        ungp: [16]
        help: Good practice is a public policy approved by the board. ${'More help. '.repeat(60)}
        recommendation: Adopt one.
        options:
          - value: a
            label: Yes, approved by the board and published on the company's website
            score: 1
            evidenceRequired: true
            description: The board or its equivalent approved it, and anyone can read it.
          - { value: b, label: Partly, score: 0.5 }
          - { value: c, label: No, score: 0 }
      - id: Q2
        text: Does the network's policy cover requests from governments?
        type: single
        ungp: [16]
        help: h
        recommendation: r
        when: { question: P1, equals: yes }
        options: [{ value: a, label: Yes, score: 1 }, { value: b, label: No, score: 0 }]
      - id: Q3
        text: Is the policy communicated to staff?
        type: single
        ungp: [16]
        help: h
        recommendation: r
        options: [{ value: a, label: Yes, score: 1 }, { value: b, label: No, score: 0 }]
      - id: Q4
        text: Which of these channels does the company use?
        type: multiple
        ungp: [16]
        help: h
        recommendation: r
        options:
          - { value: web, label: A website, score: 0.5 }
          - { value: mail, label: A postal address, score: 0.5 }
          - { value: none, label: None of these, score: 0, exclusive: true }
`;

/** Two questions of twenty options each, every option two lines long at 80 columns: 40 lines of options. */
const manyOptions = () =>
  Array.from(
    { length: 20 },
    (_, i) =>
      `{ value: o${i + 1}, label: "Option ${i + 1}, a practice described at length so that its label needs a second line on an eighty-column screen", score: ${i % 2} }`,
  ).join(', ');
const many = `schema: hrdd/questionnaire@1
id: many
version: 1.0.0
title: Many options
sections:
  - id: long
    title: Long lists
    questions:
      - id: Q1
        text: Which single practice describes the company best?
        type: single
        ungp: [17]
        help: h
        recommendation: r
        options: [${manyOptions()}]
      - id: Q2
        text: Which practices does the company follow?
        type: multiple
        ungp: [17]
        help: h
        recommendation: r
        options: [${manyOptions()}]
`;

describe.skipIf(!hasTmux)('hrdd assess at 80×24', () => {
  it('profile, answers, evidence, skip, review, jump and continue: every line fits, the counts agree, the evidence is saved', async () => {
    const dir = tempDir({ 'short.yaml': short });
    const t = new Terminal(dir, ['assess', './short.yaml', '--no-report'], { size: [80, 24] });
    const screens: string[] = [];
    const at = async (text: string, what: string) => {
      const s = await t.waitFor((x) => x.includes(text), what);
      screens.push(t.text());
      return s;
    };
    try {
      await at('Organisation assessed', 'the first prompt');
      t.keys('Tmux Co', 'Enter');
      await at('Your name', 'the assessor prompt');
      t.keys('Enter');
      const p1 = await at('telecommunications network', 'the profile question');
      expect(p1).toContain('0 of 4 answered (0%)'); // Q1, Q3, Q4 and Q2 (waiting on P1)
      t.keys('1');
      const q1 = await at('human-rights policy', 'Q1');
      expect(q1).toContain('0 of 4 answered (0%)'); // Q2 was counted while it waited on P1
      expect(q1).toContain('The board or its equivalent approved it'); // the highlighted option's description
      expect(q1).toMatch(/◆ needs evidence/);
      t.keys('h');
      const help = await at('help 1/', 'the help panel');
      expect(help).toContain('human-rights policy'); // the question stays in view
      expect(help).toContain('Partly');
      t.keys('h');
      await at('help 2/', 'the next help page');
      t.keys('Escape');
      await t.waitFor((x) => !x.includes('help 2/'), 'the help closed');
      t.keys('1');
      await at('Evidence (Enter with none', 'the evidence prompt');
      t.keys('board-minutes-2026.pdf; https://example.org/policy', 'Enter');
      await at('policy cover requests', 'Q2');
      t.keys('s');
      await at('communicated to staff', 'Q3');
      t.keys('2');
      const q4 = await at('Which of these channels', 'Q4');
      const header = /(\d+) of (\d+) answered/.exec(q4)!;
      expect(header.slice(1)).toEqual(['2', '4']);
      t.keys('r');
      const review = await at('Review ·', 'the review');
      expect(review).toContain(`Review · ${header[1]} of ${header[2]} answered`);
      expect(review).toMatch(/Skipped \(1\)\s+Q2/);
      t.keys('Down', 'Down', 'Enter'); // Back to Q4, Continue…, Jump
      await at('Jump to which question?', 'the jump list');
      t.keys('Q2');
      await at('filter: Q2', 'the filter');
      t.keys('Enter');
      await at('policy cover requests', 'Q2 again');
      t.keys('1');
      const back = await at('Continue in order from here (next: Q4)', 'the review again');
      expect(back).toContain('Review · 3 of 4 answered');
      t.keys('Down', 'Enter'); // Back to Q2 (Esc), Continue…
      await at('Which of these channels', 'Q4 in order');
      t.keys('1', '3', 'Enter'); // "None of these" is exclusive: it clears the website
      const end = await at('Completion', 'the summary');
      expect(end).toContain('Completion 100% · 4 of 4 questions answered');
      expect(await t.exitCode()).toBe(0);
      for (const s of screens) for (const line of s.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
      const file = readFileSync(join(dir, answersFile(dir)), 'utf8');
      expect(file).toContain('evidence: [ board-minutes-2026.pdf, https://example.org/policy ]');
      expect(file).toContain('Q4: [ none ]');
      const strict = run(['validate', '--strict', answersFile(dir)], { cwd: dir });
      expect(strict.stdout + strict.stderr).not.toContain('evidence-missing');
      expect(strict.code).toBe(0); // the claim has its evidence: the pre-commit hook passes
    } finally {
      t.close();
    }
  });

  it('a question with twenty two-line options stays on an 80×24 screen: a window of them pages, and an answer past it is saved', async () => {
    const dir = tempDir({
      'many.yaml': many,
      'a.hrdd.yaml': 'schema: hrdd/answers@1\norganisation: M\nquestionnaires: [./many.yaml]\nanswers: {}\n',
    });
    const t = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml', '--no-report'], { size: [80, 24] });
    const cursorAt = (s: string) => Number(/^❯ +(\d+)\./m.exec(s)?.[1]);
    const seen: string[] = [];
    const at = async (pred: (s: string) => boolean, what: string) => {
      const s = await t.waitFor(pred, what);
      seen.push(s);
      // the header, the question and the keys are on the screen; no line is wider than it
      expect(s, what).toContain('Many options › Long lists');
      expect(s, what).toMatch(/Which (single )?practice/);
      expect(s, what).toContain('q quit');
      expect(s.split('\n').filter((l) => l.trim()).length, what).toBeLessThanOrEqual(24);
      for (const line of t.text().split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
      return s;
    };
    try {
      const first = await at((s) => cursorAt(s) === 1, 'Q1');
      expect(first).toMatch(/↓ \d+ more/);
      expect(first).not.toContain('Option 20,');
      t.keys('NPage');
      const paged = await at((s) => cursorAt(s) > 1, 'a page down');
      expect(paged).toMatch(/↑ \d+ more/);
      t.keys('End');
      await at((s) => cursorAt(s) === 20, 'the last option');
      t.keys('Up');
      await at((s) => cursorAt(s) === 19, 'option 19');
      t.keys('Enter');
      await at((s) => s.includes('Which practices') && cursorAt(s) === 1, 'Q2');
      t.keys('2', 'End');
      await at((s) => cursorAt(s) === 20, 'the last option of Q2');
      t.keys('Space');
      await at((s) => /❯ 20\. ◉/.test(s), 'option 20 ticked');
      t.keys('Home');
      await at((s) => cursorAt(s) === 1 && /^ +2\. ◉/m.test(s), 'back at the top, 2 still ticked');
      t.keys('Enter');
      expect(await t.exitCode()).toBe(0);
      const file = readFileSync(join(dir, 'a.hrdd.yaml'), 'utf8');
      expect(file).toMatch(/Q1: o19\b/);
      expect(file).toMatch(/Q2: \[ o2, o20 \]/);
    } finally {
      t.close();
    }
  });

  it('assess --from: last year’s answers carried to 2.0.0, each asked again with its value chosen; confirming removes the mark', async () => {
    const dir = tempDir({
      'last-year.hrdd.yaml': readFileSync(join(ROOT, 'examples', 'kestrel-telecom.hrdd.yaml'), 'utf8'),
    });
    const t = new Terminal(dir, ['assess', '--from', 'last-year.hrdd.yaml', '--no-report'], { size: [80, 24] });
    const screens: string[] = [];
    const at = async (text: string, what: string) => {
      const s = await t.waitFor((x) => x.includes(text), what);
      screens.push(s);
      return s;
    };
    try {
      const roles = await at('Carried from 1.0.0 (PRO-ROLES): confirm or change', 'the carried roles');
      expect(roles).toMatch(/❯ 1\. ◉ Network operator/); // the carried value is chosen
      t.keys('Enter');
      const users = await at('Carried from 1.0.0 (PRO-USERS): confirm or change', 'the next carried answer');
      expect(users).toContain('directly to individual end users');
      t.keys('q');
      expect(await t.exitCode()).toBe(0);
      for (const s of screens) for (const line of s.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
      const file = readFileSync(join(dir, 'last-year.2.0.0.hrdd.yaml'), 'utf8');
      expect(file).toMatch(
        /PRO-ROLES:\n {4}value: \[ network-operator, device-maker, data-centre-cloud \]\n {2}PRO-USERS:/,
      );
      expect(file).toContain('carried: ict-profile@1.0.0 PRO-USERS');
      expect(file).not.toContain('carried: ict-profile@1.0.0 PRO-ROLES');
      expect(statSync(join(dir, 'last-year.2.0.0.hrdd.yaml')).mode & 0o777).toBe(0o600);
    } finally {
      t.close();
    }
  });

  it('Ctrl-C at the evidence prompt keeps the note confirmed before it and the evidence typed', async () => {
    const dir = tempDir({
      'short.yaml': short,
      'a.hrdd.yaml': 'schema: hrdd/answers@1\norganisation: K\nquestionnaires: [./short.yaml]\nanswers:\n  P1: no\n',
    });
    const t = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml'], { size: [80, 24] });
    try {
      await t.waitFor((s) => s.includes('human-rights policy'), 'Q1');
      t.keys('n');
      await t.waitFor((s) => s.includes('Note (context'), 'the note prompt');
      t.keys('Approved in May.', 'Enter');
      await t.waitFor((s) => s.includes('Evidence (documents'), 'the evidence prompt');
      t.keys('minutes-may.pdf');
      await t.waitFor((s) => s.includes('minutes-may.pdf'), 'the evidence typed');
      t.keys('C-c');
      expect(await t.exitCode()).toBe(130);
      const file = readFileSync(join(dir, 'a.hrdd.yaml'), 'utf8');
      expect(file).toContain('note: Approved in May.');
      expect(file).toContain('evidence: [ minutes-may.pdf ]');
      expect(t.text()).toContain('Resume with: hrdd assess --answers a.hrdd.yaml');
    } finally {
      t.close();
    }
  });
});

describe.skipIf(!hasTmux)('hrdd assess in a real terminal: type-ahead', () => {
  it('a paste of 20 digits answers the 20 questions, one each, in order', async () => {
    const dir = tempDir({ 'q.yaml': twenty, 'a.hrdd.yaml': emptyAnswers });
    const t = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml', '--no-report']);
    try {
      await t.waitFor((s) => s.includes('Statement number 1 holds?'), 'the first question');
      t.paste('12312312312312312312');
      expect(await t.exitCode()).toBe(0); // nothing open: no review, the score and the reports
      expect(t.text()).toContain('Completion 100%');
      expect(answersIn(dir)).toEqual(expected('12312312312312312312'));
    } finally {
      t.close();
    }
  });

  it('keys typed while earlier ones are still being answered and saved go to the questions after them', async () => {
    const dir = tempDir({ 'q.yaml': twenty, 'a.hrdd.yaml': emptyAnswers });
    const t = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml', '--no-report']);
    try {
      await t.waitFor((s) => s.includes('Statement number 1 holds?'), 'the first question');
      for (const burst of ['3213', '2', '13', '2132', '1', '32', '13213', '2']) t.paste(burst); // eight writes, no pause
      expect(await t.exitCode()).toBe(0); // nothing open: no review, the score and the reports
      expect(t.text()).toContain('Completion 100%');
      expect(answersIn(dir)).toEqual(expected('32132132132132132132'));
    } finally {
      t.close();
    }
  });

  it('keys typed ahead past the end of the session are said to be unused, not dropped silently', async () => {
    const dir = tempDir({ 'q.yaml': twenty, 'a.hrdd.yaml': emptyAnswers });
    const t = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml']);
    try {
      await t.waitFor((s) => s.includes('Statement number 1 holds?'), 'the first question');
      t.paste('12q31');
      expect(await t.exitCode()).toBe(0);
      expect(answersIn(dir)).toEqual({ Q01: 'a', Q02: 'b' });
      expect(t.text()).toContain('(2 keys typed ahead not used: 3 1)');
    } finally {
      t.close();
    }
  });
});

describe.skipIf(!hasTmux)('hrdd assess in a real terminal: the terminal closed (SIGHUP)', () => {
  it('closing the terminal: the answers are saved, nothing is printed, exit 129, the lock is gone', async () => {
    const dir = tempDir({ 'q.yaml': twenty, 'a.hrdd.yaml': emptyAnswers });
    const t = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml'], { stderrToFile: true });
    try {
      await t.waitFor((s) => s.includes('Statement number 1 holds?'), 'the first question');
      t.keys('2');
      await t.waitFor((s) => s.includes('Statement number 2 holds?'), 'the second question');
      t.hangUp(); // tmux kill-session: the pseudo-terminal goes away
      expect(await t.exitCode()).toBe(129);
      expect(t.stderr()).toBe(''); // no setRawMode EIO stack trace, no native Assertion, no segfault
      expect(answersIn(dir)).toEqual({ Q01: 'b' });
      expect(readdirSync(dir).filter((f) => f.includes('.lock'))).toEqual([]);
      expect((await runMain(['validate', 'a.hrdd.yaml'], { cwd: dir })).code).toBe(0);
    } finally {
      t.close();
    }
  });

  it('kill -HUP: the same, and the terminal is given back in its normal mode', async () => {
    const dir = tempDir({ 'q.yaml': twenty, 'a.hrdd.yaml': emptyAnswers });
    const t = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml'], { stderrToFile: true });
    try {
      await t.waitFor((s) => s.includes('Statement number 1 holds?'), 'the first question');
      t.keys('3');
      await t.waitFor((s) => s.includes('Statement number 2 holds?'), 'the second question');
      process.kill(t.pidOfCli(), 'SIGHUP');
      expect(await t.exitCode()).toBe(129);
      expect(t.stderr()).toBe('');
      expect(answersIn(dir)).toEqual({ Q01: 'c' });
      expect(readdirSync(dir).filter((f) => f.includes('.lock'))).toEqual([]);
      const tty = tmux('display', '-p', '-t', t.name, '#{pane_tty}').trim();
      const modes = execFileSync('stty', ['-a', '-F', tty], { encoding: 'utf8' }).split(/\s+/);
      expect(modes).toContain('icanon'); // raw mode was switched off
      expect(modes).toContain('echo');
    } finally {
      t.close();
    }
  });
});

describe.skipIf(!hasTmux)('hrdd assess in a real terminal: two sessions on one file', () => {
  it('the second process is refused at once, naming the first; the first saves on; the lock goes when it quits', async () => {
    const dir = tempDir({ 'q.yaml': twenty, 'a.hrdd.yaml': emptyAnswers });
    const first = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml']);
    let second: Terminal | undefined;
    try {
      await first.waitFor((s) => s.includes('Statement number 1 holds?'), 'the first question');
      const pid = first.pidOfCli();
      second = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml']);
      await second.waitFor((s) => s.includes('hrdd:'), 'the refusal');
      const shown = second.text();
      expect(shown).toContain(
        `hrdd: a.hrdd.yaml is open in another hrdd assess on this computer (pid ${pid}, user root, since `,
      );
      expect(shown).toContain('finish or quit that session first (q saves and quits), then run this again.');
      expect(shown).not.toContain('Statement number');
      expect(await second.exitCode()).toBe(1);
      first.keys('1');
      await first.waitFor((s) => s.includes('Statement number 2 holds?'), 'the second question');
      first.keys('q');
      expect(await first.exitCode()).toBe(0);
      expect(answersIn(dir)).toEqual({ Q01: 'a' });
      expect(existsSync(join(dir, 'a.hrdd.yaml.lock'))).toBe(false);
    } finally {
      first.close();
      second?.close();
    }
  });
});

const isRoot = process.geteuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
if (hasTmux && (!isRoot || !hasSetpriv))
  console.warn('not root or no setpriv: the tests of hrdd assess as another user are skipped');

describe.skipIf(!hasTmux || !isRoot || !hasSetpriv)('hrdd assess as a user who may not write (nobody)', () => {
  /** A folder nobody can read; `owner` of the folder and of a.hrdd.yaml, and its mode. */
  function place(folderOwner: number, fileOwner: number, fileMode: number) {
    const dir = tempDir({ 'q.yaml': twenty, 'a.hrdd.yaml': emptyAnswers });
    chmodSync(dir, 0o755);
    chownSync(dir, folderOwner, folderOwner);
    chownSync(join(dir, 'a.hrdd.yaml'), fileOwner, fileOwner);
    chmodSync(join(dir, 'a.hrdd.yaml'), fileMode);
    return dir;
  }

  it.each([
    [
      'a read-only (0444) file',
      place(65534, 65534, 0o444),
      'cannot save to a.hrdd.yaml: the file is read-only (mode 0444)',
    ],
    [
      'a file of another user',
      place(65534, 0, 0o644),
      'cannot save to a.hrdd.yaml: you may not write to the file (permission denied)',
    ],
    [
      'a folder that is not writable',
      place(0, 65534, 0o600),
      'cannot save to a.hrdd.yaml: the folder DIR is not writable (permission denied); hrdd saves by writing a new copy beside the file',
    ],
  ])('%s: refused before the first question, in words, exit 3; the file is untouched', async (_name, dir, text) => {
    const message = text.replace('DIR', dir);
    const t = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml'], { asNobody: true, stderrToFile: true });
    try {
      expect(await t.exitCode()).toBe(3);
      expect(t.stderr()).toContain(`hrdd: ${message}`);
      expect(t.stderr()).not.toMatch(/internal error|This is a bug| {4}at /);
      expect(t.screen()).not.toContain('Statement number');
      expect(readFileSync(join(dir, 'a.hrdd.yaml'), 'utf8')).toBe(emptyAnswers);
      expect(readdirSync(dir).filter((f) => f.startsWith('a.'))).toEqual(['a.hrdd.yaml']);
    } finally {
      t.close();
    }
  });

  it("another user's file, writable by all: a note says each save makes it yours (only root can keep an owner); the mode is kept", async () => {
    const dir = place(65534, 0, 0o666);
    chmodSync(dir, 0o777);
    const t = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml'], { asNobody: true, stderrToFile: true });
    try {
      await t.waitFor((s) => s.includes('Statement number 1 holds?'), 'the first question');
      expect(t.stderr()).toBe(
        'note: a.hrdd.yaml belongs to another user (uid 0); each save replaces it with a copy owned by you (uid 65534), ' +
          "because only root can keep another user's ownership. Its permissions (0666) and, where you are a member, its group are kept.\n",
      );
      t.keys('1');
      await t.waitFor((s) => s.includes('Statement number 2 holds?'), 'the second question');
      t.keys('q');
      expect(await t.exitCode()).toBe(0);
      const st = statSync(join(dir, 'a.hrdd.yaml'));
      expect([st.uid, st.mode & 0o777]).toEqual([65534, 0o666]);
      expect(answersIn(dir)).toEqual({ Q01: 'a' });
    } finally {
      t.close();
    }
  });

  it('a new assessment in a folder that is not writable: refused before the first question', async () => {
    const dir = place(0, 0, 0o644);
    const t = new Terminal(dir, ['assess', 'ict-grievance'], { asNobody: true, stderrToFile: true });
    try {
      expect(await t.exitCode()).toBe(3);
      expect(t.stderr()).toContain(
        `hrdd: cannot start a new assessment here: the folder ${dir} is not writable (permission denied)`,
      );
      expect(t.screen()).not.toContain('Organisation assessed');
    } finally {
      t.close();
    }
  });
});

// A disk that fills up mid-session: a 64 KB tmpfs (needs root and permission to mount).
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
});
function smallDisk(): string | undefined {
  if (!isRoot) return undefined;
  const dir = tempDir();
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}
const disk = hasTmux ? smallDisk() : undefined;
if (hasTmux && !disk)
  console.warn('cannot mount a tmpfs here (needs root): the full-disk test of hrdd assess is skipped');

describe.skipIf(!disk)('hrdd assess on a disk that fills up', () => {
  it('no ✔ for the answer that was not saved: ✘ and why, the answers in a recovery file elsewhere, exit 3', async () => {
    writeFileSync(join(disk!, 'q.yaml'), twenty);
    writeFileSync(join(disk!, 'a.hrdd.yaml'), emptyAnswers);
    const spare = tempDir();
    const logs = tempDir(); // not on the full disk
    const t = new Terminal(disk!, ['assess', '--answers', 'a.hrdd.yaml'], {
      stderrToFile: true,
      env: { TMPDIR: spare },
      logDir: logs,
    });
    try {
      await t.waitFor((s) => s.includes('Statement number 1 holds?'), 'the first question');
      const block = Buffer.alloc(4096, 1);
      try {
        for (let i = 0; i < 64; i++) writeFileSync(join(disk!, 'filler'), block, { flag: 'a' });
      } catch {
        /* full */
      }
      t.keys('2');
      const s = await t.waitFor((x) => x.includes('could not save'), 'the failed save');
      expect(s).toContain('✘ Statement number 1 holds?');
      expect(s).toContain('Sometimes — could not save: no space left on the device');
      expect(s).not.toContain('✔');
      expect(await t.exitCode()).toBe(3);
      const recovery = readdirSync(spare).find((f) => f.startsWith('a.hrdd.recovered-'))!;
      expect(readFileSync(join(spare, recovery), 'utf8')).toContain('Q01: b');
      expect(t.stderr()).toContain(
        `hrdd: could not save a.hrdd.yaml: no space left on the device. Your 1 answers (the last one included) are in ${join(spare, recovery)}`,
      );
      expect(readFileSync(join(disk!, 'a.hrdd.yaml'), 'utf8')).toBe(emptyAnswers); // untouched
      expect(readdirSync(disk!).sort()).toEqual(['a.hrdd.yaml', 'filler', 'q.yaml']); // no temporary file, no lock
    } finally {
      t.close();
    }
  });
});

describe('hrdd assess without a terminal', () => {
  it('refuses with one clear line and exit 2, never waiting for input', () => {
    const r = run(['assess']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('hrdd score FILE');
    expect(r.stderr).toContain('hrdd report FILE');
  });
});
