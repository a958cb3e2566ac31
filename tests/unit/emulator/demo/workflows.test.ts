import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createDemoHandlers } from '../../../../lib/emulator/demo/handlers.ts';
import { SIMULATED_FUNCTIONS } from '../../../../lib/emulator/demo/simulated-functions.ts';
import { validateDefinition } from '../../../../lib/emulator/interpreter/index.ts';
import { IOT_INGESTION, IOT_INGESTION_STANDARD, demoWorkflows } from '../../../../lib/emulator/demo/workflows/index.ts';

// asl-validator ships CommonJS without type declarations.
type AslValidator = (definition: unknown) => { isValid: boolean; errorsText(separator?: string): string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

/** Every value of `key` anywhere in the definition. */
function collect(node: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const n of node) collect(n, key, out);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) out.push(v);
      collect(v, key, out);
    }
  }
  return out;
}

describe('demo workflows', () => {
  const workflows = demoWorkflows();

  it('has the advertised set, with unique names', () => {
    expect(workflows.map((w) => [w.name, w.type])).toEqual([
      ['order-fulfilment', 'STANDARD'],
      ['sales-etl', 'STANDARD'],
      ['expense-approval', 'STANDARD'],
      ['media-asset-pipeline', 'STANDARD'],
      ['iot-ingestion', 'EXPRESS'],
      ['iot-ingestion-standard', 'STANDARD'],
    ]);
  });

  it.each(workflows.map((w) => [w.name, w] as const))('%s passes asl-validator', (_name, workflow) => {
    // The validator writes default QueryLanguage into the object it checks: give it a copy.
    const result = aslValidator(structuredClone(workflow.definition));
    expect(result.isValid, result.errorsText('\n')).toBe(true);
  });

  it('asl-validator does reject a broken copy (the check above is not vacuous)', () => {
    const broken = structuredClone(workflows[0]?.definition ?? {}) as { States: Record<string, Record<string, unknown>> };
    const first = broken.States.ValidateOrder;
    if (first) first.Next = 'NoSuchState';
    expect(aslValidator(broken).isValid).toBe(false);
  });

  it.each(workflows.map((w) => [w.name, w] as const))('%s passes the interpreter validateDefinition, without diagnostics', (_name, workflow) => {
    const result = validateDefinition(structuredClone(workflow.definition));
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('uses both query languages, every state type and both Map modes', () => {
    const all = workflows.map((w) => w.definition);
    expect(all.some((d) => d.QueryLanguage === 'JSONata')).toBe(true);
    expect(all.some((d) => d.QueryLanguage === undefined)).toBe(true);
    const types = new Set(collect(all, 'Type'));
    for (const t of ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']) expect(types).toContain(t);
    const modes = collect(all, 'ProcessorConfig').map((c) => (c as { Mode: string }).Mode);
    expect(new Set(modes)).toEqual(new Set(['INLINE', 'DISTRIBUTED']));
  });

  it('deploys the IoT definition twice, Express logged to its vended log group', () => {
    const express = workflows.find((w) => w.name === IOT_INGESTION);
    const standard = workflows.find((w) => w.name === IOT_INGESTION_STANDARD);
    expect(express?.definition).toEqual(standard?.definition);
    expect(express?.loggingConfiguration).toEqual({
      level: 'ALL',
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/iot-ingestion-Logs:*' } }],
    });
    expect(standard?.loggingConfiguration).toBeUndefined();
  });

  it('only calls resources and functions the demo handlers implement', () => {
    const registered = new Set(createDemoHandlers({ seed: 1, sleep: async () => {} }).map((h) => h.resourceArn));
    const known = new Set(SIMULATED_FUNCTIONS.map((f) => f.name as string));
    for (const workflow of workflows) {
      for (const resource of collect(workflow.definition, 'Resource')) expect(registered, `${workflow.name}: ${String(resource)}`).toContain(resource);
      for (const target of collect(workflow.definition, 'FunctionName')) {
        const name = String(target).split(':function:')[1]?.split(':')[0];
        expect(known, `${workflow.name}: ${String(target)}`).toContain(name);
      }
    }
  });

  it('returns fresh objects, so callers may mutate them', () => {
    const [a] = demoWorkflows();
    const [b] = demoWorkflows();
    expect(a?.definition).not.toBe(b?.definition);
    expect(a?.definition).toEqual(b?.definition);
  });
});
