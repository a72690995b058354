import { join } from 'node:path';
import type { Context } from '../context.js';
import { allQuestions } from '../core/model.js';
import { isChoice } from '../core/model.js';
import { InputError } from '../errors.js';
import { bundledDir, listBundled, Loader } from '../io/loader.js';
import { jsonText, termLine } from '../render/inert.js';

export async function listCommand(opts: { format: 'text' | 'json' }, ctx: Context): Promise<number> {
  const loader = new Loader(ctx.cwd);
  const rows = listBundled().map((e) => {
    const latest = e.versions[e.versions.length - 1]!;
    const lq = loader.loadQuestionnaire(join(bundledDir(), e.id, `${latest}.yaml`));
    const q = lq.questionnaire;
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
  if (opts.format === 'json') {
    ctx.stdout(jsonText(rows));
    return 0;
  }
  const shown = rows.map((r) => ({ ...r, id: termLine(r.id), version: termLine(r.version), title: termLine(r.title) }));
  const w = Math.max(2, ...shown.map((r) => r.id.length));
  ctx.stdout(`${'id'.padEnd(w)}  version  questions  scored  title\n`);
  for (const r of shown)
    ctx.stdout(
      `${r.id.padEnd(w)}  ${r.version.padEnd(7)}  ${String(r.questions).padStart(9)}  ${String(r.scored).padStart(6)}  ${r.title}\n`,
    );
  return 0;
}
