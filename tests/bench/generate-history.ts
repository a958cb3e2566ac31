// A realistic large GetExecutionHistory response for benchmarks (analyze, import): an inline Map
// of N iterations run with MaxConcurrency, so iterations interleave as in real histories
// (sfn-facts.md §2.4), with Task retries, AWS's id/previousEventId linkage and CLI v2 ISO
// timestamps. A small discrete-event simulation orders the events; everything is deterministic.
//
// Shape of one iteration (21 events, +3 per retry):
//   MapIterationStarted -> Fetch (Task) -> Validate (Choice) -> Enrich (Task) -> Store (Task)
//   -> Done (Pass) -> MapIterationSucceeded
// Outside the Map: ExecutionStarted, Prepare (Pass), the Map's own events, Summarize (Pass),
// ExecutionSucceeded (10 events). With the defaults: 1,000 iterations, 1,330 retries = 25,000 events.
import { mulberry32 as prng } from '../helpers/prng.ts';

export interface GenerateHistoryOptions {
  /** Map iterations (default 1,000). */
  iterations?: number;
  /** Iterations in flight at once (default 40). */
  maxConcurrency?: number;
  /** Task retries spread evenly over the iterations (default 1,330: 25,000 events in all). */
  retries?: number;
  /** Epoch ms of ExecutionStarted (default 2025-03-01T09:00:00Z). */
  startTime?: number;
  seed?: number;
}

export type GeneratedEvent = Record<string, unknown>;

export interface GeneratedHistory {
  events: GeneratedEvent[];
}

/** What generateHistory produced, for tests that check the analyzer against it. */
export interface GeneratedFacts {
  iterations: number;
  /** Scheduled events per (iteration, task state) = 1 + retries of that task. */
  attempts: Map<string, number>;
  eventCount: number;
}

const MAP = 'ProcessItems';
const RESOURCE = { resourceType: 'lambda', resource: 'invoke' };
const BACKOFF_MS = 1_000; // Retry IntervalSeconds 1, first retry only


/** AWS CLI v2 style: microsecond digits (always …000) and an explicit offset. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}

function detailsKey(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

interface Step {
  type: string;
  details?: Record<string, unknown>;
  /** Delay before this event can happen, after the previous event of the iteration. */
  delayMs: number;
  /** previousEventId: the iteration's previous event, unless set to 'iteration-start'. */
}

/** The events of one iteration after its MapIterationStarted, without ids. */
function iterationSteps(index: number, retriesHere: number, rand: () => number): Step[] {
  const item = JSON.stringify({ id: `item-${index}`, n: index });
  const steps: Step[] = [];
  const enter = (name: string, type: string, input: string) =>
    steps.push({ type: `${type}StateEntered`, details: { name, input, inputDetails: { truncated: false } }, delayMs: 1 });
  const exit = (name: string, type: string, output: string) =>
    steps.push({ type: `${type}StateExited`, details: { name, output, outputDetails: { truncated: false } }, delayMs: 1 });
  const task = (name: string, retriesOfTask: number) => {
    enter(name, 'Task', item);
    const parameters = JSON.stringify({ FunctionName: `arn:aws:lambda:us-east-1:123456789012:function:${name}`, Payload: JSON.parse(item) as unknown });
    for (let attempt = 0; attempt <= retriesOfTask; attempt++) {
      steps.push({
        type: 'TaskScheduled',
        details: { ...RESOURCE, region: 'us-east-1', parameters, timeoutInSeconds: 30 },
        delayMs: attempt === 0 ? 2 : BACKOFF_MS,
      });
      steps.push({ type: 'TaskStarted', details: { ...RESOURCE }, delayMs: 20 + Math.floor(rand() * 30) });
      const runMs = 80 + Math.floor(rand() * 400);
      if (attempt < retriesOfTask) {
        steps.push({
          type: 'TaskFailed',
          details: { ...RESOURCE, error: 'Lambda.TooManyRequestsException', cause: JSON.stringify({ errorMessage: 'Rate exceeded' }) },
          delayMs: runMs,
        });
      } else {
        const output = JSON.stringify({ ExecutedVersion: '$LATEST', Payload: { ok: true, item: index }, StatusCode: 200 });
        steps.push({ type: 'TaskSucceeded', details: { ...RESOURCE, output, outputDetails: { truncated: false } }, delayMs: runMs });
      }
    }
    exit(name, 'Task', item);
  };
  // Retries: the first goes to Fetch, a second one to Store.
  task('Fetch', retriesHere > 0 ? 1 : 0);
  enter('Validate', 'Choice', item);
  exit('Validate', 'Choice', item);
  task('Enrich', 0);
  task('Store', retriesHere > 1 ? retriesHere - 1 : 0);
  enter('Done', 'Pass', item);
  exit('Done', 'Pass', item);
  return steps;
}

