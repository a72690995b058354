import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import type { FileReport } from '../core/diagnostics.js';
import { readLimited, sha256, writeOutput } from './files.js';
import { listBundled } from './loader.js';

interface Entry {
  sha: string;
  /** every file the result depended on, with its hash (null: it did not exist) */
  deps: Record<string, string | null>;
  report: FileReport;
  /** SHA-256 of the cache key, the path, its hash, its dependencies and the report: checked on read */
  seal: string;
}

/** The cache file's own size limit (a report per file; thousands of files fit well within it). */
const CACHE_LIMIT = 64 * 1024 * 1024;

interface CacheFile {
  key: string;
  entries: Record<string, Entry>;
}

/**
 * A content-hash cache for `hrdd validate --cache`, like ESLint's: a file is checked again only
 * when it, or a file its result depends on (a required or used questionnaire), has changed.
 * The key covers the tool version and build, the options, the working folder and the bundled
 * questionnaires; each entry is sealed to the key, its path and content, and checked on read.
 */
export class ValidateCache {
  private readonly hashes = new Map<string, string | null>();
  private constructor(
    private readonly path: string,
    private readonly data: CacheFile,
  ) {}

  static open(path: string, parts: { version: string; strict: boolean; cwd: string }): ValidateCache {
    const key = JSON.stringify({
      ...parts,
      build: buildId(),
      bundled: listBundled().map((e) => `${e.id}@${e.versions.join(',')}`),
    });
    const data: CacheFile = { key, entries: Object.create(null) as Record<string, Entry> };
    const read = existsSync(path) ? readLimited(path, CACHE_LIMIT) : undefined;
    if (read && 'bytes' in read) {
      try {
        const old = JSON.parse(read.bytes.toString('utf8')) as unknown;
        if (isObject(old) && old['key'] === key && isObject(old['entries'])) {
          // keep only well-formed entries whose seal matches: an edited, truncated or foreign
          // entry is dropped (its file is checked again), never trusted
          for (const [abs, e] of Object.entries(old['entries']))
            if (isEntry(e) && e.seal === seal(key, abs, e)) data.entries[abs] = e;
        }
      } catch {
        /* malformed: start afresh */
      }
    }
    return new ValidateCache(path, data);
  }

  private hash(path: string): string | null {
    let h = this.hashes.get(path);
    if (h === undefined) {
      const read = existsSync(path) ? readLimited(path) : undefined;
      h = read && 'bytes' in read ? sha256(read.bytes) : null;
      this.hashes.set(path, h);
    }
    return h;
  }

  lookup(abs: string): FileReport | undefined {
    const e = this.data.entries[abs];
    if (!e || e.sha !== this.hash(abs)) return undefined;
    for (const [p, h] of Object.entries(e.deps)) if (this.hash(p) !== h) return undefined;
    return e.report;
  }

  store(abs: string, report: FileReport, deps: readonly string[]): void {
    const sha = this.hash(abs);
    if (sha === null) return;
    const entry = {
      sha,
      deps: Object.fromEntries(deps.filter((d) => d !== abs).map((d) => [d, this.hash(d)])),
      report,
    };
    this.data.entries[abs] = { ...entry, seal: seal(this.data.key, abs, entry) };
  }

  save(): void {
    try {
      // through the one seam like every output (the cwd only words an error, which is ignored here)
      writeOutput(this.path, JSON.stringify(this.data), 0o644, dirname(this.path));
    } catch {
      /* a cache that cannot be written only costs time next run */
    }
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function isEntry(e: unknown): e is Entry {
  if (
    !isObject(e) ||
    typeof e['sha'] !== 'string' ||
    typeof e['seal'] !== 'string' ||
    !isObject(e['deps']) ||
    !isObject(e['report'])
  )
    return false;
  if (!Object.values(e['deps']).every((h) => h === null || typeof h === 'string')) return false;
  const r = e['report'];
  return (
    typeof r['file'] === 'string' &&
    Array.isArray(r['diagnostics']) &&
    r['diagnostics'].every(
      (d) =>
        isObject(d) &&
        typeof d['file'] === 'string' &&
        Number.isInteger(d['line']) &&
        Number.isInteger(d['col']) &&
        (d['severity'] === 'error' || d['severity'] === 'warning') &&
        typeof d['rule'] === 'string' &&
        typeof d['message'] === 'string',
    )
  );
}

/** Binds an entry to the cache key (tool version, options, bundled set), its path and its content. */
function seal(key: string, abs: string, e: Omit<Entry, 'seal'>): string {
  return sha256(JSON.stringify([key, abs, e.sha, e.deps, e.report]));
}

/** This build of hrdd: the size and time of the code running, so a rebuild empties the cache. */
function buildId(): string {
  try {
    const st = statSync(fileURLToPath(import.meta.url));
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return 'unknown';
  }
}
