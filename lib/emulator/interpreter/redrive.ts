// RedriveExecution: where to resume. AWS appends ExecutionRedriven to the history and continues
// every state that has a *StateEntered but no *StateExited, in every lane (the top level, each
// inline Map iteration, each Parallel branch), keeping what succeeded:
//  - an unfinished Task (failed, aborted, timed out) is scheduled again WITHOUT a new
//    TaskStateEntered: its *Scheduled links to the original TaskStateEntered, $$.State.EnteredTime
//    stays the original one and RetryCount starts from 0;
//  - an unfinished inline Map keeps its MapStateStarted and its succeeded iterations' results;
//    each failed or aborted iteration continues inside (no new MapIterationStarted), iterations
//    that never started start as usual (MapIterationStarted linked to the iteration whose slot
//    they take), then MapStateSucceeded/Exited follow as in a first attempt;
//  - an unfinished Parallel keeps its ParallelStateStarted and its succeeded branches' outputs;
//    the failed and aborted branches continue;
//  - a Distributed Map's failed Map Run is redriven (MapRunRedriven {mapRunArn, redriveCount}),
//    not started again (redrive-map-run.html); no recording shows its link, so it links to the
//    original MapRunStarted, the way a continued Task links to its original Entered;
//  - other states (a Fail state, a Choice or Pass that failed) are entered again.
// Recorded on AWS (us-west-2, 2026-09-24, Activity-backed Parallel and MaxConcurrency-1 inline Map;
// histories captured by the radkawar/stackd project in testdata/aws/stepfunctions/redrive_execution.json)
// and described in https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html.
// The planner reads the lanes back from the events' previousEventId links and the definition.
import type { EmittedEvent } from '../engine-contract.ts';
import type { AslState, MachineDef } from './machine-def.ts';

/** What a lane resumes: its unfinished state, else the state after its last exited one, else its StartAt. */
export interface LaneResume {
  state?: StateResume;
  next?: { name: string; input: unknown };
  /** The lane's last event of the earlier attempts (a state entered again links to it). */
  lastId: number;
}

export interface StateResume {
  name: string;
  input: unknown;
  enteredId: number;
  enteredPrev: number;
  enteredTime: string;
  /** An inline or Distributed Map that had written MapStateStarted. */
  map?: { startedId: number; mapRun?: MapRunResume; iterations: Map<number, BranchResume> };
  /** A Parallel that had written ParallelStateStarted; branches that never started are absent. */
  parallel?: { startedId: number; branches: Map<number, BranchResume> };
}

/** A Distributed Map's Map Run: the event that started it and how often it was redriven already. */
export interface MapRunResume {
  arn: string;
  startedId: number;
  redriveCount: number;
}

export type BranchResume = { status: 'succeeded'; output: unknown } | { status: 'unfinished'; lane: LaneResume };

