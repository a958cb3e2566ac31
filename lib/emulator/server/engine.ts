import type { ExecutionOutcome, RunExecutionRequest } from '../engine-contract.ts';

/** A problem found in a definition (ValidateStateMachineDefinitionDiagnostic's shape). */
export interface DefinitionDiagnostic {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
}

/** What the server needs from the interpreter (lib/emulator/interpreter/index.ts). */
export interface EmulatorEngine {
  runExecution(request: RunExecutionRequest): Promise<ExecutionOutcome>;
  /**
   * Diagnostics for a parsed definition; no ERROR means AWS would accept it. With
   * `{ warnings: false }` (CreateStateMachine, UpdateStateMachine) only ERRORs matter and the
   * engine may skip its advisory checks (asl-validator compiles its JSON schemas on every call:
   * about 0.3 s of blocked event loop per definition).
   */
  validateDefinition(definition: Record<string, unknown>, options?: { warnings?: boolean }): DefinitionDiagnostic[];
}
