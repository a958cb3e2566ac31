// The data path of one state run, reconstructed from its events (sfn-facts.md §2.3):
//   state input → (InputPath / Parameters ⇒ TaskScheduled.parameters) → raw result
//   (Task*Succeeded.output) → (ResultSelector / ResultPath / OutputPath ⇒ StateExited.output).
// Each stage says whether the history recorded it; each arrow names the definition's path fields.
// Pure: no I/O, no React.
import { stateIndex } from '../asl/state-index.ts';
import type { AslObject } from '../asl/types.ts';
import { decodePayload } from './decode-payload.ts';
import type { StateRun } from './types.ts';

export interface PathField {
  /** ASL field name: InputPath, Parameters, Arguments, ItemSelector, ResultSelector, ResultPath, OutputPath, Output, Result. */
  field: string;
  /** The field's value in the definition (string path, template object, null = discard). */
  value: unknown;
}

export interface DataPathStage {
  key: 'input' | 'effectiveInput' | 'result' | 'output';
  label: string;
  /** Decoded value (JSON strings parsed); undefined when not recorded. */
  value: unknown;
  recorded: boolean;
  /** Where the value comes from in the history. */
  source: string;
  /** Definition fields applied between the previous stage and this one. */
  transforms: PathField[];
}

const INPUT_FIELDS = ['InputPath', 'Parameters', 'Arguments', 'ItemSelector', 'ItemsPath', 'Items'] as const;
const OUTPUT_FIELDS = ['ResultSelector', 'ResultPath', 'OutputPath', 'Output', 'Assign'] as const;

function fieldsOf(state: AslObject | null, names: readonly string[]): PathField[] {
  if (!state) return [];
  return names.filter((name) => name in state).map((field) => ({ field, value: state[field] }));
}

/**
 * The ASL of state `stateName` anywhere in `definition` (top level, Parallel branches, Map item
 * processors), or null; `definition` is anything lib/asl's parseDefinition takes. A name that
 * repeats in several scopes resolves to the shallowest one (first in definition order among
 * equals). The object is shared through lib/asl's memo: read it, do not change it.
 */
export function findStateDefinition(definition: unknown, stateName: string): AslObject | null {
  return stateIndex(definition).shallowest(stateName)?.definition ?? null;
}

function decoded(raw: unknown): unknown {
  return decodePayload(raw).value;
}

/** The stages of `run`'s data path; `state` is its ASL (findStateDefinition), null when unknown. */
export function dataPath(run: StateRun, state: AslObject | null): DataPathStage[] {
  const attempts = run.taskAttempts ?? [];
  const last = attempts[attempts.length - 1];
  const first = attempts[0];
  const isTask = attempts.length > 0 || run.stateType === 'Task';
  const hasInput = run.input !== undefined && run.input !== null;
  const hasOutput = run.output !== undefined;
  const stages: DataPathStage[] = [
    { key: 'input', label: 'State input', value: hasInput ? decoded(run.input) : undefined, recorded: hasInput, source: 'StateEntered.input', transforms: [] },
  ];
  if (isTask) {
    const parameters = first?.parameters;
    stages.push({
      key: 'effectiveInput',
      label: 'Effective input (sent to the resource)',
      value: parameters !== undefined && parameters !== null ? decoded(parameters) : undefined,
      recorded: parameters !== undefined && parameters !== null,
      source: 'TaskScheduled.parameters',
      transforms: fieldsOf(state, INPUT_FIELDS),
    });
    const succeeded = [...attempts].reverse().find((a) => a.status === 'SUCCEEDED');
    const result = succeeded?.result ?? last?.result;
    stages.push({
      key: 'result',
      label: 'Raw result (returned by the resource)',
      value: result !== undefined && result !== null ? decoded(result) : undefined,
      recorded: result !== undefined && result !== null,
      source: 'Task*Succeeded.output',
      transforms: [],
    });
  } else {
    const inputFields = fieldsOf(state, INPUT_FIELDS);
    const resultField = fieldsOf(state, ['Result']);
    if (inputFields.length > 0 || resultField.length > 0) {
      stages.push({
        key: 'result',
        label: resultField.length > 0 ? 'Result (from the definition)' : 'Effective input (not recorded by AWS)',
        value: resultField[0]?.value,
        recorded: resultField.length > 0,
        source: resultField.length > 0 ? 'definition Result' : 'InputPath/Parameters are applied inside the service',
        transforms: inputFields,
      });
    }
  }
  stages.push({
    key: 'output',
    label: 'State output',
    value: hasOutput ? decoded(run.output) : undefined,
    recorded: hasOutput,
    source: 'StateExited.output',
    transforms: fieldsOf(state, OUTPUT_FIELDS),
  });
  // With no definition the arrows still name the standard fields, marked as defaults.
  if (!state) {
    for (const stage of stages) {
      if (stage.key === 'effectiveInput') stage.transforms = [{ field: 'InputPath', value: '$' }, { field: 'Parameters', value: undefined }];
      if (stage.key === 'output' && isTask) stage.transforms = [{ field: 'ResultSelector', value: undefined }, { field: 'ResultPath', value: '$' }, { field: 'OutputPath', value: '$' }];
    }
  }
  return stages;
}
