// installDemo against the real in-process emulator (startEmulator): the emulator object must
// satisfy the demo's DemoEmulator interface, and a few seconds of fast-clock traffic must leave
// executions of every workflow, Express log records and a Map Run behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDemo, type InstalledDemo } from '../../../../lib/emulator/demo/index.ts';
import { IOT_LOG_GROUP } from '../../../../lib/emulator/demo/workflows/index.ts';
import { startEmulator, type Emulator } from '../../../../lib/emulator/index.ts';
import { waitFor } from '../../../helpers/emulator.ts';

describe('demo mode on the emulator', () => {
  let emulator: Emulator;
  let demo: InstalledDemo;
  const trafficErrors: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, timeScale: 30 });
    demo = await installDemo(emulator, { seed: 1, onTrafficError: (e, s) => trafficErrors.push(`${s.workflow}/${s.name}: ${String(e)}`) });
    // Two emulated minutes of traffic (how much is started), then let what was started finish:
    // on a loaded machine the executions lag behind the emulated clock, and what the tests below
    // read (orders' outcomes, the ETL's Map Run) must not depend on how far they got in 4 s.
    // Only the two whose results are read are waited for (expense approvals, for one, stay open
    // for emulated minutes by design).
    await new Promise((r) => setTimeout(r, 4000));
    await demo.stop();
    const settling = ['order-fulfilment', 'sales-etl'];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const open: string[] = [];
      for (const name of settling) {
        const out = await emulator.callSfn('ListExecutions', { stateMachineArn: demo.stateMachineArns[name], statusFilter: 'RUNNING', maxResults: 1000 });
        if ((out.executions as unknown[]).length > 0) open.push(name);
      }
      if (open.length === 0) break;
      if (Date.now() > deadline) throw new Error(`demo executions still running 90 s after the traffic stopped: ${open.join(', ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  afterAll(async () => {
    await emulator?.close();
  });

  it('deploys every workflow and starts them without errors', async () => {
    expect(trafficErrors).toEqual([]);
    const listed = await emulator.callSfn('ListStateMachines', {});
    const machines = listed.stateMachines as { name: string; type: string }[];
    expect(machines.map((m) => [m.name, m.type]).sort()).toEqual([
      ['expense-approval', 'STANDARD'],
      ['iot-ingestion', 'EXPRESS'],
      ['iot-ingestion-standard', 'STANDARD'],
      ['media-asset-pipeline', 'STANDARD'],
      ['order-fulfilment', 'STANDARD'],
      ['sales-etl', 'STANDARD'],
    ]);
  });

  it('leaves executions of every Standard workflow, orders mostly succeeding', async () => {
    for (const [name, arn] of Object.entries(demo.stateMachineArns)) {
      if (name === 'iot-ingestion') continue;
      const out = await emulator.callSfn('ListExecutions', { stateMachineArn: arn, maxResults: 1000 });
      expect((out.executions as unknown[]).length, name).toBeGreaterThan(0);
    }
    const orders = await emulator.callSfn('ListExecutions', { stateMachineArn: demo.stateMachineArns['order-fulfilment'], maxResults: 1000 });
    const statuses = (orders.executions as { status: string }[]).map((e) => e.status);
    expect(statuses.filter((s) => s === 'SUCCEEDED').length).toBeGreaterThan(statuses.length / 2);
  });

  it('writes Express executions to the IoT log group and runs the ETL Map Run', async () => {
    const logs = await emulator.callLogs('FilterLogEvents', { logGroupName: IOT_LOG_GROUP, limit: 1000 });
    const types = new Set((logs.events as { message: string }[]).map((e) => (JSON.parse(e.message) as { type: string }).type));
    expect(types).toContain('ExecutionStarted');
    expect(types).toContain('TaskSucceeded');
    const etl = await emulator.callSfn('ListExecutions', { stateMachineArn: demo.stateMachineArns['sales-etl'], maxResults: 1000 });
    let mapRuns = 0;
    for (const e of etl.executions as { executionArn: string }[]) {
      const runs = await emulator.callSfn('ListMapRuns', { executionArn: e.executionArn });
      mapRuns += (runs.mapRuns as unknown[]).length;
    }
    expect(mapRuns).toBeGreaterThan(0);
  });

  it('expense approvals wait on a task token that the simulated approver answers through SendTaskSuccess', async () => {
    type Event = { type: string; taskSucceededEventDetails?: { resource: string; output: string } };
    // At time scale 30 the approver's median 2.5 emulated minutes are 5 s.
    const answered = await waitFor(async () => {
      const list = await emulator.callSfn('ListExecutions', { stateMachineArn: demo.stateMachineArns['expense-approval'], maxResults: 1000 });
      for (const e of list.executions as { executionArn: string }[]) {
        const history = await emulator.callSfn('GetExecutionHistory', { executionArn: e.executionArn, maxResults: 1000 });
        const events = history.events as Event[];
        const done = events.find((x) => x.type === 'TaskSucceeded' && x.taskSucceededEventDetails?.resource === 'publish.waitForTaskToken');
        if (done) return { events, decision: JSON.parse(done.taskSucceededEventDetails?.output ?? '{}') as { status?: string } };
      }
      return undefined;
    }, 90_000, 'an answered approval');
    const types = answered.events.map((e) => e.type);
    const at = types.indexOf('TaskSucceeded', types.indexOf('TaskSubmitted'));
    expect(types.slice(at - 3, at + 1)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']);
    expect(['APPROVED', 'REJECTED']).toContain(answered.decision.status);
  }, 120_000);
});
