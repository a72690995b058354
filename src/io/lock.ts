import { closeSync, constants, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';

/** Who holds a lock: written into the lock file for people and for the next hrdd to read. */
export interface LockHolder {
  pid: number;
  host: string;
  user: string;
  /** ISO time the session started */
  started: string;
  /** tells this session's lock from a later one with the same pid */
  token: string;
}

/** The world a lock looks at, injected so tests can play two machines and dead processes. */
export interface LockEnv {
  pid: number;
  host: string;
  user: string;
  now: () => Date;
  /** is a process with this pid running on this machine? */
  isAlive: (pid: number) => boolean;
}

export function nodeLockEnv(now: () => Date): LockEnv {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    /* no passwd entry (a container with an arbitrary uid) */
  }
  return {
    pid: process.pid,
    host: hostname(),
    user,
    now,
    isAlive: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
  };
}

/** The file is held by another session (or its lock cannot be read): it is not opened. */
export class LockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder | undefined,
    /** live: a running process on this machine; elsewhere: another machine; unreadable: an empty or foreign lock file; busy: another session is taking over a stale lock */
    readonly reason: 'live' | 'elsewhere' | 'unreadable' | 'busy',
  ) {
    super(`${lockPath} is held (${reason})`);
  }
}

export interface Lock {
  readonly path: string;
  /** the stale lock this session took over (its holder died on this machine), if any */
  readonly tookOver?: LockHolder;
  /** removes the lock file if it is still this session's; safe to call twice */
  release(): void;
}

const FIELDS = ['pid', 'host', 'user', 'started', 'token'] as const;

function format(h: LockHolder): string {
  return (
    `# hrdd assess is editing the answers file beside this lock; it is removed when that session ends.\n` +
    FIELDS.map((k) => `${k}: ${h[k]}`).join('\n') +
    '\n'
  );
}

/** The holder written in a lock file, or undefined when it is empty, partial or not a lock. */
export function readHolder(path: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const get = (k: string) => new RegExp(`^${k}: (.*)$`, 'm').exec(text)?.[1]?.trim();
  const pid = Number(get('pid'));
  const [host, user, started, token] = [get('host'), get('user'), get('started'), get('token')];
  if (!Number.isInteger(pid) || pid <= 0 || !host || !started || !token) return undefined;
  return { pid, host, user: user ?? 'unknown', started, token };
}

function createExclusive(path: string, text: string): void {
  // O_EXCL creation is atomic on local disks and on NFS v3+ and SMB, unlike flock()
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    const buf = Buffer.from(text);
    let off = 0;
    while (off < buf.length) {
      const n = writeSync(fd, buf, off, buf.length - off);
      if (!(n > 0)) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      off += n;
    }
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      /* gone */
    }
    throw e;
  }
  closeSync(fd);
}

const ageMs = (path: string, now: Date) => {
  try {
    return now.getTime() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * Takes `<file>.lock` beside the answers file, created with O_CREAT|O_EXCL (works on network file
 * systems, where flock may not). A lock left by a dead process on this machine is taken over; a lock
 * held by a live process, or by any process on another machine (whose liveness cannot be checked),
 * refuses with a LockedError naming the holder.
 */
export function acquireLock(file: string, env: LockEnv): Lock {
  const path = `${file}.lock`;
  const me: LockHolder = {
    pid: env.pid,
    host: env.host,
    user: env.user,
    started: env.now().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const tookOver = takeLockFile(path, me, env);
  const release = registerRelease(path, me);
  return { path, ...(tookOver && { tookOver }), release };
}

/**
 * Creates the lock file holding `me`, taking over a stale one (returned) at most three times;
 * throws a LockedError when the lock is live, held elsewhere, unreadable or contended.
 */
function takeLockFile(path: string, me: LockHolder, env: LockEnv): LockHolder | undefined {
  let tookOver: LockHolder | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      createExclusive(path, format(me));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readHolder(path);
    if (!holder) {
      // being written this very moment, or left empty by a crash
      if (attempt < 3 && ageMs(path, env.now()) < 2000) {
        sleep(100);
        continue;
      }
      throw new LockedError(path, undefined, 'unreadable');
    }
    const here = holder.host === env.host;
    const dead = here && (holder.pid === env.pid ? holder.token !== me.token : !env.isAlive(holder.pid));
    if (!dead) throw new LockedError(path, holder, here ? 'live' : 'elsewhere');
    if (attempt >= 3 || !removeStale(path, holder, env)) throw new LockedError(path, holder, 'busy');
    tookOver = holder;
  }
  return tookOver;
}

/** The lock's release (once; only while the file is still ours), also run at exit if not called before. */
function registerRelease(path: string, me: LockHolder): () => void {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(release);
    if (readHolder(path)?.token === me.token)
      try {
        unlinkSync(path);
      } catch {
        /* gone */
      }
  };
  held.add(release);
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', () => {
      for (const r of [...held]) r();
    }); // however the process ends, short of SIGKILL
  }
  return release;
}

/** Locks not yet released: removed at exit whatever the path out. */
const held = new Set<() => void>();
let exitHooked = false;

/**
 * Removes a stale lock, guarded by a second O_EXCL file so that two sessions taking over the same
 * stale lock cannot both win (or delete the lock the other has just made).
 */
function removeStale(path: string, stale: LockHolder, env: LockEnv, again = true): boolean {
  const guard = `${path}.takeover`;
  try {
    createExclusive(guard, `${env.pid}\n`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if (!again || ageMs(guard, env.now()) < 10_000) return false; // another session is taking over now
    try {
      unlinkSync(guard);
    } catch {
      /* gone */
    } // left by a crash in the middle of a takeover
    return removeStale(path, stale, env, false);
  }
  try {
    if (readHolder(path)?.token === stale.token)
      try {
        unlinkSync(path);
      } catch {
        /* gone */
      }
    return true;
  } finally {
    try {
      unlinkSync(guard);
    } catch {
      /* gone */
    }
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
