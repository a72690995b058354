import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeWriteFs, writeAtomic, type WriteFs } from '../../src/io/files.js';
import { tempDir } from '../helpers.js';

const OLD = 'old content\n';
const NEW = 'new content, longer than the old one\n'.repeat(20);

/** A folder with f.yaml holding OLD. */
function setup() {
  const dir = tempDir({ 'f.yaml': OLD });
  return { dir, path: join(dir, 'f.yaml') };
}

/** The file-system calls with a fault in writeSync. */
const faulty = (write: WriteFs['writeSync'], extra: Partial<WriteFs> = {}): WriteFs => ({
  ...nodeWriteFs,
  writeSync: write,
  ...extra,
});
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('writeAtomic under faults (injected file-system calls)', () => {
  it('loops over short writes until every byte is written', () => {
    const { dir, path } = setup();
    let calls = 0;
    writeAtomic(path, NEW, 0o600, {
      fs: faulty((fd, buf, off, len) => {
        calls++;
        return nodeWriteFs.writeSync(fd, buf, off, Math.min(len, 7));
      }),
    });
    expect(readFileSync(path, 'utf8')).toBe(NEW);
    expect(calls).toBe(Math.ceil(Buffer.byteLength(NEW) / 7));
    expect(readdirSync(dir)).toEqual(['f.yaml']);
  });

  it.each([
    [
      'a write that stops at zero bytes (a full disk)',
      faulty((fd, buf, off, len) => (off > 100 ? 0 : nodeWriteFs.writeSync(fd, buf, off, Math.min(len, 50)))),
    ],
    [
      'ENOSPC in the middle',
      faulty((fd, buf, off, len) => {
        if (off > 100) throw enospc();
        return nodeWriteFs.writeSync(fd, buf, off, Math.min(len, 50));
      }),
    ],
    [
      'ENOSPC on the first write',
      faulty(() => {
        throw enospc();
      }),
    ],
    [
      'a size that does not match after fsync',
      faulty(nodeWriteFs.writeSync, { fstatSync: (fd) => ({ size: nodeWriteFs.fstatSync(fd).size - 1 }) }),
    ],
    [
      'EIO from fsync',
      faulty(nodeWriteFs.writeSync, {
        fsyncSync: () => {
          throw Object.assign(new Error('EIO'), { code: 'EIO' });
        },
      }),
    ],
    [
      'ENOSPC from close (a network file system)',
      faulty(nodeWriteFs.writeSync, {
        closeSync: (fd) => {
          nodeWriteFs.closeSync(fd);
          throw enospc();
        },
      }),
    ],
    [
      'a failing rename',
      faulty(nodeWriteFs.writeSync, {
        renameSync: () => {
          throw Object.assign(new Error('EXDEV'), { code: 'EXDEV' });
        },
      }),
    ],
  ])('%s: fails, the old file is untouched, no temporary file is left', (_name, fs) => {
    const { dir, path } = setup();
    chmodSync(path, 0o640);
    expect(() => writeAtomic(path, NEW, 0o600, { fs })).toThrow();
    expect(readFileSync(path, 'utf8')).toBe(OLD);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['f.yaml']);
  });
});

describe('writeAtomic: links, modes, owners', () => {
  it('writes through a symbolic link: the link stays a link, the target gets the content and keeps its mode', () => {
    const dir = tempDir({ 'real/f.yaml': OLD });
    chmodSync(join(dir, 'real/f.yaml'), 0o640);
    symlinkSync('real/f.yaml', join(dir, 'link.yaml'));
    writeAtomic(join(dir, 'link.yaml'), NEW, 0o600);
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.yaml'))).toBe('real/f.yaml');
    expect(readFileSync(join(dir, 'real/f.yaml'), 'utf8')).toBe(NEW);
    expect(statSync(join(dir, 'real/f.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(join(dir, 'real'))).toEqual(['f.yaml']);
  });

  it('a dangling link gets its target created (with the mode asked for), and stays a link', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    symlinkSync('real/new.yaml', join(dir, 'link.yaml'));
    writeAtomic(join(dir, 'link.yaml'), NEW, 0o600);
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real/new.yaml'), 'utf8')).toBe(NEW);
    expect(statSync(join(dir, 'real/new.yaml')).mode & 0o777).toBe(0o600);
  });

  it('exclusive: creates a new file, but never replaces a file or a dangling link', () => {
    const { dir, path } = setup();
    symlinkSync('nowhere.yaml', join(dir, 'dangling.yaml'));
    writeAtomic(join(dir, 'new.yaml'), NEW, 0o600, { exclusive: true });
    expect(statSync(join(dir, 'new.yaml')).mode & 0o777).toBe(0o600);
    expect(() => writeAtomic(path, NEW, 0o600, { exclusive: true })).toThrow(
      expect.objectContaining({ code: 'EEXIST' }),
    );
    expect(() => writeAtomic(join(dir, 'dangling.yaml'), NEW, 0o600, { exclusive: true })).toThrow(
      expect.objectContaining({ code: 'EEXIST' }),
    );
    expect(readFileSync(path, 'utf8')).toBe(OLD);
    expect(readdirSync(dir).sort()).toEqual(['dangling.yaml', 'f.yaml', 'new.yaml']);
  });

  it('resetMode gives the mode asked for even to an existing file (a replaced output)', () => {
    const { path } = setup();
    chmodSync(path, 0o644);
    writeAtomic(path, NEW, 0o600, { resetMode: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.geteuid?.() !== 0)(
    'as root, keeps the owner and group of a file that belongs to someone else',
    () => {
      const { path } = setup();
      chownSync(path, 65534, 65534);
      chmodSync(path, 0o640);
      writeAtomic(path, NEW, 0o600);
      const st = statSync(path);
      expect([st.uid, st.gid, st.mode & 0o777]).toEqual([65534, 65534, 0o640]);
      expect(readFileSync(path, 'utf8')).toBe(NEW);
    },
  );
});

// A real full disk: a 64 KB tmpfs (needs root and permission to mount; skipped otherwise).
const mounts: string[] = [];
function smallDisk(): string | undefined {
  if (process.geteuid?.() !== 0) return undefined;
  const dir = tempDir();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
  if (r.status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
});
const disk = smallDisk();
if (!disk) console.warn('cannot mount a tmpfs here (needs root): the real full-disk test of writeAtomic is skipped');

describe.skipIf(!disk)('writeAtomic on a real full disk (tmpfs)', () => {
  it('ENOSPC: the old file is untouched and no temporary file is left', () => {
    const path = join(disk!, 'f.yaml');
    writeFileSync(path, OLD);
    // fill the disk: write until it refuses
    const filler = join(disk!, 'filler');
    const block = Buffer.alloc(4096, 1);
    try {
      for (let i = 0; i < 64; i++) writeFileSync(filler, block, { flag: 'a' });
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    expect(() => writeAtomic(path, NEW.repeat(10), 0o600)).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    expect(readFileSync(path, 'utf8')).toBe(OLD);
    expect(readdirSync(disk!).sort()).toEqual(['f.yaml', 'filler']);
  });
});
