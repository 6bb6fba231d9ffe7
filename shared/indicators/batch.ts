// Runs an indicator kernel over a whole series: stage the inputs (unless resident), init, one run
// over [0, n), copy the outputs out. Synchronous, so the shared scratch arena is safe.
import { ParameterError } from '../errors.ts';
import { STATUS, kernels, type KernelFn, type Kernels } from './kernels.ts';
import { requiredColumns, type BarColumns } from './inputs.ts';
import { resolveParams, type ParamSpecs, type ParamValues } from './params.ts';
import { ResidentBars } from './resident.ts';
import { defaultInitArgs, type IndicatorSpec } from './spec.ts';

/** init-args for a spec (list parameters are written into the kernels' scratch block). */
export function initArgsOf<S extends ParamSpecs>(spec: IndicatorSpec<S>, p: ParamValues<S>, k: Kernels): number[] {
  return spec.initArgs ? spec.initArgs(p, k) : defaultInitArgs(spec as IndicatorSpec, p as Record<string, number>);
}

/** Defaults applied, each parameter validated, then the spec's cross-parameter rule. */
export function specParams<S extends ParamSpecs>(spec: IndicatorSpec<S>, given: object | undefined): ParamValues<S> {
  const p = resolveParams(spec.name, spec.params, given);
  const problem = spec.check?.(p);
  if (problem) throw new ParameterError(spec.name, problem.param, problem.problem);
  return p;
}

/** Turns a non-OK kernel init status into a ParameterError (parameters are validated before, so this is a bug guard). */
export function checkInit(spec: IndicatorSpec, status: number): void {
  if (status === STATUS.OK) return;
  const names = Object.keys(spec.params).join(', ');
  throw new ParameterError(spec.name, names || 'params', `were rejected by the kernel (status ${status})`);
}

/** The three kernel exports of a spec, looked up once per spec. */
export interface SpecKernels {
  readonly stateSize: KernelFn;
  readonly init: KernelFn;
  readonly run: KernelFn;
}

const kernelCache = new WeakMap<object, SpecKernels>();

export function specKernels(spec: IndicatorSpec, k: Kernels): SpecKernels {
  let fns = kernelCache.get(spec);
  if (!fns) {
    fns = { stateSize: k.fn(`${spec.id}_state_size`), init: k.fn(`${spec.id}_init`), run: k.fn(`${spec.id}_run`) };
    kernelCache.set(spec, fns);
  }
  return fns;
}

/**
 * Batch computation: a Float64Array per output, each of the input length, NaN during warm-up.
 * `into` (one array per output, each at least the input length) is filled and returned instead of
 * allocating new outputs — for callers that recompute on the same buffers (no garbage per call).
 */
export function runBatch<S extends ParamSpecs>(
  spec: IndicatorSpec<S>,
  bars: BarColumns | ResidentBars,
  params: object | undefined,
  into?: readonly Float64Array[],
): Float64Array[] {
  const p = specParams(spec, params);
  const k = kernels();
  const outputs = spec.outputs(p).length;

  let n: number;
  let staged: ArrayLike<number>[] = [];
  const resident = bars instanceof ResidentBars;
  if (resident) {
    n = bars.length;
    for (const c of spec.inputs) if (!bars.has(c)) throw new ParameterError(spec.name, 'bars', `needs a '${c}' column`);
  } else {
    ({ columns: staged, n } = requiredColumns(spec, bars));
  }

  const args = initArgsOf(spec, p, k);
  const fns = specKernels(spec as IndicatorSpec, k);
  const stateSize = (fns.stateSize(...args) + 15) & ~15;
  const base = k.arena(stateSize + (staged.length + outputs) * n * 8);
  const state = base;
  let at = state + stateSize;
  const inPtrs: number[] = [];
  if (resident) {
    for (const c of spec.inputs) inPtrs.push(bars.columnPtr(c));
  } else {
    for (const col of staged) {
      k.f64(at, n).set(col);
      inPtrs.push(at);
      at += n * 8;
    }
  }
  const outPtrs: number[] = [];
  for (let o = 0; o < outputs; o++, at += n * 8) outPtrs.push(at);

  checkInit(spec, fns.init(state, ...args));
  const status = fns.run(state, ...inPtrs, 0, n, ...outPtrs);
  if (status !== STATUS.OK) throw new Error(`${spec.name}: kernel run failed (status ${status})`);
  if (into && (into.length !== outputs || into.some((a) => a.length < n))) {
    throw new ParameterError(spec.name, 'into', `needs ${outputs} output arrays of at least ${n} values`);
  }
  // new + set is a plain memcpy; .slice() on a wasm-memory view runs ~25× slower in V8.
  return outPtrs.map((ptr, o) => {
    const out = into ? into[o] : new Float64Array(n);
    out.set(k.f64(ptr, n));
    return into && out.length > n ? out.subarray(0, n) : out;
  });
}
