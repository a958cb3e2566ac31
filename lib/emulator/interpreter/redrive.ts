// RedriveExecution: where to resume. AWS restarts the execution at the top-level state that did
// not succeed, with the input it had then and the variables assigned before it; the history is
// appended to (ExecutionRedriven, then ids continue).
import type { EmittedEvent } from '../engine-contract.ts';
import type { MachineDef } from './machine-def.ts';

export interface RedrivePlan {
  stateName: string;
  input: unknown;
  variables: Record<string, unknown>;
  callCounts: Map<string, number>;
  startTime: string | null;
}

function parse(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function planRedrive(events: readonly EmittedEvent[], machine: MachineDef): RedrivePlan {
  const byId = new Map(events.map((e) => [e.id, e]));
  let stateName = machine.StartAt;
  let input: unknown = {};
  let startTime: string | null = null;
  const variables: Record<string, unknown> = {};
  const callCounts = new Map<string, number>();
  const openTop = new Map<number, string>();
  for (const e of events) {
    const d = e.details ?? {};
    if (e.type === 'ExecutionStarted') {
      input = parse(d.input);
      startTime = new Date(e.timestamp).toISOString();
    } else if (e.type.endsWith('StateEntered')) {
      const name = String(d.name ?? '');
      if (Object.hasOwn(machine.States, name) && isTopLevel(e, byId)) {
        stateName = name;
        input = parse(d.input);
        openTop.set(e.id, name);
      }
    } else if (e.type.endsWith('StateExited')) {
      const name = String(d.name ?? '');
      if (Object.hasOwn(machine.States, name) && d.assignedVariables && typeof d.assignedVariables === 'object') {
        for (const [k, v] of Object.entries(d.assignedVariables as Record<string, unknown>)) variables[k] = parse(v);
      }
    } else if (/(Task|LambdaFunction|Activity)Scheduled$/.test(e.type)) {
      const owner = enteredName(e, byId);
      if (owner) callCounts.set(owner, (callCounts.get(owner) ?? 0) + 1);
    }
  }
  return { stateName, input, variables, callCounts, startTime };
}

/** A top-level state's Entered links (through its predecessors) to no Map/Parallel start. */
function isTopLevel(e: EmittedEvent, byId: Map<number, EmittedEvent>): boolean {
  let cur: EmittedEvent | undefined = byId.get(e.previousEventId);
  let guard = 0;
  while (cur && guard < 100000) {
    guard += 1;
    if (cur.type === 'MapIterationStarted' || cur.type === 'ParallelStateStarted') return false;
    if (cur.type.endsWith('StateExited') || cur.type === 'ExecutionStarted' || cur.type === 'ExecutionRedriven') {
      // A top-level predecessor decides: its own Entered is top-level iff it is.
      if (cur.type !== 'ExecutionStarted' && cur.type !== 'ExecutionRedriven') {
        const name = String(cur.details?.name ?? '');
        const entered = [...byId.values()].reverse().find((x) => x.id < cur!.id && x.type.endsWith('StateEntered') && x.details?.name === name);
        return entered ? isTopLevel(entered, byId) : true;
      }
      return true;
    }
    cur = byId.get(cur.previousEventId);
  }
  return true;
}

function enteredName(e: EmittedEvent, byId: Map<number, EmittedEvent>): string | null {
  let cur = byId.get(e.previousEventId);
  while (cur) {
    if (cur.type === 'TaskStateEntered') return String(cur.details?.name ?? '');
    cur = byId.get(cur.previousEventId);
  }
  return null;
}
