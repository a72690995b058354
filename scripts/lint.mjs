// The project's own lint: the architecture rules that matter most, enforced rather than hoped for.
// - src/core/ is pure: no file system, process, colour or prompt libraries.
// - only src/ui/prompts.ts imports @inquirer/*, only src/render/pdf/ imports pdfkit.
// - no code evaluation anywhere in src/.
// - output escaping for CI sinks lives in src/render/diagnostics.ts (one function per sink): no
//   workflow-command escape (`%0A`, `::error`) elsewhere.
// - every JSON output is written through jsonText (src/render/inert.ts, the sinks of text from
//   files): no indented JSON.stringify elsewhere.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) files.push(p);
  }
})(join(root, 'src'));

const problems = [];
const importRe = /(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g;
for (const file of files) {
  const rel = relative(root, file);
  const text = readFileSync(file, 'utf8');
  text.split('\n').forEach((line, i) => {
    if (/\beval\(|new Function\(/.test(line)) problems.push(`${rel}:${i + 1}: code evaluation is forbidden`);
    for (const m of line.matchAll(importRe)) {
      const spec = m[1];
      const at = `${rel}:${i + 1}`;
      if (rel.startsWith('src/core/') && /^(node:)?(fs|child_process|process|os)(\/|$)|^chalk$|^@inquirer\//.test(spec))
        problems.push(`${at}: src/core must stay pure, it may not import ${spec}`);
      if (spec.startsWith('@inquirer/') && rel !== 'src/ui/prompts.ts')
        problems.push(`${at}: only src/ui/prompts.ts may import ${spec}`);
      if (spec === 'pdfkit' && !rel.startsWith('src/render/pdf/'))
        problems.push(`${at}: only src/render/pdf/ may import pdfkit`);
    }
    if (rel !== 'src/render/diagnostics.ts' && /%0[AD]|%3A|%2C|['"`]::(error|warning|notice)\b/.test(line))
      problems.push(`${rel}:${i + 1}: GitHub workflow commands are written and escaped only in src/render/diagnostics.ts`);
    if (rel !== 'src/render/inert.ts' && /JSON\.stringify\([^;]*,\s*(null|undefined)\s*,\s*\d/.test(line))
      problems.push(`${rel}:${i + 1}: JSON outputs are written only through jsonText (src/render/inert.ts)`);
    if (rel.startsWith('src/core/') && /\bprocess\.(env|argv|exit|stdout|stderr|cwd)/.test(line))
      problems.push(`${rel}:${i + 1}: src/core must not touch process`);
  });
}
for (const p of problems) console.error(p);
if (problems.length) { console.error(`lint: ${problems.length} problem(s)`); process.exit(1); }
console.log(`lint: ${files.length} files clean`);
