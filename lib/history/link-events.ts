// One pass over a chronologically ordered history: which run owns each event, how each run
// ended, its attempts and failures. O(n · nesting depth): an event's owner is derived from the
// owner of its previousEventId (memoised), never by walking the whole chain again.
//
// Linkage (shared/reference/sfn-facts.md §2.4): an event belongs to the nearest open run reached
// through previousEventId. Events that belong to a specific kind of run (Task*, Map*, Parallel*)
// skip outward to the nearest open run of that type: a MapIterationFailed whose previous event
// is a TaskFailed belongs to the Map, not to the Task. Masked (`"id": [0]`) and dangling events
// cannot be linked; they are placed by order, state name and the definition.
import { definitionIndex, type DefinitionIndex } from './definition-index.ts';
import { eventKind, Kind, type KindInfo } from './event-kind.ts';
import {
  Close,
  isContainerType,
  isWithin,
  nearestOpen,
  type LinkedView,
  type RunRecord,
} from './run-record.ts';
import { endsWithError } from './statuses.ts';
import { traceFailure, type TracedFailure } from './trace-failure.ts';
import type { HistoryEvent } from './types.ts';
import { WarningList } from './warning-list.ts';

export interface LinkedHistory extends LinkedView {
  /** Terminal event positions, in order, with the failure traced at each Failed/TimedOut one. */
  terminals: { pos: number; failure: TracedFailure | null }[];
  /** An ExecutionRedriven follows the last terminal event. */
  redrivenAfterLastTerminal: boolean;
  redriveCount: number;
  warnings: WarningList;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function int(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : -1;
}

/** id -> position; a dense array when ids are compact (the normal case), else a Map. */
function indexIds(events: HistoryEvent[]): (id: number) => number {
  let maxId = 0;
  for (const e of events) if (e.id !== null && e.id > maxId) maxId = e.id;
  if (maxId <= events.length * 4 + 1024) {
    const table = new Int32Array(maxId + 1).fill(-1);
    for (let i = 0; i < events.length; i++) {
      const id = (events[i] as HistoryEvent).id;
      if (id !== null && table[id] === -1) table[id] = i;
    }
    return (id) => (id <= maxId ? (table[id] as number) : -1);
  }
  const map = new Map<number, number>();
  for (let i = 0; i < events.length; i++) {
    const id = (events[i] as HistoryEvent).id;
    if (id !== null && !map.has(id)) map.set(id, i);
  }
  return (id) => map.get(id) ?? -1;
}

class Linker implements LinkedHistory {
  readonly kinds: KindInfo[];
  readonly owner: Int32Array;
  readonly prevPos: Int32Array;
  readonly runs: RunRecord[] = [];
  readonly terminals: { pos: number; failure: TracedFailure | null }[] = [];
  redrivenAfterLastTerminal = false;
  redriveCount = 0;
  readonly warnings = new WarningList();

  /** Runs in entry order; closed ones are skipped and swept out now and then. */
  private openList: number[] = [];
  private closedInList = 0;
  /** Runs entered in the current block of consecutive masked events. */
  private block: number[] = [];
  private blockCounters = new Map<string, number>();
  private segmentStart = 0;
  private readonly def: DefinitionIndex;

  constructor(
    readonly events: HistoryEvent[],
    definition: unknown,
  ) {
    const n = events.length;
    this.kinds = new Array<KindInfo>(n);
    this.owner = new Int32Array(n).fill(-1);
    this.prevPos = new Int32Array(n).fill(-1);
    this.def = definitionIndex(definition);
  }

