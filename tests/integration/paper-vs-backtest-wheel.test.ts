// The one-engine proof for the wheel (issue 12): the wheel on SPY from 2008 through 2012 (the crash included), in a backtest
// (synthetic option chains on the sample CSV, the simulated venue) and in a paper run (the same pass
// deciding on chains priced by the same shared model over the bars TWS replays, its option orders
// sent as OPT contracts through the bridge's order path — journal, IbkrBroker, order guard — over
// real TCP to the embedded simulator, whose paper broker fills them against its own option quotes),
// make the same orders: same days, minutes, contracts, sides, sizes and prices, and end on the same
// equity. Both venues fill an option order along the same minute path by the same quote rules
// (docs/wheel-rules.md §6.2, docs/trading-model.md §8); the five years have puts written, rolls sent as one
// combo each (a BAG to TWS, both legs filled together), assignments, covered calls and two-lot buy-backs.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBacktestJob } from '../../bridge/backtest/job.ts';
import { paperRunOf } from '../support/paper-run.ts';
import { runPortfolioBacktest } from '../../shared/engine/backtest.ts';
import { formatIsoDate } from '../../shared/data/iso-time.ts';
import { ready } from '../../shared/indicators/index.ts';
import { ROOT } from '../support/source-rules.ts';
import { WHEEL_SPY_TABLES } from '../support/wheel-config.ts';

const CONFIG = `[data]
csv = "${join(ROOT, 'data/samples/SPY_1d.csv')}"
symbol = "SPY"
[backtesting]
start_date = "2008-01-02"
end_date = "2012-12-31"
initial_capital = 100000.0
[backtesting.execution]
commission_preset = "ibkr_tiered"
fill = "next_open"
finalize_trades = false
${WHEEL_SPY_TABLES}`;

let dir: string;
let config: string;

beforeAll(async () => {
  await ready();
  dir = await mkdtemp(join(tmpdir(), 'mt-paper-wheel-'));
  config = join(dir, 'wheel.toml');
  await writeFile(config, CONFIG);
  return () => rm(dir, { recursive: true, force: true });
});

interface Line {
  readonly date: string;
  readonly instrument: string;
  readonly qty: number;
  readonly price: number;
  readonly time: number;
}

describe('the wheel: backtest and paper make the same orders', () => {
  it('the same option writes, buy-backs and assignments, at the same minutes and prices, through the bridge and the simulator', async () => {
    const job = await loadBacktestJob(config);
    expect(job.options).toBeDefined();
    const backtest = runPortfolioBacktest({ market: job.market, sleeves: job.sleeves, settings: job.settings, options: job.options });
    const expected: Line[] = backtest.orders.map((o) => ({ date: formatIsoDate(job.market.timeline[o.bar]), instrument: o.instrument, qty: o.qty, price: o.price, time: o.time }));

    const paper = await paperRunOf(config);
    const got: Line[] = paper.orders.map((o) => ({ date: formatIsoDate(paper.timeline[o.bar]), instrument: o.instrument, qty: o.qty, price: o.price, time: o.time }));

    // Not vacuous: puts written on many expiries and bought back, assignments, covered calls.
    expect(expected.length).toBeGreaterThanOrEqual(100);
    expect(new Set(expected.map((l) => Math.sign(l.qty)))).toEqual(new Set([-1, 1]));
    expect(new Set(expected.map((l) => l.instrument.slice(3, 9))).size).toBeGreaterThanOrEqual(20);
    expect(expected.some((l) => /^SPY\d{6}C/.test(l.instrument))).toBe(true);
    expect(backtest.orders.filter((o) => o.reason === 'assignment' && o.instrument === 'SPY').length).toBeGreaterThanOrEqual(2);
    expect(new Set(expected.map((l) => new Date(l.time).getUTCMinutes())).size).toBeGreaterThan(5); // fills across the session, not only at the open
    // Rolls go as one combo (BAG) each: in paper, TWS fills both legs at one instant.
    const rollLegs = backtest.orders.filter((o) => o.tag === 'roll SPY (combo)');
    expect(rollLegs.length).toBeGreaterThanOrEqual(4);
    expect(paper.orders.filter((o) => o.tag === 'roll SPY (combo)').length).toBe(rollLegs.length);

    const line = ({ date, instrument, qty, time }: Line) => `${date} ${new Date(time).toISOString().slice(11, 16)} ${instrument} ${qty}`;
    expect(got.map(line)).toEqual(expected.map(line));
    for (let i = 0; i < got.length; i++) expect(got[i].price).toBeCloseTo(expected[i].price, 6);
    // Every order the engine booked came back from TWS as a fill (settlements aside).
    expect(paper.fills.length).toBe(paper.orders.filter((o) => o.reason === undefined).length);
    expect(paper.riskEvents).toEqual([]);
    expect(paper.equity[paper.equity.length - 1]).toBeCloseTo(backtest.equity[backtest.equity.length - 1], 2);
  }, 600_000);
});
