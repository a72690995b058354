// The architecture rules in eslint.config.js are real: a file that breaks one is caught.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const lint = async (path: string, text: string) => {
  const [result] = await new ESLint({ cwd: ROOT }).lintText(text, { filePath: join(ROOT, path) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
};

describe('the lint keeps the core pure', () => {
  it('a core file that imports node:fs, reads the clock or touches process fails', async () => {
    const found = await lint(
      'src/core/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const f = () => readFileSync('x') && Date.now() && process.env.X;\n",
    );
    expect(found).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*node:fs.*src\/core must stay pure/),
      expect.stringMatching(/^no-restricted-globals: .*Date.*no clock/),
      expect.stringMatching(/^no-restricted-globals: .*process/),
    ]);
  });

  it('the same imports are fine at the edges, and chalk, pdfkit and prompts stay in their places', async () => {
    expect(
      await lint(
        'src/io/probe.ts',
        "import { readFileSync } from 'node:fs';\nexport const f = () => readFileSync('x');\n",
      ),
    ).toEqual([]);
    expect(await lint('src/core/probe.ts', "import chalk from 'chalk';\nexport const c = chalk;\n")).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*chalk/),
    ]);
    expect(
      await lint('src/render/probe.ts', "import PDFDocument from 'pdfkit';\nexport const d = PDFDocument;\n"),
    ).toEqual([expect.stringMatching(/^no-restricted-imports: .*pdfkit/)]);
    expect(
      await lint('src/commands/probe.ts', "import { select } from '@inquirer/prompts';\nexport const s = select;\n"),
    ).toEqual([expect.stringMatching(/^no-restricted-imports: .*@inquirer/)]);
  });

  it('code evaluation, indented JSON outside jsonText and workflow commands outside their sink fail', async () => {
    const found = await lint(
      'src/render/probe.ts',
      "export const a = (s: string) => eval(s);\nexport const b = (x: unknown) => JSON.stringify(x, null, 2);\nexport const c = '::error file=x::y';\n",
    );
    expect(found.map((m) => m.split(':')[0])).toEqual(['no-eval', 'no-restricted-syntax', 'no-restricted-syntax']);
  });

  it('a function in src/ of more than 50 lines fails; blank lines, comments and tests do not count', async () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const _v${i} = ${i};\n`).join('');
    const fn = (n: number, extra = '') => `export function f() {\n${extra}${body(n)}}\n`;
    // 48 statements and the two lines of the function itself: 50 lines
    expect(await lint('src/render/probe.ts', fn(48, '\n  // a comment\n\n'))).toEqual([]);
    expect(await lint('src/render/probe.ts', fn(49))).toEqual([
      expect.stringMatching(/^max-lines-per-function: .*too many lines \(51\)/),
    ]);
    expect(await lint('test/probe.test.ts', fn(49))).toEqual([]);
  });
});
