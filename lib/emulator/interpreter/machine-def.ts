// The parts of an ASL definition the interpreter walks: a machine (the top level, a Parallel
// branch or a Map's ItemProcessor) is StartAt + States. Types only, so every module can import
// them without pulling in the runner.

export type QueryLanguage = 'JSONPath' | 'JSONata';

export type AslState = Record<string, unknown> & { Type: string };

export interface MachineDef {
  StartAt: string;
  States: Record<string, AslState>;
  QueryLanguage?: QueryLanguage;
}
