// Starting the TWS simulator for tests: 127.0.0.1, a free port, the step clock (time moves only
// when the test calls clock.advance), and contracts/quotes from the repository's sample data.

import { SecType, type Contract } from '@stoqey/ib';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../bridge/simulator/index.ts';

export const SPY: Contract = { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
export const AAPL: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
export const QQQ: Contract = { symbol: 'QQQ', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
export const VIX: Contract = { symbol: 'VIX', secType: SecType.IND, exchange: 'CBOE', currency: 'USD' };

/** A simulator on a free port with the step clock. */
export function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ host: '127.0.0.1', port: 0, clock: 'step', ...options });
}

/** Resolves on the next simulator event of `name` that matches. */
export function nextSimulatorEvent<K extends 'session-ready' | 'session-closed' | 'request'>(
  sim: RunningSimulator,
  name: K,
  pred: (...args: any[]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sim.events.off(name, listener as never);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for simulator event '${name}'`));
    }, timeoutMs);
    const listener = (...args: unknown[]) => {
      if (!pred(...args)) return;
      clearTimeout(timer);
      sim.events.off(name, listener as never);
      resolve(args);
    };
    sim.events.on(name, listener as never);
  });
}
