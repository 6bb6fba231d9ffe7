// Worker threads would each need tsx to transpile every module again (~0.5 s apiece, and two of
// them contend for the cores). Instead the worker is bundled once into one plain ESM file with
// esbuild and cached under node_modules/.cache, rebuilt only when a source file is newer.
import { build, type Metafile } from 'esbuild';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = join(root, 'node_modules/.cache/moneytrailz');

async function mtime(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return -1;
  }
}

/** Path of a bundled, plain-JS copy of `entry` (a .ts file under the repo), built if stale. */
export async function bundledWorker(entry: string): Promise<string> {
  const name = entry.replace(/[\\/]/g, '_').replace(/\.ts$/, '');
  const out = join(cacheDir, `${name}.mjs`);
  const meta = join(cacheDir, `${name}.inputs.json`);
  const built = await mtime(out);
  if (built > 0) {
    try {
      const inputs = JSON.parse(await readFile(meta, 'utf8')) as string[];
      const newest = Math.max(...(await Promise.all(inputs.map((f) => mtime(join(root, f))))));
      if (newest >= 0 && newest < built) return out;
    } catch {
      /* no or unreadable metadata: rebuild */
    }
  }
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [join(root, entry)],
    outfile: tmp,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'error',
    // Packages (e.g. smol-toml) stay imports, resolved from the repo's node_modules.
    packages: 'external',
  });
  const { rename } = await import('node:fs/promises');
  await rename(tmp, out);
  await writeFile(meta, JSON.stringify(Object.keys((result.metafile as Metafile).inputs)));
  return out;
}
