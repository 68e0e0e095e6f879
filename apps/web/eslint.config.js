import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Zones of import/no-restricted-paths: a feature imports shared code (components, lib, config, the generated
 * client) and itself, never another feature or the app; shared code imports no feature. Composition of several
 * features happens in src/app (routes), like bulletproof-react's.
 */
export function boundaryZones(featuresRoot = 'src/features') {
  const features = readdirSync(new URL(featuresRoot, import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  return [
    ...features.map((name) => ({
      target: `./${featuresRoot}/${name}`,
      from: `./${featuresRoot}`,
      except: [`./${name}`],
      message: `A feature imports no other feature: compose ${name} with it in src/app/routes, or move the shared piece to src/components or src/lib.`,
    })),
    {
      target: `./${featuresRoot}`,
      from: './src/app',
      message: 'Features do not import the app; the app imports features.',
    },
    {
      target: ['./src/components', './src/lib', './src/config'],
      from: [`./${featuresRoot}`, './src/app'],
      message: 'Shared code (components, lib, config) imports no feature and not the app.',
    },
  ];
}

export default tseslint.config(
  { ignores: ['build', 'node_modules', 'test-results', 'playwright-report', 'src/client/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only src/config/env.ts may read the build-time environment.
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.type='MetaProperty'][property.name='env']", message: 'Read import.meta.env only in src/config/env.ts' },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
    rules: { 'import/no-restricted-paths': ['error', { zones: boundaryZones() }] },
  },
  { files: ['src/config/env.ts'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['e2e/**', '*.config.{ts,js,cjs}', 'scripts/**'], languageOptions: { globals: { ...globals.node } } },
);
