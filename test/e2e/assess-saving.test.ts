import { parse } from 'yaml';
// hrdd assess in-process, with a scripted prompter and an injected world (clock, signals, lock,
// file-system faults): failed saves, locks, permissions, owners, links.
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessCommand, type AssessDeps } from '../../src/commands/assess.js';
import type { Context, Signal } from '../../src/context.js';
import { HrddError } from '../../src/errors.js';
import { nodeWriteFs, type WriteFs } from '../../src/io/files.js';
import type { LockEnv } from '../../src/io/lock.js';
import { questionnaire, ROOT, tempDir } from '../helpers.js';
import { chooseRow, press, scriptedPrompter, type Step } from '../ui/prompter.js';

const qs = questionnaire(
  Array.from(
    { length: 3 },
    (_, i) => `- id: Q${i + 1}
  text: Question ${i + 1}?
  type: single
  ungp: [17]
  help: h
  recommendation: r
  options: [{ value: a, label: Alpha, score: 1 }, { value: b, label: Beta, score: 0 }]
`,
  ).join(''),
);
const ANSWERS = 'schema: hrdd/answers@1\norganisation: Test Co\nquestionnaires: [./q.yaml]\nanswers: {}\n';
const NOW = new Date('2026-11-30T12:00:00Z');

function setup(answers = ANSWERS) {
  const dir = tempDir({ 'q.yaml': qs, 'a.hrdd.yaml': answers });
  return { dir, path: join(dir, 'a.hrdd.yaml') };
}

function world(cwd: string, color = false, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const signals = new Map<Signal, () => void>();
  const ctx: Context = {
    cwd,
    env,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: true,
    stdinIsTTY: true,
    columns: 80,
    color,
    now: () => NOW,
    onSignal: (s, h) => {
      signals.set(s, h);
      return () => signals.delete(s);
    },
  };
  return { ctx, signals, out: () => stdout, err: () => stderr };
}

/**
 * Runs hrdd assess --answers a.hrdd.yaml with scripted steps (which may use the world, e.g. send a
 * signal); resolves to its exit code and messages, as main() would map them.
 */
