// Hand-written histories in the GetExecutionHistory wire shape (AWS CLI v2: ISO timestamps,
// one `<type>EventDetails` key), compact enough to read the linkage in a test.

export type WireEvent = Record<string, unknown>;

function detailsKey(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

const BASE = Date.UTC(2025, 0, 15, 12, 0, 0);

/**
 * One event. `at` is seconds after 2025-01-15T12:00:00Z (written as CLI v2 ISO with offset
 * +00:00); `details` go under the right `<type>EventDetails` key.
 */
export function ev(id: number, previousEventId: number, type: string, details?: Record<string, unknown>, at?: number): WireEvent {
  const e: WireEvent = {
    id,
    previousEventId,
    timestamp: new Date(BASE + (at ?? id) * 1000).toISOString().replace('Z', '+00:00'),
    type,
  };
  if (details) e[detailsKey(type)] = details;
  return e;
}

export const entered = (id: number, prev: number, type: string, name: string, at?: number) =>
  ev(id, prev, `${type}StateEntered`, { name, input: '{}' }, at);
export const exited = (id: number, prev: number, type: string, name: string, at?: number) =>
  ev(id, prev, `${type}StateExited`, { name, output: '{}' }, at);
export const scheduled = (id: number, prev: number, at?: number) =>
  ev(id, prev, 'TaskScheduled', { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: '{"FunctionName":"f"}' }, at);
export const started = (id: number, prev: number, at?: number) => ev(id, prev, 'TaskStarted', { resourceType: 'lambda', resource: 'invoke' }, at);
export const succeeded = (id: number, prev: number, at?: number) =>
  ev(id, prev, 'TaskSucceeded', { resourceType: 'lambda', resource: 'invoke', output: '{"ok":true}' }, at);
export const failed = (id: number, prev: number, error: string, at?: number) =>
  ev(id, prev, 'TaskFailed', { resourceType: 'lambda', resource: 'invoke', error, cause: `${error} cause` }, at);
export const execStarted = (at?: number) => ev(1, 0, 'ExecutionStarted', { input: '{"a":1}', roleArn: 'arn:aws:iam::123456789012:role/r' }, at);
