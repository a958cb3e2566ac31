// Every definition of the real AWS corpus (../shared/aws-histories, with unverified/), as an
// object and as JSON text: parsed and indexed without a throw or a warning, checked against an
// independent count, and every state its history enters is found by name.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../../lib/asl/parse-definition.ts';
import { stateIndex } from '../../../lib/asl/state-index.ts';
import { walkDefinition } from '../../../lib/asl/walk-definition.ts';
import { corpusDir } from '../../helpers/run-steplens.ts';

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

interface CorpusFile {
  file: string;
  definition: unknown;
  events: Rec[];
}

function corpus(): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const dir of [corpusDir, join(corpusDir, 'unverified')]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.json')) continue;
      const record = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Rec;
      if (record.definition === null || record.definition === undefined) continue;
      out.push({ file: name, definition: record.definition, events: Array.isArray(record.events) ? (record.events as Rec[]) : [] });
    }
  }
  return out;
}

/** Independent of lib/asl: [states, scopes] counted straight from the ASL. */
function count(machine: unknown): [number, number] {
  let states = 0;
  let scopes = 1;
  if (!isRecord(machine) || !isRecord(machine.States)) return [0, 1];
  for (const state of Object.values(machine.States)) {
    states++;
    if (!isRecord(state)) continue;
    const inner = state.Type === 'Parallel' && Array.isArray(state.Branches) ? state.Branches : state.Type === 'Map' ? [state.ItemProcessor ?? state.Iterator] : [];
    for (const m of inner) {
      const [s, c] = count(m);
      states += s;
      scopes += c;
    }
  }
  return [states, scopes];
}

/** Names of the states the history enters (API form `*EventDetails`, or CloudWatch Logs `details`). */
function enteredNames(events: Rec[]): Set<string> {
  const names = new Set<string>();
  for (const event of events) {
    if (typeof event.type !== 'string' || !event.type.endsWith('StateEntered')) continue;
    const details = event.stateEnteredEventDetails ?? event.details;
    if (isRecord(details) && typeof details.name === 'string') names.add(details.name);
  }
  return names;
}

describe('lib/asl over the AWS corpus', () => {
  const files = corpus();

  it('has the corpus', () => {
    expect(files.length).toBeGreaterThan(500);
  });

  it('indexes every corpus definition, as an object and as text, without a throw or a warning', () => {
    let legacyIterator = 0;
    let nested = 0;
    for (const { file, definition } of files) {
      const text = JSON.stringify(definition);
      expect(parseDefinition(text).warnings, file).toEqual([]);
      const index = stateIndex(definition);
      const fromText = stateIndex(text);
      expect(index.warnings, file).toEqual([]);
      expect(fromText.warnings, file).toEqual([]);
      expect(fromText.states.map((s) => s.path), file).toEqual(index.states.map((s) => s.path));

      const [states, scopes] = count(definition);
      expect(index.states, file).toHaveLength(states);
      expect(index.scopes, file).toHaveLength(scopes);
      expect(new Set(index.states.map((s) => s.path)).size, file).toBe(states);
      for (const state of index.states) {
        expect(index.byPath(state.path), file).toBe(state);
        expect(index.named(state.name), file).toContain(state);
      }
      if (index.scopes.some((s) => s.field === 'Iterator')) legacyIterator++;
      if (index.states.some((s) => s.depth >= 2)) nested++;

      let visited = 0;
      walkDefinition(definition, { visitState: () => void visited++ });
      expect(visited, file).toBe(states);
    }
    // The corpus exercises what the index is for.
    expect(legacyIterator).toBeGreaterThan(0);
    expect(nested).toBeGreaterThan(0);
  });

  it('finds every state the history enters by name', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const { file, definition, events } of files) {
      const index = stateIndex(definition);
      for (const name of enteredNames(events)) {
        checked++;
        if (index.named(name).length === 0) missing.push(`${file}: ${name}`);
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(missing).toEqual([]);
  });
});
