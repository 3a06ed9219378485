// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The import layers of ../shared/CONVENTIONS.md, stated as data (as VS Code's code-layering does):
 * renderer → shared, main → device + shared, server → shared, device → shared, preload → shared.
 * Tests and benchmarks may import anything. No ignore lists.
 */
const layers = [
  { type: 'shared', pattern: 'src/shared/**' },
  { type: 'server', pattern: 'src/server/**' },
  { type: 'device', pattern: 'src/device/**' },
  { type: 'main', pattern: 'src/main/**' },
  { type: 'preload', pattern: 'src/preload/**' },
  { type: 'renderer', pattern: 'src/renderer/**' },
  { type: 'tests', pattern: '{tests,bench}/**' },
];

/** Which layers each layer may import (itself included). */
const allowedImports = {
  shared: ['shared'],
  server: ['shared', 'server'],
  device: ['shared', 'device'],
  main: ['shared', 'device', 'main'],
  preload: ['shared', 'preload'],
  renderer: ['shared', 'renderer'],
  tests: ['shared', 'server', 'device', 'main', 'preload', 'renderer', 'tests'],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers.map((l) => ({ ...l, partialMatch: false })),
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
    },
    rules: {
      'boundaries/no-unknown': 'off',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            // External packages are governed by no-restricted-imports below, not by the layers.
            { allow: { to: { module: { origin: 'external' } } } },
            { allow: { to: { module: { origin: 'core' } } } },
            ...Object.entries(allowedImports).map(([from, to]) => ({
              from: { element: { type: from } },
              allow: { to: { element: { types: { anyOf: to } } } },
            })),
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // shared is isomorphic: no Node built-ins, no Electron.
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'electron', 'fs', 'path', 'os', 'crypto'], message: 'src/shared is isomorphic.' }] },
      ],
    },
  },
  {
    // Electron can only be required inside an Electron process.
    files: ['src/{server,device,renderer}/**/*.{ts,tsx}', 'tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main and src/preload may import electron.' }] },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['src/{server,device,main}/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Tests read loosely typed JSON answers; `any` there is the honest type.
    files: ['tests/**/*.ts', 'src/**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
