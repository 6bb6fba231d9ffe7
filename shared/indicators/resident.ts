// A bar series copied into wasm memory once and reused by every indicator call (the browser
// worker keeps its cached series resident, so no copy happens per call).
import type { InputColumn } from './spec.ts';
import { kernels } from './kernels.ts';
import type { BarColumns } from './inputs.ts';

const ORDER: readonly InputColumn[] = ['open', 'high', 'low', 'close', 'volume', 'session'];

export class ResidentBars {
  /** Number of bars. */
  readonly length: number;
  private ptr: number;
  private readonly present: ReadonlySet<InputColumn>;

  constructor(bars: BarColumns) {
    const k = kernels();
    const cols = ORDER.filter((c) => bars[c] !== undefined);
    const n = cols.length ? bars[cols[0]]!.length : 0;
    for (const c of cols) {
      if (bars[c]!.length !== n) throw new Error(`ResidentBars: column '${c}' has ${bars[c]!.length} values, expected ${n}`);
    }
    this.length = n;
    this.present = new Set(cols);
    this.ptr = k.alloc(ORDER.length * n * 8);
    for (const c of cols) k.f64(this.columnPtr(c), n).set(bars[c]!);
    registry.register(this, this.ptr, this);
  }

  has(column: InputColumn): boolean {
    return this.present.has(column);
  }

  /** Pointer of a column in wasm memory (valid until `dispose`). */
  columnPtr(column: InputColumn): number {
    if (this.ptr === 0) throw new Error('ResidentBars: used after dispose()');
    return this.ptr + ORDER.indexOf(column) * this.length * 8;
  }

  /** Frees the wasm memory now (otherwise it is freed when the object is garbage-collected). */
  dispose(): void {
    if (this.ptr === 0) return;
    registry.unregister(this);
    kernels().free(this.ptr);
    this.ptr = 0;
  }
}

const registry = new FinalizationRegistry<number>((ptr) => kernels().free(ptr));
