import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { Reporter } from '../core/reporter.js';
import { hasErrors, type Diagnostic } from '../core/diagnostics.js';
import { UNGP, type Framework, type RefsFile } from '../core/framework.js';
import { checkQuestionnaireRefs, checkRefsFile, type FrameworkLookup } from '../core/framework-rules.js';
import type { LoadedFile } from '../core/load.js';
import type { FileKind } from '../core/typed-model.js';
import type { Questionnaire } from '../core/model.js';
import type { RuleId } from '../core/rules.js';
import { showId } from '../core/show.js';
import { closest } from '../core/suggest.js';
import { pushAll } from '../core/arrays.js';
import { compareVersions, packageRoot, type BundledEntry } from './loader.js';

/** The bundled frameworks: `frameworks/<id>/<version>.yaml` (every released version kept). */
export function frameworksDir(): string {
  return join(packageRoot(), 'frameworks');
}

const FRAMEWORK_ID = /^[a-z0-9][a-z0-9-]*$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The bundled frameworks and their versions (ascending; the last is the latest). */
export function listFrameworks(dir = frameworksDir()): BundledEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && FRAMEWORK_ID.test(d.name) && d.name !== 'mappings')
    .map((d) => ({
      id: d.name,
      versions: readdirSync(join(dir, d.name))
        .filter((f) => f.endsWith('.yaml') && VERSION.test(f.slice(0, -5)))
        .map((f) => f.slice(0, -5))
        .sort(compareVersions),
    }))
    .filter((e) => e.versions.length)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

export type FrameworkProblem = { error: string; rule: RuleId };

/** A refs file, checked, with what it was checked against. */
export interface LoadedRefs {
  file?: RefsFile;
  questionnaire?: Questionnaire;
  lookup?: FileFrameworks;
  diagnostics: Diagnostic[];
}

/** What framework ids mean in one file, with the frameworks its `frameworks` entries name. */
export interface FileFrameworks extends FrameworkLookup {
  declared: readonly Framework[];
}

/** The part of the Loader the frameworks need: files read once per run, and the folders paths may lead into. */
export interface FileSource {
  readonly cwd: string;
  readonly roots: readonly string[];
  loadFile(abs: string, expect?: FileKind): LoadedFile;
  display(abs: string): string;
  /** records a file looked for and missing (for the validate cache) */
  touchPath(abs: string): void;
}

const BUNDLED_REF = /^([a-z0-9][a-z0-9-]*)(?:@(.+))?$/s;

/**
 * Frameworks for one run: bundled ones by id (`rdr`: the latest version) or `id@version`, and
 * framework files by path, relative to the file that names them and kept inside the folders the run
 * reads files from (like questionnaires). Every file is read once, through the Loader.
 */
export class Frameworks {
  private readonly realRoots: string[];
  private readonly lookups = new Map<Questionnaire, FileFrameworks>();
  private bundledList: BundledEntry[] | undefined;

  constructor(
    readonly files: FileSource,
    readonly dir = frameworksDir(),
  ) {
    this.realRoots = [dir, ...files.roots].flatMap((r) => {
      try {
        return [realpathSync(resolve(files.cwd, r))];
      } catch {
        return [];
      }
    });
  }

  bundled(): BundledEntry[] {
    this.bundledList ??= listFrameworks(this.dir);
    return this.bundledList;
  }

