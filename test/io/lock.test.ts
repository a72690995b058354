import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LockedError, readHolder, type LockEnv } from '../../src/io/lock.js';
import { tempDir } from '../helpers.js';

const NOW = new Date('2026-11-30T12:00:00Z');
/** A machine, a process on it, and which pids are running there. */
const env = (pid: number, host = 'alpha', alive: number[] = [pid]): LockEnv => ({
  pid,
  host,
  user: `user${pid}`,
  now: () => NOW,
  isAlive: (p) => alive.includes(p),
});

function setup() {
  const dir = tempDir({ 'a.hrdd.yaml': 'x' });
  return { dir, file: join(dir, 'a.hrdd.yaml'), lockPath: join(dir, 'a.hrdd.yaml.lock') };
}

const refusal = (f: () => unknown): LockedError => {
  try {
    f();
  } catch (e) {
    if (e instanceof LockedError) return e;
    throw e;
  }
  throw new Error('expected a LockedError');
};

describe('the lock file beside an answers file', () => {
  it('is created with pid, host, user and start time, and removed on release', () => {
    const { dir, file, lockPath } = setup();
    const lock = acquireLock(file, env(100));
    expect(lock.path).toBe(lockPath);
    expect(readHolder(lockPath)).toMatchObject({
      pid: 100,
      host: 'alpha',
      user: 'user100',
      started: '2026-11-30T12:00:00.000Z',
    });
    expect(readFileSync(lockPath, 'utf8')).toMatch(/^# hrdd assess is editing/);
    lock.release();
    lock.release(); // twice is fine
    expect(readdirSync(dir)).toEqual(['a.hrdd.yaml']);
  });

  it('a live process on this machine holds it: a second session is refused, naming the holder', () => {
    const { file } = setup();
    const first = acquireLock(file, env(100));
    const e = refusal(() => acquireLock(file, env(200, 'alpha', [100, 200])));
    expect(e.reason).toBe('live');
    expect(e.holder).toMatchObject({ pid: 100, host: 'alpha', user: 'user100' });
    first.release();
    acquireLock(file, env(200)).release(); // free again
  });

  it('a lock from another machine is refused whatever its pid (its liveness cannot be checked)', () => {
    const { file } = setup();
    acquireLock(file, env(100, 'beta'));
    const e = refusal(() => acquireLock(file, env(200, 'alpha', [200])));
    expect(e.reason).toBe('elsewhere');
    expect(e.holder?.host).toBe('beta');
  });

  it('a stale lock (this machine, a dead pid) is taken over, with the old holder reported', () => {
    const { dir, file, lockPath } = setup();
    acquireLock(file, env(100)); // never released: the process "died"
    const lock = acquireLock(file, env(200, 'alpha', [200]));
    expect(lock.tookOver).toMatchObject({ pid: 100, host: 'alpha' });
    expect(readHolder(lockPath)?.pid).toBe(200);
    expect(readdirSync(dir).sort()).toEqual(['a.hrdd.yaml', 'a.hrdd.yaml.lock']); // no takeover guard left
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('a stale lock with our own pid (a container restarted) is stale too', () => {
    const { file } = setup();
    acquireLock(file, env(1));
    expect(acquireLock(file, env(1)).tookOver?.pid).toBe(1);
  });

  it('release leaves a lock that is no longer its own', () => {
    const { file, lockPath } = setup();
    const mine = acquireLock(file, env(100));
    const theirs = acquireLock(file, env(200, 'alpha', [200])); // took over, as if 100 were dead
    mine.release();
    expect(readHolder(lockPath)?.pid).toBe(200);
    theirs.release();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('an unreadable lock (empty, left by a crash while starting) is refused, not taken over', () => {
    const { file, lockPath } = setup();
    writeFileSync(lockPath, '');
    utimesSync(lockPath, new Date(NOW.getTime() - 60_000), new Date(NOW.getTime() - 60_000));
    const e = refusal(() => acquireLock(file, env(200)));
    expect(e.reason).toBe('unreadable');
    expect(readFileSync(lockPath, 'utf8')).toBe('');
  });

  it('two sessions taking over one stale lock: the one that finds the takeover under way waits its turn', () => {
    const { file, lockPath } = setup();
    acquireLock(file, env(100));
    writeFileSync(`${lockPath}.takeover`, '300\n'); // session 300 is taking over right now
    utimesSync(`${lockPath}.takeover`, NOW, NOW);
    expect(refusal(() => acquireLock(file, env(200, 'alpha', [200, 300]))).reason).toBe('busy');
    expect(readHolder(lockPath)?.pid).toBe(100); // untouched
    // a takeover guard left by a crash (old) is cleared
    utimesSync(`${lockPath}.takeover`, new Date(NOW.getTime() - 60_000), new Date(NOW.getTime() - 60_000));
    expect(acquireLock(file, env(200, 'alpha', [200])).tookOver?.pid).toBe(100);
    expect(existsSync(`${lockPath}.takeover`)).toBe(false);
  });
});
