// Demo mode (`steplens emulator --demo`, and `steplens start` with no source configured):
// deploys a handful of realistic state machines into the emulator, registers simulated
// Lambda/SNS/DynamoDB task handlers for them, and starts seeded traffic.
//
// The demo depends only on the small `DemoEmulator` interface below, not on the server's
// types; the server adapts its emulator object to it.
import type { TaskHandler } from '../engine-contract.ts';
import { type DemoEnv, DEFAULT_DEMO_ENV } from './demo-env.ts';
import { createDemoHandlers } from './handlers.ts';
import { type DemoStart, type TrafficProfile, startDemoTraffic } from './traffic.ts';
import { IOT_LOG_GROUP, type LoggingConfiguration, type StateMachineType, demoWorkflows } from './workflows/index.ts';

/**
 * What installDemo needs from the emulator.
 *  - createStateMachine: as the CreateStateMachine API (definition is JSON text).
 *  - registerTaskHandler: JavaScript task implementations by resource ARN (engine-contract.ts).
 *  - startExecution / startSyncExecution: as the APIs; the returned value is ignored.
 *    startSyncExecution is optional: without it all Express traffic is asynchronous.
 *  - createLogGroup: optional; called for the Express workflow's log group before its state
 *    machine is created (AWS requires the group to exist). Should succeed if it already exists.
 *  - sendTaskSuccess: optional; SendTaskSuccess, with which the simulated approver answers the
 *    expense approvals' task tokens (without it every approval times out).
 *  - clock: the emulator's clock (EmulatorClock). `sleep` drives task latencies and the
 *    traffic schedule, so both follow --time-scale; `now` (optional, default Date.now) stamps
 *    timestamps inside generated inputs.
 */
export interface DemoEmulator {
  createStateMachine(input: {
    name: string;
    type: StateMachineType;
    definition: string;
    roleArn: string;
    loggingConfiguration?: LoggingConfiguration;
  }): Promise<{ stateMachineArn: string }>;
  registerTaskHandler(resourceArn: string, handler: TaskHandler): void;
  startExecution(stateMachineArn: string, input: string, name?: string): Promise<unknown>;
  startSyncExecution?(stateMachineArn: string, input: string, name?: string): Promise<unknown>;
  createLogGroup?(logGroupName: string): Promise<void>;
  sendTaskSuccess?(taskToken: string, output: string): Promise<unknown>;
  clock: { sleep(ms: number, signal?: AbortSignal): Promise<void>; now?(): number };
}

export interface InstallDemoOptions {
  /**
   * Seeds handlers and traffic. Omit for a fresh sequence on each start (execution names then
   * never collide with those a persistent store kept from a previous run); pass one to make a
   * demo run reproducible.
   */
  seed?: number;
  /** Multiplies the default traffic (~130 executions per emulated minute). 0 = no traffic. Default 1. */
  trafficRate?: number;
  /** Per-workflow overrides of the traffic mix. */
  trafficProfiles?: Readonly<Record<string, TrafficProfile>>;
  /** Region the ARNs in the definitions name. Default us-east-1. */
  region?: string;
  onTrafficError?(error: unknown, start: DemoStart): void;
}

export interface InstalledDemo {
  seed: number;
  /** State machine name → ARN. */
  stateMachineArns: Record<string, string>;
  /** Stops the traffic (executions already started run to completion). */
  stop(): Promise<void>;
}

export async function installDemo(emulator: DemoEmulator, options: InstallDemoOptions = {}): Promise<InstalledDemo> {
  const seed = (options.seed ?? Date.now()) >>> 0;
  const env: DemoEnv = { ...DEFAULT_DEMO_ENV, ...(options.region ? { region: options.region } : {}) };
  const sleep = (ms: number, signal?: AbortSignal) => emulator.clock.sleep(ms, signal);

  // Handlers first: an execution must never start before the resources it calls exist.
  const answerTask = emulator.sendTaskSuccess?.bind(emulator);
  for (const { resourceArn, handler } of createDemoHandlers({ seed, sleep, env, ...(answerTask ? { answerTask } : {}) })) {
    emulator.registerTaskHandler(resourceArn, handler);
  }

  if (emulator.createLogGroup) await emulator.createLogGroup(IOT_LOG_GROUP);

  const stateMachineArns: Record<string, string> = {};
  for (const workflow of demoWorkflows(env)) {
    const { stateMachineArn } = await emulator.createStateMachine({
      name: workflow.name,
      type: workflow.type,
      definition: JSON.stringify(workflow.definition, null, 2),
      roleArn: workflow.roleArn,
      ...(workflow.loggingConfiguration ? { loggingConfiguration: workflow.loggingConfiguration } : {}),
    });
    stateMachineArns[workflow.name] = stateMachineArn;
  }

  const rate = options.trafficRate ?? 1;
  if (rate <= 0) return { seed, stateMachineArns, stop: async () => {} };

  const now = emulator.clock.now?.bind(emulator.clock) ?? Date.now;
  const startSync = emulator.startSyncExecution?.bind(emulator);
  const client = {
    startExecution: (arn: string, input: string, name?: string) => emulator.startExecution(arn, input, name),
    ...(startSync ? { startSyncExecution: startSync } : {}),
  };
  const traffic = startDemoTraffic(client, {
    seed,
    stateMachineArns,
    rate,
    sleep,
    now,
    ...(options.trafficProfiles ? { profiles: options.trafficProfiles } : {}),
    ...(options.onTrafficError ? { onError: options.onTrafficError } : {}),
  });
  return { seed, stateMachineArns, stop: () => traffic.stop() };
}

export { createDemoHandlers, type RegisteredHandler, type Sleep } from './handlers.ts';
export { startDemoTraffic, DEFAULT_TRAFFIC, type DemoClient, type DemoStart, type DemoTraffic, type DemoTrafficOptions, type TrafficProfile } from './traffic.ts';
export { demoWorkflows, type DemoWorkflow } from './workflows/index.ts';
export { SIMULATED_FUNCTIONS } from './simulated-functions.ts';
