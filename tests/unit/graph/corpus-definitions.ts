// The distinct ASL definitions of the shared corpus (../shared/aws-histories, with unverified/),
// for the graph tests. Deduplicated by definition hash; the first file that has each one names it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionHash } from '../../../lib/graph/definition-hash.ts';
import { corpusDir } from '../../helpers/run-steplens.ts';

export { corpusDir };

export interface CorpusDefinition {
  file: string;
  definition: unknown;
  /** The whole corpus file (history included). */
  record: Record<string, unknown>;
}

export function corpusDefinitions(): CorpusDefinition[] {
  const out: CorpusDefinition[] = [];
  const seen = new Set<string>();
  for (const dir of [corpusDir, join(corpusDir, 'unverified')]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.json')) continue;
      const record = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
      if (record.definition === null || record.definition === undefined) continue;
      const hash = definitionHash(record.definition);
      if (seen.has(hash)) continue;
      seen.add(hash);
      out.push({ file: name, definition: record.definition, record });
    }
  }
  return out;
}

export function corpusFile(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(corpusDir, name), 'utf8')) as Record<string, unknown>;
}
