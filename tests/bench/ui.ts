// `npm run bench:ui` (and the UI section of `npm run bench`): the workstation's front-end goals.
// `npm start` (which installs and builds dist/) runs with a temporary state folder and the replay at
// 300×; then the production JS gzip sizes, the warm time to the first chart and the tick-to-screen
// latency on that app, and the 1,000,000-bar redraw of the chart component on its own page.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startAppSession } from '../support/app-session.ts';
import { ROOT } from '../support/source-rules.ts';
import { machineLine } from './measure.ts';
import { firstChartReport, measureFirstChart, measureTicks, tickReport } from './ui-app.ts';
import { bundleReport } from './ui-bundle.ts';
import { measureRedraw, redrawReport } from './ui-redraw.ts';

export const UI_TITLE = 'Workstation UI: JS bundle, warm load to first chart, 1M-bar redraw, tick to screen';

export async function benchUi(): Promise<string> {
  const state = await mkdtemp(join(tmpdir(), 'mt-bench-ui-state-'));
  const before = process.env.MONEYTRAILZ_STATE_DIR;
  // A fresh paper account of its own, so the bench neither sees nor changes the user's (startAppSession passes process.env on).
  process.env.MONEYTRAILZ_STATE_DIR = state;
  const parts: string[] = [];
  try {
    const session = await startAppSession(['--sim-speed', '300']);
    try {
      parts.push(bundleReport(join(ROOT, 'dist')));
      parts.push(firstChartReport(await measureFirstChart(session)));
      parts.push(tickReport(await measureTicks(session)));
    } finally {
      await session.close();
    }
  } finally {
    if (before === undefined) delete process.env.MONEYTRAILZ_STATE_DIR;
    else process.env.MONEYTRAILZ_STATE_DIR = before;
    await rm(state, { recursive: true, force: true });
  }
  parts.push(redrawReport(await measureRedraw()));
  return parts.join('\n\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchUi()
    .then((text) => {
      console.log('# MoneyTrailz benchmark\n');
      console.log(`Machine: ${machineLine()}\n`);
      console.log(`## ${UI_TITLE}\n`);
      console.log(text);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
