// Timing helpers for `npm run bench`: warm up, then take the median of repeated runs.
import { cpus, totalmem } from 'node:os';

export interface Timing {
  /** Median wall time of one call, ms. */
  readonly medianMs: number;
  readonly runs: number;
}

/** process.hrtime in ms: one monotonic clock for every thread and process of the machine (latency across threads). */
export const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Runs `fn` untimed `warmup` times, then at least `minRuns` times and `minMs` ms; median of the runs. */
export function measure(fn: () => unknown, { warmup = 3, minRuns = 10, minMs = 300 } = {}): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < minRuns || performance.now() - started < minMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    if (times.length >= 10_000) break;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], runs: times.length };
}

/** Runs a block of `runs` calls and answers the mean time of one call in ms (here, or in a worker). */
export type BlockRunner = (runs: number) => number | Promise<number>;

/** A block runner for a function of this thread. */
export function local(fn: () => unknown): (runs: number) => number {
  return (runs) => {
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) fn();
    return (performance.now() - t0) / runs;
  };
}

/**
 * Several functions measured side by side: round after round, each runs a block of calls (about
 * `blockMs` long) in turn, and each gets the median of its per-call block times. A shared VM's speed
 * drifts over seconds; interleaving gives every function samples from the same moments, so their
 * ratios hold when the absolute times move. Each round starts with another function, so none always
 * follows the same neighbour. A peer with much garbage belongs in a worker (its own heap).
 */
export async function measureTogether(runners: readonly BlockRunner[], { warmup = 3, rounds = 15, blockMs = 60 } = {}): Promise<Timing[]> {
  const perBlock: number[] = [];
  for (const run of runners) {
    await run(warmup);
    const once = Math.max(await run(1), 1e-3);
    perBlock.push(Math.max(1, Math.round(blockMs / once)));
  }
  const samples: number[][] = runners.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < runners.length; j++) {
      const f = (j + r) % runners.length;
      samples[f].push(await runners[f](perBlock[f]));
    }
  }
  return samples.map((times, f) => {
    times.sort((a, b) => a - b);
    return { medianMs: times[Math.floor(times.length / 2)], runs: times.length * perBlock[f] };
  });
}

export function machineLine(): string {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const gib = (totalmem() / 2 ** 30).toFixed(1);
  // The date of the run is the one place the wall clock belongs.
  const date = new Date().toISOString().slice(0, 10);
  return `${cpu}, ${cpus().length} cores, ${gib} GiB · Node ${process.version} · ${process.platform}-${process.arch} · ${date}`;
}

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((h, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

export const fmt = (v: number, digits = 2): string =>
  v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(digits);
