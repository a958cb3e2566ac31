import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reanalyzeSuite } from './reanalyze-suite.ts';

reanalyzeSuite({
  name: 'sqlite',
  async freshDatabase(label) {
    const dir = mkdtempSync(path.join(tmpdir(), `steplens-${label}-`));
    return { url: `file:${path.join(dir, 'steplens.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
});
