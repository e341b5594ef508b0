import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const FOCUSED_TESTS = {
  selector: "CallExpression[callee.property.name='only']",
  message: 'focused tests hide the rest of the suite',
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
