import { closeSync, constants, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, chmodSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type ReadResult = { bytes: Buffer } | { error: string; rule: 'file-read' | 'file-too-large' };

/** Reads a file, refusing ones over the size limit before reading them. */
export function readLimited(path: string, limit = MAX_FILE_BYTES): ReadResult {
  try {
    const st = statSync(path);
    if (!st.isFile()) return { error: 'not a regular file', rule: 'file-read' };
    if (st.size > limit) return { error: `file is ${(st.size / 1048576).toFixed(1)} MB, over the ${limit / 1048576} MB limit`, rule: 'file-too-large' };
    const bytes = readFileSync(path);
    if (bytes.length > limit) return { error: `file is over the ${limit / 1048576} MB limit`, rule: 'file-too-large' };
    return { bytes };
  } catch (e) {
    return { error: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, rule: 'file-read' };
  }
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes a file atomically: a temporary file beside it, fsync, rename. An existing file keeps its
 * permissions; a new one gets `mode` (0600 for answers files, which may hold sensitive notes).
 */
export function writeAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  let keepMode = mode;
  if (existsSync(path)) keepMode = statSync(path).mode & 0o7777;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, keepMode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
  closeSync(fd);
  try {
    chmodSync(tmp, keepMode); // the umask may have narrowed the mode given to open()
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
  try {
    const dfd = openSync(dirname(path), 'r');
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  } catch { /* some file systems cannot fsync a directory */ }
}
