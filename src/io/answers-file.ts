import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Document, isMap, isScalar, isSeq, parseDocument, visit, YAMLMap, type Node as YamlNode } from 'yaml';
import type { Answer } from '../core/model.js';
import type { Disagreement, MergedAnswer } from '../core/merge.js';
import { exists, sha256, writeAtomic, writeTarget, type WriteFs } from './files.js';

/** What an answers file needs from the world, injected so tests can drive it. */
export interface AnswersFileOptions {
  /** the clock, in milliseconds since 1970 (names recovery files) */
  now?: () => number;
  /** the file-system calls of every write (tests inject faults) */
  fs?: WriteFs;
}

/**
 * How hrdd writes answers files: scalars stay on one line however long (yaml folds at 80 columns
 * by default), so a note is one line in a diff, a one-line note the user wrote is not refolded on
 * save, and the file stays in the YAML subset the fast reader takes.
 */
export const ANSWERS_YAML = { lineWidth: 0 } as const;

/** The file changed on disk since hrdd read it: it is not overwritten. */
export class ConflictError extends Error {
  constructor(
    readonly path: string,
    readonly recoveryPath: string,
  ) {
    super(
      `${path} was changed by another program since hrdd read it, so hrdd did not overwrite it; your answers so far are in ${recoveryPath}`,
    );
  }
}

/** What a save found when the file had changed on disk since hrdd read it, and merged. */
export interface MergeReport {
  /** questions the other program changed (their answers are kept) */
  theirs: string[];
  /** the question being saved was changed there too: the file keeps theirs until `set` again */
  conflict?: { id: string; theirs: Answer | null };
}

type Raw = unknown;
const canonical = (v: Raw): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  ) ?? 'undefined';

/** An answer that the file holds as its bare value. */
const isPlain = (a: Answer) => !a.skipped && a.note === undefined && !a.evidence?.length && a.carried === undefined;

/** An answer as the file holds it (a value, or a mapping with value, note, evidence, skipped). */
export function answerOf(raw: Raw): Answer | null {
  if (raw === undefined) return null;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { value: raw as Answer['value'], skipped: false };
  const m = raw as Record<string, unknown>;
  return {
    value: (m['value'] ?? null) as Answer['value'],
    skipped: m['skipped'] === true,
    ...(typeof m['note'] === 'string' && { note: m['note'] }),
    ...(Array.isArray(m['evidence']) && { evidence: m['evidence'] as string[] }),
    ...(typeof m['carried'] === 'string' && { carried: m['carried'] }),
  };
}

const answersOf = (doc: Document): Record<string, Raw> => {
  const a = (doc.toJS() as Record<string, unknown> | null)?.['answers'];
  return a && typeof a === 'object' && !Array.isArray(a) ? (a as Record<string, Raw>) : {};
};

/**
 * An answers file edited in place: every change goes into the parsed YAML document, so comments,
 * key order and formatting survive, and is written at once (atomically, keeping permissions).
 */
export class AnswersFile {
  private hash: string;
  /** the answers as last read or written: the common ancestor of a three-way merge */
  private base: Record<string, Raw>;
  private doc: Document;
  private constructor(
    readonly path: string,
    doc: Document,
    text: string,
    private readonly opts: AnswersFileOptions,
  ) {
    this.hash = sha256(text);
    this.doc = AnswersFile.prepare(doc);
    this.base = answersOf(this.doc);
  }

  private static prepare(doc: Document): Document {
    const answers = doc.get('answers', true);
    if (isMap(answers) && answers.flow && answers.items.length === 0) answers.flow = false; // `answers: {}` grows as a block
    if (!isMap(answers)) doc.set('answers', new YAMLMap());
    return doc;
  }

  /** The answers the file holds now (after a merge, the other program's included). */
  answers(): Map<string, Answer> {
    const out = new Map<string, Answer>();
    for (const [id, raw] of Object.entries(answersOf(this.doc))) {
      const a = answerOf(raw);
      if (a) out.set(id, a);
    }
    return out;
  }

  static open(path: string, opts: AnswersFileOptions = {}): AnswersFile {
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    return new AnswersFile(path, parseDocument(text, { uniqueKeys: true }), text, opts);
  }

