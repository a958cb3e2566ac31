// Distributed Map: the items run as a Map Run of child executions. The parent's history only
// shows MapRunStarted → MapRunSucceeded | MapRunFailed. With host.runMapRun the server runs (and
// registers) the children; without it they run here, in-process and unrecorded.
import { randomUUID } from 'node:crypto';
import type { MapRunOutcome, MapRunRequest } from '../../engine-contract.ts';
import { EventLog } from '../event-log.ts';
import { emit, newLane, type ExecutionContext } from '../execution-context.ts';
import type { StateExecution } from '../state-execution.ts';
import { StateFailure, StatesError } from '../states-error.ts';
import { VariableScope } from '../variable-scope.ts';
import type { MapPlan } from './map-plan.ts';

interface ProcessorWithConfig {
  ProcessorConfig?: { Mode?: string; ExecutionType?: string };
}

/** Map Run failure when more children failed than tolerated. */
export function exceedsTolerance(failures: number, total: number, count?: number, percentage?: number): boolean {
  if (failures === 0) return false;
  if (count === undefined && percentage === undefined) return true;
  const byCount = count === undefined || failures > count;
  const byPercentage = percentage === undefined || (failures / total) * 100 > percentage;
  return byCount && byPercentage;
}

function batches(run: StateExecution, plan: MapPlan): unknown[] {
  const batcher = run.state.ItemBatcher as { MaxItemsPerBatch?: number; BatchInput?: unknown } | undefined;
  if (!batcher) return plan.inputs;
  const size = batcher.MaxItemsPerBatch ?? plan.inputs.length;
  const out: unknown[] = [];
  for (let i = 0; i < plan.inputs.length; i += Math.max(1, size)) {
    const b: Record<string, unknown> = { Items: plan.inputs.slice(i, i + Math.max(1, size)) };
    if (batcher.BatchInput !== undefined) b.BatchInput = batcher.BatchInput;
    out.push(b);
  }
  return out;
}

/** The children's results, and the event MapStateExited links to (after MapStateSucceeded). */
export interface DistributedMapResult {
  results: unknown[];
  exitPrev: number;
}

export async function runDistributedMap(run: StateExecution, plan: MapPlan): Promise<DistributedMapResult> {
  const { exec, lane } = run;
  const items = batches(run, plan);
  const processor = plan.processor as typeof plan.processor & ProcessorWithConfig;
  const label = typeof run.state.Label === 'string' ? run.state.Label : run.name;
  const processorDefinition: Record<string, unknown> = { StartAt: processor.StartAt, States: processor.States };
  const ql = processor.QueryLanguage ?? run.ql;
  if (ql === 'JSONata') processorDefinition.QueryLanguage = 'JSONata';
  const request: MapRunRequest = {
    parentExecutionArn: exec.request.executionArn,
    stateMachineArn: exec.request.stateMachineArn,
    stateName: run.name,
    processorDefinition,
    executionType: processor.ProcessorConfig?.ExecutionType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
    items,
    maxConcurrency: plan.maxConcurrency,
    testCase: exec.request.testCase,
    signal: lane.controller.signal,
  };
  if (typeof run.state.Label === 'string') request.label = run.state.Label;
  if (plan.toleratedFailureCount !== undefined) request.toleratedFailureCount = plan.toleratedFailureCount;
  if (plan.toleratedFailurePercentage !== undefined) request.toleratedFailurePercentage = plan.toleratedFailurePercentage;

  let runStartedId = -1;
  // RedriveExecution of the parent redrives the earlier Map Run (MapRunRedriven) rather than
  // starting one; the host re-runs only its children that did not succeed.
  const earlier = run.resume?.map?.mapRun;
  if (earlier) {
    request.redrive = { mapRunArn: earlier.arn };
    runStartedId = emit(exec, lane, 'MapRunRedriven', earlier.startedId, { mapRunArn: earlier.arn, redriveCount: earlier.redriveCount + 1 });
  }
  const onStarted = (mapRunArn: string): void => {
    if (runStartedId < 0) runStartedId = emit(exec, lane, 'MapRunStarted', lane.prev, { mapRunArn });
  };
  const outcome = exec.host.runMapRun ? await exec.host.runMapRun(request, onStarted) : await runInProcess(exec, request, label, ql, onStarted);
  onStarted(outcome.mapRunArn);
  if (outcome.status !== 'SUCCEEDED') {
    const error = outcome.error ?? 'States.ExceedToleratedFailureThreshold';
    const details: Record<string, unknown> = { error };
    if (outcome.cause !== undefined) details.cause = outcome.cause;
    const id = emit(exec, lane, 'MapRunFailed', runStartedId, details);
    throw new StateFailure(error, outcome.cause, id);
  }
  lane.prev = emit(exec, lane, 'MapRunSucceeded', runStartedId);
  // MapStateSucceeded follows MapRunSucceeded; MapStateExited links to MapRunStarted on AWS today,
  // to MapRunSucceeded in executions started before the change (see mapExitLinksToRunStarted).
  return { results: outcome.results, exitPrev: mapExitLinksToRunStarted(Date.parse(exec.startTime)) ? runStartedId : lane.prev };
}

