// The only module that touches WebAssembly memory. It instantiates the AssemblyScript kernels
// once (in Node from the embedded bytes, in a browser worker from a compiled module the host
// passes in) and owns reusable staging blocks in wasm memory, grown on demand.
import { NotReadyError, ParameterError } from '../errors.ts';

/** The raw exports of wasm/build/ta.wasm. Pointers and lengths are plain numbers. */
export interface TaExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  reset_heap(): void;
  sma_lookback(period: number): number;
  sma_batch(src: number, n: number, period: number, dst: number): number;
}

/** Kernel status codes (wasm/assembly/status.ts). */
export const STATUS = { OK: 0, ERR_PERIOD: -1, ERR_PARAM: -2, ERR_LENGTH: -3 } as const;

const INPUT_SLOTS = 6;
const OUTPUT_SLOTS = 8;

/** Staging blocks in wasm memory: a fixed set of input and output columns of `capacity` f64 each. */
export class Kernels {
  private capacity = 0;
  private readonly inputs: number[] = new Array<number>(INPUT_SLOTS).fill(0);
  private readonly outputs: number[] = new Array<number>(OUTPUT_SLOTS).fill(0);

  constructor(readonly x: TaExports) {}

  /** Makes every slot hold at least `n` values. Invalidates earlier views (memory may grow). */
  ensure(n: number): void {
    if (n <= this.capacity) return;
    let cap = Math.max(1024, this.capacity);
    while (cap < n) cap *= 2;
    this.x.reset_heap();
    const bytes = cap * 8;
    for (let s = 0; s < INPUT_SLOTS; s++) this.inputs[s] = this.x.alloc(bytes);
    for (let s = 0; s < OUTPUT_SLOTS; s++) this.outputs[s] = this.x.alloc(bytes);
    this.capacity = cap;
  }

  inputPtr(slot: number): number {
    return this.inputs[slot];
  }

  outputPtr(slot: number): number {
    return this.outputs[slot];
  }

  /** A fresh view of `n` f64 at `ptr` (views must be re-created after any allocation). */
  view(ptr: number, n: number): Float64Array {
    return new Float64Array(this.x.memory.buffer, ptr, n);
  }

  /** Copies `values` into input slot `slot` (call `ensure` first). */
  writeInput(slot: number, values: Float64Array): void {
    this.view(this.inputs[slot], values.length).set(values);
  }

  /** Copies `n` values out of output slot `slot` into a new array. */
  readOutput(slot: number, n: number): Float64Array {
    return this.view(this.outputs[slot], n).slice();
  }
}

let current: Kernels | null = null;
let loading: Promise<Kernels> | null = null;

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function instantiate(source?: BufferSource | WebAssembly.Module): Promise<Kernels> {
  let module: WebAssembly.Module;
  if (source instanceof WebAssembly.Module) module = source;
  else if (source) module = await WebAssembly.compile(source);
  else {
    const { TA_WASM_BASE64 } = await import('../../wasm/build/ta-wasm-base64.ts');
    module = await WebAssembly.compile(decodeBase64(TA_WASM_BASE64) as Uint8Array<ArrayBuffer>);
  }
  const instance = await WebAssembly.instantiate(module, {
    env: {
      abort(_msg: number, _file: number, line: number, col: number): never {
        throw new Error(`wasm kernel aborted at ${line}:${col}`);
      },
    },
  });
  return new Kernels(instance.exports as unknown as TaExports);
}

/**
 * Instantiates the indicator kernels once. Without an argument it uses the bytes embedded at
 * build time (Node, tests, CLI); a browser worker passes `WebAssembly.compileStreaming(fetch(url))`.
 */
export function ready(source?: BufferSource | WebAssembly.Module): Promise<void> {
  if (!loading) {
    loading = instantiate(source).then((k) => (current = k));
    loading.catch(() => (loading = null));
  }
  return loading.then(() => undefined);
}

/** The loaded kernels; throws a NotReadyError naming the fix when `ready()` was not awaited. */
export function kernels(): Kernels {
  if (!current) throw new NotReadyError('indicator kernels are not loaded: call `await ready()` first');
  return current;
}

/** Turns a kernel status into a named error (or nothing for OK). */
export function checkStatus(owner: string, status: number, param: string, range: string): void {
  if (status === STATUS.OK) return;
  if (status === STATUS.ERR_LENGTH) throw new ParameterError(owner, 'length', 'must be >= 0');
  throw new ParameterError(owner, param, `is out of range: valid ${range}`);
}