  run(): this {
    const { events, owner, prevPos, kinds, runs } = this;
    const posOf = indexIds(events);
    for (let i = 0; i < events.length; i++) {
      const ev = events[i] as HistoryEvent;
      const info = eventKind(ev.type);
      kinds[i] = info;

      let p = -1;
      const prevId = ev.previousEventId;
      if (prevId !== null && prevId > 0) {
        const j = posOf(prevId);
        p = j >= 0 && j < i ? j : -2;
        // Events are in id order and AWS links each to an earlier one, so a link to itself or to a
        // later event is malformed: every previousEventId cycle has one. The walks along
        // previousEventId only ever step to earlier positions (they end), but say so.
        if (j >= i) this.warnings.add('previousEventId names the event itself or a later one (a cycle or forward link); placed by its order', ev.id ?? `position ${i}`);
      }
      prevPos[i] = p;
      const masked = ev.id === null;
      // No warning for a previousEventId naming an event that is not there (p === -2, j < 0):
      // CloudWatch Logs below level ALL and reverse-paged partial histories legitimately do that.
      if (!masked && this.block.length > 0) {
        this.block = [];
        this.blockCounters.clear();
      }
      // Unanchored: the linkage cannot be followed, place the event by order instead.
      const unanchored = masked || p === -2;
      const ctx = p >= 0 ? (owner[p] as number) : -1;

      // A Fail state has no Exited event: it ends with the first event that follows from it.
      if (ctx >= 0 && p >= 0 && kinds[p]?.kind === Kind.Entered) {
        const r = runs[ctx] as RunRecord;
        if (r.open && r.stateType === 'Fail' && r.enteredPos === p) this.closeRun(ctx, i, Close.FailEnded);
      }

      switch (info.kind) {
        case Kind.Entered:
          owner[i] = this.enter(i, ev, info, p, ctx, unanchored, masked);
          break;
        case Kind.Exited:
          owner[i] = this.exit(i, ev, info, ctx, unanchored);
          break;
        case Kind.StateAborted:
          owner[i] = this.abort(i, info, ctx, unanchored, masked);
          break;
        case Kind.Scheduled:
        case Kind.AttemptProgress:
        case Kind.AttemptSucceeded:
        case Kind.AttemptFailed:
          owner[i] = this.taskEvent(i, ev, info, ctx, unanchored, masked);
          break;
        case Kind.ContainerStarted: {
          const r = this.typedOwner(info.runType, null, ctx, unanchored);
          owner[i] = r;
          if (r >= 0) {
            const run = runs[r] as RunRecord;
            run.startedCount += 1;
            if (run.startedCount > 1) run.lastRetryPos = i; // Map/Parallel Retry: a new set of iterations/branches
            run.lastStartedPos = i;
            run.lastIterationIndex = -1;
          }
          break;
        }
        case Kind.MapIterationStarted:
        case Kind.MapIterationSucceeded:
        case Kind.MapIterationFailed:
        case Kind.MapIterationAborted: {
          const name = str(ev.details.name);
          let r = this.typedOwner('Map', name, ctx, unanchored);
          if (r < 0 && name !== null) r = this.typedOwner('Map', null, ctx, unanchored);
          owner[i] = r;
          if (r >= 0) {
            const run = runs[r] as RunRecord;
            if (info.kind === Kind.MapIterationStarted) run.lastIterationIndex = int(ev.details.index);
            if (info.failure) this.fail(run, i, ev);
          }
          break;
        }
        case Kind.ContainerSucceeded:
        case Kind.ContainerFailed:
        case Kind.MapRunStarted:
        case Kind.MapRunSucceeded:
        case Kind.MapRunFailed:
        case Kind.MapRunAborted:
        case Kind.MapRunRedriven: {
          const r = this.typedOwner(info.runType, null, ctx, unanchored);
          owner[i] = r;
          if (r >= 0 && info.failure) this.fail(runs[r] as RunRecord, i, ev);
          break;
        }
        case Kind.EvaluationFailed: {
          // Its previousEventId often points before the state (0, or the previous state's exit):
          // `details.state` is the reliable link.
          const state = str(ev.details.state);
          let r = state === null ? -1 : nearestOpen(runs, ctx, null, state);
          if (r < 0 && state !== null) r = this.latestOpen(null, state);
          if (r < 0) r = unanchored ? this.latestOpen(null, null) : nearestOpen(runs, ctx, null, null);
          owner[i] = r;
          if (r >= 0) this.fail(runs[r] as RunRecord, i, ev);
          break;
        }
        case Kind.ExecutionSucceeded:
        case Kind.ExecutionFailed:
        case Kind.ExecutionTimedOut:
        case Kind.ExecutionAborted:
          this.terminal(i, info);
          break;
        case Kind.ExecutionRedriven:
          this.redriveCount += 1;
          if (this.terminals.length > 0) this.redrivenAfterLastTerminal = true;
          this.segmentStart = i + 1;
          break;
        case Kind.ExecutionStarted:
          break;
        default:
          this.warnings.add(`unknown event type "${ev.type}"; kept`, ev.id ?? `position ${i}`);
          owner[i] = unanchored ? this.latestOpen(null, null) : nearestOpen(runs, ctx, null, null);
      }
    }
    return this;
  }

