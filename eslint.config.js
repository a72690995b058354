// The lint: typescript-eslint's recommended rules plus the architecture rules that matter most,
// enforced rather than hoped for (CONTRIBUTING.md explains each):
// - src/core/ is pure: no file system, process, clock, colour, PDF or prompt libraries;
// - only src/ui/prompts.ts imports @inquirer/*, only src/render/pdf/ imports pdfkit;
// - no code evaluation anywhere;
// - GitHub workflow commands are written and escaped only in src/render/diagnostics.ts, and every
//   JSON output goes through jsonText (src/render/inert.ts): one sink, one escaping function;
// - a function in src/ is at most 50 lines (blank lines and comments aside): longer work is cut into
//   named steps, which read as the function's table of contents.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const coreForbidden = [
  ...[
    'fs',
    'fs/promises',
    'child_process',
    'process',
    'os',
    'worker_threads',
    'net',
    'http',
    'https',
    'readline',
    'tty',
  ]
    .flatMap((m) => [m, `node:${m}`])
    .map((name) => ({
      name,
      message: 'src/core must stay pure: the edges (src/io, src/ui, src/cli.ts) touch the world.',
    })),
  { name: 'chalk', message: 'src/core must stay pure: colour belongs to src/render/paint.ts.' },
  { name: 'pdfkit', message: 'src/core must stay pure: PDF belongs to src/render/pdf/.' },
];
const inquirer = { group: ['@inquirer/*'], message: 'Only src/ui/prompts.ts talks to @inquirer.' };

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'reports/**', 'test/fixtures/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-shadow': 'off',
      '@typescript-eslint/no-shadow': [
        'error',
        { ignoreTypeValueShadow: true, ignoreFunctionTypeParameterNameValueShadow: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      // Making control characters inert is this tool's job: its patterns name them on purpose.
      'no-control-regex': 'off',
      'prefer-const': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [inquirer], paths: [{ name: 'pdfkit', message: 'Only src/render/pdf/ draws PDF.' }] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='JSON'][callee.property.name='stringify'][arguments.length=3]",
          message: 'JSON outputs are written only through jsonText (src/render/inert.ts).',
        },
        {
          selector: 'Literal[value=/^::(error|warning|notice)\\b|%0[AD]|%3A|%2C/]',
          message: 'GitHub workflow commands are written and escaped only in src/render/diagnostics.ts.',
        },
        {
          selector: 'TemplateElement[value.raw=/^::(error|warning|notice)\\b|%0[AD]|%3A|%2C/]',
          message: 'GitHub workflow commands are written and escaped only in src/render/diagnostics.ts.',
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: coreForbidden, patterns: [inquirer] }],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core must not touch process: pass what it needs in.' },
        { name: 'Date', message: 'src/core has no clock: the context passes `now` in.' },
        { name: 'setTimeout', message: 'src/core has no clock.' },
        { name: 'setInterval', message: 'src/core has no clock.' },
        { name: 'performance', message: 'src/core has no clock.' },
        { name: 'console', message: 'src/core writes nothing: it returns values.' },
        { name: 'fetch', message: 'hrdd never touches the network.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 50, skipBlankLines: true, skipComments: true }] },
  },
  { files: ['src/ui/prompts.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/render/pdf/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [inquirer] }] } },
  { files: ['src/render/diagnostics.ts'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['src/render/inert.ts'], rules: { 'no-restricted-syntax': 'off' } },
  {
    files: ['test/**/*.ts', 'scripts/**/*.mjs', '*.ts', '*.js'],
    rules: {
      'no-restricted-syntax': 'off',
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
