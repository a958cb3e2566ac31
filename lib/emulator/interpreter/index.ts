// The ASL interpreter (engine-contract.ts): runs one execution and writes its history events as
// AWS does, and validates definitions for the server.
export { runExecution } from './run-execution.ts';
export { validateDefinition, type DefinitionDiagnostic, type DefinitionValidation } from './validate-definition.ts';
