import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FileReport } from '../render/diagnostics.js';
import { sha256, writeAtomic, ensureDir } from './files.js';
import { listBundled } from './loader.js';

interface Entry {
  sha: string;
  /** every file the result depended on, with its hash (null: it did not exist) */
  deps: Record<string, string | null>;
  report: FileReport;
}

interface CacheFile {
  key: string;
  entries: Record<string, Entry>;
}

/**
 * A content-hash cache for `hrdd validate --cache`, like ESLint's: a file is checked again only
 * when it, or a file its result depends on (a required or used questionnaire), has changed.
 * The key covers the tool version, --strict, the working folder and the bundled questionnaires.
 */
export class ValidateCache {
  private readonly hashes = new Map<string, string | null>();
  private constructor(private readonly path: string, private readonly data: CacheFile) {}

  static open(path: string, parts: { version: string; strict: boolean; cwd: string }): ValidateCache {
    const key = JSON.stringify({ ...parts, bundled: listBundled().map((e) => `${e.id}@${e.versions.join(',')}`) });
    let data: CacheFile = { key, entries: {} };
    try {
      const old = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
      if (old && old.key === key && old.entries && typeof old.entries === 'object') data = old;
    } catch { /* no cache yet, or unreadable: start afresh */ }
    return new ValidateCache(path, data);
  }

  private hash(path: string): string | null {
    let h = this.hashes.get(path);
    if (h === undefined) {
      try { h = existsSync(path) ? sha256(readFileSync(path)) : null; } catch { h = null; }
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
    this.data.entries[abs] = { sha, deps: Object.fromEntries(deps.filter((d) => d !== abs).map((d) => [d, this.hash(d)])), report };
  }

  save(): void {
    try {
      ensureDir(dirname(this.path));
      writeAtomic(this.path, JSON.stringify(this.data), 0o644);
    } catch { /* a cache that cannot be written only costs time next run */ }
  }
}
