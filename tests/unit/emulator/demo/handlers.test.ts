import { describe, expect, it } from 'vitest';
import type { TaskRequest, TaskResult } from '../../../../lib/emulator/engine-contract.ts';
import { APPROVER_APPROVE_RATE, APPROVER_SILENT_RATE, DYNAMODB_THROTTLE_RATE, createDemoHandlers, executionKey, parseFunctionName, type Sleep } from '../../../../lib/emulator/demo/handlers.ts';
import { DYNAMODB_PUT_ITEM, LAMBDA_INVOKE, SNS_PUBLISH, SNS_PUBLISH_WAIT_FOR_TOKEN, lambdaArn, lambdaInvokeTarget, DEFAULT_DEMO_ENV } from '../../../../lib/emulator/demo/demo-env.ts';
import { FN } from '../../../../lib/emulator/demo/functions.ts';
import { LAMBDA_THROTTLE_RATE, SIMULATED_FUNCTIONS } from '../../../../lib/emulator/demo/simulated-functions.ts';
import type { TaskHandler } from '../../../../lib/emulator/engine-contract.ts';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:order-fulfilment';

function request(over: Partial<TaskRequest> & { executionName?: string } = {}): TaskRequest {
  const { executionName = 'exec-1', ...rest } = over;
  return {
    executionArn: `arn:aws:states:us-east-1:123456789012:execution:order-fulfilment:${executionName}`,
    stateMachineArn: SM,
    stateName: 'ChargeCard',
    resource: LAMBDA_INVOKE,
    parameters: {},
    callIndex: 0,
    testCase: null,
    signal: new AbortController().signal,
    ...rest,
  };
}

/** A sleep that returns at once and records what it was asked to wait. */
function recordingSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

function handlersFor(seed: number, sleep: Sleep = async () => {}): Map<string, TaskHandler> {
  return new Map(createDemoHandlers({ seed, sleep }).map((h) => [h.resourceArn, h.handler]));
}

function get(handlers: Map<string, TaskHandler>, arn: string): TaskHandler {
  const h = handlers.get(arn);
  if (!h) throw new Error(`no handler for ${arn}`);
  return h;
}

function invokeParams(fn: string, payload: Record<string, unknown>) {
  return { FunctionName: lambdaInvokeTarget(DEFAULT_DEMO_ENV, fn), Payload: payload };
}

async function batch(handler: TaskHandler, n: number, make: (i: number) => TaskRequest): Promise<TaskResult[]> {
  const out: TaskResult[] = [];
  for (let i = 0; i < n; i++) out.push(await handler(make(i)));
  return out;
}

/** |observed - expected| within k standard deviations of a binomial(n, p). */
function expectRate(count: number, n: number, p: number, k = 4.5) {
  const sd = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(count - n * p), `observed ${count}/${n}, expected ${(n * p).toFixed(1)} ± ${(k * sd).toFixed(1)}`).toBeLessThanOrEqual(k * sd + 1);
}

