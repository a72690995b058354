import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diag, hasErrors, START, type Diagnostic } from '../core/diagnostics.js';
import { checkAnswers, checkQuestionnaire, checkQuestionSet, Reporter } from '../core/check.js';
import { loadBytes, type LoadedFile } from '../core/load.js';
import { positionOf } from '../core/parse.js';
import { showId } from '../core/show.js';
import type { Answers, Questionnaire } from '../core/model.js';
import type { FileKind } from '../core/check.js';
import { readLimited, sha256 } from './files.js';

/** The package's root folder (holds questionnaires/ and schemas/), from dist/ or src/io/ alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && JSON.parse(readFileSync(pj, 'utf8')).name === 'hrdd') return dir;
    dir = dirname(dir);
  }
  throw new Error('hrdd: cannot find the package root');
}

export function bundledDir(): string {
  return join(packageRoot(), 'questionnaires');
}

/** Compares semantic versions (pre-releases sort before their release). */
export function compareVersions(a: string, b: string): number {
  const [ma, pa] = a.split(/-(.*)/s) as [string, string?];
  const [mb, pb] = b.split(/-(.*)/s) as [string, string?];
  const na = ma.split('+')[0]!.split('.').map(Number);
  const nb = mb.split('+')[0]!.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((na[i] ?? 0) !== (nb[i] ?? 0)) return (na[i] ?? 0) - (nb[i] ?? 0);
  if (pa === pb) return 0;
  if (pa === undefined) return 1;
  if (pb === undefined) return -1;
  return pa < pb ? -1 : 1;
}

export interface BundledEntry {
  id: string;
  versions: string[]; // ascending
}

export function listBundled(dir = bundledDir()): BundledEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({
      id: d.name,
      versions: readdirSync(join(dir, d.name)).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort(compareVersions),
    }))
    .filter((e) => e.versions.length)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

export type Resolved = { path: string } | { error: string };

const BUNDLED_REF = /^([a-z0-9][a-z0-9-]*)(?:@(.+))?$/;

/** Resolves a questionnaire reference: bundled id, id@version, or a path relative to baseDir. */
export function resolveRef(ref: string, baseDir: string, dir = bundledDir()): Resolved {
  const m = BUNDLED_REF.exec(ref);
  if (m && !ref.endsWith('.yaml') && !ref.endsWith('.yml')) {
    const [, id, version] = m as unknown as [string, string, string | undefined];
    const entry = listBundled(dir).find((e) => e.id === id);
    if (!entry) {
      const ids = listBundled(dir).map((e) => e.id);
      return { error: `no bundled questionnaire ${id} (bundled: ${ids.join(', ') || 'none'}); a path to a file must end in .yaml or .yml` };
    }
    const v = version ?? entry.versions[entry.versions.length - 1]!;
    if (!entry.versions.includes(v)) return { error: `questionnaire ${id} has no version ${showId(v)} (versions: ${entry.versions.join(', ')})` };
    return { path: join(dir, id, `${v}.yaml`) };
  }
  const path = isAbsolute(ref) ? ref : resolve(baseDir, ref);
  if (!existsSync(path)) return { error: `questionnaire file ${showId(ref)} not found (looked at ${showId(path)})` };
  return { path };
}

interface LoadedQuestionnaire {
  abs: string;
  questionnaire?: Questionnaire;
  /** every diagnostic of this file (its own, not its required ones') */
  diagnostics: Diagnostic[];
  /** its `requires`, resolved (only when all resolved and loaded) */
  deps: LoadedQuestionnaire[];
  /** every file its `requires` named (found or not): what its check depends on */
  depPaths: string[];
}

export interface Assessment {
  answers: Answers;
  /** the questionnaires used, `requires` included, in order */
  questionnaires: Questionnaire[];
}

/**
 * Reads and checks files, resolving questionnaire references; caches by absolute path, so a
 * questionnaire used by many answers files in one run is read once.
 */
export class Loader {
  private readonly files = new Map<string, LoadedFile>();
  private readonly questionnaires = new Map<string, LoadedQuestionnaire>();
  /** files found to be part of a `requires` cycle */
  private readonly cyclic = new Set<string>();
  /** while tracking: every file a check depended on (read, or looked for and missing) */
  private touched: Set<string> | undefined;

