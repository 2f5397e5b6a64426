// ESLint (flat config): the recommended JavaScript and typescript-eslint rules on our TypeScript, and
// the browser scripts of the pages as plain browser JavaScript. The folder flow and "knex only in
// repositories" are dependency-cruiser's (.dependency-cruiser.cjs); formatting is Prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'artifacts/', 'coverage/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // rows and JSON from outside are typed where they are read; `any` is allowed there, not spread
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
      'no-control-regex': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // Repositories are the only code that writes SQL or imports knex (even its types: the rest of the
    // server takes Db and Tx from server/db/types.ts). dependency-cruiser checks the imports too.
    files: ['server/**/*.ts'],
    ignores: ['server/db/**', 'server/repositories/**', 'server/features/*/store.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'knex', message: 'Only repositories and server/db import knex; use Db and Tx from server/db/types.' }] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name=/^(trx|knex|db|k|tx)$/][arguments.0.type='Literal']",
          message: 'A query belongs in a repository (server/repositories/).',
        },
        { selector: "CallExpression[callee.name='sqlOf']", message: 'SQL belongs in a repository (server/repositories/).' },
        { selector: "CallExpression[callee.property.name='raw']", message: 'SQL belongs in a repository (server/repositories/).' },
      ],
    },
  },
  {
    // the CLI, benchmarks, scripts and tests print to the terminal on purpose
    files: ['server/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'scripts/**', 'fixtures/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // chai's assertions are property reads: expect(x).to.be.true
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['server/web/static/js/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        console: 'readonly',
        navigator: 'readonly',
        Chart: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        FormData: 'readonly',
        location: 'readonly',
        history: 'readonly',
        localStorage: 'readonly',
        sessionStorage: 'readonly',
        matchMedia: 'readonly',
        requestAnimationFrame: 'readonly',
        Event: 'readonly',
        CustomEvent: 'readonly',
        HTMLElement: 'readonly',
        AbortController: 'readonly',
      },
    },
  },
  {
    files: ['scripts/**/*.js', 'bin/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
  },
);
