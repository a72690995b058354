import { closeSync, constants, fstatSync, fsyncSync, mkdirSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, chmodSync, existsSync } from 'node:fs';
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
    error: size === undefined ? `file is over the ${limit / 1048576} MB limit` : `file is ${(size / 1048576).toFixed(1)} MB, over the ${limit / 1048576} MB limit`,
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
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'the file system is read-only';
    case 'ENOSPC': return 'no space left on the device';
    case 'EDQUOT': return 'the disk quota is exceeded';
    case 'EISDIR': return 'it is a folder';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'EEXIST': return 'a file of that name is in the way';
    case 'ENOENT': return 'the folder does not exist and cannot be created there';
    case 'ENAMETOOLONG': return 'the name is too long';
    case 'EMFILE': case 'ENFILE': return 'too many open files';
    case 'EIO': return 'an input/output error on the device';
    case 'EBUSY': return 'the file is busy';
    case 'ELOOP': return 'too many symbolic links in the path';
    case 'EINVAL': return 'it cannot be read as an ordinary file';
    default: return code ? `the system refused (${code})` : ((e as Error)?.message ?? String(e));
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
    try { st = statSync(at); } catch (e) {
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
    try { mkdirSync(d); } catch (e) {
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
export function writeOutput(path: string, data: string | Uint8Array, mode: number, cwd: string): void {
  const dir = dirname(path);
  try { ensureDir(dir); } catch (e) {
    throw new OutputError(`cannot write to ${displayPath(dir, cwd)}${sep}: ${describeFsError(e)}`);
  }
  try { writeAtomic(path, data, mode); } catch (e) {
    throw new OutputError(`cannot write ${displayPath(path, cwd)}: ${describeFsError(e)}`);
  }
}

/** Writes all of `buf` to `fd`: `writeSync` may write fewer bytes than asked (a nearly full disk). */
function writeAll(fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.length) {
    const n = writeSync(fd, buf, off, buf.length - off);
    if (n <= 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    off += n;
  }
}

/**
 * Writes a file atomically: a temporary file beside it, every byte written and checked, fsync,
 * rename. A symbolic link is written through to its target. An existing file keeps its
 * permissions; a new one gets `mode` (0600 for answers files, which may hold sensitive notes).
 * On any failure the old file is untouched and no partial file is left behind.
 */
export function writeAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  let target = path;
  try { target = realpathSync(path); } catch { /* a new file, or a dangling link: write the path itself */ }
  let keepMode = mode;
  if (existsSync(target)) keepMode = statSync(target).mode & 0o7777;
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, keepMode);
  try {
    writeAll(fd, buf);
    fsyncSync(fd);
    if (fstatSync(fd).size !== buf.length) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
  closeSync(fd);
  try {
    chmodSync(tmp, keepMode); // the umask may have narrowed the mode given to open()
    renameSync(tmp, target);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
  try {
    const dfd = openSync(dirname(target), 'r');
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  } catch { /* some file systems cannot fsync a directory */ }
}
