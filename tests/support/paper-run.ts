// A paper run of a config file as `npm run paper` makes it (bridge/cli/paper.ts), on the embedded
// simulator with a stepped clock.
import { loadBacktestJob } from '../../bridge/backtest/job.ts';
import { paperPlan } from '../../bridge/paper/paper-plan.ts';
import { paperRunInput, runPaper, type PaperRun } from '../../bridge/paper/paper-run.ts';
import { openPaperSession } from '../../bridge/paper/paper-session.ts';

export async function paperRunOf(configPath: string): Promise<PaperRun> {
  const plan = paperPlan(await loadBacktestJob(configPath));
  const session = await openPaperSession({ start: plan.sessions[0].date, clock: 'step', config: plan.job.loaded.config });
  try {
    return await runPaper(paperRunInput(plan, session));
  } finally {
    await session.close();
  }
}
