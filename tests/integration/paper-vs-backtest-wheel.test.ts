// The one-engine proof for the wheel (issue 12): the wheel on SPY, in a backtest (synthetic option
// chains on the sample CSV, the simulated venue) and in a paper run (the same pass deciding on chains
// priced by the same shared model over the bars TWS replays, its option orders sent as OPT contracts
// through the bridge's order path — journal, IbkrBroker, order guard — over real TCP to the embedded
// simulator, whose paper broker fills them against its own option quotes), make the same orders:
// same days, contracts, sides, sizes and prices. The window ends before the first fill-model
// difference (docs/wheel-rules.md §6.2: a resting option limit fills within the day's bar range in a
// backtest, along the simulator's minute path in paper).
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
start_date = "2012-01-03"
end_date = "2012-02-17"
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
}

describe('the wheel: backtest and paper make the same orders', () => {
  it('the same option writes and buy-backs, on the same days at the same prices, through the bridge and the simulator', async () => {
    const job = await loadBacktestJob(config);
    expect(job.options).toBeDefined();
    const backtest = runPortfolioBacktest({ market: job.market, sleeves: job.sleeves, settings: job.settings, options: job.options });
    const expected: Line[] = backtest.orders.map((o) => ({ date: formatIsoDate(job.market.timeline[o.bar]), instrument: o.instrument, qty: o.qty, price: o.price }));

    const paper = await paperRunOf(config);
    const got: Line[] = paper.orders.map((o) => ({ date: formatIsoDate(paper.timeline[o.bar]), instrument: o.instrument, qty: o.qty, price: o.price }));

    // Not vacuous: puts written on several expiries and bought back, all options (OSI keys).
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expect(expected.every((l) => /^SPY\d{6}P\d{8}$/.test(l.instrument))).toBe(true);
    expect(new Set(expected.map((l) => Math.sign(l.qty)))).toEqual(new Set([-1, 1]));
    expect(new Set(expected.map((l) => l.instrument.slice(3, 9))).size).toBeGreaterThanOrEqual(3);

    expect(got.map(({ date, instrument, qty }) => `${date} ${instrument} ${qty}`)).toEqual(expected.map(({ date, instrument, qty }) => `${date} ${instrument} ${qty}`));
    for (let i = 0; i < got.length; i++) expect(got[i].price).toBeCloseTo(expected[i].price, 2);
    // Every booked order came back from TWS as a fill of an order the engine sent.
    expect(paper.fills.map((f) => [f.qty, f.bar])).toEqual(paper.orders.map((o) => [o.qty, o.bar]));
    expect(paper.riskEvents).toEqual([]);
  }, 60_000);
});
