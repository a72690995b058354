import { existsSync, readFileSync } from 'node:fs';
import { Document, isMap, isScalar, isSeq, parseDocument, YAMLMap, type Node as YamlNode } from 'yaml';
import type { Answer } from '../core/model.js';
import { writeAtomic, sha256 } from './files.js';

/**
 * How hrdd writes answers files: scalars stay on one line however long (yaml folds at 80 columns
 * by default), so a note is one line in a diff, a one-line note the user wrote is not refolded on
 * save, and the file stays in the YAML subset the fast reader takes.
 */
export const ANSWERS_YAML = { lineWidth: 0 } as const;

/** The file changed on disk since hrdd read it: it is not overwritten. */
export class ConflictError extends Error {
  constructor(readonly path: string, readonly recoveryPath: string) {
    super(`${path} was changed by another program since hrdd read it, so hrdd did not overwrite it; your answers so far are in ${recoveryPath}`);
  }
}

/**
 * An answers file edited in place: every change goes into the parsed YAML document, so comments,
 * key order and formatting survive, and is written at once (atomically, keeping permissions).
 */
export class AnswersFile {
  private hash: string;
  private constructor(readonly path: string, private readonly doc: Document, text: string) {
    this.hash = sha256(text);
    const answers = doc.get('answers', true);
    if (isMap(answers) && answers.flow && answers.items.length === 0) answers.flow = false; // `answers: {}` grows as a block
    if (!isMap(answers)) doc.set('answers', new YAMLMap());
  }

  static open(path: string): AnswersFile {
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    return new AnswersFile(path, parseDocument(text, { uniqueKeys: true }), text);
  }

  /** Creates a new answers file (mode 0600: notes can be sensitive); never overwrites one. */
  static create(path: string, header: { organisation: string; assessor?: string; date: string; questionnaires: string[]; schemaPath?: string }): AnswersFile {
    if (existsSync(path)) throw new Error(`${path} already exists`);
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
    writeAtomic(path, text, 0o600);
    return new AnswersFile(path, parseDocument(text, { uniqueKeys: true }), text);
  }

  /** Records an answer (null removes it) and saves the file at once. */
  set(id: string, answer: Answer | null): void {
    const answers = this.doc.get('answers', true) as YAMLMap;
    if (answer === null) answers.delete(id);
    else {
      const existing = answers.get(id, true) as YamlNode | undefined;
      const plain = !answer.skipped && answer.note === undefined && !answer.evidence?.length;
      if (plain && !isMap(existing)) {
        answers.set(id, this.valueNode(answer.value));
      } else {
        const map = isMap(existing) ? existing : new YAMLMap();
        const put = (k: string, v: unknown) => (v === undefined || v === null ? map.delete(k) : map.set(k, this.valueNode(v)));
        put('skipped', answer.skipped ? true : undefined);
        put('value', answer.skipped ? undefined : answer.value);
        put('note', answer.note);
        put('evidence', answer.evidence?.length ? answer.evidence : undefined);
        if (!isMap(existing)) answers.set(id, map);
      }
    }
    this.save();
  }

  private valueNode(v: unknown): unknown {
    const node = this.doc.createNode(v);
    if (isSeq(node) && node.items.every((i) => isScalar(i))) node.flow = true;
    return node;
  }

  /** Writes the document, unless the file changed on disk since it was read or last written. */
  save(): void {
    const text = this.doc.toString(ANSWERS_YAML);
    const onDisk = existsSync(this.path) ? readFileSync(this.path, 'utf8').replace(/^\uFEFF/, '') : undefined;
    if (onDisk !== undefined && sha256(onDisk) !== this.hash) {
      const recovery = this.path.replace(/(\.ya?ml)?$/i, `.recovered-${Date.now()}.yaml`);
      writeAtomic(recovery, text, 0o600);
      throw new ConflictError(this.path, recovery);
    }
    writeAtomic(this.path, text, 0o600);
    this.hash = sha256(text);
  }

  toString(): string {
    return this.doc.toString(ANSWERS_YAML);
  }
}
