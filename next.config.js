// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 and pg are native / Node-only drivers: keep them out of the server bundle.
  serverExternalPackages: ['better-sqlite3', 'pg', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg'],
  typescript: { ignoreBuildErrors: false },
  poweredByHeader: false,
};

export default nextConfig;
