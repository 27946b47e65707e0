// ESLint for the web UI's modules (as the browser loads them) and for their tests here. Run from
// web-gateway/src with --config, so the paths below are relative to it.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    files: ['main/resources/META-INF/resources/js/**/*.js'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['test/js/**/*.js'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
  },
  { ignores: ['test/js/node_modules/**'] },
];
