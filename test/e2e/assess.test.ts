import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, run, tempDir } from '../helpers.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('tmux is not installed: the pseudo-terminal tests of hrdd assess are skipped (apt-get install tmux)');

/** A real pseudo-terminal: the CLI runs inside a detached tmux session. */
class Terminal {
  readonly name = `hrdd-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  constructor(readonly cwd: string, args: string[]) {
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args.map((a) => JSON.stringify(a)).join(' ')}; echo $? > ${this.name}.exit; sleep 60`;
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', '100', '-y', '40', '-c', cwd, `env -u NO_COLOR -u FORCE_COLOR TERM=xterm sh -c '${cmd.replace(/'/g, `'\\''`)}'`]);
  }
  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }
  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
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
    const f = join(this.cwd, `${this.name}.exit`);
    await this.waitFor(() => existsSync(f) && readFileSync(f, 'utf8').trim() !== '', 'the exit code');
    return Number(readFileSync(f, 'utf8').trim());
  }
  pidOfCli(): number {
    const shellPid = execFileSync('tmux', ['list-panes', '-t', this.name, '-F', '#{pane_pid}'], { encoding: 'utf8' }).trim();
    const out = execFileSync('ps', ['-ww', '-eo', 'pid,ppid,args'], { encoding: 'utf8' });
    const procs = out.trim().split('\n').slice(1).map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l)!).map(([, pid, ppid, args]) => ({ pid: Number(pid), ppid: Number(ppid), args: args ?? '' }));
    const descendants = (p: number): typeof procs => procs.filter((x) => x.ppid === p).flatMap((x) => [x, ...descendants(x.pid)]);
    return descendants(Number(shellPid)).find((x) => x.args.includes(BIN) || x.args.includes('hrdd'))!.pid;
  }
  close(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
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
      expect(t.screen().replace(/\n/g, '')).toContain(`Saved 2 answers to ${file} — resume with: hrdd assess --answers ${file}`);
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).toContain('PRO-ROLES: [ network-operator ]');
      expect(text).toContain('PRO-USERS: yes');
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
      expect(run(['validate', file], { cwd: dir }).code).toBe(0);
    } finally { t.close(); }

    const t2 = new Terminal(dir, ['assess', '--answers', answersFile(dir), '--no-report']);
    try {
      const s = await t2.waitFor((x) => x.includes('?'), 'the resumed question');
      expect(s).toContain('requests from governments'); // the third question, no other prompt before it
      expect(s).not.toContain('Organisation assessed');
      t2.keys('q');
      expect(await t2.exitCode()).toBe(0);
    } finally { t2.close(); }
  });

  it('a SIGKILL after an answer leaves a valid file with the answer in it', async () => {
    const dir = tempDir({ 'a.hrdd.yaml': 'schema: hrdd/answers@1\norganisation: K\nquestionnaires: [ict-grievance]\nanswers: {}\n' });
    const t = new Terminal(dir, ['assess', '--answers', 'a.hrdd.yaml']);
    try {
      await t.waitFor((s) => s.includes('Which of these roles'), 'the first question');
      t.keys('2', 'Enter');
      await t.waitFor((s) => s.includes('directly to individual end users'), 'the second question');
      process.kill(t.pidOfCli(), 'SIGKILL');
      expect(await t.exitCode()).toBe(137);
      const r = run(['validate', 'a.hrdd.yaml'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'a.hrdd.yaml'), 'utf8')).toContain('PRO-ROLES: [ device-maker ]');
    } finally { t.close(); }
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
