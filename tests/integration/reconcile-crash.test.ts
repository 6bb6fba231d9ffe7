// kill -9 of the bridge during a burst of fills, then restart (bridge/ib/reconcile.ts,
// docs/reconciliation.md §6): a real child process (reconcile-child.ts) runs a TwsConnection, the
// journal and a Reconciler against the embedded simulator and places market orders without pause while
// the test moves the replay clock, so fills keep arriving; SIGKILL lands mid-burst; more fills happen
// while it is dead. A restarted child on the same state folder reconciles: the journal is intact
// (at most the torn last line discarded, every entry the child saw durable still there), every
// execution of the day is in it exactly once, and the positions rebuilt from it equal reqPositions.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ReconcileReport } from '../../bridge/ib/reconcile.ts';
import { Journal } from '../../bridge/journal/journal.ts';
import { rebuildPositions } from '../../bridge/journal/rebuild-positions.ts';
import { twsPositions } from '../support/ib-client.ts';
import { firstInstant, quoteOf } from '../support/ib-orders.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';
import { ROOT } from '../support/source-rules.ts';

const CHILD = join(ROOT, 'tests/integration/reconcile-child.ts');

interface ChildRun {
  /** seq → `kind execId?` of every entry the child reported durable. */
  readonly durable: Map<number, string>;
  readonly reports: ReconcileReport[];
  readonly placed: number;
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly output: string;
}

/**
 * Runs the child; `killWhen` (checked on every line) decides when to SIGKILL it. Without it the child
 * must exit by itself.
 */
