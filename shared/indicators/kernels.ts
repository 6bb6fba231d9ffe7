// The only module that touches WebAssembly memory. It instantiates the AssemblyScript kernels once
// (in Node from the bytes embedded at build time, in a browser worker from a compiled module the
// host passes in), hands out memory blocks, and re-creates typed-array views on demand (memory may
// grow and detach earlier views at any allocation).
import { NotReadyError } from '../errors.ts';

/** A kernel export: pointers, lengths and parameters are plain numbers; returns a status code. */
export type KernelFn = (...args: number[]) => number;

export interface TaExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  copy_block(dst: number, src: number, bytes: number): void;
  readonly [name: string]: unknown;
}

/** Kernel status codes (wasm/assembly/status.ts). */
export const STATUS = { OK: 0, ERR_PERIOD: -1, ERR_PARAM: -2, ERR_LENGTH: -3 } as const;

/** Bytes of the fixed scratch block for parameter lists (e.g. FIB ratios) passed to `init`. */
export const SCRATCH_BYTES = 4096;

export class Kernels {
  private arenaPtr = 0;
  private arenaBytes = 0;
  /** A fixed block for init parameter lists; kernels copy what they need into their state. */
  readonly scratch: number;

  constructor(readonly x: TaExports) {
    this.scratch = x.alloc(SCRATCH_BYTES);
  }

  /** The `${prefix}_${suffix}` export, or an error naming it when the module lacks it. */
  fn(name: string): KernelFn {
    const f = this.x[name];
    if (typeof f !== 'function') throw new Error(`wasm kernel export '${name}' is missing (rebuild with npm run build:wasm)`);
    return f as KernelFn;
  }

  /**
   * A scratch block of at least `bytes` bytes, reused across calls (grown on demand). Only one
   * caller may use it at a time: batch calls are synchronous, so that holds.
   */
  arena(bytes: number): number {
    if (bytes > this.arenaBytes) {
      if (this.arenaPtr) this.x.free(this.arenaPtr);
      let size = Math.max(1 << 16, this.arenaBytes);
      while (size < bytes) size *= 2;
      this.arenaPtr = this.x.alloc(size);
      this.arenaBytes = size;
    }
    return this.arenaPtr;
  }

  alloc(bytes: number): number {
    return this.x.alloc(Math.max(8, bytes));
  }

  free(ptr: number): void {
    this.x.free(ptr);
  }

  private heapView = new Float64Array(0);

  /** A view of all of wasm memory as f64 (index = byte pointer / 8), re-created when memory grew. */
  heap(): Float64Array {
    if (this.heapView.buffer !== this.x.memory.buffer) this.heapView = new Float64Array(this.x.memory.buffer);
    return this.heapView;
  }

  /** A fresh view of `n` f64 at `ptr`. */
  f64(ptr: number, n: number): Float64Array {
    return new Float64Array(this.x.memory.buffer, ptr, n);
  }

  copy(dst: number, src: number, bytes: number): void {
    this.x.copy_block(dst, src, bytes);
  }
}

let current: Kernels | null = null;
let loading: Promise<Kernels> | null = null;

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
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
    module = await WebAssembly.compile(decodeBase64(TA_WASM_BASE64));
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
 * Instantiates the indicator kernels once. Without an argument it uses the bytes embedded at build
 * time (Node, tests, CLI); a browser worker passes `await WebAssembly.compileStreaming(fetch(url))`.
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
