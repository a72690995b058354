import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diag, hasErrors, START, type Diagnostic } from '../core/diagnostics.js';
import { checkAnswers } from '../core/answers-rules.js';
import { checkQuestionnaire, checkQuestionSet } from '../core/questionnaire-rules.js';
import { Reporter } from '../core/reporter.js';
import { loadBytes, type LoadedFile } from '../core/load.js';
import { positionOf } from '../core/parse.js';
import { showId } from '../core/show.js';
import type { Answers, Questionnaire } from '../core/model.js';
import type { FileKind } from '../core/typed-model.js';
import { readLimited, sha256 } from './files.js';
import { pushAll } from '../core/arrays.js';
import { Frameworks } from './frameworks.js';

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
      versions: readdirSync(join(dir, d.name))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.slice(0, -5))
        .sort(compareVersions),
    }))
    .filter((e) => e.versions.length)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

export type Resolved = { path: string } | { error: string; rule?: 'questionnaire-outside-root' };

const BUNDLED_REF = /^([a-z0-9][a-z0-9-]*)(?:@(.+))?$/;

/** Resolves a questionnaire reference: bundled id, id@version, or a path relative to baseDir. */
export function resolveRef(ref: string, baseDir: string, dir = bundledDir()): Resolved {
  const m = BUNDLED_REF.exec(ref);
  if (m && !ref.endsWith('.yaml') && !ref.endsWith('.yml')) {
    const [, id, version] = m as unknown as [string, string, string | undefined];
    const entry = listBundled(dir).find((e) => e.id === id);
    if (!entry) {
      const ids = listBundled(dir).map((e) => e.id);
      return {
        error: `no bundled questionnaire ${id} (bundled: ${ids.join(', ') || 'none'}); a path to a file must end in .yaml or .yml`,
      };
    }
    const v = version ?? entry.versions[entry.versions.length - 1]!;
    if (!entry.versions.includes(v))
      return { error: `questionnaire ${id} has no version ${showId(v)} (versions: ${entry.versions.join(', ')})` };
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
  /** the longest `requires` chain from here, this questionnaire included */
  depth: number;
}

/** A questionnaire being loaded: where its walk through `requires` stands. */
interface Frame {
  result: LoadedQuestionnaire;
  q: Questionnaire;
  r: Reporter;
  deps: LoadedQuestionnaire[];
  /** the requires entry whose questionnaire is being loaded above this frame */
  waiting?: { index: number; ref: string; path: string };
  next: number;
  ok: boolean;
}

/** The questionnaires being walked by one loadQuestionnaire, innermost last. */
interface Walk {
  frames: Frame[];
  onStack: Set<string>;
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
/** The longest `requires` chain hrdd follows (documented in docs/format.md). */
export const MAX_REQUIRES_DEPTH = 32;

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
    try {
      return { result: fn(), touched };
    } finally {
      this.touched = outer;
      if (outer) for (const t of touched) outer.add(t);
    }
  }

  /** Records a file a check looked for (found or not), so a cache re-checks when it appears or changes. */
  touchPath(abs: string) {
    this.touched?.add(abs);
  }

  /** Records a questionnaire and everything it requires as touched (iteratively). */
  private touch(lq: LoadedQuestionnaire) {
    if (!this.touched) return;
    const todo = [lq];
    while (todo.length) {
      const x = todo.pop()!;
      if (this.touched.has(x.abs)) continue;
      this.touched.add(x.abs);
      for (const p of x.depPaths) {
        const d = this.questionnaires.get(p);
        if (d) todo.push(d);
        else this.touched.add(p); // looked for and missing, or not a questionnaire
      }
    }
  }

  private resolve(ref: string, baseDir: string): Resolved {
    const res = this.confine(ref, resolveRef(ref, baseDir, this.bundled));
    if ('error' in res && /\.ya?ml$/i.test(ref)) this.touched?.add(isAbsolute(ref) ? ref : resolve(baseDir, ref));
    return res;
  }

  /**
   * A questionnaire path named in a file must lead inside the folders this run reads questionnaires
   * from: the bundled set, the folders of the files the user named, and `--questionnaires DIR`.
   * So an answers file from a client cannot pull any questionnaire on the reader's disk into the
   * report it gets back (`/home/me/…`, `../../other-client/…`, or a symbolic link out).
   */
  private confine(ref: string, res: Resolved): Resolved {
    if ('error' in res) return res;
    let real: string;
    try {
      real = realpathSync(res.path);
    } catch {
      return res;
    }
    if (this.realRoots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)))
      return res;
    const shown = [
      ...new Set(
        this.roots.map((r) => {
          const abs = resolve(this.cwd, r);
          return abs === this.cwd ? '.' : this.display(abs);
        }),
      ),
    ].join(', ');
    return {
      error: `questionnaire path ${showId(ref)} leads outside the folders hrdd reads questionnaires from (${shown || 'the bundled set only'}${shown ? ', and the bundled set' : ''}): refused. If you trust it, add --questionnaires ${showId(this.display(dirname(real)))}`,
      rule: 'questionnaire-outside-root',
    };
  }

  /** The real paths of the roots, and the bundled set. */
  private readonly realRoots: string[];

  /**
   * `roots`: the folders whose questionnaires files may name by path (besides the bundled set):
   * the folders of the files the user named, and `--questionnaires DIR`.
   */
  constructor(
    readonly cwd: string,
    readonly roots: readonly string[] = [],
    readonly bundled = bundledDir(),
  ) {
    this.realRoots = [bundled, ...roots].flatMap((r) => {
      try {
        return [realpathSync(resolve(cwd, r))];
      } catch {
        return [];
      }
    });
    this.frameworks = new Frameworks(this);
    this.frameworks.questionnaire = (ref, baseDir, report) => {
      const res = this.resolve(ref, baseDir);
      if ('error' in res) {
        report(res.rule ?? 'questionnaire-not-found', res.error);
        return undefined;
      }
      const lq = this.loadQuestionnaire(res.path);
      if (lq.questionnaire && !hasErrors(lq.diagnostics)) return lq.questionnaire;
      report(
        'questionnaire-invalid',
        `questionnaire ${showId(ref)} has errors: run hrdd validate ${showId(this.display(res.path))}`,
      );
      return undefined;
    };
  }

  /** The frameworks of this run (bundled and by path), read through this loader. */
  readonly frameworks: Frameworks;

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
      loaded =
        'error' in read
          ? { diagnostics: [diag(file, START, 'error', read.rule, read.error)] }
          : loadBytes(read.bytes, file, sha256(read.bytes));
      this.files.set(abs, loaded);
    }
    if (expect && loaded.kind && loaded.kind !== expect) {
      return {
        ...loaded,
        questionnaire: undefined,
        answers: undefined,
        diagnostics: [...loaded.diagnostics, wrongKind(loaded, expect)],
      } as LoadedFile;
    }
    return loaded;
  }

  /**
   * A questionnaire with its semantic checks and its `requires` resolved, walked with an explicit
   * stack (a hostile chain of thousands cannot overflow the call stack). A chain longer than
   * MAX_REQUIRES_DEPTH is an error at the questionnaire where it first becomes too long, so the
   * verdict on a file never depends on which file was loaded first.
   */
  loadQuestionnaire(abs: string): LoadedQuestionnaire {
    const cached = this.questionnaires.get(abs);
    if (cached) {
      this.touch(cached);
      return cached;
    }
    const walk: Walk = { frames: [], onStack: new Set() };
    const top = this.openQuestionnaire(walk, abs);
    while (walk.frames.length) {
      const f = walk.frames[walk.frames.length - 1]!;
      if (f.waiting) this.settleWaiting(f);
      else if (f.next < f.q.requires.length) this.followRequire(walk, f);
      else this.finishQuestionnaire(walk, f);
    }
    return top;
  }

  /** Reads a questionnaire; pushes a frame to walk its `requires`, or returns it done. */
  private openQuestionnaire(walk: Walk, path: string): LoadedQuestionnaire {
    const file = this.loadFile(path, 'questionnaire');
    const result: LoadedQuestionnaire = {
      abs: path,
      diagnostics: [...file.diagnostics],
      deps: [],
      depPaths: [],
      depth: 1,
    };
    const q = file.questionnaire;
    if (!q) return result;
    this.questionnaires.set(path, result); // before walking: a cycle finds it (without `questionnaire` yet)
    walk.frames.push({ result, q, r: new Reporter(q.parsed), deps: [], next: 0, ok: true });
    walk.onStack.add(path);
    return result;
  }

  /** The questionnaire walked above frame F is done: settles the requires entry that waited for it. */
  private settleWaiting(f: Frame): void {
    const { index, ref, path } = f.waiting!;
    f.waiting = undefined;
    this.settleRequire(
      f,
      index,
      ref,
      path,
      this.questionnaires.get(path) ?? { abs: path, diagnostics: [], deps: [], depPaths: [], depth: 1 },
    );
  }

  /** Takes the questionnaire DEP that requires entry INDEX (REF, at PATH) names into frame F, or says why not. */
  private settleRequire(f: Frame, index: number, ref: string, path: string, dep: LoadedQuestionnaire): void {
    if (this.cyclic.has(f.result.abs) && this.cyclic.has(path)) {
      f.r.error(
        ['requires', index],
        'requires-cycle',
        `requiring ${showId(ref)} forms a cycle: ${showId(this.display(path))} requires this questionnaire, directly or not`,
      );
      f.ok = false;
    } else if (!dep.questionnaire || hasErrors(dep.diagnostics)) {
      if (dep.questionnaire || dep.diagnostics.length)
        f.r.error(
          ['requires', index],
          'questionnaire-invalid',
          `required questionnaire ${showId(ref)} has errors: run hrdd validate ${showId(this.display(path))}`,
        );
      f.ok = false;
    } else f.deps.push(dep);
  }

  /** Frame F's next requires entry: resolved, then settled at once or walked above F first. */
  private followRequire(walk: Walk, f: Frame): void {
    const { result, q, r } = f;
    const index = f.next++;
    const ref = q.requires[index]!;
    const res = this.resolve(ref, dirname(result.abs));
    if ('path' in res) result.depPaths.push(res.path);
    else if (/\.ya?ml$/i.test(ref)) result.depPaths.push(isAbsolute(ref) ? ref : resolve(dirname(result.abs), ref));
    if ('error' in res) {
      r.error(['requires', index], res.rule ?? 'questionnaire-not-found', res.error);
      f.ok = false;
      return;
    }
    if (walk.onStack.has(res.path)) {
      this.reportCycle(walk, f, index, ref, res.path);
      return;
    }
    const known = this.questionnaires.get(res.path);
    if (known) {
      this.touch(known);
      this.settleRequire(f, index, ref, res.path, known);
      return;
    }
    const before = walk.frames.length;
    const dep = this.openQuestionnaire(walk, res.path);
    if (walk.frames.length > before) f.waiting = { index, ref, path: res.path };
    else this.settleRequire(f, index, ref, res.path, dep);
  }

  /** Requires entry INDEX of frame F leads back to PATH, still being walked: marks the cycle and reports it. */
  private reportCycle(walk: Walk, f: Frame, index: number, ref: string, path: string): void {
    const stack = walk.frames.map((x) => x.result.abs);
    for (const p of stack.slice(stack.indexOf(path))) this.cyclic.add(p);
    f.r.error(
      ['requires', index],
      'requires-cycle',
      `requiring ${showId(ref)} forms a cycle: ${[...stack, path].map((p) => showId(this.display(p))).join(' → ')}`,
    );
    f.ok = false;
  }

  /** Every entry of frame F walked: checks its questionnaire against the ones it requires. */
  private finishQuestionnaire(walk: Walk, f: Frame): void {
    const { result, q, r } = f;
    walk.frames.pop();
    walk.onStack.delete(result.abs);
    this.checkDepth(f);
    pushAll(result.diagnostics, r.diagnostics);
    if (f.ok) {
      pushAll(
        result.diagnostics,
        checkQuestionnaire(
          q,
          f.deps.map((d) => d.questionnaire!),
        ),
      );
      result.deps = f.deps;
    } else {
      pushAll(
        result.diagnostics,
        checkQuestionnaire(q, []).filter((d) => !d.rule.startsWith('when-')),
      );
    }
    // its `frameworks` entries and the framework items its questions reference
    pushAll(result.diagnostics, this.frameworks.checkQuestionnaire(q, result.abs));
    result.questionnaire = q;
  }

  /** Sets frame F's depth (one more than its deepest requirement's), an error past MAX_REQUIRES_DEPTH. */
  private checkDepth(f: Frame): void {
    const { result, q, r } = f;
    const deepest = f.deps.reduce<LoadedQuestionnaire | undefined>(
      (a, d) => (!a || d.depth > a.depth ? d : a),
      undefined,
    );
    result.depth = 1 + (deepest?.depth ?? 0);
    if (f.ok && deepest && result.depth > MAX_REQUIRES_DEPTH) {
      const index = q.requires.findIndex((ref) => this.questionnairePath(ref, dirname(result.abs)) === deepest.abs);
      r.error(
        ['requires', Math.max(0, index)],
        'requires-too-deep',
        `requiring ${showId(q.requires[Math.max(0, index)]!)} makes a chain of ${result.depth} questionnaires: hrdd follows at most ${MAX_REQUIRES_DEPTH}`,
      );
    }
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
  questionnairesFor(
    refs: readonly string[],
    baseDir: string,
    report: (
      index: number,
      rule: 'questionnaire-not-found' | 'questionnaire-outside-root' | 'questionnaire-invalid',
      message: string,
    ) => void,
  ): Questionnaire[] | undefined {
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
      if ('error' in res) {
        report(i, res.rule ?? 'questionnaire-not-found', res.error);
        ok = false;
        return;
      }
      const lq = this.loadQuestionnaire(res.path);
      if (!lq.questionnaire || hasErrors(lq.diagnostics)) {
        report(
          i,
          'questionnaire-invalid',
          `questionnaire ${showId(ref)} has errors: run hrdd validate ${showId(this.display(res.path))}`,
        );
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
    const order = this.questionnairesFor(answers.questionnaires, dirname(abs), (i, rule, message) =>
      r.error(['questionnaires', i], rule, message),
    );
    pushAll(diagnostics, r.diagnostics);
    if (!order) return { diagnostics };
    const setDiagnostics = checkQuestionSet(order);
    if (hasErrors(setDiagnostics)) {
      const ids = order.map((q) => showId(q.id)).join(', ');
      diagnostics.push(
        diag(
          answers.file,
          positionOfQuestionnaires(answers),
          'error',
          'duplicate-question-id',
          `the questionnaires used together (${ids}) share question ids: ${setDiagnostics.filter((d) => d.rule === 'duplicate-question-id').length} clash(es)`,
        ),
      );
      pushAll(diagnostics, setDiagnostics);
      return { diagnostics };
    }
    for (const message of this.frameworks.conflicts(order))
      diagnostics.push(
        diag(answers.file, positionOfQuestionnaires(answers), 'error', 'framework-version-conflict', message),
      );
    pushAll(diagnostics, checkAnswers(answers, order));
    return { assessment: { answers, questionnaires: order }, diagnostics };
  }
}

const KIND_NAMES: Record<FileKind, string> = {
  questionnaire: 'a questionnaire',
  answers: 'an answers file',
  framework: 'a framework file',
  refs: 'a refs file',
  migration: 'a migration file',
};

function wrongKind(loaded: LoadedFile, expect: FileKind) {
  return diag(
    loaded.parsed!.file,
    START,
    'error',
    'not-hrdd-file',
    `expected ${KIND_NAMES[expect]} (schema: hrdd/${expect}@1), found ${KIND_NAMES[loaded.kind!]}`,
  );
}

function positionOfQuestionnaires(a: Answers) {
  return positionOf(a.parsed, ['questionnaires'], 'key');
}
