// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // .dependency-cruiser.cjs is CommonJS config outside the TypeScript project, like this file.
  {
    ignores: [
      'dist/',
      'docs/api/',
      'coverage/',
      '.scratch/',
      '.tmp/',
      'eslint.config.js',
      '.dependency-cruiser.cjs',
    ],
  },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-exports': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    // Config files, test harness and runnable scripts may default-export (tools expect it).
    files: ['*.config.ts', 'test/harness/global-setup.ts', '**/*.d.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The page's script runs in the browser; TypeScript checks its names (checkJs with
    // the DOM library, examples/http/page/tsconfig.json), so ESLint need not know them.
    files: ['examples/http/page/**/*.js'],
    rules: { 'no-undef': 'off' },
  },
  prettier,
);
