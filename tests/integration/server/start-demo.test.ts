import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSteplensServer, type RunningServer } from '../../helpers/steplens-server';

// `npm start` on a machine with no source configured: the built-in emulator runs its demo, the
// poller ingests it, and the dashboard shows live data with no further step (DESIGN.md §2.1).

let server: RunningServer;

beforeAll(async () => {
  server = await startSteplensServer({ demo: true });
}, 180_000);

afterAll(() => server?.stop());

async function json(path: string) {
  const response = await fetch(`${server.baseUrl}${path}`);
  expect(response.status, path).toBe(200);
  return response.json();
}

async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; server log:\n${server.log().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('steplens start with no source configured', () => {
  it('polls the demo emulator and reports it on /api/health', async () => {
    const health = await eventually(async () => {
      const body = await json('/api/health');
      return body.sources.length > 0 && (body.poller.apiCalls.ListExecutions ?? 0) > 0 ? body : null;
    });
    expect(health.ok).toBe(true);
    expect(health.sources).toEqual([expect.objectContaining({ kind: 'endpoint', endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), error: null })]);
    expect(health.poller.throttled).toBe(0);
  }, 180_000); // covers its 60 s wait, on a loaded machine

  it('shows the demo workflows and their executions, with analyses', async () => {
    const machines = await eventually(async () => {
      const body = await json('/api/state-machines');
      return body.items.length >= 6 ? body.items : null;
    });
    const names = machines.map((machine: { name: string }) => machine.name);
    expect(names).toEqual(expect.arrayContaining(['order-fulfilment', 'iot-ingestion', 'iot-ingestion-standard']));
    const types = Object.fromEntries(machines.map((machine: { name: string; type: string }) => [machine.name, machine.type]));
    expect(types['iot-ingestion']).toBe('EXPRESS');

    const order = machines.find((machine: { name: string }) => machine.name === 'order-fulfilment');
    const finished = await eventually(async () => {
      const body = await json(`/api/executions?stateMachineArn=${encodeURIComponent(order.stateMachineArn)}&status=SUCCEEDED,FAILED`);
      return body.items.length > 0 ? body.items[0] : null;
    });
    const detail = await json(`/api/executions/${encodeURIComponent(finished.executionArn)}`);
    expect(detail.analysis.status).toBe(finished.status);
    // The shortest order-fulfilment path (ValidateOrder → OrderRejected) has two runs.
    expect(detail.analysis.runs.length).toBeGreaterThanOrEqual(2);
    expect(detail.definition).toEqual(expect.objectContaining({ StartAt: expect.any(String) }));
    expect(detail.analysis.runs[0].stateName).toBe(detail.definition.StartAt);
    const page = await fetch(`${server.baseUrl}/executions/${encodeURIComponent(finished.executionArn)}`);
    expect(page.status).toBe(200);
  }, 180_000); // covers its two 60 s waits
});
