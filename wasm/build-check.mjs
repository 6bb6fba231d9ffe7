// `npm run build:wasm`: the cheap front door of wasm/build.ts. Plain Node with no dependencies, so
// that the usual case (the kernels are already built) costs one stat per file and no TypeScript
// or AssemblyScript start-up. Only when a build is needed does it start `wasm/build.ts` (tsx +
// the compiler, several seconds).
//
//   node wasm/build-check.mjs            build if stale, else print "up to date"
//   node wasm/build-check.mjs --force    always build
//   node wasm/build-check.mjs --check    only report: "up to date" (exit 0) or "stale: why" (exit 3)
//   node bridge/tools/ensure-deps.mjs --wasm   the same as the first, after the dependency check
//
// wasm/build.ts imports `wasmBuildState` from here too, so both agree on what "stale" means.
// Everything is resolved relative to this file, so a copy of the wasm/ folder checks itself.
import { spawnSync } from 'node:child_process';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The generated files, relative to the wasm/ folder. */
export const OUTPUTS = ['build/ta.wasm', 'build/ta-wasm-base64.ts'];

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** Every input of the build: the kernels (recursively), the asc config and the two build scripts. */
function sources(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(join(d, e.name));
    }
  };
  walk(join(dir, 'assembly'));
  out.push(join(dir, 'asconfig.json'), join(dir, 'build.ts'), join(dir, 'build-check.mjs'));
  return out;
}

/**
 * Whether the outputs under `dir` (default: this wasm/ folder) exist and are newer than every
 * source. `reason` says why not (a missing output, or the newest source) for the message.
 * @param {string} [dir]
 * @returns {{ fresh: boolean, reason: string }}
 */
export function wasmBuildState(dir = here) {
  const outputs = OUTPUTS.map((f) => ({ f, t: mtime(join(dir, f)) }));
  const missing = outputs.find((o) => o.t < 0);
  if (missing) return { fresh: false, reason: `${missing.f} is missing` };
  const oldest = Math.min(...outputs.map((o) => o.t));
  let newest = { f: '', t: -Infinity };
  for (const f of sources(dir)) {
    const t = mtime(f);
    if (t > newest.t) newest = { f, t };
  }
  if (newest.t < 0) return { fresh: false, reason: `${relative(dir, newest.f)} is missing` };
  if (oldest > newest.t) return { fresh: true, reason: 'up to date' };
  return { fresh: false, reason: `${relative(dir, newest.f)} changed after the last build` };
}

/**
 * The command: checks, and builds when stale or forced. Returns the exit code. Also called by
 * bridge/tools/ensure-deps.mjs --wasm, which saves the CLIs a second Node start-up.
 * @param {readonly string[]} argv
 * @returns {number}
 */
export function ensureWasm(argv) {
  const force = argv.includes('--force');
  const state = wasmBuildState();
  if (argv.includes('--check')) {
    console.error(state.fresh ? 'wasm: wasm/build/ta.wasm is up to date' : `wasm: stale: ${state.reason}`);
    return state.fresh ? 0 : 3;
  }
  if (!force && state.fresh) {
    console.error('wasm: wasm/build/ta.wasm is up to date');
    return 0;
  }
  if (!force) console.error(`wasm: rebuilding (${state.reason})`);
  // tsx is registered as a loader in this very process (no second relaunch by tsx's CLI); build.ts
  // is told to build unconditionally since the decision was just made here.
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(here, 'build.ts'), '--force'], {
    // Anything the build prints goes to stderr: `npm run -s ta` keeps stdout for its CSV.
    stdio: ['inherit', 2, 2],
  });
  if (r.error) {
    console.error(`wasm: cannot start wasm/build.ts (${r.error.message})`);
    return 1;
  }
  return r.status ?? 1;
}

function isMain() {
  try {
    return realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) process.exitCode = ensureWasm(process.argv.slice(2));
