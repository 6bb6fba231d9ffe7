// `npm run bench`: every speed and memory goal of the project, measured against peers in the
// same run and printed as markdown tables (the README quotes them).
import { machineLine } from './measure.ts';
import { benchCsvRead } from './csv-read.ts';
import { benchIndicators } from './indicators.ts';
import { benchBacktest } from './backtest.ts';
import { benchPortfolio } from './portfolio.ts';
import { benchSimulator } from './simulator.ts';
import { benchOrderPath } from './order-path.ts';
import { benchBridge } from './bridge.ts';
import { benchWheel } from './wheel.ts';
import { benchUi, UI_TITLE } from './ui.ts';

const sections: [string, () => Promise<string>][] = [
  ['Market data: CSV read', benchCsvRead],
  ['Indicators: WASM kernels vs JavaScript peers', benchIndicators],
  ['Backtest engine vs grademark, and the parameter sweep', benchBacktest],
  ['Portfolio engine: many symbols and strategies', benchPortfolio],
  ['The wheel: one pass over a 20-symbol account', benchWheel],
  ['TWS simulator: market data and order round trips with a real @stoqey/ib client', benchSimulator],
  ['Bridge order path: intent → placeOrder → fill → app notified', benchOrderPath],
  ['Bridge quote fan-out to 3 app clients, and memory over a 10-minute replay', benchBridge],
  // `npm run bench -- ui` runs this one alone (as `npm run bench:ui`).
  [UI_TITLE, benchUi],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  console.log('# MoneyTrailz benchmark\n');
  console.log(`Machine: ${machineLine()}\n`);
  for (const [title, run] of sections) {
    if (only.length && !only.some((o) => title.toLowerCase().includes(o.toLowerCase()))) continue;
    console.log(`## ${title}\n`);
    console.log(await run());
    console.log('');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