  // ---- runs -------------------------------------------------------------------------------

  private enter(i: number, ev: HistoryEvent, info: KindInfo, p: number, ctx: number, unanchored: boolean, masked: boolean): number {
    const { runs, events, kinds } = this;
    let name = str(ev.details.name);
    if (name === null) {
      this.warnings.add(`${ev.type} has no state name`, ev.id ?? `position ${i}`);
      name = '';
    }
    let parent = -1;
    let iterIdx = -1;
    if (unanchored) {
      parent = this.containerFor(name);
      const pr = runs[parent];
      if (pr && pr.stateType === 'Map') iterIdx = pr.lastIterationIndex;
    } else if (p >= 0) {
      if (kinds[p]?.kind === Kind.MapIterationStarted) {
        // First state of an iteration: the iteration's index, under the Map that started it.
        parent = ctx;
        iterIdx = int((events[p] as HistoryEvent).details.index);
      } else if (ctx >= 0) {
        const q = runs[ctx] as RunRecord;
        if (q.open && isContainerType(q.stateType)) {
          // First state of a Parallel branch (previous event: ParallelStateStarted).
          parent = ctx;
          if (q.stateType === 'Map') iterIdx = q.lastIterationIndex;
        } else {
          // Next state after `q` in the same branch/iteration (or its Catch target).
          let node = q;
          while (node.parent >= 0 && !(runs[node.parent] as RunRecord).open) node = runs[node.parent] as RunRecord;
          parent = node.parent;
          iterIdx = node.iterIdx;
        }
      }
    }
    const pr = parent >= 0 ? (runs[parent] as RunRecord) : null;
    let branchIndex: number | null = null;
    if (pr) {
      if (pr.stateType === 'Parallel') {
        const place = this.def.get(name)?.find((pl) => pl.container === pr.stateName);
        branchIndex = place ? place.branchIndex : null;
      } else {
        branchIndex = pr.branchIndex;
      }
    }
    const index = runs.length;
    runs.push({
      index,
      stateName: name,
      stateType: info.runType ?? '',
      enteredPos: i,
      parent,
      iterIdx,
      mapIndex: pr ? (pr.stateType === 'Map' && iterIdx >= 0 ? [...pr.mapIndex, iterIdx] : pr.mapIndex.slice()) : [],
      depth: pr ? pr.depth + 1 : 0,
      branchIndex,
      redriveAttempt: this.redriveCount,
      masked: unanchored,
      open: true,
      close: Close.None,
      closePos: -1,
      endPos: -1,
      scheduled: 0,
      failureCount: 0,
      lastFailurePos: -1,
      errorPos: -1,
      lastRetryPos: -1,
      startedCount: 0,
      lastStartedPos: -1,
      lastIterationIndex: -1,
      containerOk: false,
      forcedPos: -1,
      attempts: [],
    });
    this.openList.push(index);
    if (masked) this.block.push(index);
    if (info.failure) this.fail(runs[index] as RunRecord, i, ev); // FailStateEntered is the Fail state's own failure
    return index;
  }

  /**
   * The container a masked/dangling *StateEntered sits in: the open Map/Parallel whose
   * definition holds the state, else the latest open Map/Parallel, else the top level.
   */
  private containerFor(name: string): number {
    const places = this.def.get(name);
    let latest = -1;
    for (let k = this.openList.length - 1; k >= 0; k--) {
      const r = this.openList[k] as number;
      const run = this.runs[r] as RunRecord;
      if (!run.open || !isContainerType(run.stateType)) continue;
      if (!places) return r;
      if (places.some((pl) => pl.container === run.stateName)) return r;
      if (latest < 0) latest = r;
    }
    if (places?.some((pl) => pl.container === null)) return -1;
    return latest;
  }