  /**
   * Creates a new answers file (mode 0600: notes can be sensitive); never overwrites one, not even
   * through a dangling symbolic link (the name must be free: EEXIST otherwise).
   */
  static create(
    path: string,
    header: { organisation: string; assessor?: string; date: string; questionnaires: string[]; schemaPath?: string },
    opts: AnswersFileOptions = {},
  ): AnswersFile {
    if (exists(path)) throw Object.assign(new Error(`${path} already exists`), { code: 'EEXIST' });
    const lines = [
      ...(header.schemaPath ? [`# yaml-language-server: $schema=${header.schemaPath}`] : []),
      '# hrdd assessment answers: saved after every answer. Resume with: hrdd assess --answers <this file>',
      'schema: hrdd/answers@1',
    ];
    const body = new Document({
      organisation: header.organisation,
      ...(header.assessor && { assessor: header.assessor }),
      date: header.date,
      questionnaires: header.questionnaires,
      answers: {},
    }).toString(ANSWERS_YAML);
    const text = lines.join('\n') + '\n' + body;
    writeAtomic(path, text, 0o600, { exclusive: true, ...(opts.fs && { fs: opts.fs }) });
    return new AnswersFile(path, parseDocument(text, { uniqueKeys: true }), text, opts);
  }

  /**
   * Records an answer (null removes it) and saves the file at once. When another program changed
   * the file since hrdd read it, merges three ways (as read, on disk, this answer): their changes
   * to other questions are kept; when they changed this very question too, the file keeps theirs
   * and the report says so (set it again to keep yours). Returns what a merge did, if one was needed.
   */
  set(id: string, answer: Answer | null): MergeReport | undefined {
    const onDisk = this.readDisk();
    let report: MergeReport | undefined;
    if (onDisk !== undefined && sha256(onDisk) !== this.hash) {
      let theirs: Document | undefined;
      try {
        const parsed = parseDocument(onDisk, { uniqueKeys: true });
        if (!parsed.errors.length && isMap(parsed.contents)) theirs = AnswersFile.prepare(parsed);
      } catch {
        /* not YAML any more: not merged */
      }
      if (!theirs) {
        this.put(id, answer); // into the recovery file with the rest
        throw new ConflictError(this.path, this.writeRecovery());
      }
      const disk = answersOf(theirs);
      const changed = [...new Set([...Object.keys(disk), ...Object.keys(this.base)])].filter(
        (k) => canonical(disk[k]) !== canonical(this.base[k]),
      );
      this.doc = theirs;
      this.hash = sha256(onDisk);
      this.base = disk;
      const mineRaw = answer === null ? undefined : this.toRaw(answer);
      if (changed.includes(id) && canonical(disk[id]) !== canonical(mineRaw)) {
        return { theirs: changed.filter((k) => k !== id), conflict: { id, theirs: answerOf(disk[id]) } };
      }
      report = { theirs: changed.filter((k) => k !== id) };
    }
    this.put(id, answer);
    this.save();
    return report;
  }

  private toRaw(answer: Answer): Raw {
    if (isPlain(answer)) return answer.value;
    return {
      ...(answer.skipped && { skipped: true }),
      ...(!answer.skipped && answer.value !== null && { value: answer.value }),
      ...(answer.note !== undefined && { note: answer.note }),
      ...(answer.evidence?.length && { evidence: answer.evidence }),
      ...(answer.carried !== undefined && { carried: answer.carried }),
    };
  }

  private readDisk(): string | undefined {
    return existsSync(this.path) ? readFileSync(this.path, 'utf8').replace(/^\uFEFF/, '') : undefined;
  }

  private put(id: string, answer: Answer | null): void {
    const answers = this.doc.get('answers', true) as YAMLMap;
    if (answer === null) answers.delete(id);
    else {
      const existing = answers.get(id, true) as YamlNode | undefined;
      if (isPlain(answer) && !isMap(existing)) {
        answers.set(id, this.valueNode(answer.value));
      } else {
        const map = isMap(existing) ? existing : new YAMLMap();
        const put = (k: string, v: unknown) =>
          v === undefined || v === null ? map.delete(k) : map.set(k, this.valueNode(v));
        put('skipped', answer.skipped ? true : undefined);
        put('value', answer.skipped ? undefined : answer.value);
        put('note', answer.note);
        put('evidence', answer.evidence?.length ? answer.evidence : undefined);
        put('carried', answer.carried); // confirming a carried answer removes the mark
        if (!isMap(existing)) answers.set(id, map);
      }
    }
  }

  private valueNode(v: unknown): unknown {
    const node = this.doc.createNode(v);
    if (isSeq(node) && node.items.every((i) => isScalar(i))) node.flow = true;
    return node;
  }

  /** Writes the document, unless the file changed on disk since it was read or last written. */
  save(): void {
    const text = this.doc.toString(ANSWERS_YAML);
    const onDisk = this.readDisk();
    if (onDisk !== undefined && sha256(onDisk) !== this.hash) throw new ConflictError(this.path, this.writeRecovery());
    writeAtomic(this.path, text, 0o600, this.writeOptions());
    this.hash = sha256(text);
    this.base = answersOf(this.doc);
  }

