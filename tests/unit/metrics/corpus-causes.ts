// The failure causes recorded against real AWS in ../shared/aws-histories (ExecutionFailed,
// TaskFailed and LambdaFunctionFailed `cause`, as recorded: a string, or JSON the recording parsed).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const CORPUS_DIR = path.resolve(import.meta.dirname, '../../../../shared/aws-histories');
const TYPES = ['ExecutionFailed', 'TaskFailed', 'LambdaFunctionFailed'];

export interface CorpusCause {
  file: string;
  type: string;
  error: string | null;
  cause: unknown;
}

export function corpusCauses(): CorpusCause[] {
  const out: CorpusCause[] = [];
  for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const recording = JSON.parse(readFileSync(path.join(CORPUS_DIR, file), 'utf8')) as { events: Array<Record<string, unknown>> };
    for (const event of recording.events) {
      const type = String(event.type);
      if (!TYPES.includes(type)) continue;
      const key = `${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`;
      const details = (event[key] ?? event.details ?? {}) as Record<string, unknown>;
      if (details.cause === undefined) continue;
      out.push({ file, type, error: typeof details.error === 'string' ? details.error : null, cause: details.cause });
    }
  }
  return out;
}
