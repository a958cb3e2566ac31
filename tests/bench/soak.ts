// `npm run soak`: the long fault soak (issue 11 item 7; tests/integration/soak/soak-run.ts says
// what it runs), printing its figures. STEPLENS_SOAK_SECONDS sets the phase with faults (default
// 300 s), STEPLENS_SOAK_BASELINE_SECONDS the fault-free one (default 60 s), STEPLENS_SOAK_SEED the
// seed of the faults, kills and restart moment. Builds the dashboard first when the build is stale
// (run it under `flock /tmp/steplens-build.lock` where other builds may run). Exits 1 when the
// store is not exact or the API answered an error.
import { buildApp, buildIsCurrent } from '../../lib/cli/app-build.ts';
import { projectRoot } from '../../lib/cli/project-root.ts';
import { formatSoak, runSoak } from '../integration/soak/soak-run.ts';

function wholeNumber(name: string, fallback: number, min: number, what: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min) throw new Error(`${name} must be ${what}, got "${raw}"`);
  return value;
}

const faultSeconds = wholeNumber('STEPLENS_SOAK_SECONDS', 300, 10, 'a whole number of seconds ≥ 10');
const baselineSeconds = wholeNumber('STEPLENS_SOAK_BASELINE_SECONDS', 60, 10, 'a whole number of seconds ≥ 10');
const seed = wholeNumber('STEPLENS_SOAK_SEED', 20261203, 0, 'a whole number');
const root = projectRoot();
if (!buildIsCurrent(root)) {
  console.log('soak: building the dashboard first');
  const code = await buildApp(root);
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
}
const result = await runSoak({ faultSeconds, baselineSeconds, seed, log: (line) => console.log(line) });
for (const line of formatSoak(result)) console.log(line);
const exact = result.missing === 0 && result.duplicated === 0 && result.differing === 0;
process.exitCode = exact && result.api.errorCount === 0 && result.throttlesSurfaced.length === 0 ? 0 : 1;
