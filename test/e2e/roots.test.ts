import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, tempDir } from '../helpers.js';

const Q = (id: string) =>
  `schema: hrdd/questionnaire@1\nid: ${id}\nversion: 1.0.0\ntitle: ${id}\nsections:\n  - id: s\n    title: S\n    questions:\n      - { id: ${id.toUpperCase()}1, text: t, type: single, ungp: [16], help: h, recommendation: r, options: [{ value: a, label: A, score: 1 }, { value: b, label: B, score: 0 }] }\n`;
const A = (ref: string, id: string) =>
  `schema: hrdd/answers@1\norganisation: X\nquestionnaires: ["${ref}"]\nanswers: { ${id.toUpperCase()}1: a }\n`;

/** A consultant's disk: a client's folder, and a questionnaire of another client beside it. */
function disk() {
  const root = tempDir({ 'other-client/secret.yaml': Q('secret'), 'client/sub/own.yaml': Q('own') });
  return { root, client: join(root, 'client'), secret: join(root, 'other-client', 'secret.yaml') };
}

describe('questionnaire paths stay under the folders the user named', () => {
  it("an absolute or ../ path out of the answers file's folder is refused, naming what was refused and the way out", async () => {
    const { root, client, secret } = disk();
    for (const ref of [secret, '../other-client/secret.yaml']) {
      writeFileSync(join(client, 'a.yaml'), A(ref, 'secret'));
      const r = await runMain(['report', 'a.yaml', '--format', 'md', '--out', 'out'], { cwd: client });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^a\\.yaml:3:18: error: questionnaire path ${ref.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} leads outside the folders hrdd reads questionnaires from \\(\\., and the bundled set\\): refused\\. If you trust it, add --questionnaires .*other-client \\[questionnaire-outside-root\\]$`,
          'm',
        ),
      );
      const ok = await runMain(['score', 'a.yaml', '--questionnaires', join(root, 'other-client')], { cwd: client });
      expect([ref, ok.code]).toEqual([ref, 0]);
    }
  });

  it('a symbolic link out of the folder is refused too; paths inside it work', async () => {
    const { client, secret } = disk();
    symlinkSync(secret, join(client, 'link.yaml'));
    writeFileSync(join(client, 'a.yaml'), A('./link.yaml', 'secret'));
    expect((await runMain(['score', 'a.yaml'], { cwd: client })).stderr).toMatch(/\[questionnaire-outside-root\]/);
    writeFileSync(join(client, 'b.yaml'), A('./sub/own.yaml', 'own'));
    expect((await runMain(['score', 'b.yaml'], { cwd: client })).code).toBe(0);
  });

  it('requires paths are held to the same folders; validate reads from the folders it was given', async () => {
    const { root, client } = disk();
    mkdirSync(join(client, 'q'));
    writeFileSync(
      join(client, 'q', 'needs.yaml'),
      Q('needs').replace('sections:', 'requires: [../../other-client/secret.yaml]\nsections:'),
    );
    const r = await runMain(['validate', 'q/needs.yaml'], { cwd: client });
    expect(r.stdout).toMatch(
      /^q\/needs\.yaml:5:12: error: questionnaire path \.\.\/\.\.\/other-client\/secret\.yaml leads outside .*\[questionnaire-outside-root\]$/m,
    );
    // naming the whole disk as the folder to validate makes it the user's own
    expect((await runMain(['validate', '.'], { cwd: root })).stdout).not.toMatch(/questionnaire-outside-root/);
  });
});