export function generateHistory(options: GenerateHistoryOptions = {}): GeneratedHistory {
  return generateHistoryWithFacts(options).history;
}

export function generateHistoryWithFacts(options: GenerateHistoryOptions = {}): { history: GeneratedHistory; facts: GeneratedFacts } {
  const iterations = options.iterations ?? 1_000;
  const maxConcurrency = Math.max(1, options.maxConcurrency ?? 40);
  const retries = options.retries ?? 1_330;
  const rand = prng(options.seed ?? 20250301);
  let clock = options.startTime ?? Date.UTC(2025, 2, 1, 9, 0, 0);

  const events: GeneratedEvent[] = [];
  const attempts = new Map<string, number>();
  const emit = (type: string, previousEventId: number, details?: Record<string, unknown>): number => {
    const id = events.length + 1;
    const event: GeneratedEvent = { id, previousEventId, timestamp: iso(clock), type };
    if (details) event[detailsKey(type)] = details;
    events.push(event);
    return id;
  };

  const input = JSON.stringify({ items: Array.from({ length: Math.min(iterations, 3) }, (_, i) => `item-${i}`), total: iterations });
  emit('ExecutionStarted', 0, { input, inputDetails: { truncated: false }, roleArn: 'arn:aws:iam::123456789012:role/StepLensBench' });
  clock += 25;
  let last = emit('PassStateEntered', 0, { name: 'Prepare', input, inputDetails: { truncated: false } });
  last = emit('PassStateExited', last, { name: 'Prepare', output: input, outputDetails: { truncated: false } });
  clock += 3;
  last = emit('MapStateEntered', last, { name: MAP, input, inputDetails: { truncated: false } });
  const mapStarted = emit('MapStateStarted', last, { length: iterations });

  interface Active {
    index: number;
    steps: Step[];
    next: number;
    lastId: number;
    readyAt: number;
  }
  const active: Active[] = [];
  let nextIndex = 0;
  let lastIterationEnd = mapStarted;
  const start = (prev: number) => {
    const index = nextIndex++;
    // Evenly spread retries: iteration i gets floor((i+1)·R/N) − floor(i·R/N) of them.
    const here = Math.floor(((index + 1) * retries) / iterations) - Math.floor((index * retries) / iterations);
    const steps = iterationSteps(index, here, rand);
    for (const name of ['Fetch', 'Enrich', 'Store']) attempts.set(`${index}/${name}`, 1);
    if (here > 0) attempts.set(`${index}/Fetch`, 2);
    if (here > 1) attempts.set(`${index}/Store`, here);
    const id = emit('MapIterationStarted', prev, { name: MAP, index });
    active.push({ index, steps, next: 0, lastId: id, readyAt: clock + 1 });
  };
  while (nextIndex < Math.min(maxConcurrency, iterations)) start(mapStarted);

  while (active.length > 0) {
    // The iteration whose next event is due first (ties: lowest slot), as a scheduler would run them.
    let k = 0;
    for (let j = 1; j < active.length; j++) if ((active[j] as Active).readyAt < (active[k] as Active).readyAt) k = j;
    const it = active[k] as Active;
    clock = Math.max(clock, it.readyAt);
    const step = it.steps[it.next] as Step;
    it.lastId = emit(step.type, it.lastId, step.details);
    it.next += 1;
    const following = it.steps[it.next];
    if (following) {
      it.readyAt = clock + following.delayMs;
      continue;
    }
    // Iteration done: MapIterationSucceeded and the next iteration's start both follow its last event.
    lastIterationEnd = emit('MapIterationSucceeded', it.lastId, { name: MAP, index: it.index });
    active.splice(k, 1);
    if (nextIndex < iterations) start(it.lastId);
  }

  clock += 2;
  emit('MapStateSucceeded', lastIterationEnd);
  const output = JSON.stringify({ processed: iterations });
  last = emit('MapStateExited', lastIterationEnd, { name: MAP, output, outputDetails: { truncated: false } });
  clock += 2;
  last = emit('PassStateEntered', last, { name: 'Summarize', input: output, inputDetails: { truncated: false } });
  last = emit('PassStateExited', last, { name: 'Summarize', output, outputDetails: { truncated: false } });
  clock += 1;
  emit('ExecutionSucceeded', last, { output, outputDetails: { truncated: false } });

  return { history: { events }, facts: { iterations, attempts, eventCount: events.length } };
}
