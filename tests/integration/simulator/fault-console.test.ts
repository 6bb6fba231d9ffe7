// The fault channel for people (ib-protocol.md §7.1) and --verbose refusals: commands typed on the
// simulator's stdin reach real @stoqey/ib clients (1100 as their info notice, disconnect as a
// dropped socket), garbage gets one error line and the process keeps serving; in-process, each
// command does what its faults.ts method does. A refused request is logged with its request id.
import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BarSizeSetting, EventName, SecType, WhatToShow, type Contract } from '@stoqey/ib';
import { runFaultCommand, parseFaultCommand, type FaultCommand } from '../../../bridge/simulator/server/fault-commands.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { mkt, stock } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';
import { ROOT } from '../../support/source-rules.ts';

const SPY = stock('SPY');

/** `tsx bridge/simulator/cli.ts …` with stdin as a pipe, in its own process group. */
async function startCli(args: string[]) {
  const child = spawn('node_modules/.bin/tsx', ['bridge/simulator/cli.ts', ...args], { cwd: ROOT, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (d) => {
    out += d;
    for (const w of [...waiters]) w();
  });
  child.stderr.on('data', (d) => {
    err += d;
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  onTestFinished(async () => {
    if (child.exitCode !== null) return;
    process.kill(-child.pid!, 'SIGINT');
    const t = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  });
  /** Waits until stdout (or stderr) from `from` on matches. */
  const waitFor = (stream: 'out' | 'err', re: RegExp, from = 0, timeoutMs = 10_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = re.exec((stream === 'out' ? out : err).slice(from));
        if (m) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no ${re} on std${stream} within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const [, port] = await waitFor('out', /listening on 127\.0\.0\.1:(\d+)/, 0, 60_000);
  return {
    child,
    port: Number(port),
    out: () => out,
    err: () => err,
    waitFor,
    type: (line: string) => child.stdin.write(`${line}\n`),
  };
}

describe('simulator CLI --faults (stdin) and --verbose', () => {
  it('1100 and disconnect reach a real client, garbage gets an error line and the process keeps serving; refusals are logged with their request id', async () => {
    const cli = await startCli(['--port', '0', '--start', '2012-01-04', '--faults', '--verbose']);
    expect(cli.out()).toMatch(/fault commands on stdin: type help/);
    const c = await IbTestClient.connect({ port: cli.port, clientId: 1 });

    // --verbose: the refused request, with client, request name, request id, code and reason
    c.allow(200, 41);
    let from = cli.out().length;
    c.api.reqContractDetails(41, { symbol: 'NOSUCH', secType: SecType.STK, exchange: 'SMART', currency: 'USD' });
    await c.waitForError(200, 41);
    const [line] = await cli.waitFor('out', /client 1 \([^)]*\): refused REQ_CONTRACT_DATA \(9\) reqId 41: error 200 [^\n]*\n/, from);
    expect(line).toMatch(/No security definition/);

    // garbage: one error line naming it, the process stays up and keeps answering commands
    let errFrom = cli.err().length;
    cli.type('explode now');
    await cli.waitFor('err', /fault: unknown command 'explode' \(type help for the list\)\n/, errFrom);
    cli.type('lines lots');
    await cli.waitFor('err', /fault: lines: lines 'lots' is not a whole number/, errFrom);
    expect(cli.child.exitCode).toBeNull();
    from = cli.out().length;
    cli.type('status');
    await cli.waitFor('out', /fault: upstream ok · pacing off · lines 100 \(0 in use\) · read-only off · delay 0 ms · clients 1\n/, from);

    // 1100: the client's info notice
    from = cli.out().length;
    cli.type('1100');
    await c.waitForInfo(1100, { after: 0 });
    await cli.waitFor('out', /fault: 1100: connectivity lost, sent to 1 client;/, from);
    cli.type('1102');
    await c.waitForInfo(1102, { after: 0 });

    // help lists the commands
    from = cli.out().length;
    cli.type('help');
    await cli.waitFor('out', /fault commands \(one per line\):[\s\S]*restart-nightly \[downMs\] \[rollBackBy\]/, from);

    // disconnect: the client sees its socket dropped
    from = cli.out().length;
    const gone = c.waitFor(EventName.disconnected);
    cli.type('disconnect');
    await gone;
    await cli.waitFor('out', /fault: disconnect: closed 1 connection\n/, from);

    // still serving
    expect(cli.child.exitCode).toBeNull();
    const again = await IbTestClient.connect({ port: cli.port, clientId: 2 });
    const t = again.waitFor(EventName.currentTime);
    again.api.reqCurrentTime();
    await t;
  }, 90_000);
});

describe('fault commands act through the fault API (in-process)', () => {
  const run = (sim: Parameters<typeof runFaultCommand>[0], line: string) => {
    const parsed = parseFaultCommand(line);
    if (!parsed || !('command' in parsed)) throw new Error(`did not parse: ${line}`);
    return runFaultCommand(sim, parsed.command as FaultCommand);
  };

  it('pacing, read-only, lines and delay switch what clients get; reset undoes them', async () => {
    const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => sim.close());
    const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });

    expect(await run(sim, 'pacing on')).toBe('pacing: on, every historical request refused with 162 until pacing off');
    c.allow(162);
    for (const reqId of [51, 52]) {
      c.api.reqHistoricalData(reqId, SPY as Contract, '', '1 D', BarSizeSetting.HOURS_ONE, WhatToShow.TRADES, 1, 1, false);
      await c.waitForError(162, reqId, { after: 0 });
    }
    expect(await run(sim, 'pacing off')).toMatch(/^pacing: off/);
    c.api.reqHistoricalData(53, SPY as Contract, '', '1 D', BarSizeSetting.HOURS_ONE, WhatToShow.TRADES, 1, 1, false);
    await c.waitFor(EventName.historicalData, (id: number, date: string) => id === 53 && date.startsWith('finished'), { after: 0 });

    expect(await run(sim, 'read-only on')).toBe('read-only: on, placeOrder refused with 321');
    c.allow(321, 1);
    c.api.placeOrder(1, SPY, mkt('BUY', 1));
    const [err] = await c.waitForError(321, 1, { after: 0 });
    expect((err as Error).message).toMatch(/Read-Only/);

    expect(await run(sim, 'lines 0')).toBe('lines: 0 market data lines allowed (0 in use)');
    c.allow(101, 61);
    c.api.reqMktData(61, SPY, '', false, false);
    await c.waitForError(101, 61, { after: 0 });

    expect(await run(sim, 'delay 150')).toBe('delay: every reply delayed by 150 ms');
    expect(await run(sim, 'status')).toMatch(/read-only on · delay 150 ms · clients 1$/);
    expect(await run(sim, 'reset')).toMatch(/^reset: every switch back to normal \(upstream ok · pacing off · lines 100 .* read-only off · delay 0 ms/);
  });

  it('1101 without a loss says so; restart-nightly rolls next ids back and listens again', async () => {
    const sim = await startTestSimulator({ start: '2012-01-03T10:00', nextValidId: 50 });
    onTestFinished(() => sim.close());
    expect(await run(sim, '1101')).toBe('1101: connectivity is not lost (1100 or 2110 first); nothing sent');
    const c = await IbTestClient.connect({ port: sim.port, clientId: 3 });
    const gone = c.waitFor(EventName.disconnected);
    expect(await run(sim, 'restart-nightly 50 5')).toBe('restart-nightly: every connection dropped, listener was down 50 ms and accepts again; next order ids client 3 → 45');
    await gone;
    const back = await IbTestClient.connect({ port: sim.port, clientId: 3 });
    expect(back.events(EventName.nextValidId)[0].args[0]).toBe(45);
    expect(await run(sim, 'disconnect 99')).toBe('disconnect: no client 99 is connected');
  });
});
