// A paper run of a config file as `npm run paper` makes it (bridge/cli/paper.ts): the plan, the
// embedded simulator on a stepped clock, the bridge's order path, option chains for option strategies.
import { loadBacktestJob } from '../../bridge/backtest/job.ts';
import { paperPlan } from '../../bridge/paper/paper-plan.ts';
import { runPaper, type PaperRun } from '../../bridge/paper/paper-run.ts';
import { openPaperSession } from '../../bridge/paper/paper-session.ts';
import { SyntheticOptionQuotes } from '../../shared/options/synthetic-chain.ts';

export async function paperRunOf(configPath: string): Promise<PaperRun> {
  const plan = paperPlan(await loadBacktestJob(configPath));
  const session = await openPaperSession({ start: plan.sessions[0].date, clock: 'step', config: plan.job.loaded.config });
  try {
    return await runPaper({
      symbols: plan.symbols,
      sleeves: plan.job.sleeves,
      settings: plan.job.settings,
      sessions: plan.sessions,
      broker: session.broker,
      bars: session.bars,
      pacer: session.pacer,
      beforeSend: (instruments) => session.marks(instruments),
      settled: () => session.settled(),
      ...(plan.job.options && { optionQuotes: (daily) => new SyntheticOptionQuotes(daily), history: session.history }),
    });
  } finally {
    await session.close();
  }
}
