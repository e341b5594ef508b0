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
    languageOptions: { globals: { ...globals.node } },
    rules: {
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
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
