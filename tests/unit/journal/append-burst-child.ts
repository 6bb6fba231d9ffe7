// A child process for the journal crash test (tests/integration/journal-crash.test.ts): opens the
// journal named on the command line and appends intents forever, 16 in flight at a time, printing
// `durable <seq> <intentId>` only after each append has resolved (is fsync'd). The test kills it with
// SIGKILL mid-burst. Usage: node --import tsx append-burst-child.ts <journal path> <label>
import { Journal } from '../../../bridge/journal/journal.ts';

const [path, label] = process.argv.slice(2);
const IN_FLIGHT = 16;
const padding = 'x'.repeat(2000);

const journal = await Journal.open(path, { warn: (m) => process.stderr.write(`${m}\n`) });
process.stdout.write(`ready ${journal.lastSeq}\n`);
let n = 0;
async function worker(): Promise<void> {
  for (;;) {
    const intentId = `${label}-${n++}`;
    const e = await journal.append({ kind: 'intent', intentId, source: padding });
    process.stdout.write(`durable ${e.seq} ${intentId}\n`);
  }
}
await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
