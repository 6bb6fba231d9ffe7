// Bar-by-bar computation with the very kernel the batch path runs: `add` processes one new bar,
// `replace` recomputes the still-forming last bar. The output at every bar equals the batch output.
//
// Wasm block layout: [state][state backup][input ring × inputs][output ring × outputs], each ring
// `cap` f64. The backup is the state before the last bar, so `replace` restores it and reruns that
// bar. When the ring is full, the newest `history − 1` bars move to the front (kernels keep no
// buffer positions in their state, only counters), so memory stays bounded for endless streams.
import { kernels } from './kernels.ts';
import { barValue, type BarInput } from './inputs.ts';
import type { ParamSpecs, ParamValues } from './params.ts';
import { checkInit, initArgsOf, specParams } from './batch.ts';
import type { IndicatorSpec } from './spec.ts';

const registry = new FinalizationRegistry<number>((ptr) => kernels().free(ptr));

export class IndicatorStream<V = number> {
  /** The validated parameters. */
  readonly params: ParamValues<ParamSpecs>;
  /** Output names (one for single-output indicators). */
  readonly outputs: readonly string[];
  private readonly stateSize: number;
  private readonly history: number;
  private readonly cap: number;
  private block: number;
  private len = 0;
  private bars = 0;
  private firstStable = -1;
  private current: V;
  private readonly run: (...args: number[]) => number;
  /** [state, ...input rings, from, to, ...output rings]: from/to are patched per step. */
  private readonly runArgs: number[];

  constructor(
    readonly spec: IndicatorSpec,
    params?: object,
  ) {
    const k = kernels();
    this.params = specParams(spec, params);
    this.outputs = spec.outputs(this.params);
    const args = initArgsOf(spec, this.params, k);
    this.stateSize = (k.fn(`${spec.id}_state_size`)(...args) + 15) & ~15;
    this.history = Math.max(1, spec.history(this.params));
    this.cap = Math.max(64, 2 * this.history);
    this.block = k.alloc(2 * this.stateSize + (spec.inputs.length + this.outputs.length) * this.cap * 8);
    registry.register(this, this.block, this);
    checkInit(spec, k.fn(`${spec.id}_init`)(this.block, ...args));
    this.run = k.fn(`${spec.id}_run`);
    this.runArgs = [
      this.block,
      ...spec.inputs.map((_, c) => this.inputRing(c)),
      0,
      0,
      ...this.outputs.map((_, o) => this.outputRing(o)),
    ];
    this.current = this.read(-1);
  }

  /** Adds a new bar and returns the indicator's value at it. */
  add(bar: BarInput): V {
    const k = kernels();
    this.assertLive();
    if (this.len === this.cap) this.compact();
    k.copy(this.block + this.stateSize, this.block, this.stateSize);
    this.write(this.len, bar);
    this.len++;
    this.bars++;
    return this.step();
  }

  /** Replaces the last bar (the still-forming one) and returns the recomputed value. */
  replace(bar: BarInput): V {
    if (this.bars === 0) return this.add(bar);
    const k = kernels();
    this.assertLive();
    k.copy(this.block, this.block + this.stateSize, this.stateSize);
    this.write(this.len - 1, bar);
    return this.step();
  }

  /** The value at the last bar (NaN, or an object of NaN, before the first bar and during warm-up). */
  get value(): V {
    return this.current;
  }

  /** True once the last value is out of the warm-up (every output defined). */
  get isStable(): boolean {
    const v = this.current as unknown;
    if (typeof v === 'number') return !Number.isNaN(v);
    return Object.values(v as Record<string, number>).every((x) => !Number.isNaN(x));
  }

  /**
   * Leading NaN bars: fixed by the parameters for most indicators; for data-dependent ones (the
   * first session of PIVOTS_SESSION) the observed count once known, else NaN.
   */
  get lookback(): number {
    const fixed = this.spec.lookback(this.params);
    if (fixed !== null) return fixed;
    return this.firstStable >= 0 ? this.firstStable : Number.NaN;
  }

  /** Bars added so far. */
  get count(): number {
    return this.bars;
  }

  /** Frees the wasm memory now (otherwise it is freed when the object is garbage-collected). */
  dispose(): void {
    if (this.block === 0) return;
    registry.unregister(this);
    kernels().free(this.block);
    this.block = 0;
  }

  private step(): V {
    const i = this.len - 1;
    const at = 1 + this.spec.inputs.length;
    this.runArgs[at] = i;
    this.runArgs[at + 1] = i + 1;
    const status = this.run(...this.runArgs);
    if (status !== 0) throw new Error(`${this.spec.name}: kernel run failed (status ${status})`);
    this.current = this.read(i);
    if (this.firstStable < 0 && this.isStable) this.firstStable = this.bars - 1;
    return this.current;
  }

  private read(i: number): V {
    const heap = kernels().heap();
    const at = (o: number) => (i < 0 ? Number.NaN : heap[(this.outputRing(o) >> 3) + i]);
    if (this.outputs.length === 1) return at(0) as V;
    const out: Record<string, number> = {};
    for (let o = 0; o < this.outputs.length; o++) out[this.outputs[o]] = at(o);
    return Object.freeze(out) as V;
  }

  private write(i: number, bar: BarInput): void {
    const heap = kernels().heap();
    const inputs = this.spec.inputs;
    for (let c = 0; c < inputs.length; c++) heap[(this.inputRing(c) >> 3) + i] = barValue(this.spec, bar, inputs[c]);
  }

  /** Moves the newest history-1 bars to the front of every ring. */
  private compact(): void {
    const k = kernels();
    const keep = this.history - 1;
    const from = this.len - keep;
    const rings = this.spec.inputs.length + this.outputs.length;
    for (let r = 0; r < rings; r++) {
      const ring = this.block + 2 * this.stateSize + r * this.cap * 8;
      k.copy(ring, ring + from * 8, keep * 8);
    }
    this.len = keep;
  }

  private inputRing(c: number): number {
    return this.block + 2 * this.stateSize + c * this.cap * 8;
  }

  private outputRing(o: number): number {
    return this.block + 2 * this.stateSize + (this.spec.inputs.length + o) * this.cap * 8;
  }

  private assertLive(): void {
    if (this.block === 0) throw new Error(`${this.spec.name} stream used after dispose()`);
  }
}
