import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const FOCUSED_TESTS = {
  selector: "CallExpression[callee.property.name='only']",
  message: 'focused tests hide the rest of the suite',
};

/** Every folder under server/src/modules is a module: its index.ts is the only way in (issue 11, ADR 0021). */
const MODULES = readdirSync(new URL('./server/src/modules', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** A module's `*.test-support.ts` files, as paths relative to the module. */
function testSupportOf(name) {
  return readdirSync(new URL(`./server/src/modules/${name}`, import.meta.url), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test-support.ts'))
    .map((file) => `./${file}`);
}

const MODULE_BOUNDARIES = [
  ...MODULES.map((name) => ({
    target: ['./server/src/*.ts', './server/src/!(modules)/**/*', `./server/src/modules/!(${name})/**/*`],
    from: `./server/src/modules/${name}`,
    // Tests may set up what no use case does through a module's `*.test-support.ts`.
    except: ['./index.ts', ...testSupportOf(name)],
    message: `reach the ${name} module through its index.ts`,
  })),
  { target: './server/src/platform', from: './server/src/modules', message: 'the platform imports no module' },
  {
    target: './server/src/platform',
    from: ['./server/src/open-api', './server/src/app.ts', './server/src/main.ts'],
    message: 'the platform imports no edge',
  },
  {
    target: './server/src/modules',
    from: ['./server/src/open-api', './server/src/app.ts', './server/src/main.ts', './server/src/cli.ts'],
    message: 'a module imports no edge: edges import modules',
  },
];

const IMPORT_RESOLUTION = {
  'import-x/resolver-next': [
    createTypeScriptImportResolver({
      project: ['server/tsconfig.json', 'web/tsconfig.json'],
      noWarnOnMultipleProjects: true,
    }),
  ],
  'import-x/extensions': ['.ts', '.tsx', '.js'],
  'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware: the rules below need the types (typescript-eslint's project service finds each tsconfig).
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody handles is a process that dies on its rejection (issue 10: one WebSocket upgrade did).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-syntax': ['error', FOCUSED_TESTS],
    },
  },
  {
    // Members are written only through members.repository, inside writeMembers, so that the member cache
    // hears of every write (ADR 0016). Migrations shape the tables and are exempt.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/modules/directory/members/members.repository.ts', 'server/src/db/migrations/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        FOCUSED_TESTS,
        {
          selector:
            'CallExpression[callee.property.name=/^(updateTable|insertInto|deleteFrom)$/] > Literal[value=/^(members|member_departments|external_scopes)( as \\w+)?$/]',
          message:
            'members are written in members.repository, inside writeMembers (ADR 0016): the member cache must hear of it',
        },
      ],
    },
  },
  {
    // On the server and in the packages, `void promise` is not handling it either: a rejection there ends the
    // process. Say what happens on failure (`.catch`). Tests and their helpers may let a failure fail the test.
    files: ['server/src/**/*.ts', 'packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }] },
  },
  {
    // Module boundaries and no import circles, on the server and in the web app.
    files: ['server/src/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: IMPORT_RESOLUTION,
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: MODULE_BOUNDARIES }],
    },
  },
  {
    // Test support is for tests: the product never imports it.
    files: ['server/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-support.ts', 'server/src/testing/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/*.test-support.js'], message: 'test support is imported by tests only' }] },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // antd's onConfirm/onOk take a promise (they show progress while it runs).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
);
