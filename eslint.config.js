// Flat config. The import boundaries are the architecture of DESIGN.md §1:
// only lib/aws talks to AWS, only lib/store talks to Prisma, and the pure
// analysis/graph code stays free of React, Next.js and I/O.
import nextPlugin from '@next/eslint-plugin-next';
import tseslint from 'typescript-eslint';

const awsSdk = { group: ['@aws-sdk/*'], message: 'Only lib/aws may import the AWS SDK.' };
const prisma = {
  group: ['@prisma/*', 'prisma', '**/store/generated/**', '@/lib/store/generated/**'],
  message: 'Only lib/store may import Prisma.',
};
const uiAndIo = {
  group: ['react', 'react-dom', 'next', 'next/*', 'node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'pg', 'better-sqlite3'],
  message: 'lib/history and lib/graph are pure: no React, Next.js or I/O.',
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
    ignores: ['lib/aws/**', 'lib/store/**', 'lib/history/**', 'lib/graph/**', 'lib/cli/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk, prisma] }] },
  },
  { files: ['lib/aws/**'], rules: { 'no-restricted-imports': ['error', { patterns: [prisma] }] } },
  { files: ['lib/store/**'], rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk] }] } },
  { files: ['lib/cli/**'], rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk, prisma] }] } },
  {
    files: ['lib/history/**', 'lib/graph/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk, prisma, uiAndIo] }] },
  },
);
