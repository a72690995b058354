// Bundles src/cli.ts into dist/ with esbuild: one small entry chunk, with the heavy parts of
// rarely used commands (prompts, PDF) in chunks loaded by import() only when needed. The ajv
// validators are precompiled here (ajv standalone code), so no run compiles a schema. The PDF's
// fonts go to dist/fonts/, compressed (scripts/build-fonts.mjs).
//
// `node scripts/build.mjs --if-stale` builds only when the inputs changed since the last build:
// dist/.build-stamp holds a hash of them (src/, schemas/, the build scripts, package.json, the lock
// file), written last, so an interrupted build is never taken for a current one.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = ['src', 'schemas', 'scripts/build.mjs', 'scripts/build-fonts.mjs', 'package.json', 'package-lock.json'];
const STAMP = join(root, 'dist', '.build-stamp');

/** A hash of every build input (paths and contents), and of the build options from the environment. */
function inputsHash() {
  const h = createHash('sha256');
  h.update(`HRDD_NO_MINIFY=${process.env.HRDD_NO_MINIFY ?? ''}\0`);
  const add = (p) => {
    if (!existsSync(p)) return void h.update(`${relative(root, p)}: missing\0`);
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) add(join(p, name));
      return;
    }
    const bytes = readFileSync(p);
    h.update(`${relative(root, p)}\0${bytes.length}\0`).update(bytes);
  };
  for (const input of INPUTS) add(join(root, input));
  return h.digest('hex');
}

const hash = inputsHash();
if (
  process.argv.includes('--if-stale') &&
  existsSync(join(root, 'dist', 'cli.js')) &&
  existsSync(STAMP) &&
  readFileSync(STAMP, 'utf8').trim() === hash
) {
  console.log('dist/ is up to date (the build inputs are unchanged)');
  process.exit(0);
}

const { build } = await import('esbuild');
const { mkdirSync, rmSync, writeFileSync } = await import('node:fs');
const { createRequire } = await import('node:module');
const { pathToFileURL } = await import('node:url');
const { execFileSync } = await import('node:child_process');
const { buildFonts } = await import('./build-fonts.mjs');
const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');
const standaloneCode = require('ajv/dist/standalone').default;

rmSync(join(root, 'dist'), { recursive: true, force: true });

// Same options as src/core/schema-compile.ts.
const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, code: { source: true } });
addFormats(ajv, ['date']);
// The file formats checked with a JSON Schema (src/core/schema-validate.ts).
const KINDS = ['questionnaire', 'answers', 'framework', 'refs', 'migration'];
const schemas = Object.fromEntries(
  KINDS.map((k) => [k, JSON.parse(readFileSync(join(root, 'schemas', `${k}.schema.json`), 'utf8'))]),
);
for (const [k, s] of Object.entries(schemas)) ajv.addSchema(s, k);
const gen = join(root, 'node_modules', '.cache', 'hrdd');
mkdirSync(gen, { recursive: true });
writeFileSync(join(gen, 'validators.cjs'), standaloneCode(ajv, Object.fromEntries(KINDS.map((k) => [k, k]))));
writeFileSync(
  join(gen, 'schema-compile.mjs'),
  `import v from './validators.cjs';\nexport function compileValidators() { return { ${KINDS.map((k) => `${k}: v.${k}`).join(', ')} }; }\n`,
);

const precompiled = {
  name: 'precompiled-validators',
  setup(b) {
    b.onResolve({ filter: /\/schema-compile\.js$/ }, () => ({ path: join(gen, 'schema-compile.mjs') }));
  },
};

await build({
  absWorkingDir: root,
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
  // Everything else is bundled, so pdfkit is the only runtime dependency in package.json; any
  // other package made external here must move to dependencies too (test/e2e/install.test.ts).
  external: ['pdfkit'],
  // Bundled CommonJS (ajv's runtime helpers) may call require(); give the ESM bundle a real one.
  banner: {
    js: "import { createRequire as __hrddCreateRequire } from 'node:module'; const require = __hrddCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// `hrdd --help` is answered from this file without loading the CLI (see bin/hrdd): the CLI's own
// help, written here so it can never differ from it.
const cli = pathToFileURL(join(root, 'dist', 'cli.js')).href;
const help = execFileSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `const { main } = await import(${JSON.stringify(cli)}); process.exitCode = await main(['help']);`,
  ],
  { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
);
writeFileSync(join(root, 'dist', 'help.txt'), help);

await buildFonts(root, join(root, 'dist', 'fonts'));
writeFileSync(STAMP, hash + '\n');
