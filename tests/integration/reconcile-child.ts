// A bridge process for the kill -9 test (tests/integration/reconcile-crash.test.ts): a TwsConnection,
// the journal, the order-id store and a Reconciler on the state folder given, against the simulator
// port given (tests/support/bridge-order-path.ts). Prints `reconciled <report JSON>` after each
// reconciliation and `durable <seq> <kind> <execId?>` once each journal entry is fsync'd. Mode
// `burst`: then places market orders without pause (the test kills it mid-burst); mode `reconcile`:
// stops cleanly after the first reconciliation.
// In burst mode, resting limit orders named on the command line (`SYM:SIDE:QTY:LIMIT,…`) go first.
// Usage: node --import tsx reconcile-child.ts <port> <state dir> <burst|reconcile> <label> [resting]
import { openBridgeState } from '../support/bridge-order-path.ts';

const [port, stateDir, mode, label, resting = ''] = process.argv.slice(2);
const b = await openBridgeState({ port: Number(port), stateDir });
b.journal.onAppend((e) => process.stdout.write(`durable ${e.seq} ${e.kind}${e.kind === 'execution' ? ` ${e.execId}` : ''}\n`));
b.reconciler.on('reconciled', (r) => process.stdout.write(`reconciled ${JSON.stringify(r)}\n`));
b.reconciler.on('alarm', (a) => process.stdout.write(`alarm ${a.kind} ${a.message}\n`));
await b.reconciler.whenReconciled(10_000);
if (mode === 'reconcile') {
  await b.stop();
  process.exit(0);
}
for (const [i, spec] of resting.split(',').filter((x) => x !== '').entries()) {
  const [sym, side, qty, limit] = spec.split(':');
  const r = await b.place(`${label}-rest-${i}`, sym, side as 'BUY' | 'SELL', Number(qty), Number(limit));
  process.stdout.write(`placed ${label}-rest-${i} ${r}\n`);
}
const symbols = ['SPY', 'AAPL', 'QQQ'];
for (let n = 0; ; n++) {
  const r = await b.place(`${label}-${n}`, symbols[n % 3], n % 4 === 3 ? 'SELL' : 'BUY', 5 + (n % 7));
  process.stdout.write(`placed ${label}-${n} ${r}\n`);
  if (typeof r === 'string') await new Promise((res) => setTimeout(res, 20));
  else await new Promise((res) => setTimeout(res, 5));
}
