import type { EmulatorClock } from '../engine-contract.ts';

const MAX_TIMEOUT_MS = 2_147_483_647;

interface Timer {
  /** Emulated epoch ms the timer is due at. */
  at: number;
  seq: number;
  done: () => void;
}

/**
 * The emulated clock (engine-contract EmulatorClock): with time scale K, emulated time runs K
 * times faster than the wall clock from the moment the clock is created, and `sleep(ms)` waits
 * ms / K real milliseconds, so recorded timestamps stay consistent with the waits they describe.
 *
 * Scaled (K ≠ 1), two things keep timestamps consistent under load:
 * - Timers are one queue ordered by emulated due time (setTimeout rounds to whole real ms, which
 *   at K = 1000 is a whole emulated second: separate timeouts would fire in creation order), and
 *   those due at the same emulated instant fire together, as on AWS.
 * - A timer that fires late (the event loop was busy) sets emulated time to its due instant: the
 *   real time the process lost is not counted as emulated time. Otherwise each late real ms
 *   became K emulated ms, so a 1 s retry gap showed as a minute and a 300 s TimeoutSeconds fired
 *   on a task that answered in time. Emulated time never goes back (now() is monotonic).
 * Unscaled, emulated time is wall time, and late timers are simply late.
 */
export function createClock(timeScale = 1, realNow: () => number = Date.now): EmulatorClock {
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new RangeError(`time scale must be a positive number, got ${timeScale}`);
  const origin = realNow();
  const compensate = timeScale !== 1;
  /** Real ms that do not count as emulated time (the lag of late timers). */
  let lostRealMs = 0;
  let lastNow = origin;
  const rawNow = (): number => origin + (realNow() - origin - lostRealMs) * timeScale;
  const now = (): number => {
    const t = Math.floor(rawNow());
    if (t > lastNow) lastNow = t;
    return lastNow;
  };

  const queue: Timer[] = [];
  let seq = 0;
  let armed: { cancel: () => void; at: number } | undefined;

  const fireDue = (): void => {
    armed = undefined;
    const first = queue[0];
    if (!first) return;
    const current = rawNow();
    const aheadRealMs = (first.at - current) / timeScale;
    // Not due yet (a chained long wait, or unscaled): wait for the rest. Scaled, a timer less than
    // a real millisecond ahead is due now (setTimeout cannot wait less than 1 ms).
    if (compensate ? aheadRealMs >= 1 : aheadRealMs > 0) {
      arm();
      return;
    }
    // Emulated time is set to the due instant: late, the lost real time does not count; a
    // fraction of a real ms early, emulated time moves on to it.
    if (compensate) lostRealMs -= aheadRealMs;
    const at = first.at;
    let n = 0;
    while (n < queue.length && (queue[n] as Timer).at === at) n += 1;
    const due = queue.splice(0, n);
    for (const timer of due) timer.done();
    arm();
  };

  /**
   * One real wait, for the earliest timer: setTimeout (capped at 2^31-1 ms: longer waits are
   * chained), or, scaled and due within a real ms, setImmediate, which runs after the microtasks of
   * the timers just fired (what they set off comes first) without setTimeout's 1 ms minimum.
   */
  const arm = (): void => {
    const first = queue[0];
    if (armed && first && armed.at === first.at) return;
    armed?.cancel();
    armed = undefined;
    if (!first) return;
    const delay = (first.at - rawNow()) / timeScale;
    if (compensate && delay < 1) {
      const immediate = setImmediate(fireDue);
      armed = { cancel: () => clearImmediate(immediate), at: first.at };
    } else {
      const timer = setTimeout(fireDue, Math.min(Math.max(0, delay), MAX_TIMEOUT_MS));
      armed = { cancel: () => clearTimeout(timer), at: first.at };
    }
  };

  /** Index of the first queued timer not before `t` in (at, seq) order (t's own index if queued). */
  const positionOf = (t: Timer): number => {
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = queue[mid] as Timer;
      if (m.at < t.at || (m.at === t.at && m.seq < t.seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  /** Calls `done` after `ms` emulated ms; returns the cancel function. */
  const startTimer = (ms: number, done: () => void): (() => void) => {
    const timer: Timer = { at: now() + Math.max(0, ms), seq: seq++, done };
    // In (at, seq) order: a new timer goes after the ones due at the same instant. Every task arms
    // a limit timer and cancels it when it ends, so both are binary searches (thousands pending).
    queue.splice(positionOf(timer), 0, timer);
    arm();
    return () => {
      const at = positionOf(timer);
      if (queue[at] !== timer) return;
      queue.splice(at, 1);
      if (at === 0) arm();
    };
  };

  return {
    now,
    setTimer: startTimer,
    sleep(ms: number, signal?: AbortSignal): Promise<void> {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const cancel = startTimer(ms, () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
        const onAbort = (): void => {
          cancel();
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
