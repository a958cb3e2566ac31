// Child-process entry for the kill -9 test: `tsx poll-runner.ts` polls the sources of
// STEPLENS_CONFIG into DATABASE_URL until killed.
import { resolveSources } from '../../../lib/config/index.ts';
import { startPoller } from '../../../lib/poller/index.ts';
import { openStore } from '../../../lib/store/index.ts';

const resolved = resolveSources(process.env, process.cwd());
if (!resolved.configured) throw new Error(resolved.reason);
const store = await openStore(process.env.DATABASE_URL);
const { config } = resolved;
startPoller({ store, sources: config.sources, poll: config.poll, quota: config.quota, concurrency: 2 });
process.stdout.write('polling\n');
