// Flat config. The import boundaries are the architecture of DESIGN.md §1:
// only lib/aws talks to AWS, only lib/store talks to Prisma, the pure cores
// (lib/asl, lib/history, lib/graph, lib/metrics) stay free of React, Next.js and
// I/O, and components/ import no store. Import cycles: tests/unit/architecture.
import nextPlugin from '@next/eslint-plugin-next';
import tseslint from 'typescript-eslint';

const awsSdk = { group: ['@aws-sdk/*'], message: 'Only lib/aws may import the AWS SDK.' };
const prisma = {
  group: ['@prisma/*', 'prisma', '**/store/generated/**', '@/lib/store/generated/**'],
  message: 'Only lib/store may import Prisma.',
};
const uiAndIo = {
  group: ['react', 'react-dom', 'next', 'next/*', 'node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'pg', 'better-sqlite3'],
  message: 'lib/asl, lib/history, lib/graph and lib/metrics are pure: no React, Next.js or I/O.',
};
// The folders with side effects, by relative path (from inside lib/) and by the @/ alias.
const folders = (names) => names.flatMap((name) => [`**/lib/${name}`, `**/lib/${name}/**`, `@/lib/${name}`, `@/lib/${name}/**`, `../${name}/**`, `../../${name}/**`]);
const sideEffects = {
  group: folders(['store', 'poller', 'aws', 'ingest', 'cli', 'config', 'emulator', 'api', 'server', 'actions', 'alerts']),
  message: 'Pure cores (lib/asl, lib/history, lib/graph, lib/metrics) import no module with I/O.',
};
// lib/schemas is bundled into pages as well as routes: zod and lib/history's vocabulary only.
const schemasOnlyZod = {
  group: [...uiAndIo.group, ...sideEffects.group],
  message: 'lib/schemas holds zod schemas shared by routes, pages and the store: no React, Next.js, I/O or side-effect modules.',
};
const componentsNoIo = {
  group: folders(['store', 'poller', 'aws', 'ingest', 'cli', 'config', 'emulator', 'api', 'server']),
  message: 'components/ draw what lib/ computed: no store, poller, AWS or server modules (data comes through lib/queries; types may be imported).',
  allowTypeImports: true,
};

export default tseslint.config(
  {
    ignores: ['node_modules/**', '.next/**', 'data/**', 'lib/store/generated/**', 'next-env.d.ts', 'tests/artifacts/**'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { '@next/next': nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['bin/**/*.mjs', '*.config.{js,mjs,ts}', 'next.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // Boundaries. Each block restates the full list for its folder, because a later
  // `no-restricted-imports` entry replaces (does not merge with) an earlier one.
  {
    files: ['app/**', 'components/**', 'lib/**'],
    ignores: ['lib/aws/**', 'lib/store/**', 'lib/asl/**', 'lib/history/**', 'lib/graph/**', 'lib/metrics/**', 'lib/cli/**', 'components/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk, prisma] }] },
  },
  { files: ['lib/aws/**'], rules: { 'no-restricted-imports': ['error', { patterns: [prisma] }] } },
  { files: ['lib/store/**'], rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk] }] } },
  { files: ['lib/cli/**'], rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk, prisma] }] } },
  {
    files: ['lib/asl/**', 'lib/history/**', 'lib/graph/**', 'lib/metrics/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk, prisma, uiAndIo, sideEffects] }] },
  },
  {
    files: ['lib/schemas/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk, prisma, schemasOnlyZod] }] },
  },
  {
    files: ['components/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [awsSdk, prisma] }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [componentsNoIo] }],
    },
  },
);
