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
  return {
    now: () => Math.floor(origin + (realNow() - origin) * timeScale),
    sleep(ms: number, signal?: AbortSignal): Promise<void> {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        // setTimeout caps at 2^31-1 ms (about 24.8 days); longer waits (a Standard execution's
        // one-year timeout) are chained.
        let remaining = Math.max(0, ms / timeScale);
        let timer: NodeJS.Timeout | undefined;
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        const arm = (): void => {
          const step = Math.min(remaining, MAX_TIMEOUT_MS);
          remaining -= step;
          timer = setTimeout(() => {
            if (remaining > 0) {
              arm();
              return;
            }
            signal?.removeEventListener('abort', onAbort);
            resolve();
          }, step);
        };
        arm();
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
