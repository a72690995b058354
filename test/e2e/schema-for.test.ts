import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, runMain, tempDir } from '../helpers.js';

const EXAMPLE = join(ROOT, 'examples', 'kestrel-telecom.hrdd.yaml');

async function schemaFor(refs: string[], cwd = ROOT) {
  const r = await runMain(['schema', 'answers', '--for', ...refs], { cwd });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module.default }).default;
  const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule.default }).default;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv, ['date']);
  const schema = JSON.parse(r.stdout);
  return { schema, validate: ajv.compile(schema) };
}

describe('hrdd schema answers --for', () => {
  it('lists every question id of the questionnaires (and those they require) with its option values', async () => {
    const { schema } = await schemaFor(['ict-grievance@1.0.0']);
    const props = schema.properties.answers.properties;
    const q = parse(readFileSync(join(ROOT, 'questionnaires', 'ict-grievance', '1.0.0.yaml'), 'utf8'));
    const ids = q.sections.flatMap((s: { questions: Array<{ id: string }> }) => s.questions.map((x) => x.id));
    for (const id of ids) expect(Object.keys(props)).toContain(id);
    expect(Object.keys(props).some((k) => k.startsWith('PRO-'))).toBe(true); // the required profile
    const first = q.sections[0].questions.find((x: { type: string }) => x.type === 'single');
    expect(props[first.id].anyOf[0].oneOf.map((o: { const: unknown }) => o.const)).toEqual(
      first.options.map((o: { value: unknown }) => o.value),
    );
    expect(props[first.id].description).toBe(first.text.trim());
  });

  it('accepts the example assessment and rejects a value that is not an option', async () => {
    const data = parse(readFileSync(EXAMPLE, 'utf8'));
    const { validate } = await schemaFor(data.questionnaires);
    expect(validate(data), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const single = Object.entries(data.answers).find(
      ([, v]) =>
        typeof v === 'string' || (typeof v === 'object' && v && typeof (v as { value?: unknown }).value === 'string'),
    )!;
    const bad = { ...data, answers: { ...data.answers, [single[0]]: 'not-an-option-value' } };
    expect(validate(bad)).toBe(false);
    expect(validate.errors!.some((e: { instancePath: string }) => e.instancePath === `/answers/${single[0]}`)).toBe(
      true,
    );
    // unknown ids stay allowed (hrdd warns, it does not refuse)
    expect(validate({ ...data, answers: { ...data.answers, 'NOT-A-QUESTION': 'x' } })).toBe(true);
  });

  it('resolves paths and id@version like an answers file; errors are one line each', async () => {
    const dir = tempDir({
      'q.yaml':
        'schema: hrdd/questionnaire@1\nid: mine\nversion: 1.0.0\ntitle: Mine\nsections:\n  - id: s\n    title: S\n    questions:\n      - { id: M1, text: Hello?, type: text }\n',
    });
    const { schema } = await schemaFor(['q.yaml', 'ict-profile@1.0.0'], dir);
    expect(schema.properties.answers.properties.M1.anyOf[0].type).toBe('string');
    expect(schema.$id).toBe('urn:hrdd:schema:answers:1:for:mine@1.0.0,ict-profile@1.0.0');
    const missing = await runMain(['schema', 'answers', '--for', 'nope'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^hrdd: nope: no bundled questionnaire nope .*\[questionnaire-not-found\]\n$/);
    const broken = tempDir({
      'b.yaml': 'schema: hrdd/questionnaire@1\nid: b\nversion: 1.0.0\ntitle: B\nsections: []\nwieght: 1\n',
    });
    const r = await runMain(['schema', 'answers', '--for', 'b.yaml'], { cwd: broken });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^b\.yaml:6:1: error: .*\[schema-unknown-key\]$/m);
    expect((await runMain(['schema', 'questionnaire', '--for', 'ict-profile'])).code).toBe(2);
  });
});
