// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 and pg are native / Node-only drivers: keep them out of the server bundle.
  serverExternalPackages: ['better-sqlite3', 'pg', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg'],
  // `npm test` type-checks the whole project (tsc --noEmit); the build need not repeat it, and
  // `npm start` must not fail on a type error in a test file.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
};

export default nextConfig;
