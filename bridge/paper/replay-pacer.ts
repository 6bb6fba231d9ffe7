// How a paper run waits for the replay clock (docs/trading-model.md §9.5). With the embedded
// simulator in step mode the driver moves its clock itself — to each session's open, then to its
// close — so a run is as fast as the machine; in realtime mode (--speed N) the simulator's timer
// moves it and the driver waits until the instant has passed.
import type { ReplayClock } from '../simulator/index.ts';

export interface ReplayPacer {
  /** The replay instant, epoch ms. */
  now(): number;
  /**
   * Resolves once the replay clock is at or after `t` (a closed period may put it at the next open).
   * `fine`: orders are working, so the replay must pass through every minute on the way (a resting
   * order can fill only at a quote the simulator publishes).
   */
  until(t: number, fine?: boolean): Promise<void>;
}

const MINUTE = 60_000;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Step mode: the driver advances the simulator's clock — in one move, or a minute at a time while
 * orders work, letting the fills that each minute brings arrive before the next.
 */
export function steppedPacer(clock: ReplayClock): ReplayPacer {
  return {
    now: () => clock.now(),
    until: async (t, fine) => {
      if (fine) {
        while (clock.now() + MINUTE < t && !clock.ended) {
          clock.advanceTo(clock.now() + MINUTE);
          await turn();
        }
      }
      if (clock.now() < t) clock.advanceTo(t);
    },
  };
}

/**
 * Realtime mode: polls the clock every `pollMs` real milliseconds until it has passed `t` or ended
 * (or `abort` fires: a live strategy runner being stopped). Any clock with now() and ended will do
 * (the bridge's live runners on a real TWS wait on the wall clock).
 */
export function realtimePacer(clock: Pick<ReplayClock, 'now' | 'ended'>, pollMs = 20, abort?: AbortSignal): ReplayPacer {
  return {
    now: () => clock.now(),
    until: (t) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (clock.now() >= t || clock.ended || abort?.aborted) {
            clearInterval(timer);
            resolve();
          }
        };
        const timer = setInterval(check, pollMs);
        check();
      }),
  };
}