  /** Runs `fn`, returning the files it depended on besides those it was given (for a cache). */
  track<T>(fn: () => T): { result: T; touched: Set<string> } {
    const outer = this.touched;
    const touched = new Set<string>();
    this.touched = touched;
    try { return { result: fn(), touched }; } finally { this.touched = outer; if (outer) for (const t of touched) outer.add(t); }
  }

  private touch(lq: LoadedQuestionnaire) {
    if (!this.touched || this.touched.has(lq.abs)) return;
    this.touched.add(lq.abs);
    for (const p of lq.depPaths) {
      this.touched.add(p);
      const d = this.questionnaires.get(p);
      if (d) this.touch(d);
    }
  }

  private resolve(ref: string, baseDir: string): Resolved {
    const res = resolveRef(ref, baseDir, this.bundled);
    if ('error' in res && /\.ya?ml$/i.test(ref)) this.touched?.add(isAbsolute(ref) ? ref : resolve(baseDir, ref));
    return res;
  }
  constructor(readonly cwd: string, readonly bundled = bundledDir()) {}

  display(abs: string): string {
    const rel = relative(this.cwd, abs);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  }

  /** A file read once per run; `expect` adds an error when it is of the other kind. */
  loadFile(abs: string, expect?: FileKind): LoadedFile {
    this.touched?.add(abs);
    let loaded = this.files.get(abs);
    if (!loaded) {
      const file = this.display(abs);
      const read = readLimited(abs);
      loaded = 'error' in read
        ? { diagnostics: [diag(file, START, 'error', read.rule, read.error)] }
        : loadBytes(read.bytes, file, sha256(read.bytes));
      this.files.set(abs, loaded);
    }
    if (expect && loaded.kind && loaded.kind !== expect) {
      return { ...loaded, questionnaire: undefined, answers: undefined, diagnostics: [...loaded.diagnostics, wrongKind(loaded, expect)] } as LoadedFile;
    }
    return loaded;
  }

  /** A questionnaire with its semantic checks, its `requires` resolved recursively. */
  loadQuestionnaire(abs: string, stack: string[] = []): LoadedQuestionnaire {
    const cached = this.questionnaires.get(abs);
    if (cached) { this.touch(cached); return cached; }
    const file = this.loadFile(abs, 'questionnaire');
    const result: LoadedQuestionnaire = { abs, diagnostics: [...file.diagnostics], deps: [], depPaths: [] };
    const q = file.questionnaire;
    if (!q) return result;
    this.questionnaires.set(abs, result); // before recursing: a cycle finds it (without `questionnaire` yet)
    const r = new Reporter(q.parsed);
    const deps: LoadedQuestionnaire[] = [];
    let ok = true;
    q.requires.forEach((ref, i) => {
      const res = this.resolve(ref, dirname(abs));
      if ('path' in res) result.depPaths.push(res.path);
      else if (/\.ya?ml$/i.test(ref)) result.depPaths.push(isAbsolute(ref) ? ref : resolve(dirname(abs), ref));
      if ('error' in res) { r.error(['requires', i], 'questionnaire-not-found', res.error); ok = false; return; }
      if (res.path === abs || stack.includes(res.path)) {
        for (const p of [...stack.slice(stack.indexOf(res.path)), abs]) this.cyclic.add(p);
        r.error(['requires', i], 'requires-cycle', `requiring ${showId(ref)} forms a cycle: ${[...stack, abs, res.path].map((p) => showId(this.display(p))).join(' → ')}`);
        ok = false;
        return;
      }
      const dep = this.loadQuestionnaire(res.path, [...stack, abs]);
      if (this.cyclic.has(abs) && this.cyclic.has(res.path)) {
        r.error(['requires', i], 'requires-cycle', `requiring ${showId(ref)} forms a cycle: ${showId(this.display(res.path))} requires this questionnaire, directly or not`);
        ok = false;
        return;
      }
      if (!dep.questionnaire || hasErrors(dep.diagnostics)) {
        if (dep.questionnaire || dep.diagnostics.length)
          r.error(['requires', i], 'questionnaire-invalid', `required questionnaire ${showId(ref)} has errors: run hrdd validate ${showId(this.display(res.path))}`);
        ok = false;
        return;
      }
      deps.push(dep);
    });
    result.diagnostics.push(...r.diagnostics);
    if (ok) {
      result.diagnostics.push(...checkQuestionnaire(q, deps.map((d) => d.questionnaire!)));
      result.deps = deps;
    } else {
      result.diagnostics.push(...checkQuestionnaire(q, []).filter((d) => !d.rule.startsWith('when-')));
    }
    result.questionnaire = q;
    return result;
  }

