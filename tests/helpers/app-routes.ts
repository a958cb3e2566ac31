// Every page and API route of app/, read from the filesystem (so a route added tomorrow is in
// every test that walks them): its URL pattern, the methods its route.ts exports, and a concrete
// path to request.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { repoRoot } from './run-steplens';

export interface AppRoute {
  kind: 'page' | 'api';
  /** Next.js pattern: `/api/executions/[arn]`. */
  pattern: string;
  /** The file, relative to the repository. */
  file: string;
  /** Exported HTTP methods of a route.ts; GET for a page. */
  methods: string[];
  /** A path that the pattern matches, dynamic segments filled in with plausible values. */
  samplePath: string;
}

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const SAMPLE_SEGMENTS: Record<string, string> = {
  arn: encodeURIComponent('arn:aws:states:us-east-1:123456789012:execution:Orders:run-1'),
  index: '0',
  stateName: 'Start',
};

export function appRoutes(): AppRoute[] {
  const appDir = join(repoRoot, 'app');
  const routes: AppRoute[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'route.ts' || entry.name === 'page.tsx') routes.push(describeRoute(appDir, path));
    }
  };
  walk(appDir);
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

function describeRoute(appDir: string, file: string): AppRoute {
  const segments = relative(appDir, file).split(sep).slice(0, -1).filter((segment) => !/^\(.*\)$/.test(segment));
  const pattern = `/${segments.join('/')}`;
  const kind = file.endsWith('route.ts') ? 'api' : 'page';
  const source = readFileSync(file, 'utf8');
  const methods = kind === 'page' ? ['GET'] : HTTP_METHODS.filter((method) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${method}\\b`).test(source));
  const samplePath = `/${segments.map((segment) => (segment.startsWith('[') ? (SAMPLE_SEGMENTS[segment.slice(1, -1)] ?? 'x') : segment)).join('/')}`;
  return { kind, pattern, file: relative(repoRoot, file), methods, samplePath };
}
