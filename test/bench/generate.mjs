// Synthetic questionnaires and answers of any size, for the benchmarks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TAGS = ['privacy', 'freedom-of-expression', 'labour-rights', 'non-discrimination'];

/** A questionnaire of `n` scored questions in sections of 50, with conditions and salience. */
export function questionnaireYaml(id, n) {
  const lines = ['schema: hrdd/questionnaire@1', `id: ${id}`, 'version: 1.0.0', `title: Synthetic ${n}`, 'sections:'];
  for (let s = 0; s * 50 < n; s++) {
    lines.push(`  - id: s${s}`, `    title: Section ${s}`, '    questions:');
    for (let q = s * 50; q < Math.min(n, (s + 1) * 50); q++) {
      lines.push(
        `      - id: ${id.toUpperCase()}-${q}`,
        `        text: Is practice ${q} in place?`,
        '        type: single',
        `        ungp: [${11 + (q % 14)}]`,
        `        weight: ${1 + (q % 3)}`,
        ...(q % 10 === 5 ? [`        when: { question: ${id.toUpperCase()}-${q - 1}, in: [yes, partly] }`] : []),
        ...(q % 25 === 0 ? ['        critical: true'] : []),
        '        help: Good practice, with records.',
        '        recommendation: Put it in place.',
        `        tags: [${TAGS[q % TAGS.length]}]`,
        '        options:',
        '          - { value: yes, label: Yes, score: 1, evidenceRequired: true }',
        '          - { value: partly, label: Partly, score: 0.5 }',
        '          - { value: no, label: No, score: 0 }',
        ...(q % 25 === 0 ? [] : ['          - { value: na, label: N/A, na: true }']),
      );
    }
  }
  return lines.join('\n') + '\n';
}

export function answersYaml(qfile, id, n) {
  const lines = [
    'schema: hrdd/answers@1',
    'organisation: Synthetic Co',
    'assessor: Bench Mark',
    'date: 2026-11-22',
    `questionnaires: [${qfile}]`,
    'answers:',
  ];
  const values = ['yes', 'partly', 'no', 'partly', 'yes'];
  for (let q = 0; q < n; q++) {
    const v = values[q % values.length];
    if (v === 'yes')
      lines.push(
        `  ${id.toUpperCase()}-${q}:`,
        `    value: yes`,
        `    note: Evidence on file for ${q}.`,
        `    evidence: [docs/e${q}.pdf]`,
      );
    else lines.push(`  ${id.toUpperCase()}-${q}: ${v}`);
  }
  return lines.join('\n') + '\n';
}

export function writeAssessment(dir, n) {
  mkdirSync(dir, { recursive: true });
  const id = `syn${n}`;
  writeFileSync(join(dir, `${id}.yaml`), questionnaireYaml(id, n));
  writeFileSync(join(dir, `${id}-answers.yaml`), answersYaml(`./${id}.yaml`, id, n));
  return join(dir, `${id}-answers.yaml`);
}

/** A folder of `count` questionnaire files of ~`size` questions each. */
export function writeFolder(dir, count, size = 20) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `q${i}.yaml`), questionnaireYaml(`f${i}`, size));
}
