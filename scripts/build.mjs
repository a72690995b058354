// Bundles src/cli.ts into dist/ with esbuild: one small entry chunk, with the heavy parts of
// rarely used commands (prompts, PDF) in chunks loaded by import() only when needed.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // pdfkit reads its font metrics from files next to its own sources: it must stay a package.
  external: ['pdfkit'],
  // Bundled CommonJS (ajv) may call require(); give the ESM bundle a real one.
  banner: { js: "import { createRequire as __hrddCreateRequire } from 'node:module'; const require = __hrddCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