async function assess(
  cwd: string,
  steps: Step[] | ((w: ReturnType<typeof world>) => Step[]),
  opts: { color?: boolean; deps?: AssessDeps; file?: string; env?: Record<string, string> } = {},
) {
  const w = world(cwd, opts.color, opts.env);
  const prompter = scriptedPrompter(typeof steps === 'function' ? steps(w) : steps);
  let code: number;
  try {
    code = await assessCommand([], { answers: opts.file ?? 'a.hrdd.yaml', out: 'reports', report: false }, w.ctx, {
      prompter,
      ...opts.deps,
    });
  } catch (e) {
    if (!(e instanceof HrddError)) throw e;
    code = e.exitCode;
    if (e.message) w.ctx.stderr(`hrdd: ${e.message}\n`);
  }
  return { code, prompter, ...w };
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
/** The disk fills up after `n` successful writes (of files whose name matches `only`, if given). */
function diskFullAfter(n: number, only?: RegExp): WriteFs {
  let writes = 0;
  const names = new Map<number, string>();
  return {
    ...nodeWriteFs,
    openSync: ((p: string, ...rest: never[]) => {
      const fd = (nodeWriteFs.openSync as (...a: unknown[]) => number)(p, ...rest);
      names.set(fd, String(p));
      return fd;
    }) as WriteFs['openSync'],
    writeSync: (fd, buf, off, len) => {
      if ((!only || only.test(names.get(fd) ?? '')) && writes++ >= n) throw enospc();
      return nodeWriteFs.writeSync(fd, buf, off, len);
    },
  };
}
const lockEnv = (over: Partial<LockEnv> = {}): LockEnv => ({
  pid: 4242,
  host: 'alpha',
  user: 'me',
  now: () => NOW,
  isAlive: () => true,
  ...over,
});

describe('a save that fails mid-session', () => {
  it('never shows ✔ for it: says why in words, keeps every answer in a recovery file, exits 3 with the next step', async () => {
    const { dir, path } = setup();
    // the answers file's saves fail after the first; a recovery file beside it still fits
    const r = await assess(dir, [press('1'), press('2')], {
      color: true,
      deps: { fs: diskFullAfter(1, /\.a\.hrdd\.yaml\./) },
    });
    expect(r.code).toBe(3);
    expect(r.prompter.finals[0]).toMatch(/^✔ Question 1\?/);
    expect(r.prompter.finals[1]).toMatch(/^✘ Question 2\?/);
    expect(r.prompter.finals[1]).toContain('Beta — could not save: no space left on the device');
    expect(r.prompter.finals[1]).not.toContain('✔');
    // the file has what was saved; the recovery file has everything, the failed answer included
    expect(readFileSync(path, 'utf8')).toContain('Q1: a');
    expect(readFileSync(path, 'utf8')).not.toContain('Q2');
    const recovery = readdirSync(dir).find((f) => f.includes('.recovered-'))!;
    expect(recovery).toBe(`a.hrdd.recovered-${NOW.getTime()}.yaml`);
    expect(readFileSync(join(dir, recovery), 'utf8')).toMatch(/Q1: a\n\s+Q2: b/);
    expect(r.err()).toContain(
      'hrdd: could not save a.hrdd.yaml: no space left on the device. Your 2 answers (the last one included) are in a.hrdd.recovered-',
    );
    expect(r.err()).toContain(`mv ${recovery} a.hrdd.yaml && hrdd assess --answers a.hrdd.yaml`);
    expect(r.err()).not.toMatch(/internal error|This is a bug/);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('when not even a recovery file can be written, prints the answers and says so', async () => {
    const { dir, path } = setup();
    const r = await assess(dir, [press('1')], { deps: { fs: diskFullAfter(0) } });
    expect(r.code).toBe(3);
    expect(r.out()).toContain('# Your answers, which hrdd could not save anywhere:');
    expect(r.out()).toMatch(/answers:\n\s+Q1: a/);
    expect(r.err()).toContain('could not save a.hrdd.yaml: no space left on the device, nor a recovery file');
    expect(readFileSync(path, 'utf8')).toBe(ANSWERS);
    expect(readdirSync(dir).sort()).toEqual(['a.hrdd.yaml', 'q.yaml']);
  });
});

describe('the other ways a session ends', () => {
  it("at the end (the review's finish): exit 0, every answer saved, the lock gone", async () => {
    const { dir, path } = setup();
    const finish: Step = (screen, e) => {
      expect(screen).toContain('Finish');
      e.keypress('down');
      e.keypress('enter');
    };
    const r = await assess(dir, [press('1'), press('2'), press('1'), finish]);
    expect(r.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toMatch(/Q1: a\n\s+Q2: b\n\s+Q3: a/);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('the file changed by another program meanwhile, another question: merged, one line says so, both kept', async () => {
    const { dir, path } = setup();
    const edit: Step = (_s, e) => {
      writeFileSync(path, readFileSync(path, 'utf8').replace('Test Co', 'Edited Co') + '  Q3: b\n');
      e.keypress('2');
    };
    const r = await assess(dir, [press('1'), edit, chooseRow('Save and quit')]);
    expect(r.code).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('Edited Co');
    expect(text).toMatch(/Q1: a\n\s+Q3: b\n\s+Q2: b/);
    expect(r.out()).toContain('note: a.hrdd.yaml changed on disk meanwhile; kept its answer to Q3 with yours\n');
    expect(readdirSync(dir).filter((f) => f.includes('.recovered-'))).toEqual([]);
  });

  it('the same question changed there and here: asked once, keep yours / keep theirs / see both', async () => {
    for (const [choice, kept] of [
      ['Keep yours', 'Q2: b'],
      ['Keep theirs', 'Q2: a'],
    ] as const) {
      const { dir, path } = setup();
      const edit: Step = (_s, e) => {
        writeFileSync(path, readFileSync(path, 'utf8') + '  Q2: a\n');
        e.keypress('2');
      };
      const r = await assess(dir, [
        press('1'),
        edit,
        (s, e, now) => {
          expect(s).toContain('Q2 was also changed by another program. Which answer stays?');
          expect(s).toContain('Keep yours: Beta');
          expect(s).toContain('Keep theirs: Alpha');
          chooseRow('See both')(s, e, now);
        },
        chooseRow(choice),
        press('q'),
      ]);
      expect(r.code).toBe(0);
      expect(r.prompter.finals[1]).toMatch(/^- Question 2\?/); // no ✔ (>): the file kept theirs until asked
      expect(r.out()).toContain('theirs: Alpha');
      expect(readFileSync(path, 'utf8')).toContain(kept);
      expect(r.prompter.left()).toBe(0);
    }
  });

  it('one session, two outside edits: another question (merged, one line), then the same question (asked once)', async () => {
    const { dir, path } = setup();
    const outside = (from: RegExp, to: string) => writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
    const r = await assess(dir, [
      (_s, e) => {
        outside(/answers: \{\}\n?$/, 'answers:\n  Q3: a\n'); // another program answers Q3
        e.keypress('1'); // Q1 = a
      },
      (s, e) => {
        expect(s).toContain('Question 2?');
        outside(/$/, '  Q2: a\n'); // …and then Q2, the question on screen
        e.keypress('2'); // Q2 = b
      },
      (s, e, now) => {
        expect(s).toContain('Keep yours: Beta');
        chooseRow('Keep yours')(s, e, now);
      },
    ]);
    expect(r.code).toBe(0); // nothing open: finished
    expect(r.out()).toContain('note: a.hrdd.yaml changed on disk meanwhile; kept its answer to Q3 with yours');
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/Q3: a\n\s+Q1: a\n\s+Q2: b/);
    expect(r.out()).toContain('Completion 100%');
  });

  it('SIGTERM at the conflict question: the file keeps theirs, and yours is said, not dropped in silence', async () => {
    const { dir, path } = setup();
    const r = await assess(dir, (w) => [
      press('1'),
      (_s, e) => {
        writeFileSync(path, readFileSync(path, 'utf8') + '  Q2: a\n');
        e.keypress('2');
      },
      () => {
        w.signals.get('SIGTERM')!();
      },
    ]);
    expect(r.code).toBe(130);
    expect(r.out().replace(/\s+/g, ' ')).toContain(
      "not saved: your answer to Q2 (Beta); the file keeps the other program's (Alpha)",
    );
    expect(r.out()).toContain('Saved 2 answers to a.hrdd.yaml');
    expect(readFileSync(path, 'utf8')).toMatch(/Q1: a\n\s+Q2: a/);
  });

  it('a file that is no longer YAML: not overwritten, ✘, the answers in a recovery file, exit 1', async () => {
    const { dir, path } = setup();
    const edit: Step = (_s, e) => {
      writeFileSync(path, ANSWERS.replace('Test Co', 'Edited Co') + '  Q9: [\n');
      e.keypress('2');
    };
    const r = await assess(dir, [press('1'), edit], { color: true });
    expect(r.code).toBe(1);
    expect(r.prompter.finals[1]).toContain('✘ Question 2?');
    expect(r.prompter.finals[1]!.replace(/\s+/g, ' ')).toContain(
      'Beta — could not save: the file was changed by another program since hrdd read it',
    );
    expect(readFileSync(path, 'utf8')).toContain('Edited Co');
    const recovery = readdirSync(dir).find((f) => f.includes('.recovered-'))!;
    expect(readFileSync(join(dir, recovery), 'utf8')).toMatch(/Q1: a\n\s+Q2: b/);
    expect(r.err()).toContain(
      `hrdd: could not save: a.hrdd.yaml was changed by another program since hrdd read it, so hrdd did not overwrite it; your answers so far are in ${recovery}.`,
    );
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});

describe('a new assessment', () => {
  it('asks the organisation, the assessor and the modules, then the profile; says once where it saves and how to resume', async () => {
    const dir = tempDir({});
    const w = world(dir);
    const seen: string[] = [];
    const prompter = scriptedPrompter([
      (s, e) => {
        seen.push('organisation');
        expect(s).toContain('Organisation assessed');
        e.type('Start Co');
        e.keypress('enter');
      },
      (s, e) => {
        seen.push('assessor');
        expect(s).toContain('Your name and role');
        e.keypress('enter');
      },
      (s, e) => {
        seen.push('modules');
        expect(s).toContain('Modules to assess');
        e.keypress('enter'); // all of them
      },
      (s, e) => {
        seen.push('profile');
        expect(s).toContain('PRO-ROLES');
        expect(s).toContain('Company profile');
        e.keypress('q');
      },
    ]);
    const code = await assessCommand([], { out: 'reports', report: false }, w.ctx, { prompter });
    expect(code).toBe(0);
    expect(seen).toEqual(['organisation', 'assessor', 'modules', 'profile']);
    const file = readdirSync(dir).find((f) => f.endsWith('.hrdd.yaml'))!;
    expect(w.out().split(`Answers are saved to ${file} after every answer.`)).toHaveLength(2);
    expect(w.out().split('Resume any time with:')).toHaveLength(2);
    expect(w.out()).toContain(`Resume any time with: hrdd assess --answers ${file}`);
    // the modules are pinned to the versions answered, so a newer bundle rescores it unchanged
    const saved = parse(readFileSync(join(dir, file), 'utf8')) as { questionnaires: string[] };
    expect(saved.questionnaires.length).toBeGreaterThan(0);
    for (const q of saved.questionnaires) expect(q).toMatch(/^ict-[a-z]+@\d+\.\d+\.\d+$/);
  });
});

describe('signals come through the context', () => {
  it('SIGTERM at a prompt: saved, the resume line, exit 130; every handler removed', async () => {
    const { dir, path } = setup();
    const r = await assess(dir, (w) => [
      press('1'),
      () => {
        w.signals.get('SIGTERM')!();
      },
    ]);
    expect(r.code).toBe(130);
    expect(r.out()).toContain('Saved 1 answer to a.hrdd.yaml.\nResume with: hrdd assess --answers a.hrdd.yaml');
    expect(readFileSync(path, 'utf8')).toContain('Q1: a');
    expect(r.signals.size).toBe(0);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('SIGTERM at the evidence prompt after npm start: the note confirmed before it and the evidence typed are in the file; the resume line is npm start', async () => {
    const { dir, path } = setup();
    const r = await assess(
      dir,
      (w) => [
        press('n'),
        (_s, e) => {
          e.type('Board approved it.');
          e.keypress('enter');
        },
        (s, e) => {
          expect(s).toContain('Evidence');
          e.type('minutes.pdf'); // typed, not confirmed
          w.signals.get('SIGTERM')!();
        },
      ],
      { env: { npm_lifecycle_event: 'start', npm_command: 'start' } },
    );
    expect(r.code).toBe(130);
    expect(readFileSync(path, 'utf8')).toContain('note: Board approved it.');
    expect(readFileSync(path, 'utf8')).toContain('evidence: [ minutes.pdf ]'); // typed, not confirmed: kept
    expect(r.out()).toContain('Resume any time with: npm start -- --answers a.hrdd.yaml');
    expect(r.out()).toContain('Saved 0 answers to a.hrdd.yaml.\nResume with: npm start -- --answers a.hrdd.yaml');
  });

  it('SIGHUP (the terminal closed): saved, nothing more printed, exit 129', async () => {
    const { dir, path } = setup();
    let before = '';
    const r = await assess(dir, (w) => [
      press('1'),
      () => {
        before = w.out();
        w.signals.get('SIGHUP')!();
      },
    ]);
    expect(r.code).toBe(129);
    expect(r.out()).toBe(before); // quiet: nobody is there to read it
    expect(r.err()).toBe('');
    expect(readFileSync(path, 'utf8')).toContain('Q1: a');
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});

describe('two sessions on one file: the lock', () => {
  it('a live session on this computer: refused at once (exit 1), naming it and what to do', async () => {
    const { dir, path } = setup();
    writeFileSync(
      `${path}.lock`,
      `pid: 777\nhost: ${hostname()}\nuser: ana\nstarted: 2026-11-30T11:30:00.000Z\ntoken: abc\n`,
    );
    const r = await assess(dir, [], { deps: { lockEnv: lockEnv({ host: hostname(), isAlive: (p) => p === 777 }) } });
    expect(r.code).toBe(1);
    expect(r.prompter.screens).toEqual([]); // before the first question
    expect(r.err()).toBe(
      'hrdd: a.hrdd.yaml is open in another hrdd assess on this computer (pid 777, user ana, since 2026-11-30 11:30 UTC). ' +
        'Two sessions on one file would lose answers: finish or quit that session first (q saves and quits), then run this again.\n',
    );
    expect(readFileSync(`${path}.lock`, 'utf8')).toContain('pid: 777'); // not touched
  });

  it('a session on another computer (a shared drive): refused, naming the host and the lock file to delete if it crashed', async () => {
    const { dir, path } = setup();
    writeFileSync(
      `${path}.lock`,
      'pid: 777\nhost: laptop-7\nuser: ana\nstarted: 2026-11-30T11:30:00.000Z\ntoken: abc\n',
    );
    const r = await assess(dir, [], { deps: { lockEnv: lockEnv({ isAlive: () => false }) } });
    expect(r.code).toBe(1);
    expect(r.err()).toContain(
      'a.hrdd.yaml is open in hrdd assess on laptop-7 (pid 777, user ana, since 2026-11-30 11:30 UTC)',
    );
    expect(r.err()).toContain(
      'If it is no longer running (that computer crashed), delete a.hrdd.yaml.lock and run this again.',
    );
  });

  it('a stale lock (this computer, the process gone) is taken over with a note, and removed at the end', async () => {
    const { dir, path } = setup();
    writeFileSync(`${path}.lock`, 'pid: 777\nhost: alpha\nuser: ana\nstarted: 2026-11-29T08:00:00.000Z\ntoken: abc\n');
    let during = '';
    const r = await assess(
      dir,
      [
        press('1'),
        (_s, e) => {
          during = readFileSync(`${path}.lock`, 'utf8');
          e.keypress('q');
        },
      ],
      { deps: { lockEnv: lockEnv({ isAlive: () => false }) } },
    );
    expect(r.code).toBe(0);
    expect(r.out()).toContain(
      'note: took over a.hrdd.yaml.lock, left by an hrdd assess that is no longer running (pid 777, user ana, since 2026-11-29 08:00 UTC)',
    );
    expect(during).toContain('pid: 4242');
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(readFileSync(path, 'utf8')).toContain('Q1: a');
  });
});

describe('permissions, owners and links', () => {
  it('a read-only (0444) answers file is refused before the first question, even for root, exit 3', async () => {
    const { dir, path } = setup();
    chmodSync(path, 0o444);
    const r = await assess(dir, []);
    expect(r.code).toBe(3);
    expect(r.prompter.screens).toEqual([]);
    expect(r.err()).toBe(
      'hrdd: cannot save to a.hrdd.yaml: the file is read-only (mode 0444), and hrdd assess saves after every answer. ' +
        'Make it writable (chmod u+w a.hrdd.yaml), or resume a copy: cp a.hrdd.yaml mine.hrdd.yaml && hrdd assess --answers mine.hrdd.yaml\n',
    );
    expect(readFileSync(path, 'utf8')).toBe(ANSWERS);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it.skipIf(process.geteuid?.() !== 0)(
    "as root, a save keeps the owner, group and mode of another user's file",
    async () => {
      const { dir, path } = setup();
      chownSync(path, 65534, 65534);
      chmodSync(path, 0o640);
      const r = await assess(dir, [press('1'), press('q')]);
      expect(r.code).toBe(0);
      const st = statSync(path);
      expect([st.uid, st.gid, st.mode & 0o777]).toEqual([65534, 65534, 0o640]);
      expect(readFileSync(path, 'utf8')).toContain('Q1: a');
    },
  );

  it('a symlinked answers file: saves go to the target, the link stays, the lock sits beside the target', async () => {
    const { dir, path } = setup();
    symlinkSync('a.hrdd.yaml', join(dir, 'link.yaml'));
    let lockSeen = false;
    const r = await assess(
      dir,
      [
        press('1'),
        (_s, e) => {
          lockSeen = existsSync(`${path}.lock`);
          e.keypress('q');
        },
      ],
      { file: 'link.yaml' },
    );
    expect(r.code).toBe(0);
    expect(lockSeen).toBe(true);
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('Q1: a');
    expect(readdirSync(dir).sort()).toEqual(['a.hrdd.yaml', 'link.yaml', 'q.yaml']);
  });
});

describe('hrdd assess --from', () => {
  it('migrates, prints the summary, then asks the first carried answer again; confirming removes its mark', async () => {
    const kestrel = readFileSync(join(ROOT, 'examples/kestrel-telecom.hrdd.yaml'), 'utf8');
    const dir = tempDir({ 'old.hrdd.yaml': kestrel });
    const w = world(dir);
    const prompter = scriptedPrompter([
      (s, e) => {
        expect(s).toContain('PRO-ROLES');
        expect(s).toContain('Carried from 1.0.0 (PRO-ROLES): confirm or change');
        e.keypress('enter'); // confirm the ticked roles
      },
      (s, e) => {
        expect(s).toContain('PRO-USERS');
        e.keypress('q');
      },
    ]);
    const code = await assessCommand(
      ['new.hrdd.yaml'],
      { from: 'old.hrdd.yaml', out: 'reports', report: false },
      w.ctx,
      {
        prompter,
      },
    );
    expect(code).toBe(0);
    expect(w.out()).toContain('Carried 113 answers: 104 as is');
    const text = readFileSync(join(dir, 'new.hrdd.yaml'), 'utf8');
    expect(text).not.toContain('carried: ict-profile@1.0.0 PRO-ROLES');
    expect(text).toContain('carried: ict-profile@1.0.0 PRO-USERS');
    expect(readFileSync(join(dir, 'old.hrdd.yaml'), 'utf8')).toBe(kestrel); // the old file is left as it is
  });
});
