// The journal file (bridge/journal/journal.ts, docs/journal.md §2–§3): entries read back exactly,
// durable before append resolves, a torn or corrupt last line cut off with a warning, a damaged
// line before the last refused, duplicates of executions and order statuses not appended twice,
// and concurrent appends group-committed (the append rate is printed).
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stock } from '../../../shared/domain/instrument.ts';
import { SimClock } from '../../../shared/time/clock.ts';
import { Journal, encodeLine, parseJournal } from '../../../bridge/journal/journal.ts';
import type { ExecutionEntry, JournalRecord, OrderStatusEntry } from '../../../bridge/journal/journal-entry.ts';
import { JournalError } from '../../../bridge/journal/journal-error.ts';

const dirs: string[] = [];
const journals: Journal[] = [];
function tempFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'mt-journal-'));
  dirs.push(d);
  return join(d, 'state', 'journal.jsonl');
}
async function openJournal(path: string, warnings: string[] = []): Promise<Journal> {
  const j = await Journal.open(path, { clock: new SimClock(Date.UTC(2026, 11, 7, 14, 30)), warn: (m) => warnings.push(m) });
  journals.push(j);
  return j;
}
afterEach(async () => {
  for (const j of journals.splice(0)) await j.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SPY = stock('SPY', { conId: 756733 });
const exec = (execId: string, side: 'BUY' | 'SELL', qty: number, price: number): ExecutionEntry => ({
  kind: 'execution',
  execId,
  orderId: 7,
  permId: 1007,
  orderRef: 'intent-a',
  instrument: SPY,
  side,
  qty,
  price,
  execTime: Date.UTC(2026, 11, 7, 14, 31),
});
const status = (s: OrderStatusEntry['status'], filled: number, remaining: number): OrderStatusEntry => ({ kind: 'order-status', orderId: 7, permId: 1007, status: s, filled, remaining, avgFillPrice: filled > 0 ? 450.25 : 0 });
const lines = (path: string) => readFileSync(path, 'utf8').split('\n');

describe('Journal: append and read back', () => {
  it('numbers entries 1, 2, 3…, stamps them from the clock, and a reopened journal holds exactly the same entries', async () => {
    const path = tempFile();
    const j = await openJournal(path);
    const records: JournalRecord[] = [
      { kind: 'intent', intentId: 'intent-a', source: 'sma-cross#1' },
      { kind: 'order-submitted', orderId: 7, orderRef: 'intent-a', ticket: { instrument: SPY, side: 'BUY', quantity: 10, type: 'MKT', tif: 'DAY', ref: 'intent-a' } },
      status('Submitted', 0, 10),
      exec('0000e001.000003ef.01.01', 'BUY', 10, 450.25),
      { kind: 'commission', execId: '0000e001.000003ef.01.01', commission: 1, currency: 'USD' },
      { kind: 'cancel', orderId: 8, reason: 'user' },
      { kind: 'reconciliation', phase: 'start', reason: 'connect' },
      { kind: 'intent-denied', intentId: 'intent-b', code: 'MAX_ORDER_VALUE', message: 'order value 90,000 exceeds the limit 50,000' },
    ];
    const written = [];
    for (const r of records) written.push(await j.append(r));
    expect(written.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(written[0].time).toBe('2026-12-07T14:30:00.000Z');
    expect(written[3]).toEqual({ seq: 4, time: '2026-12-07T14:30:00.000Z', ...records[3] });
    await j.close();
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(lines(path)[0]).toMatch(/^\{"seq":1,"time":"2026-12-07T14:30:00.000Z","kind":"intent",.*,"crc":"[0-9a-f]{8}"\}$/);
    const again = await openJournal(path);
    expect(again.entries).toEqual(written);
    expect((await again.append({ kind: 'reconciliation', phase: 'end' })).seq).toBe(9);
  });

  it('refuses an invalid record before writing anything', async () => {
    const path = tempFile();
    const j = await openJournal(path);
    await expect(j.append({ ...exec('x.01', 'BUY', 0, 1) })).rejects.toThrow(/execution\.qty must be > 0/);
    await expect(j.append({ ...exec('x.01', 'BUY', 1, Number.NaN) })).rejects.toThrow(/execution\.price must be a number/);
    await expect(j.append({ kind: 'nonsense' } as never)).rejects.toThrow(/unknown kind "nonsense"/);
    expect(statSync(path).size).toBe(0);
    expect(j.lastSeq).toBe(0);
  });

  it('never writes a line it would refuse at open (a broken clock, a value JSON cannot carry) and keeps seq without gaps', async () => {
    const path = tempFile();
    let now = Number.NaN;
    const j = await Journal.open(path, { clock: { now: () => now } });
    journals.push(j);
    await expect(j.append({ kind: 'intent', intentId: 'a' })).rejects.toThrow(/the clock gave NaN/);
    now = Date.UTC(10000, 0, 1);
    await expect(j.append({ kind: 'intent', intentId: 'a' })).rejects.toThrow(/would not read back: time must be an ISO UTC time/);
    now = Date.UTC(2026, 11, 7);
    await expect(j.append({ kind: 'intent', intentId: 'a', source: 1n } as never)).rejects.toThrow(/BigInt/);
    expect((await j.append({ kind: 'intent', intentId: 'a' })).seq).toBe(1);
    expect(statSync(path).size).toBeGreaterThan(0);
  });
});

describe('Journal: recovery at open', () => {
  async function fileWith(records: JournalRecord[]): Promise<string> {
    const path = tempFile();
    const j = await openJournal(path);
    for (const r of records) await j.append(r);
    await j.close();
    return path;
  }
  const three: JournalRecord[] = [{ kind: 'intent', intentId: 'a' }, { kind: 'intent', intentId: 'b' }, { kind: 'intent', intentId: 'c' }];

  it('cuts off a torn last line (no newline) with a warning naming the file and line, and appends after it', async () => {
    const path = await fileWith(three);
    const good = statSync(path).size;
    appendFileSync(path, '{"seq":4,"time":"2026-12-07T14:30:00.000Z","kind":"inte');
    const warnings: string[] = [];
    const j = await openJournal(path, warnings);
    expect(j.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${path}:4`);
    expect(warnings[0]).toContain('torn line');
    expect(statSync(path).size).toBe(good);
    expect((await j.append({ kind: 'intent', intentId: 'd' })).seq).toBe(4);
    await j.close();
    expect(parseJournal(path, readFileSync(path)).entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('cuts off a complete last line whose checksum does not match (a flipped byte)', async () => {
    const path = await fileWith(three);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"intentId":"c"', '"intentId":"C"'));
    const warnings: string[] = [];
    const j = await openJournal(path, warnings);
    expect(j.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(warnings[0]).toMatch(/:3: discarded the last line \(checksum mismatch/);
  });

  it('refuses a corrupt line that is not the last, naming the file and line, and leaves the file untouched', async () => {
    const path = await fileWith(three);
    const text = readFileSync(path, 'utf8');
    const damaged = text.replace('"intentId":"b"', '"intentId":"B"');
    writeFileSync(path, damaged);
    const err = await Journal.open(path, { warn: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as JournalError).message).toContain(`${path}:2: checksum mismatch`);
    expect(readFileSync(path, 'utf8')).toBe(damaged);
  });

  it('refuses a gap in the sequence, an empty line and a line without checksum before the last', async () => {
    const at = (e: object) => encodeLine(e as never);
    const a = at({ seq: 1, time: '2026-12-07T14:30:00.000Z', kind: 'intent', intentId: 'a' });
    const c = at({ seq: 3, time: '2026-12-07T14:30:00.000Z', kind: 'intent', intentId: 'c' });
    const b = at({ seq: 2, time: '2026-12-07T14:30:00.000Z', kind: 'intent', intentId: 'b' });
    expect(() => parseJournal('j', Buffer.from(a + c + b))).toThrow(/^j:2: seq 3 does not follow 1/);
    expect(() => parseJournal('j', Buffer.from(`${a}\n${b}`))).toThrow(/^j:2: empty line/);
    expect(() => parseJournal('j', Buffer.from(`${a}{"seq":2}\n${b}`))).toThrow(/^j:2: no checksum/);
    expect(() => parseJournal('j', Buffer.from(a + at({ seq: 2, time: 'yesterday', kind: 'intent', intentId: 'b' }) + c))).toThrow(/^j:2: time must be an ISO UTC time/);
    expect(() => parseJournal('j', Buffer.from(a + at({ seq: 2, time: '2026-12-07T14:30:00.000Z', kind: 'fill' }) + c))).toThrow(/^j:2: unknown kind "fill"/);
    // The same problems on the last line are a crash's leftovers: cut off.
    expect(parseJournal('j', Buffer.from(a + c))).toMatchObject({ goodLength: a.length, discarded: { line: 2, problem: 'seq 3 does not follow 1' } });
    expect(parseJournal('j', Buffer.from(`${a}\0\0\0\0`))).toMatchObject({ goodLength: a.length, discarded: { line: 2 } });
  });
});

describe('Journal: de-duplication', () => {
  it('journals an execution once per execId, even when the same report arrives twice at once', async () => {
    const path = tempFile();
    const j = await openJournal(path);
    const x = exec('0000e001.000003ef.01.01', 'BUY', 10, 450.25);
    const [first, second] = await Promise.all([j.appendExecution(x), j.appendExecution({ ...x })]);
    expect(first?.seq).toBe(1);
    expect(second).toBeUndefined();
    expect(await j.appendExecution(x)).toBeUndefined();
    expect(j.hasExecution(x.execId)).toBe(true);
    // A correction (same execId but the last part) is a new execution.
    expect((await j.appendExecution({ ...x, execId: '0000e001.000003ef.01.02', price: 450.2 }))?.seq).toBe(2);
    await j.close();
    const reopened = await openJournal(path);
    expect(reopened.hasExecution(x.execId)).toBe(true);
    expect(await reopened.appendExecution(x)).toBeUndefined();
    expect(reopened.entries).toHaveLength(2);
  });

  it('journals a commission report once per execId, when the broker and reconciliation both meet it at once', async () => {
    const path = tempFile();
    const j = await openJournal(path);
    const c = { kind: 'commission' as const, execId: '0000e001.000003ef.01.01', commission: 1.05, currency: 'USD' };
    const [first, second] = await Promise.all([j.appendCommission(c), j.appendCommission({ ...c })]);
    expect(first?.seq).toBe(1);
    expect(second).toBeUndefined();
    expect(j.hasCommission(c.execId)).toBe(true);
    await j.close();
    const reopened = await openJournal(path);
    expect(await reopened.appendCommission(c)).toBeUndefined();
    expect(reopened.entries).toHaveLength(1);
  });

  it('journals an order status only when it differs from the last one of that permId', async () => {
    const path = tempFile();
    const j = await openJournal(path);
    expect((await j.appendOrderStatus(status('Submitted', 0, 10)))?.seq).toBe(1);
    expect(await j.appendOrderStatus(status('Submitted', 0, 10))).toBeUndefined();
    expect((await j.appendOrderStatus(status('Submitted', 4, 6)))?.seq).toBe(2);
    const [a, b] = await Promise.all([j.appendOrderStatus(status('Filled', 10, 0)), j.appendOrderStatus(status('Filled', 10, 0))]);
    expect(a?.seq).toBe(3);
    expect(b).toBeUndefined();
    expect(j.lastStatus(1007)?.status).toBe('Filled');
    await j.close();
    const reopened = await openJournal(path);
    expect(reopened.lastStatus(1007)).toMatchObject({ status: 'Filled', filled: 10, seq: 3 });
    expect(await reopened.appendOrderStatus(status('Filled', 10, 0))).toBeUndefined();
  });
});

describe('Journal: group commit and append rate', () => {
  it('writes concurrent appends in shared fsyncs, in seq order, and reports the rate', async () => {
    const path = tempFile();
    const j = await openJournal(path);
    const n = 200;
    let t0 = performance.now();
    for (let i = 0; i < n; i++) await j.append({ kind: 'intent', intentId: `serial-${i}` });
    const serialMs = performance.now() - t0;
    expect(j.stats).toEqual({ entries: n, syncs: n });
    const seen: number[] = [];
    j.onAppend((e) => seen.push(e.seq));
    t0 = performance.now();
    const all = await Promise.all(Array.from({ length: n }, (_, i) => j.append({ kind: 'intent', intentId: `burst-${i}` })));
    const burstMs = performance.now() - t0;
    const burstSyncs = j.stats.syncs - n;
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: n }, (_, i) => n + 1 + i));
    expect(seen).toEqual(all.map((e) => e.seq));
    expect(burstSyncs).toBeGreaterThanOrEqual(1);
    expect(burstSyncs).toBeLessThan(n / 4);
    console.log(
      `journal append rate: one at a time ${Math.round((n / serialMs) * 1000)}/s (${(serialMs / n).toFixed(2)} ms per fsync'd entry); ` +
        `${n} concurrent ${Math.round((n / burstMs) * 1000)}/s in ${burstSyncs} fsync(s)`,
    );
    await j.close();
    expect(parseJournal(path, readFileSync(path)).entries).toHaveLength(2 * n);
  });

  it('after a failed write refuses every later append (fail closed)', async () => {
    const path = tempFile();
    const j = await openJournal(path);
    await j.append({ kind: 'intent', intentId: 'a' });
    // Close the file underneath the journal: the next write fails.
    await (j as unknown as { fh: { close(): Promise<void> } }).fh.close();
    await expect(j.append({ kind: 'intent', intentId: 'b' })).rejects.toThrow(/write failed .* accepts no more entries/);
    await expect(j.append({ kind: 'intent', intentId: 'c' })).rejects.toThrow(/accepts no more entries/);
    journals.splice(journals.indexOf(j), 1);
  });
});
