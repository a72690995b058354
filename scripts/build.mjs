// Bundles src/cli.ts into dist/ with esbuild: one small entry chunk, with the heavy parts of
// rarely used commands (prompts, PDF) in chunks loaded by import() only when needed. The ajv
// validators are precompiled here (ajv standalone code), so no run compiles a schema.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');
const standaloneCode = require('ajv/dist/standalone').default;

rmSync(join(root, 'dist'), { recursive: true, force: true });

// Same options as src/core/schema-compile.ts.
const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, code: { source: true } });
addFormats(ajv, ['date']);
const schemas = Object.fromEntries(['questionnaire', 'answers'].map((k) => [k, JSON.parse(readFileSync(join(root, 'schemas', `${k}.schema.json`), 'utf8'))]));
for (const [k, s] of Object.entries(schemas)) ajv.addSchema(s, k);
const gen = join(root, 'node_modules', '.cache', 'hrdd');
mkdirSync(gen, { recursive: true });
writeFileSync(join(gen, 'validators.cjs'), standaloneCode(ajv, { questionnaire: 'questionnaire', answers: 'answers' }));
writeFileSync(join(gen, 'schema-compile.mjs'), "import v from './validators.cjs';\nexport function compileValidators() { return { questionnaire: v.questionnaire, answers: v.answers }; }\n");

const precompiled = {
  name: 'precompiled-validators',
  setup(b) {
    b.onResolve({ filter: /\/schema-compile\.js$/ }, () => ({ path: join(gen, 'schema-compile.mjs') }));
  },
};

await build({
  entryPoints: ['src/cli.ts', 'src/validate-worker.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: !process.env.HRDD_NO_MINIFY,
  keepNames: false,
  plugins: [precompiled],
  // pdfkit reads its font metrics from files next to its own sources: it must stay a package.
  external: ['pdfkit'],
  // Bundled CommonJS (ajv's runtime helpers) may call require(); give the ESM bundle a real one.
  banner: { js: "import { createRequire as __hrddCreateRequire } from 'node:module'; const require = __hrddCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

// `hrdd --help` is answered from this file without loading the CLI (see bin/hrdd): the CLI's own
// help, written here so it can never differ from it.
const cli = pathToFileURL(join(root, 'dist', 'cli.js')).href;
const help = execFileSync(process.execPath, ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(cli)}); process.exitCode = await main(['help']);`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
writeFileSync(join(root, 'dist', 'help.txt'), help);