/**
 * AWS changed which event a Distributed Map's MapStateExited follows: recordings up to
 * 2024-08-19 link it to MapRunSucceeded, every one from 2024-11-13 on to MapRunStarted (the
 * LocalStack corpus, by recordedDate). The switch is placed between them, at 2024-11-01 UTC; an
 * execution's start time (a replay's is the recording's) decides which rule it follows.
 */
export const MAP_EXIT_LINK_CHANGED_AT = Date.UTC(2024, 10, 1);

export function mapExitLinksToRunStarted(executionStartMs: number): boolean {
  return !(executionStartMs < MAP_EXIT_LINK_CHANGED_AT);
}

/** Fallback without a host Map Run: children run here, their events discarded (a redrive re-runs every item). */
async function runInProcess(
  exec: ExecutionContext,
  request: MapRunRequest,
  label: string,
  ql: 'JSONPath' | 'JSONata',
  onStarted: (arn: string) => void,
): Promise<MapRunOutcome> {
  const smName = exec.stateMachineName;
  const mapRunArn = `arn:aws:states:${exec.host.region}:${accountOf(exec.request.stateMachineArn)}:mapRun:${smName}/${label}:${randomUUID()}`;
  onStarted(mapRunArn);
  const n = request.items.length;
  const results: unknown[] = new Array(n).fill(null);
  let failures = 0;
  let firstError: StateFailure | StatesError | null = null;
  const limit = request.maxConcurrency > 0 ? request.maxConcurrency : n;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      // Each child is an execution of its own (own ARN, own call counts), as on AWS.
      const name = randomUUID();
      const child: ExecutionContext = {
        ...exec,
        request: { ...exec.request, executionArn: `arn:aws:states:${exec.host.region}:${accountOf(exec.request.stateMachineArn)}:execution:${smName}/${label}:${name}` },
        executionName: name,
        log: new EventLog(() => undefined, exec.host.clock),
        callCounts: new Map(),
        input: request.items[i],
      };
      try {
        results[i] = await exec.runMachine(child, request.processorDefinition as never, request.items[i], newLane(0, request.signal), new VariableScope(), ql);
      } catch (e) {
        failures += 1;
        if (e instanceof StatesError || e instanceof StateFailure) firstError ??= e;
        else throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, () => worker()));
  if (exceedsTolerance(failures, n, request.toleratedFailureCount, request.toleratedFailurePercentage)) {
    void firstError;
    return { mapRunArn, status: 'FAILED', results, error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' };
  }
  return { mapRunArn, status: 'SUCCEEDED', results };
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '123456789012';
}
