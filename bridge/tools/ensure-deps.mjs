// Installs dependencies when node_modules is missing or older than the lockfile.
// Plain Node (no dependencies): it runs before anything is installed.
// With --wasm it then runs wasm/build-check.mjs in the same process (builds the kernels only when
// stale): one Node start-up instead of two in front of every `npm run ta|backtest|sweep|bench`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.package-lock.json');

function needsInstall() {
  if (!existsSync(marker)) return 'node_modules is missing';
  if (statSync(marker).mtimeMs < statSync(lock).mtimeMs) return 'node_modules is older than package-lock.json';
  return null;
}

const reason = needsInstall();
if (reason) {
  console.error(`deps: ${reason}; running npm ci`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // npm's output goes to stderr so that tools printing data on stdout (npm run ta) stay clean.
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['inherit', 2, 2] });
  if (r.status !== 0) {
    console.error(`deps: npm ci failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

if (process.argv.includes('--wasm')) {
  const { ensureWasm } = await import('../../wasm/build-check.mjs');
  const code = ensureWasm([]);
  if (code !== 0) process.exit(code);
}
