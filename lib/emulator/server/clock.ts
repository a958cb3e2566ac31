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
  let armed: { timer: NodeJS.Timeout; at: number } | undefined;

  const fireDue = (): void => {
    armed = undefined;
    const first = queue[0];
    if (!first) return;
    const current = rawNow();
    if (current < first.at) {
      // Early (setTimeout rounding, or a chained long wait): wait for the rest.
      arm();
      return;
    }
    // Late: the real time past the due instant is not emulated time.
    if (compensate && current > first.at) lostRealMs += (current - first.at) / timeScale;
    const at = first.at;
    let n = 0;
    while (n < queue.length && (queue[n] as Timer).at === at) n += 1;
    const due = queue.splice(0, n);
    for (const timer of due) timer.done();
    arm();
  };

  /** One real timeout, for the earliest timer (setTimeout caps at 2^31-1 ms: longer waits are chained). */
  const arm = (): void => {
    const first = queue[0];
    if (!first) {
      if (armed) clearTimeout(armed.timer);
      armed = undefined;
      return;
    }
    if (armed && armed.at === first.at) return;
    if (armed) clearTimeout(armed.timer);
    const delay = Math.min(Math.max(0, (first.at - rawNow()) / timeScale), MAX_TIMEOUT_MS);
    armed = { timer: setTimeout(fireDue, delay), at: first.at };
  };

  /** Calls `done` after `ms` emulated ms; returns the cancel function. */
  const startTimer = (ms: number, done: () => void): (() => void) => {
    const timer: Timer = { at: now() + Math.max(0, ms), seq: seq++, done };
    // Insert in (at, seq) order: a new timer goes after the ones due at the same instant.
    let i = queue.length;
    while (i > 0 && (queue[i - 1] as Timer).at > timer.at) i -= 1;
    queue.splice(i, 0, timer);
    arm();
    return () => {
      const at = queue.indexOf(timer);
      if (at < 0) return;
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