export interface RedrivePlan {
  top: LaneResume;
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

interface OpenRec {
  name: string;
  type: string;
  input: unknown;
  enteredId: number;
  enteredPrev: number;
  enteredTime: string;
  /** Set once its *StateFailed was written: an enclosing Map/Parallel failure skips it. */
  failed: boolean;
  map?: { startedId: number; mapRun?: MapRunResume; iterations: Map<number, { lane: LaneRec; status: 'running' | 'succeeded' | 'unfinished' }> };
  parallel?: { startedId: number; branches: Map<number, LaneRec> };
}

interface LaneRec {
  parent: LaneRec | null;
  machine: MachineDef | null;
  open: OpenRec | null;
  lastExited: { name: string; output: unknown } | null;
  lastId: number;
}

function newLaneRec(parent: LaneRec | null, machine: MachineDef | null, lastId: number): LaneRec {
  return { parent, machine, open: null, lastExited: null, lastId };
}

/** The innermost lane (from `lane` up) whose open state matches. */
function findUp(lane: LaneRec | undefined, match: (open: OpenRec) => boolean): LaneRec | undefined {
  for (let cur = lane; cur; cur = cur.parent ?? undefined) {
    if (cur.open && match(cur.open)) return cur;
  }
  return undefined;
}

function processorOf(state: AslState | undefined): MachineDef | null {
  const p = (state?.ItemProcessor ?? state?.Iterator) as MachineDef | undefined;
  return p && typeof p === 'object' ? p : null;
}

export function planRedrive(events: readonly EmittedEvent[], machine: MachineDef): RedrivePlan {
  const top = newLaneRec(null, machine, 0);
  const laneOf = new Map<number, LaneRec>();
  /** MapIterationStarted id → the iteration's lane (its first Entered links to that event). */
  const startsLane = new Map<number, LaneRec>();
  let startTime: string | null = null;
  const variables: Record<string, unknown> = {};
  const callCounts = new Map<string, number>();

  for (const e of events) {
    const d = e.details ?? {};
    const prevLane = laneOf.get(e.previousEventId);
    let lane: LaneRec = prevLane ?? top;
    const t = e.type;
    if (t === 'ExecutionStarted') {
      startTime = new Date(e.timestamp).toISOString();
      lane = top;
    } else if (t.startsWith('Execution')) {
      lane = top;
    } else if (t.endsWith('StateEntered')) {
      const name = String(d.name ?? '');
      const iteration = startsLane.get(e.previousEventId);
      if (iteration) lane = iteration;
      else if (prevLane?.open?.parallel && prevLane.open.parallel.startedId === e.previousEventId) {
        // A branch's first state links to ParallelStateStarted: the branch is the one starting there.
        const branches = (prevLane.machine?.States[prevLane.open.name]?.Branches as MachineDef[] | undefined) ?? [];
        const index = branches.findIndex((b) => b.StartAt === name);
        const branch = newLaneRec(prevLane, branches[index] ?? null, e.previousEventId);
        prevLane.open.parallel.branches.set(index, branch);
        lane = branch;
      } else if (!prevLane) lane = top;
      lane.open = {
        name,
        type: t.slice(0, -'StateEntered'.length),
        input: parse(d.input),
        enteredId: e.id,
        enteredPrev: e.previousEventId,
        enteredTime: new Date(e.timestamp).toISOString(),
        failed: false,
      };
    } else if (t.endsWith('StateExited')) {
      const name = String(d.name ?? '');
      lane = findUp(prevLane, (o) => o.name === name) ?? lane;
      lane.open = null;
      lane.lastExited = { name, output: parse(d.output) };
      if (lane === top && d.assignedVariables && typeof d.assignedVariables === 'object') {
        for (const [k, v] of Object.entries(d.assignedVariables as Record<string, unknown>)) variables[k] = parse(v);
      }
    } else if (t === 'MapStateStarted') {
      // A retried Map starts again: its earlier failure no longer closes it.
      if (lane.open?.type === 'Map') {
        lane.open.map = { startedId: e.id, iterations: new Map() };
        lane.open.failed = false;
      }
    } else if (t === 'MapRunStarted') {
      if (lane.open?.map && typeof d.mapRunArn === 'string') lane.open.map.mapRun = { arn: d.mapRunArn, startedId: e.id, redriveCount: 0 };
    } else if (t === 'MapRunRedriven') {
      const run = lane.open?.map?.mapRun;
      if (run && run.arn === d.mapRunArn) run.redriveCount = Number(d.redriveCount ?? run.redriveCount + 1);
    } else if (t === 'ParallelStateStarted') {
      if (lane.open?.type === 'Parallel') {
        lane.open.parallel = { startedId: e.id, branches: new Map() };
        lane.open.failed = false;
      }
    } else if (t.startsWith('MapIteration')) {
      const name = String(d.name ?? '');
      const index = Number(d.index);
      const mapLane = findUp(prevLane, (o) => o.name === name && o.map !== undefined && !o.failed);
      if (mapLane?.open?.map) {
        lane = mapLane;
        const map = mapLane.open.map;
        if (t === 'MapIterationStarted') {
          const processor = processorOf(mapLane.machine?.States[mapLane.open.name]);
          const iteration = newLaneRec(mapLane, processor, e.id);
          map.iterations.set(index, { lane: iteration, status: 'running' });
          startsLane.set(e.id, iteration);
        } else {
          const it = map.iterations.get(index);
          if (it) it.status = t === 'MapIterationSucceeded' ? 'succeeded' : 'unfinished';
        }
      }
    } else if (t === 'MapStateFailed' || t === 'ParallelStateFailed' || t === 'MapStateSucceeded' || t === 'ParallelStateSucceeded') {
      const type = t.startsWith('Map') ? 'Map' : 'Parallel';
      const owner = findUp(prevLane, (o) => o.type === type && !o.failed);
      if (owner?.open) {
        lane = owner;
        if (t.endsWith('Failed')) owner.open.failed = true;
      }
    } else if (/(Task|LambdaFunction|Activity)Scheduled$/.test(t)) {
      const owner = findUp(prevLane, (o) => o.type === 'Task');
      if (owner?.open) callCounts.set(owner.open.name, (callCounts.get(owner.open.name) ?? 0) + 1);
    }
    laneOf.set(e.id, lane);
    lane.lastId = e.id;
  }
  return { top: laneResume(top), variables, callCounts, startTime };
}

function laneResume(lane: LaneRec): LaneResume {
  const out: LaneResume = { lastId: lane.lastId };
  if (lane.open) {
    out.state = stateResume(lane.open);
    return out;
  }
  if (lane.lastExited) {
    const next = lane.machine?.States[lane.lastExited.name]?.Next;
    if (typeof next === 'string') out.next = { name: next, input: lane.lastExited.output };
  }
  return out;
}

/** A branch lane that ended: its last exited state ended the branch (End, Succeed). */
function branchSucceeded(lane: LaneRec): boolean {
  if (lane.open || !lane.lastExited) return false;
  const state = lane.machine?.States[lane.lastExited.name];
  return state?.Type === 'Succeed' || state?.End === true;
}

function stateResume(open: OpenRec): StateResume {
  const out: StateResume = { name: open.name, input: open.input, enteredId: open.enteredId, enteredPrev: open.enteredPrev, enteredTime: open.enteredTime };
  if (open.map) {
    const iterations = new Map<number, BranchResume>();
    for (const [index, it] of open.map.iterations) {
      iterations.set(index, it.status === 'succeeded' ? { status: 'succeeded', output: it.lane.lastExited?.output ?? null } : { status: 'unfinished', lane: laneResume(it.lane) });
    }
    out.map = { startedId: open.map.startedId, iterations };
    if (open.map.mapRun !== undefined) out.map.mapRun = { ...open.map.mapRun };
  }
  if (open.parallel) {
    const branches = new Map<number, BranchResume>();
    for (const [index, lane] of open.parallel.branches) {
      branches.set(index, branchSucceeded(lane) ? { status: 'succeeded', output: lane.lastExited?.output ?? null } : { status: 'unfinished', lane: laneResume(lane) });
    }
    out.parallel = { startedId: open.parallel.startedId, branches };
  }
  return out;
}