  /**
   * Writes everything answered so far (saved or not) to a new `<name>.recovered-<time>.yaml`: beside
   * the answers file (beside its target, for a symbolic link), or in the temporary folder if that
   * fails (a full disk). Never replaces a file or follows a link. Returns the path written.
   */
  writeRecovery(): string {
    let target = this.path;
    try {
      target = writeTarget(this.path);
    } catch {
      /* the path as given */
    }
    const stem = basename(target).replace(/\.ya?ml$/i, '');
    const stamp = (this.opts.now ?? Date.now)();
    let failure: unknown;
    for (const dir of [dirname(target), tmpdir()]) {
      for (let n = 1; n < 100; n++) {
        const path = join(dir, `${stem}.recovered-${stamp}${n > 1 ? `-${n}` : ''}.yaml`);
        if (exists(path)) continue;
        try {
          writeAtomic(path, this.toString(), 0o600, { exclusive: true, ...this.writeOptions() });
          return path;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
          failure = e;
          break;
        }
      }
    }
    throw failure;
  }

  private writeOptions() {
    return this.opts.fs ? { fs: this.opts.fs } : {};
  }

  toString(): string {
    return this.doc.toString(ANSWERS_YAML);
  }
}

/** What `hrdd merge` writes: the merged answers, who gave them, and where they disagree. */
export interface MergedAnswersFile {
  organisation: string;
  /** the latest of the respondents' dates */
  date?: string;
  /** the questionnaire references, relative to the merged file's folder */
  questionnaires: string[];
  policy: string;
  /** in the order written (sorted by label) */
  respondents: Array<{ label: string; file: string; sha256: string }>;
  disagreements: readonly Disagreement[];
  answers: ReadonlyMap<string, MergedAnswer>;
}

/** The text of a merged answers file (hrdd/answers@1 with its `merged` record), as hrdd writes answers files. */
export function mergedAnswersText(m: MergedAnswersFile): string {
  const doc = new Document({
    schema: 'hrdd/answers@1',
    organisation: m.organisation,
    assessor: `Merged: ${m.respondents.map((r) => r.label).join(', ')}`,
    ...(m.date && { date: m.date }),
    questionnaires: m.questionnaires,
    merged: {
      policy: m.policy,
      respondents: m.respondents.map((r) => ({ respondent: r.label, file: r.file, sha256: r.sha256 })),
      ...(m.disagreements.length && {
        disagreements: m.disagreements.map((d) => ({ question: d.question, scores: d.scores })),
      }),
    },
    answers: Object.fromEntries(
      [...m.answers].map(([id, a]) => [
        id,
        {
          ...(a.skipped ? { skipped: true } : { value: a.value }),
          ...(a.note && { note: a.note }),
          ...(a.evidence?.length && { evidence: a.evidence }),
          respondents: a.respondents,
        },
      ]),
    ),
  });
  doc.commentBefore = ` Merged by hrdd merge (policy: ${m.policy}) from ${m.respondents.length} answers files.`;
  return doc.toString(ANSWERS_YAML);
}

/** What `hrdd migrate` writes: a new answers file whose carried answers are marked for confirmation. */
export interface MigratedAnswersFile {
  organisation: string;
  assessor?: string;
  date: string;
  questionnaires: string[];
  answers: ReadonlyMap<string, Answer>;
  /** the answers file migrated, and the versions, for the header comment */
  source: string;
  schemaPath?: string;
}

/** The text of a migrated answers file (hrdd/answers@1), as hrdd writes answers files. */
export function migratedAnswersText(m: MigratedAnswersFile): string {
  const raw = (a: Answer) =>
    isPlain(a)
      ? a.value
      : {
          ...(a.skipped ? { skipped: true } : { value: a.value }),
          ...(a.note !== undefined && { note: a.note }),
          ...(a.evidence?.length && { evidence: a.evidence }),
          ...(a.carried !== undefined && { carried: a.carried }),
        };
  const doc = new Document({
    schema: 'hrdd/answers@1',
    organisation: m.organisation,
    ...(m.assessor && { assessor: m.assessor }),
    date: m.date,
    questionnaires: m.questionnaires,
    answers: Object.fromEntries([...m.answers].map(([id, a]) => [id, raw(a)])),
  });
  // lists of values on one line, as the wizard writes them
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  doc.commentBefore = [
    ...(m.schemaPath ? [` yaml-language-server: $schema=${m.schemaPath}`] : []),
    ` Carried forward by hrdd migrate from ${m.source}.`,
    ' Each answer marked `carried` is not yet confirmed: hrdd assess --answers <this file> asks each',
    ' again, with the carried value chosen.',
  ].join('\n');
  return doc.toString(ANSWERS_YAML);
}