describe('demo task handlers', () => {
  it('registers lambda:invoke, every function ARN, sns:publish and dynamodb:putItem', () => {
    const arns = createDemoHandlers({ seed: 1, sleep: async () => {} }).map((h) => h.resourceArn);
    expect(arns).toContain(LAMBDA_INVOKE);
    expect(arns).toContain(SNS_PUBLISH);
    expect(arns).toContain(DYNAMODB_PUT_ITEM);
    for (const fn of SIMULATED_FUNCTIONS) expect(arns).toContain(lambdaArn(DEFAULT_DEMO_ENV, fn.name));
    expect(new Set(arns).size).toBe(arns.length);
  });

  it('is deterministic under a seed, whatever the call order', async () => {
    const make = (i: number) => request({ executionName: `order-${i}`, parameters: invokeParams(FN.chargeCard, { orderId: `ORD-${i}`, amount: 10 }) });
    const a = await batch(get(handlersFor(7), LAMBDA_INVOKE), 200, make);
    const b = await batch(get(handlersFor(7), LAMBDA_INVOKE), 200, make);
    expect(b).toEqual(a);
    // Same calls in reverse order: each call still gets the same answer.
    const reversed = await batch(get(handlersFor(7), LAMBDA_INVOKE), 200, (i) => make(199 - i));
    expect(reversed.reverse()).toEqual(a);
    const other = await batch(get(handlersFor(8), LAMBDA_INVOKE), 200, make);
    expect(other).not.toEqual(a);
  });

  it('gives a retried call (same parameters) a fresh, reproducible draw per attempt', async () => {
    const attempts = async (seed: number) => {
      const h = get(handlersFor(seed), LAMBDA_INVOKE);
      const results: string[] = [];
      for (let i = 0; i < 40; i++) {
        const r = await h(request({ executionName: 'same', parameters: invokeParams(FN.chargeCard, { orderId: 'ORD-1' }), callIndex: i }));
        results.push(r.ok ? 'ok' : r.error);
      }
      return results;
    };
    const first = await attempts(3);
    expect(await attempts(3)).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it.each(SIMULATED_FUNCTIONS.map((f) => [f.name, f] as const))('%s produces its advertised failure mix', async (name, fn) => {
    const n = 6000;
    const results = await batch(get(handlersFor(2024), LAMBDA_INVOKE), n, (i) =>
      request({ executionName: `mix-${i}`, stateName: 'S', parameters: invokeParams(name, { index: i, items: [{ sku: 'X', quantity: 1, unitPrice: 2 }] }) }),
    );
    const counts = new Map<string, number>();
    for (const r of results) if (!r.ok) counts.set(r.error, (counts.get(r.error) ?? 0) + 1);
    expectRate(counts.get('Lambda.TooManyRequestsException') ?? 0, n, LAMBDA_THROTTLE_RATE);
    for (const failure of fn.failures) expectRate(counts.get(failure.error) ?? 0, n, failure.rate * (1 - LAMBDA_THROTTLE_RATE));
    const known = new Set(['Lambda.TooManyRequestsException', ...fn.failures.map((f) => f.error)]);
    expect([...counts.keys()].filter((e) => !known.has(e))).toEqual([]);
  });

  it('returns lambda:invoke results and function errors in AWS shapes', async () => {
    const h = get(handlersFor(11), LAMBDA_INVOKE);
    const results = await batch(h, 400, (i) => request({ executionName: `shape-${i}`, parameters: invokeParams(FN.chargeCard, { orderId: `O${i}`, amount: 42.5, currency: 'EUR' }) }));
    const ok = results.find((r) => r.ok);
    expect(ok?.ok && ok.output).toMatchObject({
      ExecutedVersion: '$LATEST',
      StatusCode: 200,
      Payload: { status: 'captured', amount: 42.5, currency: 'EUR' },
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
    const declined = results.find((r) => !r.ok && r.error === 'Payment.Declined');
    if (!declined || declined.ok) throw new Error('expected a decline in 400 calls');
    const cause = JSON.parse(declined.cause ?? '') as { errorType: string; errorMessage: string; trace: string[] };
    expect(Object.keys(cause)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(cause.errorType).toBe('Payment.Declined');
    expect(cause.trace[0]).toBe(`Payment.Declined: ${cause.errorMessage}`);
    const throttled = results.find((r) => !r.ok && r.error === 'Lambda.TooManyRequestsException');
    if (throttled && !throttled.ok) expect(throttled.cause).toMatch(/^Rate Exceeded\. \(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: /);
  });

  it('answers legacy Lambda ARNs with the bare payload, Python errors in Python shape', async () => {
    const h = get(handlersFor(5), lambdaArn(DEFAULT_DEMO_ENV, FN.etlTransform));
    const results = await batch(h, 300, (i) =>
      request({ stateName: 'TransformRecord', resource: lambdaArn(DEFAULT_DEMO_ENV, FN.etlTransform), parameters: { batchId: 'b', index: i, record: { lineId: `L${i}`, amount_cents: 1250, region: 'eu-west' } } }),
    );
    const ok = results.find((r) => r.ok);
    expect(ok?.ok && ok.output).toMatchObject({ amount: 12.5, region: 'EU-WEST' });
    const failed = results.find((r) => !r.ok && r.error === 'SchemaMismatchError');
    if (!failed || failed.ok) throw new Error('expected a schema mismatch in 300 calls');
    expect(failed.cause).toMatch(/^\{"errorMessage": "Record L\d+: .*", "errorType": "SchemaMismatchError", "requestId": "[0-9a-f-]{36}", "stackTrace": \["  File /);
    expect(JSON.parse(failed.cause ?? '')).toHaveProperty('stackTrace');
  });

  it('fails an unknown function as Lambda does', async () => {
    const r = await get(handlersFor(1), LAMBDA_INVOKE)(request({ parameters: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:nope', Payload: {} } }));
    expect(r).toMatchObject({ ok: false, error: 'Lambda.ResourceNotFoundException' });
    expect(r.ok ? '' : r.cause).toContain('Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope');
  });

  it('simulates SNS and DynamoDB, with DynamoDB throttling at its advertised rate', async () => {
    const handlers = handlersFor(9);
    const sns = await get(handlers, SNS_PUBLISH)(request({ resource: SNS_PUBLISH, parameters: { TopicArn: 't', Message: 'm' } }));
    expect(sns.ok && sns.output).toMatchObject({ MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/), SdkHttpMetadata: { HttpStatusCode: 200 } });
    const n = 6000;
    const ddb = await batch(get(handlers, DYNAMODB_PUT_ITEM), n, (i) => request({ resource: DYNAMODB_PUT_ITEM, executionName: `d${i}`, parameters: { TableName: 't', Item: {} } }));
    const throttled = ddb.filter((r) => !r.ok && r.error === 'DynamoDB.ProvisionedThroughputExceededException').length;
    expectRate(throttled, n, DYNAMODB_THROTTLE_RATE);
  });

  it('the simulated approver answers most task tokens minutes later, within the review window, approving three in four', async () => {
    const waits: number[] = [];
    const answers: { token: string; decision: { status: string; reviewer: string | null } }[] = [];
    const sleep: Sleep = async (ms) => void waits.push(ms);
    const answerTask = async (token: string, output: string) => void answers.push({ token, decision: JSON.parse(output) as { status: string; reviewer: string | null } });
    const handler = get(new Map(createDemoHandlers({ seed: 5, sleep, answerTask }).map((h) => [h.resourceArn, h.handler])), SNS_PUBLISH_WAIT_FOR_TOKEN);
    const n = 4000;
    const results = await batch(handler, n, (i) =>
      request({
        resource: SNS_PUBLISH_WAIT_FOR_TOKEN,
        stateName: 'WaitForApproval',
        executionName: `appr-${i}`,
        taskToken: `token-${i}`,
        timeoutSeconds: 600,
        parameters: { TopicArn: 't', Message: 'm', MessageAttributes: { Approver: { DataType: 'String', StringValue: 'tom.becker' } } },
      }),
    );
    await new Promise((r) => setImmediate(r));
    // The submission is SNS Publish's response; the decision comes through answerTask.
    expect(results.every((r) => r.ok && typeof (r.output as { MessageId?: unknown }).MessageId === 'string')).toBe(true);
    expectRate(n - answers.length, n, APPROVER_SILENT_RATE);
    expectRate(answers.filter((a) => a.decision.status === 'APPROVED').length, answers.length, APPROVER_APPROVE_RATE);
    expect(new Set(answers.map((a) => a.decision.reviewer))).toEqual(new Set(['tom.becker']));
    expect(new Set(answers.map((a) => a.token)).size).toBe(answers.length);
    // Two sleeps per answered request (SNS latency, then the reading delay): the delays are minutes, capped at 90 % of 600 s.
    const delays = waits.filter((ms) => ms > 5_000).sort((a, b) => a - b);
    expect(delays.length).toBeGreaterThan(answers.length * 0.9);
    expect(delays[Math.floor(delays.length / 2)] ?? 0).toBeGreaterThan(100_000);
    expect(delays.at(-1) ?? 0).toBeLessThanOrEqual(540_000);
  });

  it('spends log-normal latency with a long tail on the given clock', async () => {
    const { sleep, waits } = recordingSleep();
    const n = 5000;
    await batch(get(handlersFor(77, sleep), LAMBDA_INVOKE), n, (i) => request({ executionName: `lat-${i}`, parameters: invokeParams(FN.releaseInventory, { i }) }));
    const sorted = [...waits].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.floor(p * (sorted.length - 1))] ?? NaN;
    const median = SIMULATED_FUNCTIONS.find((f) => f.name === FN.releaseInventory)?.latency.medianMs ?? 0;
    expect(waits).toHaveLength(n);
    expect(q(0.5)).toBeGreaterThan(median * 0.85);
    expect(q(0.5)).toBeLessThan(median * 1.2);
    expect(q(0.99) / q(0.5)).toBeGreaterThan(3); // cold starts and slow dependencies
    expect(Math.min(...waits)).toBeGreaterThan(0);
  });

  it('stops waiting when the attempt is aborted', async () => {
    // A clock sleep that never elapses on its own: only the abort can end it.
    const sleep: Sleep = (_ms, signal) =>
      new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    const controller = new AbortController();
    const pending = get(handlersFor(1, sleep), LAMBDA_INVOKE)(request({ parameters: invokeParams(FN.createShipment, {}), signal: controller.signal }));
    const reason = new Error('States.Timeout');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    const already = new AbortController();
    already.abort(reason);
    await expect(get(handlersFor(1, sleep), SNS_PUBLISH)(request({ signal: already.signal }))).rejects.toBe(reason);
  });

  it('parses every FunctionName form and keys executions stably', () => {
    expect(parseFunctionName('order-validate')).toEqual({ name: 'order-validate' });
    expect(parseFunctionName('order-validate:prod')).toEqual({ name: 'order-validate', qualifier: 'prod' });
    expect(parseFunctionName('123456789012:function:order-validate')).toEqual({ name: 'order-validate' });
    expect(parseFunctionName('arn:aws:lambda:us-east-1:123456789012:function:order-validate:$LATEST')).toEqual({ name: 'order-validate', qualifier: '$LATEST' });
    expect(executionKey('arn:aws:states:us-east-1:123456789012:express:iot-ingestion:telemetry-1:0b6f2c1e-1111-2222-3333-444455556666')).toBe('iot-ingestion:telemetry-1');
    expect(executionKey('arn:aws:states:us-east-1:123456789012:execution:order-fulfilment:order-1')).toBe('order-fulfilment:order-1');
    expect(executionKey('arn:aws:states:us-east-1:123456789012:execution:sales-etl/LoadPartitions:8d1c')).toBe('sales-etl/LoadPartitions');
  });
});