  /** The file a questionnaire reference names, if it can be found. */
  questionnairePath(ref: string, baseDir: string): string | undefined {
    const res = this.resolve(ref, baseDir);
    return 'path' in res ? res.path : undefined;
  }

  /**
   * The questionnaires `refs` name (bundled id, `id@version` or a path from `baseDir`), each placed
   * after those it requires, once; `undefined` after reporting every one that is missing or invalid.
   */
  questionnairesFor(refs: readonly string[], baseDir: string, report: (index: number, rule: 'questionnaire-not-found' | 'questionnaire-invalid', message: string) => void): Questionnaire[] | undefined {
    const order: Questionnaire[] = [];
    const placed = new Set<Questionnaire>();
    const place = (lq: LoadedQuestionnaire) => {
      const q = lq.questionnaire!;
      if (placed.has(q)) return;
      placed.add(q);
      for (const dep of lq.deps) place(dep);
      order.push(q);
    };
    let ok = true;
    refs.forEach((ref, i) => {
      const res = this.resolve(ref, baseDir);
      if ('error' in res) { report(i, 'questionnaire-not-found', res.error); ok = false; return; }
      const lq = this.loadQuestionnaire(res.path);
      if (!lq.questionnaire || hasErrors(lq.diagnostics)) {
        report(i, 'questionnaire-invalid', `questionnaire ${showId(ref)} has errors: run hrdd validate ${showId(this.display(res.path))}`);
        ok = false;
        return;
      }
      place(lq); // once: a questionnaire named twice, or also required, is placed at its first mention
    });
    return ok ? order : undefined;
  }

  /**
   * An answers file with the questionnaires it names (and those they require, placed just before
   * the first that requires them), checked together.
   */
  loadAssessment(abs: string): { assessment?: Assessment; diagnostics: Diagnostic[] } {
    const file = this.loadFile(abs, 'answers');
    const diagnostics = [...file.diagnostics];
    const answers = file.answers;
    if (!answers) return { diagnostics };
    const r = new Reporter(answers.parsed);
    const order = this.questionnairesFor(answers.questionnaires, dirname(abs), (i, rule, message) => r.error(['questionnaires', i], rule, message));
    diagnostics.push(...r.diagnostics);
    if (!order) return { diagnostics };
    const setDiagnostics = checkQuestionSet(order);
    if (hasErrors(setDiagnostics)) {
      const ids = order.map((q) => showId(q.id)).join(', ');
      diagnostics.push(diag(answers.file, positionOfQuestionnaires(answers), 'error', 'duplicate-question-id', `the questionnaires used together (${ids}) share question ids: ${setDiagnostics.filter((d) => d.rule === 'duplicate-question-id').length} clash(es)`));
      diagnostics.push(...setDiagnostics);
      return { diagnostics };
    }
    diagnostics.push(...checkAnswers(answers, order));
    return { assessment: { answers, questionnaires: order }, diagnostics };
  }
}

function wrongKind(loaded: LoadedFile, expect: FileKind) {
  return diag(loaded.parsed!.file, START, 'error', 'not-hrdd-file', `expected ${expect === 'answers' ? 'an answers file (schema: hrdd/answers@1)' : 'a questionnaire (schema: hrdd/questionnaire@1)'}, found ${loaded.kind === 'answers' ? 'an answers file' : 'a questionnaire'}`);
}

function positionOfQuestionnaires(a: Answers) {
  return positionOf(a.parsed, ['questionnaires'], 'key');
}
