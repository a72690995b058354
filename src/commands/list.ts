import { join } from 'node:path';
import type { Context } from '../context.js';
import { allQuestions, isChoice } from '../core/model.js';
import { InputError } from '../errors.js';
import { bundledDir, listBundled, Loader } from '../io/loader.js';
import { frameworksDir, listFrameworks } from '../io/frameworks.js';
import { jsonText, termLine } from '../render/inert.js';

export type ListKind = 'questionnaires' | 'frameworks';

interface QuestionnaireRow {
  id: string;
  version: string;
  versions: string[];
  title: string;
  questions: number;
  scored: number;
  requires: readonly string[];
}

interface FrameworkRow {
  id: string;
  version: string;
  versions: string[];
  title: string;
  publisher: string | undefined;
  items: number;
}

/**
 * hrdd list: the bundled questionnaires and frameworks (latest versions, with every version kept).
 * With a kind, only that kind: an array in JSON; without, both tables, or `{ questionnaires, frameworks }`.
 */
export async function listCommand(
  opts: { format: 'text' | 'json'; kind?: ListKind | undefined },
  ctx: Context,
): Promise<number> {
  const loader = new Loader(ctx.cwd);
  const questionnaires = opts.kind === 'frameworks' ? [] : questionnaireRows(loader);
  const frameworks = opts.kind === 'questionnaires' ? [] : frameworkRows(loader);
  if (opts.format === 'json') {
    ctx.stdout(
      jsonText(
        opts.kind === 'questionnaires'
          ? questionnaires
          : opts.kind === 'frameworks'
            ? frameworks
            : { questionnaires, frameworks },
      ),
    );
    return 0;
  }
  const out: string[] = [];
  if (opts.kind !== 'frameworks') out.push(...questionnaireTable(questionnaires));
  if (!opts.kind) out.push('');
  if (opts.kind !== 'questionnaires') out.push(...frameworkTable(frameworks));
  ctx.stdout(out.map((l) => `${l}\n`).join(''));
  return 0;
}

function questionnaireRows(loader: Loader): QuestionnaireRow[] {
  return listBundled().map((e) => {
    const latest = e.versions[e.versions.length - 1]!;
    const q = loader.loadQuestionnaire(join(bundledDir(), e.id, `${latest}.yaml`)).questionnaire;
    if (!q) throw new InputError(`bundled questionnaire ${e.id}@${latest} cannot be read: run hrdd validate on it`);
    const questions = allQuestions(q);
    const scored = questions.filter((x) => isChoice(x) && x.weight > 0 && !x.salience).length;
    return {
      id: q.id,
      version: q.version,
      versions: e.versions,
      title: q.title,
      questions: questions.length,
      scored,
      requires: q.requires,
    };
  });
}

function frameworkRows(loader: Loader): FrameworkRow[] {
  return listFrameworks().map((e) => {
    const latest = e.versions[e.versions.length - 1]!;
    const got = loader.frameworks.load(join(frameworksDir(), e.id, `${latest}.yaml`), frameworksDir());
    if ('error' in got)
      throw new InputError(`bundled framework ${e.id}@${latest} cannot be read: run hrdd validate on it`);
    const f = got.framework;
    return {
      id: f.id,
      version: f.version,
      versions: e.versions,
      title: f.title,
      publisher: f.publisher,
      items: f.items.length,
    };
  });
}

function questionnaireTable(rows: readonly QuestionnaireRow[]): string[] {
  const shown = rows.map((r) => ({ ...r, id: termLine(r.id), version: termLine(r.version), title: termLine(r.title) }));
  const w = Math.max('questionnaire'.length, ...shown.map((r) => r.id.length));
  const older = rows.flatMap((r) => r.versions.filter((v) => v !== r.version).map((v) => termLine(`${r.id}@${v}`)));
  return [
    `${'questionnaire'.padEnd(w)}  version  questions  scored  title`,
    ...shown.map(
      (r) =>
        `${r.id.padEnd(w)}  ${r.version.padEnd(7)}  ${String(r.questions).padStart(9)}  ${String(r.scored).padStart(6)}  ${r.title}`,
    ),
    ...(older.length ? ['', `Older versions, kept so that old assessments rescore exactly: ${older.join(', ')}.`] : []),
  ];
}

function frameworkTable(rows: readonly FrameworkRow[]): string[] {
  const shown = rows.map((r) => ({ ...r, id: termLine(r.id), version: termLine(r.version), title: termLine(r.title) }));
  const w = Math.max('framework'.length, ...shown.map((r) => r.id.length));
  return [
    `${'framework'.padEnd(w)}  version  items  title`,
    ...shown.map((r) => `${r.id.padEnd(w)}  ${r.version.padEnd(7)}  ${String(r.items).padStart(5)}  ${r.title}`),
  ];
}
