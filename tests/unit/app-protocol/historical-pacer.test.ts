// The historical request pacer on a fake clock (ib-protocol.md §7 P7): identical requests 15 s
// apart, at most 5 per contract in 2 s, at most 60 in 10 minutes, at most 50 open; a waiting
// request never holds up one for another contract; nothing is refused.
import { describe, expect, it } from 'vitest';
import { HistoricalPacer, IBKR_PACING, type PacerClock } from '../../../bridge/app-protocol/historical-pacer.ts';

/** A clock that moves only when the test says; timers fire as it passes them. */
class FakeClock implements PacerClock {
  t = 0;
  private timers: { at: number; fn: () => void }[] = [];
  now = () => this.t;
  after = (ms: number, fn: () => void) => {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => void (this.timers = this.timers.filter((x) => x !== timer));
  };
  async advanceTo(t: number): Promise<void> {
    for (;;) {
      const due = this.timers.filter((x) => x.at <= t).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
      await flush();
    }
    this.t = t;
    await flush();
  }
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function setup(rules = IBKR_PACING) {
  const clock = new FakeClock();
  const pacer = new HistoricalPacer(rules, clock);
  const sentAt: Record<string, number> = {};
  const job = (name: string, identity: string, group: string, open?: Promise<void>) =>
    pacer.enqueue({
      identity,
      group,
      run: () => {
        sentAt[name] = clock.t;
        return open ?? Promise.resolve();
      },
    });
  return { clock, pacer, sentAt, job };
}

describe('HistoricalPacer', () => {
  it('sends an identical request only 15 s (+ margin) after the last', async () => {
    const { clock, sentAt, job } = setup();
    void job('a', 'SPY 1 D', 'SPY');
    void job('b', 'SPY 1 D', 'SPY');
    await flush();
    expect(sentAt).toEqual({ a: 0 });
    await clock.advanceTo(15_000);
    expect(sentAt.b).toBeUndefined();
    await clock.advanceTo(16_000);
    expect(sentAt.b).toBe(15_100);
  });

  it('lets 5 requests for one contract go within 2 s and queues the 6th; another contract is not held up', async () => {
    const { clock, sentAt, job } = setup();
    for (let i = 1; i <= 6; i++) void job(`spy${i}`, `SPY ${i} D`, 'SPY');
    void job('qqq', 'QQQ 1 D', 'QQQ');
    await flush();
    expect(Object.keys(sentAt).sort()).toEqual(['qqq', 'spy1', 'spy2', 'spy3', 'spy4', 'spy5']);
    await clock.advanceTo(3_000);
    expect(sentAt.spy6).toBe(2_100);
  });

  it('keeps to 60 requests in 10 minutes, sending the 61st when the oldest leaves the window', async () => {
    const { clock, sentAt, job } = setup();
    for (let i = 0; i < 61; i++) {
      void job(`r${i}`, `id${i}`, `contract${i}`);
      await clock.advanceTo(clock.t + 1_000);
    }
    expect(Object.keys(sentAt)).toHaveLength(60);
    expect(sentAt.r59).toBe(59_000);
    await clock.advanceTo(700_000);
    expect(sentAt.r60).toBe(600_100);
  });

  it('holds at most 50 requests open, sending the next when one is answered', async () => {
    const { sentAt, job, pacer } = setup({ ...IBKR_PACING, groupMax: 1000, windowMax: 1000 });
    let answer!: () => void;
    const first = new Promise<void>((r) => (answer = r));
    void job('r0', 'id0', 'g0', first);
    for (let i = 1; i < 50; i++) void job(`r${i}`, `id${i}`, `g${i}`, new Promise(() => {}));
    void job('r50', 'id50', 'g50');
    await flush();
    expect(Object.keys(sentAt)).toHaveLength(50);
    expect(pacer.waiting()).toBe(1);
    answer();
    await flush();
    expect(sentAt.r50).toBe(0);
  });

  it('settles each request as its run does (a failure is the caller’s, not the queue’s)', async () => {
    const { pacer } = setup();
    await expect(pacer.enqueue({ identity: 'x', group: 'g', run: () => Promise.reject(new Error('TWS said no')) })).rejects.toThrow('TWS said no');
    await expect(pacer.enqueue({ identity: 'y', group: 'g', run: () => Promise.resolve() })).resolves.toBeUndefined();
  });
});
