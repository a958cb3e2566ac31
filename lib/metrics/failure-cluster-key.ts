// The key of a failure cluster (DESIGN.md §2.5): FAILED and TIMED_OUT executions of a state
// machine are grouped by (failure.stateName, failure.error, normalised cause). stateName and
// error are kept exactly as the analysis reports them (null stays null: an execution-level
// error, or no error name); the cause goes through normalizeCause. A cluster belongs to one state
// machine (its items name one stateMachineArn, even in the view across all machines), so `id` is
// a deterministic digest of the machine and the three, the same on every host and across
// restarts, so a cluster's URL (?cluster=<id>) stays valid.
import { normalizeCause } from './normalize-cause.ts';

export interface FailureClusterKey {
  /** 16 lowercase hex digits: FNV-1a 64 of the UTF-8 JSON text of [stateMachineArn, stateName, error, causePattern]. */
  id: string;
  stateMachineArn: string;
  stateName: string | null;
  error: string | null;
  causePattern: string;
}

/** What a cluster key is computed from: an ExecutionAnalysis `failure` (or an execution row's error/cause). */
export interface FailureLike {
  stateName: string | null;
  error: string | null;
  cause: unknown;
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** FNV-1a, 64-bit, over the UTF-8 bytes of `text`, as 16 hex digits. Not cryptographic: an id, not a secret. */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}

export function failureClusterKey(stateMachineArn: string, failure: FailureLike): FailureClusterKey {
  const stateName = failure.stateName ?? null;
  const error = failure.error ?? null;
  const causePattern = normalizeCause(failure.cause);
  // A JSON array keeps the parts apart: ("a b", "c") and ("a", "b c") cannot collide by concatenation.
  return { id: fnv1a64(JSON.stringify([stateMachineArn, stateName, error, causePattern])), stateMachineArn, stateName, error, causePattern };
}

/**
 * The cluster of a FAILED or TIMED_OUT execution nothing was derived for yet (a row the
 * poller's listing made, no events stored): every such execution of a machine is in this one
 * cluster until its history is ingested, so that every failure of a window is in exactly one.
 */
export function unanalysedClusterKey(stateMachineArn: string): FailureClusterKey {
  // A one-element array: never the digest of a real failure's four-element one (which may also
  // have a null state, a null error and an empty cause).
  return { id: fnv1a64(JSON.stringify([stateMachineArn])), stateMachineArn, stateName: null, error: null, causePattern: '' };
}
