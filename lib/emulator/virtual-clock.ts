// A deterministic emulated clock (replays and tests): time only moves when every pending promise has
// settled (checked with setImmediate, which runs after the microtask queue drains), and then
// jumps straight to the earliest timer. Waits of hours cost nothing; order is reproducible.
import type { EmulatorClock } from './engine-contract.ts';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export class VirtualClock implements EmulatorClock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];
  private pumping = false;

  constructor(start = Date.UTC(2024, 0, 1)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** Advances emulated time by hand (for tests that do not use sleep). */
  advance(ms: number): void {
    this.t += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.pumping) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      // Every timer due at the earliest instant fires together, in the order it was set: on AWS
      // deadlines that fall at the same moment all pass before what follows from the first one
      // (a Map's iterations whose tasks share a TimeoutSeconds all write TaskTimedOut before
      // MapIterationFailed), and settling them one by one would let the first one's
      // consequences run in between.
      const at = (this.timers[0] as Timer).at;
      let n = 0;
      while (n < this.timers.length && (this.timers[n] as Timer).at === at) n += 1;
      const due = this.timers.splice(0, n);
      this.t = Math.max(this.t, at);
      for (const timer of due) timer.resolve();
      if (this.timers.length > 0) this.schedule();
    });
  }
}
