#!/usr/bin/env node
// The `steplens` command. A plain Node entry because Node 20 cannot run TypeScript itself:
// it registers tsx's loader and hands over to the TypeScript CLI in lib/cli.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