  private exit(i: number, ev: HistoryEvent, info: KindInfo, ctx: number, unanchored: boolean): number {
    const name = str(ev.details.name);
    // By name when there is one (always, in AWS histories); else by the state type of the event.
    const type = name === null ? info.runType : null;
    let r = unanchored ? -1 : nearestOpen(this.runs, ctx, type, name);
    if (r < 0) r = this.latestOpen(type, name);
    if (r < 0) {
      this.warnings.add(`${ev.type} without an open run${name === null ? '' : ` named "${name}"`}`, ev.id ?? `position ${i}`);
      return unanchored ? -1 : nearestOpen(this.runs, ctx, null, null);
    }
    this.closeRun(r, i, Close.Exited);
    return r;
  }

  /**
   * TaskStateAborted & co. When an error escapes a Map iteration or Parallel branch, every Task
   * still open in it ends with one TaskStateAborted, and all of them point (previousEventId) at
   * the failure that started it (sfn-facts §2.4: ids 25/27/29/31 all prev=20). The first closes
   * the run that chain reaches; the others close the remaining open runs of that type inside the
   * same container, earliest entered first.
   */
  private abort(i: number, info: KindInfo, ctx: number, unanchored: boolean, masked: boolean): number {
    const type = info.runType;
    let r = -1;
    if (masked) {
      r = this.block.find((b) => (this.runs[b] as RunRecord).open && (this.runs[b] as RunRecord).stateType === type) ?? -1;
    } else if (!unanchored) {
      r = nearestOpen(this.runs, ctx, type, null);
      for (let c = ctx; r < 0 && c >= 0; c = (this.runs[c] as RunRecord).parent) {
        if (isContainerType((this.runs[c] as RunRecord).stateType)) r = this.openWithin(c, type);
      }
    }
    if (r < 0) r = this.latestOpen(type, null);
    if (r < 0) {
      this.warnings.add(`${this.events[i]?.type} without an open ${type} run`, this.events[i]?.id ?? `position ${i}`);
      return unanchored ? -1 : nearestOpen(this.runs, ctx, null, null);
    }
    this.closeRun(r, i, Close.Aborted);
    return r;
  }

  /** Earliest-entered open run of `type` nested inside `container`. */
  private openWithin(container: number, type: string | null): number {
    for (const r of this.openList) {
      const run = this.runs[r] as RunRecord;
      if (r !== container && run.open && (type === null || run.stateType === type) && isWithin(this.runs, r, container)) return r;
    }
    return -1;
  }

  private taskEvent(i: number, ev: HistoryEvent, info: KindInfo, ctx: number, unanchored: boolean, masked: boolean): number {
    let r = -1;
    const blockTasks = masked ? this.block.filter((b) => (this.runs[b] as RunRecord).stateType === 'Task') : [];
    if (blockTasks.length > 0) {
      // Masked branch events are sorted by type in the recordings: hand the k-th event of each
      // type to the k-th Task run of the block (round robin), which pairs them up again.
      const k = this.blockCounters.get(ev.type) ?? 0;
      this.blockCounters.set(ev.type, k + 1);
      r = blockTasks[k % blockTasks.length] as number;
    } else {
      r = this.typedOwner('Task', null, ctx, unanchored);
    }
    if (r < 0) return -1;
    const run = this.runs[r] as RunRecord;
    const attempts = run.attempts;
    let current = attempts[attempts.length - 1];
    switch (info.kind) {
      case Kind.Scheduled: {
        run.scheduled += 1;
        run.lastRetryPos = i;
        if (current && current.scheduledPos < 0 && run.masked) {
          current.scheduledPos = i; // masked order put the failure first: same attempt
          break;
        }
        let backoffMs: number | null = null;
        if (current && endsWithError(current.status)) {
          const failedAt = this.events[current.closedPos]?.timestamp ?? null;
          if (failedAt !== null && ev.timestamp !== null) backoffMs = Math.round(ev.timestamp - failedAt);
        }
        attempts.push({ scheduledPos: i, closedPos: -1, status: 'RUNNING', backoffMs });
        break;
      }
      case Kind.AttemptSucceeded:
        if (current && current.status === 'RUNNING') {
          current.status = 'SUCCEEDED';
          current.closedPos = i;
        }
        break;
      case Kind.AttemptFailed:
        if (!current || current.status !== 'RUNNING') {
          // A failure without a *Scheduled (e.g. LambdaFunctionScheduleFailed): its own attempt entry.
          current = { scheduledPos: -1, closedPos: -1, status: 'RUNNING', backoffMs: null };
          attempts.push(current);
        }
        current.status = info.timedOut ? 'TIMED_OUT' : 'FAILED';
        current.closedPos = i;
        this.fail(run, i, ev);
        break;
    }
    return r;
  }