function runChild(port: number, stateDir: string, mode: 'burst' | 'reconcile', label: string, resting: string, killWhen?: (r: ChildRun) => boolean): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, String(port), stateDir, mode, label, resting], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const run = { durable: new Map<number, string>(), reports: [] as ReconcileReport[], placed: 0, signal: null as NodeJS.Signals | null, code: null as number | null, output: '' };
    let buf = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child (${mode}) did not finish in 20 s; output:\n${run.output.slice(-3000)}`));
    }, 20_000);
    child.stderr.on('data', (d) => (run.output += d));
    child.stdout.on('data', (d) => {
      run.output += d;
      buf += d;
      const nl = buf.lastIndexOf('\n');
      for (const line of buf.slice(0, nl + 1).split('\n')) {
        let m: RegExpExecArray | null;
        if ((m = /^durable (\d+) (.+)$/.exec(line))) run.durable.set(Number(m[1]), m[2]);
        else if ((m = /^reconciled (.+)$/.exec(line))) run.reports.push(JSON.parse(m[1]) as ReconcileReport);
        else if (/^placed \S+ \d+$/.test(line)) run.placed++;
      }
      buf = buf.slice(nl + 1);
      if (!killed && killWhen?.(run)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      run.code = code;
      run.signal = signal;
      resolve(run);
    });
  });
}

describe('kill -9 of the bridge during a burst of fills', () => {
  it('restarts with the journal intact and positions equal to TWS after reconciliation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mt-reconcile-crash-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => sim.close());
    // Two resting limits that the replay reaches only after the kill (at least 90 minutes ahead).
    const start = sim.clock.now();
    const later = start + 90 * 60_000;
    const window = Array.from({ length: 91 }, (_, i) => start + i * 60_000);
    const spyLow = Math.min(...window.map((t) => quoteOf(sim, 'SPY', t).ask));
    const tBuy = firstInstant(sim, 'SPY', (q) => q.ask < spyLow - 0.01, 60_000, 300, later);
    const aaplHigh = Math.max(...window.map((t) => quoteOf(sim, 'AAPL', t).bid));
    const tSell = firstInstant(sim, 'AAPL', (q) => q.bid > aaplHigh + 0.01, 60_000, 300, later);
    const resting = `SPY:BUY:20:${quoteOf(sim, 'SPY', tBuy).ask},AAPL:SELL:15:${quoteOf(sim, 'AAPL', tSell).bid}`;
    // The market moves while the bridge trades (up to 80 minutes): remainders fill, live fills keep coming.
    const ticker = setInterval(() => {
      if (sim.clock.now() < start + 80 * 60_000) sim.clock.advance(60_000);
    }, 25);
    onTestFinished(() => clearInterval(ticker));

    const executions = (r: ChildRun) => [...r.durable.values()].filter((v) => v.startsWith('execution ')).length;
    const first = await runChild(sim.port, dir, 'burst', 'k1', resting, (r) => executions(r) >= 25);
    expect(first.signal, first.output.slice(-2000)).toBe('SIGKILL');
    expect(first.reports).toHaveLength(1);
    expect(first.placed).toBeGreaterThanOrEqual(10);
    clearInterval(ticker);
    // Fills go on while the bridge is dead: the resting limits fill now.
    const before = new Set(sim.broker.executions.all().map((e) => e.execId));
    for (const t of [tBuy, tSell].sort((x, y) => x - y)) sim.clock.advanceTo(t);
    const outage = sim.broker.executions.all().filter((e) => !before.has(e.execId));
    expect(outage.map((e) => e.orderRef).sort()).toEqual(['k1-rest-0', 'k1-rest-1']);

    const second = await runChild(sim.port, dir, 'reconcile', 'k2', '');
    expect(second.code, second.output.slice(-2000)).toBe(0);
    expect(second.reports).toHaveLength(1);
    const report = second.reports[0];
    expect(report.mismatches).toEqual([]);
    expect(report.external).toEqual([]);

    // The journal: readable as a whole, every entry the first child saw durable is there unchanged.
    const warnings: string[] = [];
    const journal = await Journal.open(join(dir, 'journal.jsonl'), { warn: (m) => warnings.push(m) });
    onTestFinished(() => journal.close());
    expect(warnings).toEqual([]); // the second child already cut a torn line, if there was one
    for (const [seq, what] of first.durable) {
      const e = journal.entries[seq - 1];
      expect(e?.seq).toBe(seq);
      expect(`${e.kind}${e.kind === 'execution' ? ` ${e.execId}` : ''}`).toBe(what);
    }
    // Every execution of the day exactly once.
    const ids = journal.entries.flatMap((e) => (e.kind === 'execution' ? [e.execId] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(sim.broker.executions.all().map((e) => e.execId).sort());
    expect(ids.length).toBeGreaterThan(executions(first));
    expect(report.executionsAdded).toBeGreaterThanOrEqual(outage.length);
    for (const e of outage) expect(ids).toContain(e.execId);
    // No order was sent twice; the orders journaled as submitted that died in the killed process's
    // send queue (never reached TWS) are named by the reconciliation.
    const refs = sim.broker.book.all().map((o) => o.ref);
    expect(new Set(refs).size).toBe(refs.length);
    const submitted = journal.entries.flatMap((e) => (e.kind === 'order-submitted' ? [e.orderRef] : []));
    expect([...report.unknownOrders].sort()).toEqual(submitted.filter((r) => !refs.includes(r)).sort());
    // Positions from the journal equal TWS's.
    const tws = await twsPositions(sim.port);
    const mine = Object.fromEntries(rebuildPositions(journal.entries).positions.map((p) => [p.key, [p.qty, p.avgCost] as [number, number]]));
    expect(Object.keys(mine).sort()).toEqual(Object.keys(tws).sort());
    for (const [k, [qty, avg]] of Object.entries(tws)) {
      expect(mine[k][0], `${k} quantity`).toBe(qty);
      expect(Math.abs(mine[k][1] - avg), `${k} average cost`).toBeLessThanOrEqual(0.0001 + 1e-9);
    }
    console.log(`reconcile crash test: ${first.placed} orders placed, ${executions(first)} executions durable before the kill, ${report.executionsAdded} recovered by reconciliation, ${ids.length} in all`);
  }, 30_000);
});
