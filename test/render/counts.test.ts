// One count everywhere: the wizard's header and review (core/progress), hrdd score's summary and the
// report's completion and "not yet assessed" list all say the same numbers.
import { describe, expect, it } from 'vitest';
import { buildReportModel } from '../../src/core/report-model.js';
import { moduleProgress, progressOf } from '../../src/core/progress.js';
import { scoreAssessment } from '../../src/core/score.js';
import { loadBytes } from '../../src/core/load.js';
import { plain } from '../../src/render/paint.js';
import { renderScoreText } from '../../src/render/terminal.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { answers, question as Q, questionnaireOf as QN } from '../core/score-helpers.js';

const gate = Q('G', {
  weight: 0,
  options: [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ],
});
const m = QN('m', [
  { id: 's', questions: [gate, Q('A1'), Q('A2', { when: { question: 'G', equals: 'yes' } }), Q('A3'), Q('A4')] },
]);
const n = QN('n', [{ id: 's', questions: [Q('B1'), Q('B2', { when: { question: 'G', equals: 'yes' } })] }]);

describe('one count everywhere', () => {
  it.each([
    ['G unanswered: the questions waiting on it count', { A1: 'a', A3: { skipped: true }, B1: 'n' }, [1, 5]],
    ['G = no: they are gone', { G: 'no', A1: 'a', A3: 'b', A4: { value: 'n', note: 'x' } }, [2, 3]],
    ['G = yes: they apply', { G: 'yes', A1: 'a', A2: 'c', B1: 'b' }, [3, 6]],
  ] as const)('%s', (_name, given, [answered, total]) => {
    const result = scoreAssessment([m, n], answers(given));
    const p = progressOf(result);
    expect([p.answered, p.total]).toEqual([answered, total]);
    expect(moduleProgress(result, m).total + moduleProgress(result, n).total).toBe(p.total);
    expect(moduleProgress(result, m).answered + moduleProgress(result, n).answered).toBe(p.answered);
    const text = renderScoreText(result, {
      paint: plain,
      fancy: false,
      columns: 80,
      organisation: 'O',
      answersFile: 'a.yaml',
    });
    expect(text).toContain(`${answered} of ${total} questions answered`);
    if (p.left) expect(text).toContain(`Not yet assessed: ${p.left} question`);
    const per = [m, n].map((q) => moduleProgress(result, q));
    if (p.left)
      expect(text).toContain(
        `By module: m ${per[0]!.answered}/${per[0]!.total} n ${per[1]!.answered}/${per[1]!.total}`,
      );
    else expect(text).not.toContain('By module');
    const loaded = loadBytes(
      Buffer.from('schema: hrdd/answers@1\norganisation: O\nquestionnaires: [m, n]\nanswers: {}\n'),
      'a.yaml',
      'x',
    );
    const model = buildReportModel(
      [m, n],
      { ...loaded.answers!, answers: answers(given) },
      result,
      {
        answers: { path: 'a.yaml', sha256: 'x' },
        questionnaires: [],
      },
      { redact: false, today: '2026-01-02', tool: { name: 'hrdd', version: '0' } },
    );
    expect(model.notYetAssessed).toHaveLength(p.left);
    // the report gives each module the same count as the header and the review
    expect(model.questionnaires.map((q) => [q.id, q.answered, q.total])).toEqual(
      [m, n].map((q) => [q.id, moduleProgress(result, q).answered, moduleProgress(result, q).total]),
    );
    expect(model.summary.completion).toMatchObject({ answered: p.answered, total: p.total });
    const md = renderMarkdown(model);
    for (const q of model.questionnaires) expect(md).toContain(`(${q.id}), ${q.answered} of ${q.total} answered |`);
  });
});
