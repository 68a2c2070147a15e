// ESLint flat config: typescript-eslint's recommended rules plus a few type-aware rules that catch promise
// bugs, with eslint-config-prettier last so formatting is left to Prettier (`npm run format`).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'data/', 'test-results/', 'coverage/', 'appPackage/build/', 'devTools/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      globals: { ...globals.node, ...globals.mocha },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Type-aware: a promise that is neither awaited, returned, caught nor marked `void` is a lost error.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Async Express handlers and setTimeout callbacks are deliberate here (each catches its own errors),
      // so only the void-return checks for arguments and returned functions are off; the rest stay on.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, returns: false } }],
      // Untrusted text is stripped of control characters on purpose (form input, file names, headers).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read and build card JSON and fake connector payloads as `any`.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['bench/**/*.ts'],
    linterOptions: {
      // bench/ still carries disable comments for the rule's old name (no-var-requires); harmless there.
      reportUnusedDisableDirectives: 'off',
    },
    rules: {
      // Benchmarks load untyped solver packages (highs, munkres-js) with require() and a cast.
      '@typescript-eslint/no-require-imports': 'off',
      // Hot loops push to parallel arrays with comma sequences (`is.push(i), js.push(j)`).
      '@typescript-eslint/no-unused-expressions': 'off',
      // A `let` timer that is never reassigned in a benchmark is style, not a bug.
      'prefer-const': 'warn',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { ...globals.node },
    },
  },
  prettier,
);
