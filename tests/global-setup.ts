// Builds the dashboard once before the suites that start servers, so parallel test files never
// run two `next build`s into the same .next folder.
import { buildApp, buildIsCurrent } from '../lib/cli/app-build.ts';
import { projectRoot } from '../lib/cli/project-root.ts';

export default async function globalSetup(): Promise<void> {
  // For runs of suites that start no server (a developer's focused run): STEPLENS_TEST_NO_BUILD=1.
  if (process.env.STEPLENS_TEST_NO_BUILD === '1') return;
  const root = projectRoot();
  if (buildIsCurrent(root)) return;
  const code = await buildApp(root);
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
}
