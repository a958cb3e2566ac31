// The corpus files (../shared/aws-histories) the parity suite replays. Their events are read with
// lib/history parseHistory, their task outcomes with lib/history taskOutcomes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS = path.resolve(here, '../../../../../shared/aws-histories');

export interface CorpusFile {
  file: string;
  kind: string;
  definition: Record<string, unknown> | null;
  input: unknown;
  events: Array<Record<string, unknown>>;
  meta: Record<string, unknown>;
}

export function corpusFiles(): string[] {
  if (!existsSync(CORPUS)) throw new Error(`corpus folder missing: ${CORPUS}`);
  const top = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));
  const dir = path.join(CORPUS, 'unverified');
  const unverified = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => `unverified/${f}`) : [];
  return [...top, ...unverified].sort();
}

export function readCorpusFile(name: string): CorpusFile {
  const raw = JSON.parse(readFileSync(path.join(CORPUS, name), 'utf8')) as Omit<CorpusFile, 'file'>;
  return { ...raw, file: name };
}
