import type { EmulatorClock } from '../engine-contract.ts';

const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * The emulated clock (engine-contract EmulatorClock): with time scale K, emulated time runs K
 * times faster than the wall clock from the moment the clock is created, and `sleep(ms)` waits
 * ms / K real milliseconds, so recorded timestamps stay consistent with the waits they describe.
 */
export function createClock(timeScale = 1, realNow: () => number = Date.now): EmulatorClock {
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new RangeError(`time scale must be a positive number, got ${timeScale}`);
  const origin = realNow();
  /** Calls `done` after `ms` emulated ms; returns the cancel function. */
  const startTimer = (ms: number, done: () => void): (() => void) => {
    // setTimeout caps at 2^31-1 ms (about 24.8 days); longer waits (a Standard execution's
    // one-year timeout) are chained.
    let remaining = Math.max(0, ms / timeScale);
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      const step = Math.min(remaining, MAX_TIMEOUT_MS);
      remaining -= step;
      timer = setTimeout(() => {
        if (remaining > 0) arm();
        else done();
      }, step);
    };
    arm();
    return () => clearTimeout(timer);
  };
  return {
    now: () => Math.floor(origin + (realNow() - origin) * timeScale),
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
