import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run, runMain } from '../helpers.js';

describe('the hrdd command', () => {
  // the first two spawn bin/hrdd: it answers --version and --help itself, without loading the CLI
  it('--version prints the package version; --help lists every command', async () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    expect(run(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(await runMain(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    const help = run(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['validate', 'score', 'assess', 'report', 'compare', 'merge', 'schema', 'list'])
      expect(help.stdout).toContain(`  ${c} `);
  });

  it("the prebuilt --help (answered without loading the CLI) is exactly the CLI's own help", () => {
    const own = run(['help']); // through commander
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('Usage: hrdd [options] [command]');
    for (const args of [['--help'], ['-h'], []]) expect(run(args)).toMatchObject({ code: 0, stdout: own.stdout });
    expect(readFileSync(join(ROOT, 'dist', 'help.txt'), 'utf8')).toBe(own.stdout);
    // a command's help still comes from the CLI
    expect(run(['score', '--help']).stdout).toContain('Usage: hrdd score [options] <answers>');
  });

  it('unknown commands and options exit 2 with a hint; no stack traces', async () => {
    const r = await runMain(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect((await runMain(['score'])).code).toBe(2); // missing argument
  });

  it('hrdd schema prints the JSON Schemas', async () => {
    const s = JSON.parse((await runMain(['schema', 'answers'])).stdout);
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.properties.answers.description).toBeTruthy();
    expect((await runMain(['schema', 'nope'])).code).toBe(2);
  });
});

describe('the JSON Schemas', () => {
  it.each(['questionnaire', 'answers'])('%s: an $id, 2020-12, and a description on every property', (kind) => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', `${kind}.schema.json`), 'utf8'));
    expect(schema.$id).toMatch(/^urn:hrdd:schema:/);
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n['properties'])
        for (const [k, v] of Object.entries(n['properties'] as object)) {
          if (!(v as { description?: string }).description) missing.push(`${path}/${k}`);
        }
      for (const [k, v] of Object.entries(n)) walk(v, `${path}/${k}`);
    };
    walk(schema, '');
    expect(missing).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
  });
});
