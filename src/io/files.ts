import {
  chmodSync,
  closeSync,
  constants,
  fchownSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { OutputError } from '../errors.js';
import { createHash, randomBytes } from 'node:crypto';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type ReadResult = { bytes: Buffer } | { error: string; rule: 'file-read' | 'file-too-large' };

/**
 * Reads a regular file with a hard byte limit on the read itself, never trusting `stat().size`
 * (procfs files say 0 and read without end). Special files (FIFOs, devices, sockets, folders) are
 * refused before they are opened, and the open never blocks.
 */
export function readLimited(path: string, limit = MAX_FILE_BYTES): ReadResult {
  const tooLarge = (size?: number): ReadResult => ({
    error:
      size === undefined
        ? `file is over the ${limit / 1048576} MB limit`
        : `file is ${(size / 1048576).toFixed(1)} MB, over the ${limit / 1048576} MB limit`,
    rule: 'file-too-large',
  });
  let fd: number | undefined;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { error: 'is a folder, not a file', rule: 'file-read' };
    if (!st.isFile()) return { error: 'not a regular file (a pipe, device or socket)', rule: 'file-read' };
    if (st.size > limit) return tooLarge(st.size);
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return { error: 'not a regular file (a pipe, device or socket)', rule: 'file-read' };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 16); // whole blocks: procfs files refuse odd-sized reads
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > limit) return tooLarge();
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return { error: `cannot read the file: ${describeFsError(e)}`, rule: 'file-read' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An operating-system error in words a user can act on ("permission denied"), never a bare code. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EEXIST':
      return 'a file of that name is in the way';
    case 'ENOENT':
      return 'the folder does not exist and cannot be created there';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'an input/output error on the device';
    case 'EBUSY':
      return 'the file is busy';
    case 'ELOOP':
      return 'too many symbolic links in the path';
    case 'EINVAL':
      return 'it cannot be read as an ordinary file';
    default:
      return code ? `the system refused (${code})` : ((e as Error)?.message ?? String(e));
  }
}

/**
 * Creates a folder and its missing parents, one at a time from the nearest existing ancestor.
 * Never `mkdirSync(…, { recursive: true })`: on some file systems (procfs) mkdir reports ENOENT for a
 * parent that exists, and Node's recursive mkdir then loops forever.
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let st;
    try {
      st = statSync(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const parent = dirname(at);
      if (parent === at) throw e;
      missing.push(at);
      at = parent;
      continue;
    }
    if (!st.isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d).isDirectory()) continue;
      throw e;
    }
  }
}

/** A path as a user named it: relative to the working folder when inside it. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..' + sep) && rel !== '..' && !rel.startsWith(sep) ? rel : path;
}

/**
 * The one place outputs are written: creates the folder, writes atomically, and turns any failure
 * into an OutputError (exit 3) that says in words what is wrong ("cannot write reports/a.pdf:
 * permission denied").
 */
export function writeOutput(
  path: string,
  data: string | Uint8Array,
  mode: number,
  cwd: string,
  opts: WriteOptions = {},
): void {
  const dir = dirname(path);
  try {
    ensureDir(dir);
  } catch (e) {
    throw new OutputError(`cannot write to ${displayPath(dir, cwd)}${sep}: ${describeFsError(e)}`);
  }
  try {
    writeAtomic(path, data, mode, opts);
  } catch (e) {
    throw new OutputError(`cannot write ${displayPath(path, cwd)}: ${describeFsError(e)}`);
  }
}

/**
 * The file-system calls `writeAtomic` makes, so tests can inject faults (short writes, ENOSPC)
 * without filling a disk.
 */
export interface WriteFs {
  openSync: typeof openSync;
  writeSync: (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
  fsyncSync: typeof fsyncSync;
  fstatSync: (fd: number) => { size: number };
  fchownSync: typeof fchownSync;
  closeSync: typeof closeSync;
  chmodSync: typeof chmodSync;
  renameSync: typeof renameSync;
  linkSync: typeof linkSync;
  unlinkSync: typeof unlinkSync;
}

export const nodeWriteFs: WriteFs = {
  openSync,
  writeSync,
  fsyncSync,
  fstatSync,
  fchownSync,
  closeSync,
  chmodSync,
  renameSync,
  linkSync,
  unlinkSync,
};

export interface WriteOptions {
  /** only create: the name must be free (not even a dangling link may be there); it is never replaced */
  exclusive?: boolean;
  /** give the file `mode` even when it exists (a replaced output, not a file edited in place) */
  resetMode?: boolean;
  /** the file-system calls (tests inject faults here) */
  fs?: WriteFs;
}

/** Writes all of `buf` to `fd`: `writeSync` may write fewer bytes than asked (a nearly full disk). */
function writeAll(fs: WriteFs, fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.length) {
    const n = fs.writeSync(fd, buf, off, buf.length - off);
    if (!(n > 0)) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    off += n;
  }
}

