// `arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]` Task results, shaped
// as AWS writes them (recorded: the corpus's test_callback start_execution_sync2 / _sync_delegate_failure
// / _sync_delegate_timeout histories, and https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html):
//  - the StartExecution answer (TaskSubmitted output; the whole result of a request-response call):
//    {ExecutionArn, StartDate, SdkHttpMetadata, SdkResponseMetadata};
//  - `.sync`: the child's DescribeExecution with Input and Output as JSON text; `.sync:2`: the same
//    with Input and Output parsed;
//  - a child that did not succeed fails the task with States.TaskFailed, its cause the
//    DescribeExecution answer (Error and Cause of the child included, no Output) as JSON text.
// Dates are epoch milliseconds, as the Java SDK behind the integration serialises them.

export const START_EXECUTION = /^arn:aws[\w-]*:states:::states:startExecution(\.sync(:2)?|\.waitForTaskToken)?$/;

export type NestedPattern = 'request-response' | 'sync' | 'sync:2' | 'callback';

export function nestedPattern(resource: string): NestedPattern | null {
  const match = START_EXECUTION.exec(resource);
  if (!match) return null;
  if (match[1] === '.waitForTaskToken') return 'callback';
  if (match[2] !== undefined) return 'sync:2';
  return match[1] === '.sync' ? 'sync' : 'request-response';
}

/** What the emulator knows of the child when the task reports on it. */
export interface NestedChild {
  arn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: number;
  stopDate?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** StartExecution's Input parameter: a JSON value, or JSON text; absent or null starts with "{}". */
export function childInput(value: unknown): string {
  if (value === undefined || value === null) return '{}';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parsed(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function startResponse(arn: string, startDate: number, requestId: string, length: number): Record<string, unknown> {
  const headers = { connection: 'keep-alive', 'Content-Length': String(length), 'Content-Type': 'application/x-amz-json-1.0', Date: new Date(startDate).toUTCString(), 'x-amzn-RequestId': requestId };
  return {
    ExecutionArn: arn,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, k === 'Date' ? v : [v]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StartDate: startDate,
  };
}

/** The child's DescribeExecution as the .sync task reports it (success output or failure cause). */
export function describeChild(child: NestedChild, pattern: 'sync' | 'sync:2'): Record<string, unknown> {
  const text = pattern === 'sync';
  const out: Record<string, unknown> = {};
  if (child.cause !== undefined) out.Cause = child.cause;
  if (child.error !== undefined) out.Error = child.error;
  out.ExecutionArn = child.arn;
  out.Input = text ? child.input : parsed(child.input);
  out.InputDetails = { Included: true };
  out.Name = child.name;
  if (child.status === 'SUCCEEDED') {
    out.Output = text ? (child.output ?? 'null') : parsed(child.output);
    out.OutputDetails = { Included: true };
  }
  out.StartDate = child.startDate;
  out.StateMachineArn = child.stateMachineArn;
  out.Status = child.status;
  if (child.stopDate !== undefined) out.StopDate = child.stopDate;
  return out;
}