  /** The file a reference names: a bundled id, `id@version`, or a path from `baseDir`. */
  resolve(ref: string, baseDir: string): { path: string } | FrameworkProblem {
    const m = BUNDLED_REF.exec(ref);
    if (m && !/\.ya?ml$/i.test(ref)) {
      const [, id, version] = m as unknown as [string, string, string | undefined];
      const all = this.bundled();
      const entry = all.find((e) => e.id === id);
      if (!entry) {
        const guess = closest(
          id,
          all.map((e) => e.id),
        );
        return {
          error: `no bundled framework ${showId(id)}${guess ? `: did you mean ${showId(guess)}?` : ''} (bundled: ${all.map((e) => e.id).join(', ') || 'none'}); a path to a framework file must end in .yaml or .yml`,
          rule: 'unknown-framework',
        };
      }
      const v = version ?? entry.versions[entry.versions.length - 1]!;
      if (!entry.versions.includes(v))
        return {
          error: `framework ${showId(id)} has no version ${showId(v)} (versions: ${entry.versions.join(', ')})`,
          rule: 'framework-version-not-found',
        };
      return { path: join(this.dir, id, `${v}.yaml`) };
    }
    const path = isAbsolute(ref) ? ref : resolve(baseDir, ref);
    this.files.touchPath(path);
    if (!existsSync(path))
      return {
        error: `framework file ${showId(ref)} not found (looked at ${showId(path)})`,
        rule: 'framework-not-found',
      };
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return { error: `framework file ${showId(ref)} cannot be read`, rule: 'framework-not-found' };
    }
    if (!this.realRoots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)))
      return {
        error: `framework path ${showId(ref)} leads outside the folders hrdd reads files from: refused. If you trust it, add --questionnaires ${showId(this.files.display(dirname(real)))}`,
        rule: 'framework-outside-root',
      };
    return { path };
  }

  /** A framework by reference, checked: the framework, or why it cannot be used. */
  load(ref: string, baseDir: string): { framework: Framework; path: string } | FrameworkProblem {
    const res = this.resolve(ref, baseDir);
    if ('error' in res) return res;
    const file = this.files.loadFile(res.path);
    if (!file.framework) {
      if (file.kind || !file.diagnostics.length || !hasErrors(file.diagnostics))
        return {
          error: `${showId(ref)} is not a framework file (schema: hrdd/framework@1)`,
          rule: 'framework-not-found',
        };
    }
    if (!file.framework || hasErrors(file.diagnostics))
      return {
        error: `framework ${showId(ref)} has errors: run hrdd validate ${showId(this.files.display(res.path))}`,
        rule: 'framework-invalid',
      };
    // a bundled file is found by its path: it must say the id and version its path does
    const m = BUNDLED_REF.exec(ref);
    if (m && !/\.ya?ml$/i.test(ref) && join(this.dir, file.framework.id, `${file.framework.version}.yaml`) !== res.path)
      return {
        error: `bundled framework file ${showId(this.files.display(res.path))} says id ${showId(file.framework.id)} version ${showId(file.framework.version)}, not what its path says`,
        rule: 'framework-invalid',
      };
    return { framework: file.framework, path: res.path };
  }

  /**
   * What framework ids mean in a file with these `frameworks` entries (reported through `report`
   * when they fail): an entry's framework, else `fallback`'s (a refs file falls back on its
   * questionnaire's choices), else the bundled one's latest version.
   */
  lookupFor(
    entries: readonly string[],
    baseDir: string,
    report: (index: number, rule: RuleId, message: string) => void,
    fallback?: FrameworkLookup,
  ): FileFrameworks {
    const declared = new Map<string, Framework>();
    const failed = new Set<string>();
    let unknownFailed = false;
    entries.forEach((ref, i) => {
      const res = this.load(ref, baseDir);
      if ('error' in res) {
        report(i, res.rule, res.error);
        const m = BUNDLED_REF.exec(ref);
        if (m && !/\.ya?ml$/i.test(ref)) failed.add(m[1]!);
        else unknownFailed = true; // a file that could not be read: any id may have been meant
        return;
      }
      const fw = res.framework;
      const before = declared.get(fw.id);
      if (before && before !== fw)
        report(
          i,
          'duplicate-framework',
          `framework ${showId(fw.id)} is already named (version ${showId(before.version)}): name each framework once`,
        );
      else declared.set(fw.id, fw);
    });
    const bundledLatest = new Map<string, Framework | 'failed'>();
    return {
      declared: [...declared.values()],
      get: (id) => {
        const d = declared.get(id);
        if (d) return d;
        if (failed.has(id)) return 'failed';
        const f = fallback?.get(id);
        if (f) return f;
        if (!this.bundled().some((e) => e.id === id)) return unknownFailed ? 'failed' : undefined;
        let b = bundledLatest.get(id);
        if (!b) {
          const res = this.load(id, baseDir);
          b = 'error' in res ? 'failed' : res.framework;
          bundledLatest.set(id, b);
        }
        return b;
      },
      ids: () => [...declared.keys(), ...this.bundled().map((e) => e.id)],
    };
  }

  /** A questionnaire's `frameworks` entries and its questions' references, checked. */
  checkQuestionnaire(q: Questionnaire, abs: string): Diagnostic[] {
    const r = new Reporter(q.parsed);
    const lookup = this.lookupFor(q.frameworks, dirname(abs), (i, rule, message) =>
      r.error(['frameworks', i], rule, message),
    );
    this.lookups.set(q, lookup);
    return [...r.diagnostics, ...checkQuestionnaireRefs(q, lookup)];
  }

  /** What framework ids mean in a questionnaire (after it was checked). */
  lookupOf(q: Questionnaire): FileFrameworks | undefined {
    return this.lookups.get(q);
  }

  /**
   * The frameworks that questionnaires and refs files use, each once (the first choice of an id
   * wins): those named in `frameworks` and those their references name.
   */
  used(
    questionnaires: readonly Questionnaire[],
    refs: ReadonlyArray<{ file: RefsFile; lookup: FileFrameworks }> = [],
  ): Framework[] {
    const out = new Map<string, Framework>();
    const add = (lookup: FileFrameworks | undefined, ids: Iterable<string>) => {
      if (!lookup) return;
      for (const id of ids) {
        if (out.has(id)) continue;
        const fw = lookup.get(id);
        if (fw && fw !== 'failed') out.set(id, fw);
      }
    };
    for (const q of questionnaires) {
      const lookup = this.lookupOf(q);
      add(lookup, lookup?.declared.map((f) => f.id) ?? []);
      for (const qu of q.sections.flatMap((s) => s.questions)) add(lookup, qu.refs.keys());
    }
    for (const { file, lookup } of refs) {
      add(
        lookup,
        lookup.declared.map((f) => f.id),
      );
      for (const m of file.refs.values()) add(lookup, m.keys());
    }
    return [...out.values()];
  }

  /**
   * Frameworks that questionnaires used together choose differently (another version, or another
   * file with the same id): an assessment scores each framework in one version only.
   */
  conflicts(questionnaires: readonly Questionnaire[]): string[] {
    const chosen = new Map<string, { fw: Framework; by: Questionnaire }>();
    const out: string[] = [];
    for (const q of questionnaires) {
      const lookup = this.lookupOf(q);
      if (!lookup) continue;
      const ids = new Set([
        ...lookup.declared.map((f) => f.id),
        ...q.sections.flatMap((s) => s.questions.flatMap((x) => [...x.refs.keys()])),
      ]);
      for (const id of ids) {
        const fw = lookup.get(id);
        if (!fw || fw === 'failed') continue;
        const first = chosen.get(id);
        if (!first) chosen.set(id, { fw, by: q });
        else if (first.fw !== fw)
          out.push(
            `questionnaires ${showId(first.by.id)} and ${showId(q.id)} use different versions of framework ${showId(id)} (${showId(first.fw.version)} from ${showId(first.fw.file)}, ${showId(fw.version)} from ${showId(fw.file)}): an assessment uses one version of each framework`,
          );
      }
    }
    return out;
  }

  /** The UN Guiding Principles as the report names and groups them: the one in use, else the bundled latest. */
  ungp(used: readonly Framework[] = []): Framework | undefined {
    const inUse = used.find((f) => f.id === UNGP);
    if (inUse) return inUse;
    const res = this.load(UNGP, this.dir);
    return 'error' in res ? undefined : res.framework;
  }

  /**
   * A refs file (`--refs`, or found by validate) with its questionnaire and frameworks, checked:
   * the questionnaire it names, its `frameworks` entries, its question ids and its references.
   */
  loadRefs(abs: string): LoadedRefs {
    const loaded = this.files.loadFile(abs, 'refs');
    const diagnostics = [...loaded.diagnostics];
    if (loaded.kind !== 'refs') return { diagnostics };
    const file = loaded.refs;
    if (!file || hasErrors(diagnostics) || !file.questionnaire) return { diagnostics };
    const r = new Reporter(file.parsed);
    const questionnaire = this.questionnaire?.(file.questionnaire, dirname(abs), (rule, message) =>
      r.error(['questionnaire'], rule, message),
    );
    const lookup = this.lookupFor(
      file.frameworks,
      dirname(abs),
      (i, rule, message) => r.error(['frameworks', i], rule, message),
      questionnaire && this.lookupOf(questionnaire),
    );
    pushAll(diagnostics, r.diagnostics);
    if (!questionnaire) return { file, lookup, diagnostics };
    const ids = new Set(questionnaire.sections.flatMap((s) => s.questions.map((q) => q.id)));
    pushAll(diagnostics, checkRefsFile(file, ids, lookup));
    return { file, questionnaire, lookup, diagnostics };
  }

  /** Set by the Loader: a questionnaire by reference, checked, or undefined after reporting why not. */
  questionnaire?: (
    ref: string,
    baseDir: string,
    report: (rule: RuleId, message: string) => void,
  ) => Questionnaire | undefined;
}