  /** Owner of an event that belongs to a run of `type` (and `name`, for MapIteration*). */
  private typedOwner(type: string | null, name: string | null, ctx: number, unanchored: boolean): number {
    if (!unanchored) {
      const r = nearestOpen(this.runs, ctx, type, name);
      if (r >= 0) return r;
    }
    return this.latestOpen(type, name);
  }

  /** Latest-entered open run matching type/name (fallback placement by order). */
  private latestOpen(type: string | null, name: string | null): number {
    for (let k = this.openList.length - 1; k >= 0; k--) {
      const r = this.openList[k] as number;
      const run = this.runs[r] as RunRecord;
      if (run.open && (type === null || run.stateType === type) && (name === null || run.stateName === name)) return r;
    }
    return -1;
  }

  private fail(run: RunRecord, i: number, ev: HistoryEvent): void {
    run.failureCount += 1;
    run.lastFailurePos = i;
    if (ev.details.error !== undefined || ev.details.cause !== undefined) run.errorPos = i;
  }

  private closeRun(r: number, i: number, how: Close, containerOk = false): void {
    const run = this.runs[r] as RunRecord;
    run.open = false;
    run.close = how;
    run.endPos = i;
    run.containerOk = containerOk;
    if (how === Close.Exited || how === Close.Aborted) run.closePos = i;
    const last = run.attempts[run.attempts.length - 1];
    if (last && last.status === 'RUNNING') {
      last.status = containerOk ? 'SUCCEEDED' : 'ABORTED';
      last.closedPos = i;
    }
    this.closedInList += 1;
    if ((how === Close.Exited || how === Close.Aborted) && isContainerType(run.stateType)) {
      // Nothing runs inside a Map/Parallel after it closed. AWS closes every inner run first
      // (Exited or TaskStateAborted); where a recording lost those events, end them here.
      const ok = how === Close.Exited && !(run.lastFailurePos > run.lastRetryPos);
      for (const x of this.openList) {
        if (x !== r && (this.runs[x] as RunRecord).open && isWithin(this.runs, x, r)) this.closeRun(x, i, Close.WithContainer, ok);
      }
    }
    if (this.closedInList > 64 && this.closedInList * 2 > this.openList.length) {
      this.openList = this.openList.filter((x) => (this.runs[x] as RunRecord).open);
      this.closedInList = 0;
    }
  }

  /** Terminal Execution* event: trace the failure (while runs are still open), then close every open run. */
  private terminal(i: number, info: KindInfo): void {
    let failure: TracedFailure | null = null;
    if (info.kind === Kind.ExecutionFailed || info.kind === Kind.ExecutionTimedOut) {
      failure = traceFailure(this, i, this.segmentStart);
      const run = this.runs[failure.run];
      if (run) run.forcedPos = i;
    }
    this.terminals.push({ pos: i, failure });
    this.redrivenAfterLastTerminal = false;
    for (const r of this.openList) if ((this.runs[r] as RunRecord).open) this.closeRun(r, i, Close.Terminal);
    this.openList = [];
    this.closedInList = 0;
  }
}

/** Links events to runs (see the file comment). `definition` is optional ASL (object or JSON text). */
export function linkEvents(events: HistoryEvent[], definition?: unknown): LinkedHistory {
  return new Linker(events, definition).run();
}