/**
 * The file a write to `path` must change: a symbolic link is followed to its target, even a
 * dangling one (whose target is then created), so the link stays a link.
 */
export function writeTarget(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return realpathSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return p;
    } // nothing there: a new file
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw Object.assign(new Error(`too many symbolic links: ${path}`), { code: 'ELOOP' });
}

/** Anything at `path`, even a dangling symbolic link. */
export function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

const euid = () => (typeof process.geteuid === 'function' ? process.geteuid() : -1);

/**
 * Writes a file atomically: a temporary file beside it, every byte written and checked, fsync,
 * rename. A symbolic link is written through to its target (the link stays a link). An existing
 * file keeps its permissions and, where the system allows it (as root), its owner and group; a new
 * one gets `mode` (0600 for answers files, which may hold sensitive notes). On any failure the old
 * file is untouched and no temporary file is left behind.
 */
export function writeAtomic(path: string, data: string | Uint8Array, mode = 0o644, opts: WriteOptions = {}): void {
  const fs = opts.fs ?? nodeWriteFs;
  const target = opts.exclusive ? resolve(path) : writeTarget(path);
  const old = opts.exclusive ? undefined : readOwnership(target);
  const keepMode = old && !opts.resetMode ? old.mode : mode;
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, keepMode & 0o777);
  let open = true;
  try {
    writeAll(fs, fd, buf);
    fs.fsyncSync(fd);
    if (fs.fstatSync(fd).size !== buf.length) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    if (old && euid() !== -1 && (old.uid !== euid() || old.gid !== (process.getegid?.() ?? -1)))
      keepOwnership(fs, fd, old);
    open = false;
    fs.closeSync(fd); // on some network file systems, close is where a failed write shows
    fs.chmodSync(tmp, keepMode); // after fchown (which clears set-id bits); the umask may have narrowed open()'s mode
    if (opts.exclusive) linkExclusive(fs, tmp, target);
    else fs.renameSync(tmp, target);
  } catch (e) {
    discardTemporary(fs, open ? fd : undefined, tmp);
    throw e;
  }
  syncDirectory(dirname(target));
}

/** An existing file's permissions, owner and group. */
interface Ownership {
  mode: number;
  uid: number;
  gid: number;
}

/** The permissions, owner and group of the file at `target`, or undefined for a new file. */
function readOwnership(target: string): Ownership | undefined {
  try {
    const st = statSync(target);
    if (st.isFile()) return { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch {
    /* a new file */
  }
  return undefined;
}

/** Gives the temporary file the old one's owner (only root may give a file away) or at least its group (a member may). */
function keepOwnership(fs: WriteFs, fd: number, old: Ownership): void {
  try {
    fs.fchownSync(fd, old.uid, old.gid);
  } catch {
    try {
      fs.fchownSync(fd, -1, old.gid);
    } catch {
      /* the saved file is the writer's own: said up front by hrdd assess */
    }
  }
}

/** Puts the temporary file at `target` only if nothing is there, even a dangling link. */
function linkExclusive(fs: WriteFs, tmp: string, target: string): void {
  try {
    fs.linkSync(tmp, target);
  } catch (e) {
    // fails if anything is there, even a dangling link
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    // a file system without hard links: check, then rename (not atomic against a racing creator)
    if (exists(target)) throw Object.assign(new Error(`${target} already exists`), { code: 'EEXIST' });
    fs.renameSync(tmp, target);
  }
  try {
    fs.unlinkSync(tmp);
  } catch {
    /* renamed */
  }
}

/** After a failure: closes the temporary file (when still open) and removes it. */
function discardTemporary(fs: WriteFs, fd: number | undefined, tmp: string): void {
  if (fd !== undefined)
    try {
      fs.closeSync(fd);
    } catch {
      /* already failing */
    }
  try {
    fs.unlinkSync(tmp);
  } catch {
    /* already gone */
  }
}

/** Makes a rename in `dir` durable, where the file system can fsync a directory. */
function syncDirectory(dir: string): void {
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* some file systems cannot fsync a directory */
  }
}
